"""The network's writes: organisations (staff edit them directly, an organisation's own account proposes changes to
its public entry, the district reviews them), their contacts."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.network.answers import ANSWER_DAYS, answer_token, mail_language
from wegweiser.network.certificates import CERTIFICATE_REMINDER_DAYS, certificate_expires_on
from wegweiser.network.models import (
    ROLES_WITH_CHILDREN,
    Availability,
    HoursLog,
    MatchStatus,
    NeedStatus,
    Organisation,
    OrganisationContact,
    OrganisationLanguage,
    OrganisationRevision,
    RevisionStatus,
    Volunteer,
    VolunteerLanguage,
    VolunteerMatch,
    VolunteerNeed,
    VolunteerRole,
)
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import remit_require

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


# --- Volunteers ---------------------------------------------------------------------------------------------

VOLUNTEER_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "preferred_language",
    "municipality",
    "travel_km",
    "skills",
    "consent_to_contact",
    "organisation",
)
PURPOSE_VOLUNTEERS = gettext_noop("coordinating the network's volunteers")


def _volunteer_apply(volunteer: Volunteer, fields: dict[str, Any], *, actor: Any) -> list[str]:
    changed = []
    for name in VOLUNTEER_FIELDS:
        if name in fields and getattr(volunteer, name) != fields[name]:
            setattr(volunteer, name, fields[name])
            changed.append(name)
    volunteer.save()
    if "languages" in fields:
        wanted = sorted({str(code) for code in fields["languages"] or ()})
        if wanted != sorted(volunteer.languages.values_list("code", flat=True)):
            for row in volunteer.languages.exclude(code__in=wanted):
                audit_record(actor=actor, action=AuditAction.DELETE, obj=row, purpose=PURPOSE_VOLUNTEERS)
                row.delete()
            have = set(volunteer.languages.values_list("code", flat=True))
            for code in wanted:
                if code not in have:
                    row = VolunteerLanguage.objects.create(volunteer=volunteer, code=code)
                    audit_record(actor=actor, action=AuditAction.CREATE, obj=row, purpose=PURPOSE_VOLUNTEERS)
            changed.append("languages")
    if "municipalities" in fields:
        wanted_ids = sorted(m.pk if isinstance(m, Municipality) else int(m) for m in fields["municipalities"] or ())
        if wanted_ids != sorted(volunteer.municipalities.values_list("pk", flat=True)):
            volunteer.municipalities.set(wanted_ids)
            changed.append("municipalities")
    return changed


def _municipality_id(value: Any) -> int | None:
    return value.pk if isinstance(value, Municipality) else value


@transaction.atomic
def volunteer_create(*, actor: Any, **fields: Any) -> Volunteer:
    remit_require(actor, _municipality_id(fields.get("municipality")))
    volunteer = Volunteer(first_name=fields["first_name"], last_name=fields["last_name"])
    volunteer.municipality_id = _municipality_id(fields["municipality"])
    _volunteer_apply(volunteer, fields, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=volunteer,
        purpose=PURPOSE_VOLUNTEERS,
        municipality_id=volunteer.municipality_id,
    )
    return volunteer


@transaction.atomic
def volunteer_update(*, actor: Any, volunteer: Volunteer, **fields: Any) -> Volunteer:
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if "municipality" in fields:
        remit_require(actor, _municipality_id(fields["municipality"]))
    changed = _volunteer_apply(volunteer, fields, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=volunteer,
        purpose=PURPOSE_VOLUNTEERS,
        changed_fields=changed,
        municipality_id=volunteer.municipality_id,
    )
    return volunteer


@transaction.atomic
def volunteer_role_set(
    *, actor: Any, volunteer: Volunteer, kind: str, police_certificate_on: datetime.date | None = None
) -> VolunteerRole:
    """Give the volunteer a role, or record a (new) certificate date for it; a new date earns a new reminder."""
    role, created = VolunteerRole.objects.get_or_create(volunteer=volunteer, kind=kind)
    changed = []
    if role.police_certificate_on != police_certificate_on:
        role.police_certificate_on, role.reminded_for = police_certificate_on, None
        role.save()
        changed = ["police_certificate_on"]
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=role,
        purpose=PURPOSE_VOLUNTEERS,
        changed_fields=changed,
        municipality_id=volunteer.municipality_id,
    )
    return role


@transaction.atomic
def _volunteer_detail_delete(*, actor: Any, obj: VolunteerRole | Availability) -> None:
    """A row of a volunteer's profile goes, audited under the volunteer's municipality (their remit)."""
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=obj,
        purpose=PURPOSE_VOLUNTEERS,
        municipality_id=obj.volunteer.municipality_id,
    )
    obj.delete()


def volunteer_role_remove(*, actor: Any, role: VolunteerRole) -> None:
    _volunteer_detail_delete(actor=actor, obj=role)


@transaction.atomic
def availability_add(
    *, actor: Any, volunteer: Volunteer, weekday: int, starts_at: datetime.time, ends_at: datetime.time
) -> Availability:
    if ends_at <= starts_at:
        raise ValidationError(_("The time slot must end after it starts."))
    slot = Availability.objects.create(volunteer=volunteer, weekday=weekday, starts_at=starts_at, ends_at=ends_at)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=slot,
        purpose=PURPOSE_VOLUNTEERS,
        municipality_id=volunteer.municipality_id,
    )
    return slot


@transaction.atomic
def availability_remove(*, actor: Any, slot: Availability) -> None:
    _volunteer_detail_delete(actor=actor, obj=slot)


@transaction.atomic
def hours_log(
    *, actor: Any, volunteer: Volunteer, role: str, day: datetime.date, minutes: int, note: str = ""
) -> HoursLog:
    if minutes <= 0:
        raise ValidationError(_("Log at least one minute."))
    entry = HoursLog.objects.create(
        volunteer=volunteer, role=role, day=day, minutes=minutes, note=note, logged_by=actor
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=entry,
        purpose=PURPOSE_VOLUNTEERS,
        municipality_id=volunteer.municipality_id,
    )
    return entry


def _certificate_reminder_text(role: VolunteerRole, expires: datetime.date) -> tuple[str, str]:
    subject = _("Your extended police certificate runs out soon")
    body = _(
        'Hello %(name)s,\n\nyour extended police certificate for the role "%(role)s" counts until %(day)s. '
        "Please ask your town hall for a new one and show it to your coordinator; without it the role pauses "
        "on that day.\n\nThank you for your help."
    ) % {"name": role.volunteer.first_name, "role": role.get_kind_display(), "day": date_format(expires)}
    return subject, body


@transaction.atomic
def certificate_reminders_send(*, today: datetime.date | None = None) -> int:
    """The worker's chore: remind each volunteer whose certificate for a role with children runs out within
    `CERTIFICATE_REMINDER_DAYS`, once per certificate. How many reminders went out."""
    today = today or timezone.localdate()
    sent = 0
    roles = (
        VolunteerRole.objects.select_for_update()
        .filter(kind__in=ROLES_WITH_CHILDREN, police_certificate_on__isnull=False)
        .select_related("volunteer")
    )
    for role in roles:
        expires = certificate_expires_on(role)
        if expires is None or role.reminded_for == expires:
            continue
        if not (today <= expires < today + datetime.timedelta(days=CERTIFICATE_REMINDER_DAYS)):
            continue
        if role.volunteer.email:
            subject, body = _certificate_reminder_text(role, expires)
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[role.volunteer.email])
        role.reminded_for = expires
        role.save(update_fields=["reminded_for"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            obj=role,
            purpose=PURPOSE_VOLUNTEERS,
            changed_fields=["reminded_for"],
            municipality_id=role.volunteer.municipality_id,
        )
        sent += 1
    return sent


def certificate_reminders_send_by_the_worker() -> int:
    return certificate_reminders_send()


def volunteer_data(volunteer: Volunteer) -> dict[str, Any]:
    """Everything held about the volunteer, as plain data (the export, GDPR Art. 15)."""
    return {
        "volunteer": {
            "id": volunteer.pk,
            **{
                name: getattr(volunteer, name)
                for name in VOLUNTEER_FIELDS
                if name not in ("municipality", "organisation")
            },
            "municipality": volunteer.municipality.name,
            "organisation": volunteer.organisation.name if volunteer.organisation else None,
            "helps_in": sorted(volunteer.municipalities.values_list("name", flat=True)),
            "languages": volunteer.language_codes,
            "created_at": volunteer.created_at.isoformat(),
        },
        "availability": [
            {"weekday": s.weekday, "from": s.starts_at.isoformat(), "until": s.ends_at.isoformat()}
            for s in volunteer.availability.all()
        ],
        "roles": [
            {
                "role": r.kind,
                "police_certificate_on": r.police_certificate_on.isoformat() if r.police_certificate_on else None,
            }
            for r in volunteer.roles.all()
        ],
        "hours": [
            {"day": h.day.isoformat(), "role": h.role, "minutes": h.minutes, "note": h.note}
            for h in volunteer.hours.all()
        ],
    }


@transaction.atomic
def volunteer_export(*, actor: Any, volunteer: Volunteer) -> dict[str, Any]:
    data = volunteer_data(volunteer)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=volunteer,
        purpose=PURPOSE_VOLUNTEERS,
        municipality_id=volunteer.municipality_id,
    )
    return data


@transaction.atomic
def volunteer_erase(*, actor: Any, volunteer: Volunteer) -> int:
    """Delete the volunteer and every row about them, each with its audit entry; how many rows went."""
    rows: list[Any] = [
        *volunteer.languages.all(),
        *volunteer.availability.all(),
        *volunteer.roles.all(),
        *volunteer.hours.all(),
        *_erase_also(volunteer),
        volunteer,
    ]
    for row in rows:
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=row,
            purpose=PURPOSE_VOLUNTEERS,
            municipality_id=volunteer.municipality_id,
        )
    for row in rows:
        row.delete()
    return len(rows)


def _erase_also(volunteer: Volunteer) -> list[Any]:
    """Rows of later stages about the volunteer (matching proposals) that the erasure takes along."""
    return list(VolunteerMatch.objects.filter(volunteer=volunteer))


# --- Needs and matches --------------------------------------------------------------------------------------

PURPOSE_MATCHING = gettext_noop("matching volunteers to needs")


class AnswerRefused(Exception):
    """The volunteer's link cannot give this answer (the question was answered, withdrawn or has expired)."""

    def __init__(self, match: VolunteerMatch):
        super().__init__(match.status)
        self.match = match


def _audit_need(actor: Any, need: VolunteerNeed, action: str, changed: list[str] | None = None) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=need,
        purpose=PURPOSE_MATCHING,
        changed_fields=changed or [],
        municipality_id=need.municipality_id,
    )


def _audit_match(actor: Any, match: VolunteerMatch, action: str, changed: list[str] | None = None) -> None:
    audit_record(
        actor=actor,
        action=action,
        obj=match,
        purpose=PURPOSE_MATCHING,
        changed_fields=changed or [],
        municipality_id=match.need.municipality_id,
    )


@transaction.atomic
def need_create(
    *,
    actor: Any,
    role: str,
    language: str,
    municipality: Municipality,
    weekday: int | None = None,
    starts_at: datetime.time | None = None,
    ends_at: datetime.time | None = None,
    note: str = "",
    person: Any = None,
    offer_id: int | None = None,
) -> VolunteerNeed:
    """Store a need in the actor's remit; a person tied to it must be in the remit too."""
    remit_require(actor, municipality.pk)
    if person is not None and person.municipality_id:
        remit_require(actor, person.municipality_id)
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError(_("The time slot must end after it starts."))
    need = VolunteerNeed.objects.create(
        role=role,
        language=language,
        municipality=municipality,
        weekday=weekday,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note,
        person=person,
        offer_id=offer_id,
        created_by=actor,
    )
    _audit_need(actor, need, AuditAction.CREATE)
    return need


def _withdraw_questions(actor: Any, need: VolunteerNeed, *, keep: VolunteerMatch | None = None) -> None:
    now = timezone.now()
    for match in VolunteerMatch.objects.select_for_update().filter(need=need, status=MatchStatus.PROPOSED):
        if keep is not None and match.pk == keep.pk:
            continue
        match.status, match.decided_at = MatchStatus.WITHDRAWN, now
        match.save(update_fields=["status", "decided_at"])
        _audit_match(actor, match, AuditAction.UPDATE, ["status"])


@transaction.atomic
def need_close(*, actor: Any, need: VolunteerNeed) -> VolunteerNeed:
    """The need is no longer there (or was met otherwise): closed, open questions to volunteers withdrawn."""
    need = VolunteerNeed.objects.select_for_update().get(pk=need.pk)
    remit_require(actor, need.municipality_id)
    _withdraw_questions(actor, need)
    need.status = NeedStatus.CLOSED
    need.save(update_fields=["status"])
    _audit_need(actor, need, AuditAction.UPDATE, ["status"])
    return need


def _answer_mail(match: VolunteerMatch, link: str) -> tuple[str, str]:
    need = match.need
    subject = _("Can you help? A request from the volunteer network")
    body = _(
        "Hello %(name)s,\n\nthe volunteer network asks whether you can help as %(role)s in %(municipality)s. "
        "Please answer by this link within %(days)s days (no login needed):\n\n%(link)s\n\n"
        "The page shows what is needed; you can accept or decline there.\n\nThank you."
    ) % {
        "name": match.volunteer.first_name,
        "role": need.get_role_display(),
        "municipality": need.municipality.name,
        "days": ANSWER_DAYS,
        "link": link,
    }
    return subject, body


@transaction.atomic
def match_propose(*, actor: Any, need: VolunteerNeed, volunteer: Volunteer, site_url: str) -> VolunteerMatch:
    """The coordinator confirms a candidate: the volunteer is asked by mail, in their language (German if it is
    not known), with a signed link to answer without an account. `site_url` is the address the link starts with.
    """
    need = VolunteerNeed.objects.select_for_update().select_related("municipality").get(pk=need.pk)
    remit_require(actor, need.municipality_id)
    if need.status not in (NeedStatus.OPEN, NeedStatus.PROPOSED):
        raise ValidationError(_("This need is matched or closed: nobody can be asked any more."))
    if not volunteer.consent_to_contact:
        raise ValidationError(_("The volunteer has not agreed to be contacted."))
    if not volunteer.email:
        raise ValidationError(_("The volunteer has no email address to send the question to."))
    if VolunteerMatch.objects.filter(need=need, volunteer=volunteer, status=MatchStatus.PROPOSED).exists():
        raise ValidationError(_("This volunteer has already been asked and has not answered yet."))
    match = VolunteerMatch.objects.create(need=need, volunteer=volunteer, proposed_by=actor)
    _audit_match(actor, match, AuditAction.CREATE)
    if need.status != NeedStatus.PROPOSED:
        need.status = NeedStatus.PROPOSED
        need.save(update_fields=["status"])
        _audit_need(actor, need, AuditAction.UPDATE, ["status"])
    language = mail_language(volunteer.preferred_language)
    link = site_url.rstrip("/") + reverse(
        "network:match_answer", kwargs={"lang": language, "token": answer_token(match.pk)}
    )
    with translation.override(language):
        subject, body = _answer_mail(match, link)
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[volunteer.email])
    return match


def _locked_match(match_id: int) -> tuple[VolunteerNeed, VolunteerMatch]:
    """The need first, then the match: every write that touches both locks them in this order."""
    need_id = VolunteerMatch.objects.filter(pk=match_id).values_list("need_id", flat=True).get()
    need = VolunteerNeed.objects.select_for_update().get(pk=need_id)
    match = VolunteerMatch.objects.select_for_update().select_related("need", "volunteer").get(pk=match_id)
    return need, match


def _reopen_if_nobody_asked(actor: Any, need: VolunteerNeed) -> None:
    if need.status == NeedStatus.PROPOSED and not need.matches.filter(status=MatchStatus.PROPOSED).exists():
        need.status = NeedStatus.OPEN
        need.save(update_fields=["status"])
        _audit_need(actor, need, AuditAction.UPDATE, ["status"])


@transaction.atomic
def match_answer(*, match_id: int, accept: bool) -> VolunteerMatch:
    """The volunteer answers by their link (nobody signed in). Accepted: the need is matched and the other
    volunteers asked are withdrawn. Declined: the need is open again unless someone else is still asked. A
    question answered, withdrawn or expired refuses a second answer (`AnswerRefused`)."""
    need, match = _locked_match(match_id)
    if match.status != MatchStatus.PROPOSED:
        raise AnswerRefused(match)
    match.status = MatchStatus.ACCEPTED if accept else MatchStatus.DECLINED
    match.decided_at = timezone.now()
    match.save(update_fields=["status", "decided_at"])
    _audit_match(None, match, AuditAction.UPDATE, ["status", "decided_at"])
    if accept:
        _withdraw_questions(None, need, keep=match)
        need.status = NeedStatus.MATCHED
        need.save(update_fields=["status"])
        _audit_need(None, need, AuditAction.UPDATE, ["status"])
    else:
        _reopen_if_nobody_asked(None, need)
    return match


@transaction.atomic
def match_expire(*, match_id: int) -> VolunteerMatch:
    """A link older than `ANSWER_DAYS` was opened: an unanswered question expires (the need opens again unless
    someone else is still asked); an answered one stays as it is."""
    need, match = _locked_match(match_id)
    if match.status == MatchStatus.PROPOSED:
        match.status, match.decided_at = MatchStatus.EXPIRED, timezone.now()
        match.save(update_fields=["status", "decided_at"])
        _audit_match(None, match, AuditAction.UPDATE, ["status"])
        _reopen_if_nobody_asked(None, need)
    return match


@transaction.atomic
def match_withdraw(*, actor: Any, match: VolunteerMatch) -> VolunteerMatch:
    """The coordinator takes a question back before the volunteer answered."""
    need, match = _locked_match(match.pk)
    remit_require(actor, need.municipality_id)
    if match.status != MatchStatus.PROPOSED:
        raise ValidationError(_("The volunteer has already answered."))
    match.status, match.decided_at = MatchStatus.WITHDRAWN, timezone.now()
    match.save(update_fields=["status", "decided_at"])
    _audit_match(actor, match, AuditAction.UPDATE, ["status"])
    _reopen_if_nobody_asked(actor, need)
    return match


# --- A person's lifecycle (network/lifecycle.py) ------------------------------------------------------------


@transaction.atomic
def need_follow_merge(*, actor: Any, survivor: Any, duplicate: Any) -> None:
    """Two person records were merged: the duplicate's needs follow to the survivor."""
    for need in VolunteerNeed.objects.select_for_update().filter(person=duplicate):
        need.person = survivor
        need.save(update_fields=["person"])
        _audit_need(actor, need, AuditAction.UPDATE, ["person"])


@transaction.atomic
def need_erase_for_person(*, actor: Any, person: Any, purpose: str) -> int:
    """Delete the needs tied to a person whose data is erased, with the questions to volunteers about them; an
    audit entry (ids only) for each row. How many rows went."""
    needs = list(VolunteerNeed.objects.select_for_update().filter(person=person))
    rows: list[Any] = [*VolunteerMatch.objects.filter(need__in=needs).select_related("need"), *needs]
    for row in rows:
        municipality_id = row.municipality_id if isinstance(row, VolunteerNeed) else row.need.municipality_id
        audit_record(actor=actor, action=AuditAction.DELETE, obj=row, purpose=purpose, municipality_id=municipality_id)
    for row in rows:
        row.delete()
    return len(rows)


def need_export_record(*, actor: Any, person: Any, export_format: str, purpose: str) -> None:
    """Record that the person's needs went out with the export of everything held on them."""
    for need in VolunteerNeed.objects.filter(person=person):
        audit_record(
            actor=actor,
            action=AuditAction.EXPORT,
            obj=need,
            purpose=purpose,
            summary=f"format {export_format}",
            municipality_id=need.municipality_id,
        )
