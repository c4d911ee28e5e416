from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kurultai.accounts.roles import ROLES_REQUIRING_TOTP, Role


class User(AbstractUser):
    """The custom user from the first migration, so identity can grow without a data move."""

    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    # A deputy's account points at the registry person by slug: accounts depends on no app.
    person_slug = models.SlugField(_("registry person"), max_length=120, blank=True, db_index=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def role_names(self) -> set[str]:
        cached: set[str] | None = getattr(self, "_role_names", None)
        if cached is None:
            cached = set(self.groups.values_list("name", flat=True))
            if self.is_superuser:
                cached.add(Role.ADMIN)
            self._role_names = cached
        return cached

    def has_role(self, role: Role | str) -> bool:
        return str(role) in self.role_names()

    @property
    def requires_totp(self) -> bool:
        return bool(self.role_names() & {str(r) for r in ROLES_REQUIRING_TOTP})


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class CitizenProfile(models.Model):
    """A verified citizen. The IIN itself is never stored: only its keyed hash."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="citizen")
    iin_hash = models.CharField(_("IIN keyed hash"), max_length=64, unique=True)
    # ISO 3166-2 code of the region of residence (registry Area.identifier).
    region_code = models.CharField(_("region"), max_length=8)
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    verified_at = models.DateTimeField(_("verified at"), auto_now_add=True)
    verification_method = models.CharField(_("verification method"), max_length=40, default="builtin-iin")

    class Meta:
        verbose_name = _("citizen profile")
        verbose_name_plural = _("citizen profiles")
        constraints = [
            models.CheckConstraint(condition=models.Q(sex__in=["M", "F"]), name="citizen_sex_valid"),
            models.CheckConstraint(
                condition=models.Q(birth_year__gte=1800) & models.Q(birth_year__lte=2100), name="citizen_birth_year"
            ),
        ]

    def __str__(self) -> str:
        return f"citizen {self.user_id} ({self.region_code})"


class ApiToken(models.Model):
    """A bearer token for machine clients; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    # Empty: the defaults API_TOKEN_QUOTA_PER_DAY and API_TOKEN_QUOTA_PER_MINUTE (accounts/quota.py).
    quota_per_day = models.PositiveIntegerField(_("requests per day"), null=True, blank=True)
    quota_per_minute = models.PositiveIntegerField(_("requests per minute"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()
