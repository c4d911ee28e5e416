from __future__ import annotations

from django.db import models
from django.utils import timezone


class IdempotentRequest(models.Model):
    """The first answer to an API write sent with an Idempotency-Key, kept for a day.

    Committed in the same transaction as the write it answers, so a record exists exactly
    when the write does: a retry after a crash either finds both or neither.
    """

    # Who sent it: "user:<id>", "token:<hash of the Authorization header>" or "anon:<hash>".
    principal = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    # SHA-256 of the method, the path with its query and the body: the same key with another
    # request is refused instead of answered with an unrelated result.
    fingerprint = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    content_type = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=500, blank=True)
    body = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["principal", "key"], name="idempotency_one_answer_per_key")]

    def __str__(self) -> str:
        return f"{self.principal} {self.key} -> {self.status}"
