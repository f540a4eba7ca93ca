from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from wegweiser.audit.models import AuditAction, AuditEntry


def object_type_of(obj: models.Model | type[models.Model]) -> str:
    return obj._meta.label_lower


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    purpose: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    changed_fields: Iterable[str] = (),
    municipality_id: int | None = None,
) -> AuditEntry:
    """Write one audit entry. Call it inside the transaction of the change it records.

    `summary` and `changed_fields` must not carry the personal data itself (names, dates of birth): the
    entry outlives the record it describes.
    """
    entry = _entry(
        actor=actor,
        action=action,
        purpose=purpose,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        changed_fields=changed_fields,
        municipality_id=municipality_id,
    )
    entry.save()
    return entry


def audit_record_many(
    *, actor: Any, action: AuditAction | str, purpose: str, objects: Iterable[models.Model], summary: str = ""
) -> list[AuditEntry]:
    """One entry per object, written in one statement (for thousands of rows created together, such as the
    proposals of a placement run). The same rules as `audit_record`."""
    entries = [_entry(actor=actor, action=action, purpose=purpose, obj=obj, summary=summary) for obj in objects]
    return AuditEntry.objects.bulk_create(entries, batch_size=1000)


def audit_record_ids(
    *, actor: Any, action: AuditAction | str, purpose: str, object_type: str, object_ids: Iterable[Any]
) -> int:
    """One entry per id of `object_type` (a model's `label_lower`), for thousands of rows written together
    without model instances (a placement run's proposals): the same rules as `audit_record`, the rows through
    `core.bulk.insert_rows` (COPY on PostgreSQL), one time for all. Returns the number of entries."""
    from django.utils import timezone

    from wegweiser.core.bulk import insert_rows

    template = _entry(actor=actor, action=action, purpose=purpose, object_type=object_type, object_id="-")
    at = timezone.now()
    no_fields: list[str] = []  # one object for every row: converted once
    fixed = (at, template.actor_id, template.actor_label, template.action, template.object_type, template.purpose)
    return insert_rows(
        AuditEntry,
        ["at", "actor_id", "actor_label", "action", "object_type", "purpose", "object_id"]
        + ["summary", "changed_fields", "municipality_id"],
        ((*fixed, str(object_id), "", no_fields, None) for object_id in object_ids),
    )


def _entry(
    *,
    actor: Any,
    action: AuditAction | str,
    purpose: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    summary: str = "",
    changed_fields: Iterable[str] = (),
    municipality_id: int | None = None,
) -> AuditEntry:
    if obj is not None:
        object_type = object_type or object_type_of(obj)
        object_id = object_id or obj.pk
    if not object_type:
        raise ValueError("audit_record needs obj or object_type")
    if not purpose:
        raise ValueError("audit_record needs a purpose")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        actor=user,
        actor_label=user.get_username() if user else (str(actor) if actor else "system"),
        action=action,
        object_type=object_type,
        object_id=str(object_id or ""),
        purpose=str(purpose)[:200],
        summary=str(summary)[:500],
        changed_fields=sorted(set(changed_fields)),
        municipality_id=municipality_id,
    )


def changed_field_names(instance: models.Model, data: dict[str, Any]) -> list[str]:
    """Names of the fields in `data` whose value differs from `instance`'s current value."""
    return [name for name, value in data.items() if getattr(instance, name) != value]


def audit_read(
    *, actor: Any, obj: models.Model, purpose: str, municipality_id: int | None = None, summary: str = ""
) -> AuditEntry:
    """Record that `actor` opened `obj` (a read of personal data), in a transaction of its own."""
    with transaction.atomic():
        return audit_record(
            actor=actor,
            action=AuditAction.READ,
            obj=obj,
            purpose=purpose,
            municipality_id=municipality_id,
            summary=summary,
        )
