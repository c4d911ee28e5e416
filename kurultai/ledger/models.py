"""Tables of the public record: entries (the leaves), the tree's inner nodes, signed tree heads.

All three are append-only: the models refuse UPDATE and DELETE, and on PostgreSQL a
trigger refuses them too (migration 0001). Hashes are stored as lowercase hex.
"""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from kurultai.common.models import AppendOnlyModel


class LedgerEntry(AppendOnlyModel):
    """One leaf: the canonical JSON of kind, at and data (kurultai.ledger.leaves).

    ``leaf_hash`` is written with the entry so proofs need no recomputation; verification
    recomputes it from kind, at and data and compares.
    """

    index = models.PositiveBigIntegerField(_("index"), unique=True)
    kind = models.CharField(_("kind"), max_length=100, db_index=True)
    at = models.DateTimeField(_("at"))
    data = models.JSONField(_("data"))
    leaf_hash = models.CharField(_("leaf hash"), max_length=64)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ("index",)
        constraints = [
            models.CheckConstraint(condition=Exact(Length("leaf_hash"), 64), name="ledger_entry_leaf_hash_length"),
        ]

    def __str__(self) -> str:
        return f"#{self.index} {self.kind}"


class LedgerNode(AppendOnlyModel):
    """A perfect subtree above the leaves: ``level`` >= 1 covers leaves [index·2^level, (index+1)·2^level).

    Such a hash never changes once its last leaf is in, so storing it lets roots and
    proofs be answered from O(log n) rows (kurultai.ledger.merkle, "perfect subtree").
    """

    level = models.PositiveSmallIntegerField(_("level"))
    index = models.PositiveBigIntegerField(_("index"))
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("ledger node")
        verbose_name_plural = _("ledger nodes")
        constraints = [
            models.UniqueConstraint(fields=("level", "index"), name="ledger_node_unique_position"),
            models.CheckConstraint(condition=models.Q(level__gte=1), name="ledger_node_above_leaves"),
            models.CheckConstraint(condition=Exact(Length("hash"), 64), name="ledger_node_hash_length"),
        ]

    def __str__(self) -> str:
        return f"node {self.level}/{self.index}"


class TreeHead(AppendOnlyModel):
    """A signed statement of the log's size and root at a moment (kurultai.ledger.heads)."""

    tree_size = models.PositiveBigIntegerField(_("tree size"))
    root_hash = models.CharField(_("root hash"), max_length=64)
    # Signed as "YYYY-MM-DDTHH:MM:SSZ", so stored to the second.
    timestamp = models.DateTimeField(_("timestamp"))
    signature = models.CharField(_("signature"), max_length=88)  # base64 of 64 bytes
    public_key = models.CharField(_("public key"), max_length=44)  # base64 of 32 bytes
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("tree head")
        verbose_name_plural = _("tree heads")
        ordering = ("-tree_size", "-id")
        get_latest_by = ("tree_size", "id")

    def __str__(self) -> str:
        return f"{self.tree_size} entries, {self.root_hash[:12]}…"
