"""The network's writes: organisations (staff edit them directly, an organisation's own account proposes changes to
its public entry, the district reviews them), their contacts."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.network.models import (
    Organisation,
    OrganisationContact,
    OrganisationLanguage,
    OrganisationRevision,
    RevisionStatus,
)
from wegweiser.territory.models import Municipality

# The fields the portal shows: an organisation's own account may only propose changes to them.
PUBLIC_FIELDS = (
    "name",
    "kind",
    "municipality",
    "address",
    "email",
    "phone",
    "website",
    "services",
    "opening_hours",
    "by_appointment_only",
    "step_free",
    "accessibility",
    "languages",
    "municipalities_served",
)
# Only the district decides these.
STAFF_FIELDS = ("is_active", "is_public")
ORGANISATION_FIELDS = PUBLIC_FIELDS + STAFF_FIELDS
CONTACT_FIELDS = ("name", "function", "email", "phone")
PURPOSE_NETWORK = gettext_noop("the district's partner network")
PURPOSE_REVIEW = gettext_noop("review of a partner's public entry")


def _plain(name: str, value: Any) -> Any:
    """A field's value as plain JSON data (ids for municipalities, sorted codes and ids for the lists)."""
    if name == "municipality":
        return value.pk if isinstance(value, Municipality) else value
    if name == "languages":
        return sorted({str(code) for code in value or ()})
    if name == "municipalities_served":
        return sorted({item.pk if isinstance(item, Municipality) else int(item) for item in value or ()})
    return value


def organisation_values(organisation: Organisation) -> dict[str, Any]:
    """The organisation's current public and staff fields as plain data."""
    values: dict[str, Any] = {}
    for name in ORGANISATION_FIELDS:
        if name == "languages":
            values[name] = sorted(organisation.languages.values_list("code", flat=True)) if organisation.pk else []
        elif name == "municipalities_served":
            values[name] = (
                sorted(organisation.municipalities_served.values_list("pk", flat=True)) if organisation.pk else []
            )
        elif name == "municipality":
            values[name] = organisation.municipality_id
        else:
            values[name] = getattr(organisation, name)
    return values


def _apply(organisation: Organisation, data: dict[str, Any]) -> list[str]:
    """Write plain `data` onto the organisation and its rows; the names of the fields that changed."""
    before = organisation_values(organisation)
    changed = [name for name, value in data.items() if before.get(name) != value]
    for name, value in data.items():
        if name == "municipality":
            organisation.municipality_id = value
        elif name not in ("languages", "municipalities_served"):
            setattr(organisation, name, value)
    organisation.save()
    if "languages" in changed:
        organisation.languages.exclude(code__in=data["languages"]).delete()
        have = set(organisation.languages.values_list("code", flat=True))
        OrganisationLanguage.objects.bulk_create(
            [
                OrganisationLanguage(organisation=organisation, code=code)
                for code in data["languages"]
                if code not in have
            ]
        )
    if "municipalities_served" in changed:
        organisation.municipalities_served.set(data["municipalities_served"])
    return changed


def _pick(fields: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: _plain(name, fields[name]) for name in names if name in fields}


@transaction.atomic
def organisation_create(*, actor: Any, **fields: Any) -> Organisation:
    data = _pick(fields, ORGANISATION_FIELDS)
    organisation = Organisation(name=data.pop("name"), kind=data.pop("kind"))
    organisation.save()
    _apply(organisation, data)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=organisation, purpose=PURPOSE_NETWORK)
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    """A change by the district's staff: it applies at once. The row is read afresh, as a bound model form has
    already set its fields on the instance it was given."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = _apply(organisation, _pick(fields, ORGANISATION_FIELDS))
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=organisation, purpose=PURPOSE_NETWORK, changed_fields=changed
    )
    return organisation


@transaction.atomic
def organisation_propose_change(
    *, actor: Any, organisation: Organisation, **fields: Any
) -> OrganisationRevision | None:
    """A change to the public entry by the organisation's own account: held as the one pending revision (a newer
    proposal replaces an older one that waits), applied only when the district approves. None when nothing
    differs from the public entry."""
    if actor is None or getattr(actor, "organisation_id", None) != organisation.pk:
        raise PermissionDenied
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    current = organisation_values(organisation)
    proposed = {name: value for name, value in _pick(fields, PUBLIC_FIELDS).items() if current[name] != value}
    pending = organisation.revisions.filter(status=RevisionStatus.PENDING).first()
    if not proposed:
        if pending is not None:
            audit_record(actor=actor, action=AuditAction.DELETE, obj=pending, purpose=PURPOSE_REVIEW)
            pending.delete()
        return None
    previous = {name: current[name] for name in proposed}
    if pending is None:
        revision = OrganisationRevision.objects.create(
            organisation=organisation, proposed=proposed, previous=previous, submitted_by=actor
        )
        audit_record(
            actor=actor, action=AuditAction.CREATE, obj=revision, purpose=PURPOSE_REVIEW, changed_fields=list(proposed)
        )
        return revision
    pending.proposed, pending.previous, pending.submitted_by = proposed, previous, actor
    pending.submitted_at = timezone.now()
    pending.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=pending, purpose=PURPOSE_REVIEW, changed_fields=list(proposed)
    )
    return pending


def _decide(revision: OrganisationRevision, *, actor: Any, status: str, reason: str) -> OrganisationRevision:
    revision = OrganisationRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != RevisionStatus.PENDING:
        raise ValidationError(_("This change has been decided already."))
    revision.status, revision.reason = status, reason
    revision.decided_by, revision.decided_at = actor, timezone.now()
    revision.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=revision,
        purpose=PURPOSE_REVIEW,
        changed_fields=["status", "reason", "decided_by", "decided_at"],
    )
    return revision


@transaction.atomic
def revision_approve(*, actor: Any, revision: OrganisationRevision) -> OrganisationRevision:
    """The district approves a proposed change: the public entry takes the proposed values."""
    revision = _decide(revision, actor=actor, status=RevisionStatus.APPROVED, reason="")
    organisation = revision.organisation
    changed = _apply(organisation, {k: v for k, v in revision.proposed.items() if k in PUBLIC_FIELDS})
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=organisation, purpose=PURPOSE_REVIEW, changed_fields=changed
    )
    return revision


@transaction.atomic
def revision_reject(*, actor: Any, revision: OrganisationRevision, reason: str) -> OrganisationRevision:
    """The district rejects a proposed change and says why; the public entry stays as it was."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the change is rejected."))
    return _decide(revision, actor=actor, status=RevisionStatus.REJECTED, reason=reason)


@transaction.atomic
def contact_add(*, actor: Any, organisation: Organisation, **fields: Any) -> OrganisationContact:
    contact = OrganisationContact.objects.create(
        organisation=organisation, **{name: fields[name] for name in CONTACT_FIELDS if name in fields}
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=contact, purpose=PURPOSE_NETWORK)
    return contact


@transaction.atomic
def contact_remove(*, actor: Any, contact: OrganisationContact) -> None:
    audit_record(actor=actor, action=AuditAction.DELETE, obj=contact, purpose=PURPOSE_NETWORK)
    contact.delete()
