from __future__ import annotations

from typing import Any

from django.db import models

from kurultai.common.models import AuditEntry


def audit_log(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry; call it inside the service's transaction."""
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    object_type = obj._meta.label_lower if obj is not None else ""
    object_id = str(getattr(obj, "slug", None) or getattr(obj, "pk", "")) if obj is not None else ""
    return AuditEntry.objects.create(
        action=action, actor=actor_user, object_type=object_type, object_id=object_id, data=data or {}
    )
