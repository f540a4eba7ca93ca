"""The only writers of the Migrationszentrum's data. Each function runs in one transaction and writes an
audit entry for every row of personal data it creates, changes or deletes (ids and field names only)."""

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegweiser.accounts.models import User
from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.casework import selectors
from wegweiser.casework.models import (
    RELATION_INVERSE,
    Appointment,
    AppointmentKind,
    AppointmentStatus,
    Case,
    CaseStatus,
    CaseTask,
    Consent,
    ConsentPurpose,
    Document,
    ExportFile,
    FamilyLink,
    Goal,
    GoalStatus,
    Household,
    Need,
    NeedArea,
    Note,
    OfferKind,
    Person,
    Qualification,
    Referral,
    ReferralStatus,
    ResidenceStatus,
    Sex,
    ShortageOccupation,
    Urgency,
    WorkExperience,
)
from wegweiser.casework.names import person_name_key
from wegweiser.core import lifecycle
from wegweiser.core.codes import CefrLevel, is_country, is_language, normalise_phone
from wegweiser.core.partial_dates import PartialDate
from wegweiser.territory.remit import remit_require

logger = logging.getLogger(__name__)

PURPOSE_CASE_WORK = gettext_noop("case work (Migrationszentrum)")
PURPOSE_APPOINTMENTS = gettext_noop("appointments")
PURPOSE_REFERRAL = gettext_noop("referral to a partner organisation")
PURPOSE_CONSENT = gettext_noop("consent management")
PURPOSE_DATA_SUBJECT = gettext_noop("data subject request")
PURPOSE_RETENTION = gettext_noop("retention rules")
PURPOSE_SHORTAGE_LIST = gettext_noop("the district's shortage-occupation list")

PERSON_FIELDS = (
    "given_names",
    "family_names",
    "given_names_original",
    "family_names_original",
    "birth_date",
    "sex",
    "nationalities",
    "languages",
    "preferred_language",
    "phone",
    "email",
    "street",
    "postcode",
    "town",
    "municipality",
    "residence_status",
    "residence_valid_from",
    "residence_valid_until",
    "arrival_date",
    "schooling",
    "driving_licence",
    "skills",
    "wishes",
)
CASE_FIELDS = ("status", "summary", "caseworker")

# Document types accepted, by extension: content type and the bytes every such file starts with.
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


class CaseworkError(Exception):
    """A refused change, with a message meant for the user."""


class ConsentMissing(CaseworkError):
    pass


class AppointmentClash(CaseworkError):
    pass


class DocumentRejected(CaseworkError):
    pass


class EditConflict(CaseworkError):
    """Someone else saved the record after the editor loaded it; nothing was written.

    `current` is the record as saved now, `submitted` what the editor wanted to save.
    """

    def __init__(self, *, current: Any, submitted: dict[str, Any]):
        super().__init__(
            _(
                "Someone else changed this record while you were editing it. Nothing of yours was saved: compare "
                "both versions below and save again."
            )
        )
        self.current = current
        self.submitted = submitted

    def differences(self) -> list[dict[str, Any]]:
        rows = []
        for name, mine in self.submitted.items():
            theirs = getattr(self.current, name)
            if theirs != mine:
                field = self.current._meta.get_field(name)
                rows.append({"field": name, "label": field.verbose_name, "saved": theirs, "yours": mine})
        return rows


class NeedsConflict(EditConflict):
    """Someone else saved the case (its needs assessment, status or situation) after the editor loaded it.

    `current` is the case as saved now, `submitted` the assessments {area: (urgency, description)}.
    """

    def differences(self) -> list[dict[str, Any]]:
        saved = {need.area: (need.urgency, need.description) for need in self.current.needs.all()}
        rows = []
        for area, mine in self.submitted.items():
            theirs = saved.get(area, (Urgency.NONE, ""))
            if theirs != tuple(mine):
                rows.append(
                    {
                        "field": area,
                        "label": NeedArea(area).label,
                        "saved": _need_text(*theirs),
                        "yours": _need_text(*mine),
                    }
                )
        return rows


def _need_text(urgency: str, description: str) -> str:
    label = str(Urgency(urgency).label)
    return f"{label}: {description}" if description else label


def _actor(actor: Any) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(actor: Any, action: str, obj: Any, purpose: str, *, person: Person | None = None, **kwargs: Any) -> None:
    if person is None:
        person = obj if isinstance(obj, Person) else getattr(obj, "person", None)
    municipality_id = person.municipality_id if person is not None else None
    audit_record(actor=actor, action=action, obj=obj, purpose=purpose, municipality_id=municipality_id, **kwargs)


# --- Persons ---------------------------------------------------------------------------------------------


def _clean_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"unknown person fields: {sorted(unknown)}")
    data = dict(fields)
    for name in ("given_names", "family_names", "given_names_original", "family_names_original"):
        if name in data:
            data[name] = " ".join((data[name] or "").split())
    if "phone" in data:
        try:
            data["phone"] = normalise_phone(data["phone"] or "")
        except ValueError as error:
            raise CaseworkError(_("The phone number cannot be read.")) from error
    if "birth_date" in data and isinstance(data["birth_date"], str):
        data["birth_date"] = PartialDate.parse(data["birth_date"])
    if "nationalities" in data:
        codes = [code.upper() for code in data["nationalities"] or []]
        if not all(is_country(code) for code in codes):
            raise CaseworkError(_("Unknown country code."))
        data["nationalities"] = list(dict.fromkeys(codes))
    if "languages" in data:
        entries = []
        for entry in data["languages"] or []:
            code, level = entry.get("code", ""), entry.get("level", "")
            if not is_language(code) or level not in CefrLevel.values:
                raise CaseworkError(_("Unknown language or level."))
            if code not in {e["code"] for e in entries}:
                entries.append({"code": code, "level": level})
        data["languages"] = entries
    if data.get("preferred_language") and not is_language(data["preferred_language"]):
        raise CaseworkError(_("Unknown language."))
    if "sex" in data and data["sex"] not in Sex.values:
        raise CaseworkError(_("Unknown value for sex."))
    if data.get("residence_status") and data["residence_status"] not in ResidenceStatus.values:
        raise CaseworkError(_("Unknown residence status."))
    valid_from, valid_until = data.get("residence_valid_from"), data.get("residence_valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        raise CaseworkError(_("The residence status cannot end before it begins."))
    return data


def _name_key(person: Person) -> str:
    return person_name_key(
        person.given_names, person.family_names, person.given_names_original, person.family_names_original
    )


@transaction.atomic
def person_create(*, actor: Any, given_names: str, family_names: str, **fields: Any) -> Person:
    data = _clean_person_fields({"given_names": given_names, "family_names": family_names, **fields})
    if not data["given_names"] and not data["family_names"]:
        raise CaseworkError(_("A person needs a name."))
    remit_require(actor, getattr(data.get("municipality"), "pk", None))
    person = Person(**data, created_by=_actor(actor))
    person.name_key = _name_key(person)
    person.save()
    _audit(actor, AuditAction.CREATE, person, PURPOSE_CASE_WORK)
    return person


@dataclass
class Intake:
    """What intake did: the new person, or the likely duplicates to look at first (redacted for the actor)."""

    person: Person | None
    candidates: list = field(default_factory=list)


@transaction.atomic
def person_intake(*, actor: Any, confirm_new: bool = False, **fields: Any) -> Intake:
    """Register a newcomer, unless likely duplicates exist and the actor has not confirmed after seeing them.

    The intake page and the API both come here: the remit is checked before the duplicate look-up (someone who
    may not register the person sees no candidates), and candidates outside the actor's remit are named by
    record number only."""
    remit_require(actor, getattr(fields.get("municipality"), "pk", None))
    matches = selectors.person_duplicate_candidates(
        given_names=fields.get("given_names", ""),
        family_names=fields.get("family_names", ""),
        names_original=f"{fields.get('given_names_original', '')} {fields.get('family_names_original', '')}",
        birth_date=fields.get("birth_date"),
        phone=fields.get("phone", ""),
    )
    candidates = selectors.candidates_for_user(actor, matches)
    if candidates and not confirm_new:
        return Intake(person=None, candidates=candidates)
    return Intake(person=person_create(actor=actor, **fields), candidates=candidates)


@transaction.atomic
def person_update(*, actor: Any, person: Person, expected_version: int, **fields: Any) -> Person:
    """Save changes made on the version `expected_version`; raise EditConflict if the record moved on."""
    data = _clean_person_fields(fields)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        raise EditConflict(current=current, submitted=data)
    changed = [name for name, value in data.items() if getattr(current, name) != value]
    if not changed:
        return current
    if "municipality" in changed:
        remit_require(actor, getattr(data["municipality"], "pk", None))
    for name in changed:
        setattr(current, name, data[name])
    current.name_key = _name_key(current)
    current.version += 1
    current.save()
    _audit(actor, AuditAction.UPDATE, current, PURPOSE_CASE_WORK, changed_fields=changed)
    return current


def _move(actor: Any, rows: Any, field: str, target: Person, purpose: str) -> int:
    count = 0
    for row in rows:
        setattr(row, field, target)
        row.save(update_fields=[field])
        _audit(actor, AuditAction.UPDATE, row, purpose, person=target, changed_fields=[field])
        count += 1
    return count


@transaction.atomic
def person_merge(*, actor: Any, survivor: Person, duplicate: Person) -> Person:
    """Merge `duplicate` into `survivor`: all history moves over, the duplicate stays as a pointer.

    Nothing is lost: cases, appointments, referrals, consents, qualifications, family links and the German
    courses (each app's part, see core.lifecycle) now belong to the survivor,
    empty fields of the survivor are filled from the duplicate, and the duplicate record remains (marked
    merged) so old references lead to the survivor.
    """
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    if survivor.pk == duplicate.pk:
        raise CaseworkError(_("A person cannot be merged with themselves."))
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise CaseworkError(_("This record has been merged already."))
    if survivor.birth_date and duplicate.birth_date and not survivor.birth_date.is_compatible(duplicate.birth_date):
        raise CaseworkError(_("The dates of birth contradict each other; these are not the same person."))
    purpose = PURPOSE_CASE_WORK
    for related in ("cases", "appointments", "referrals", "consents", "qualifications", "work_experience"):
        _move(actor, getattr(duplicate, related).all(), "person", survivor, purpose)
    lifecycle.person_merge_others(actor=actor, survivor=survivor, duplicate=duplicate)
    for link in list(FamilyLink.objects.filter(Q(person=duplicate) | Q(relative=duplicate))):
        other = link.relative if link.person_id == duplicate.pk else link.person
        mine = "person" if link.person_id == duplicate.pk else "relative"
        clash = FamilyLink.objects.filter(
            Q(person=survivor, relative=other) if mine == "person" else Q(person=other, relative=survivor)
        ).exists()
        if other.pk == survivor.pk or clash:
            _audit(actor, AuditAction.DELETE, link, purpose, person=survivor)
            link.delete()
        else:
            _move(actor, [link], mine, survivor, purpose)
    filled = []
    for name in PERSON_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(duplicate, name)
        if name == "nationalities":
            union = list(dict.fromkeys([*mine, *theirs]))
            if union != mine:
                survivor.nationalities = union
                filled.append(name)
        elif name == "languages":
            known = {entry["code"] for entry in mine}
            extra = [entry for entry in theirs if entry["code"] not in known]
            if extra:
                survivor.languages = [*mine, *extra]
                filled.append(name)
        elif name == "birth_date":
            if theirs and (not mine or len(theirs.iso()) > len(mine.iso())):
                survivor.birth_date = theirs
                filled.append(name)
        elif not mine and theirs:
            setattr(survivor, name, theirs)
            filled.append(name)
    if survivor.household_id is None and duplicate.household_id:
        survivor.household_id = duplicate.household_id
        filled.append("household")
    # The duplicate's spellings stay findable: its name parts join the survivor's key.
    survivor.name_key = person_name_key(
        survivor.given_names,
        survivor.family_names,
        survivor.given_names_original,
        survivor.family_names_original,
        duplicate.given_names,
        duplicate.family_names,
        duplicate.given_names_original,
        duplicate.family_names_original,
    )
    survivor.version += 1
    survivor.save()
    duplicate.merged_into = survivor
    duplicate.version += 1
    duplicate.save(update_fields=["merged_into", "version", "updated_at"])
    summary = f"person #{duplicate.pk} merged into person #{survivor.pk}"
    _audit(actor, AuditAction.MERGE, survivor, purpose, changed_fields=filled, summary=summary)
    _audit(actor, AuditAction.MERGE, duplicate, purpose, changed_fields=["merged_into"], summary=summary)
    return survivor


@transaction.atomic
def family_link_add(
    *, actor: Any, person: Person, relative: Person, relation: str, same_household: bool = False
) -> FamilyLink:
    """Link two persons in both directions; optionally put them into one household."""
    if person.pk == relative.pk:
        raise CaseworkError(_("A person cannot be their own relative."))
    if FamilyLink.objects.filter(person=person, relative=relative).exists():
        raise CaseworkError(_("These two persons are linked already."))
    link = FamilyLink.objects.create(person=person, relative=relative, relation=relation)
    back = FamilyLink.objects.create(person=relative, relative=person, relation=RELATION_INVERSE[relation])
    _audit(actor, AuditAction.CREATE, link, PURPOSE_CASE_WORK)
    _audit(actor, AuditAction.CREATE, back, PURPOSE_CASE_WORK, person=relative)
    if same_household:
        household_join(actor=actor, person=relative, other=person)
    return link


@transaction.atomic
def household_join(*, actor: Any, person: Person, other: Person) -> Household:
    """Put `person` into `other`'s household (founding one if `other` has none)."""
    household = other.household
    if household is None:
        household = Household.objects.create()
        other.household = household
        other.save(update_fields=["household", "updated_at"])
        _audit(actor, AuditAction.UPDATE, other, PURPOSE_CASE_WORK, changed_fields=["household"])
    if person.household_id != household.pk:
        person.household = household
        person.save(update_fields=["household", "updated_at"])
        _audit(actor, AuditAction.UPDATE, person, PURPOSE_CASE_WORK, changed_fields=["household"])
    return household


# --- Potential profile -----------------------------------------------------------------------------------


@transaction.atomic
def qualification_add(*, actor: Any, person: Person, **fields: Any) -> Qualification:
    if fields.get("country") and not is_country(fields["country"]):
        raise CaseworkError(_("Unknown country code."))
    qualification = Qualification.objects.create(person=person, **fields)
    _audit(actor, AuditAction.CREATE, qualification, PURPOSE_CASE_WORK)
    return qualification


@transaction.atomic
def qualification_remove(*, actor: Any, qualification: Qualification) -> None:
    _audit(actor, AuditAction.DELETE, qualification, PURPOSE_CASE_WORK)
    qualification.delete()


@transaction.atomic
def work_experience_add(*, actor: Any, person: Person, **fields: Any) -> WorkExperience:
    if fields.get("country") and not is_country(fields["country"]):
        raise CaseworkError(_("Unknown country code."))
    experience = WorkExperience.objects.create(person=person, **fields)
    _audit(actor, AuditAction.CREATE, experience, PURPOSE_CASE_WORK)
    return experience


@transaction.atomic
def work_experience_remove(*, actor: Any, experience: WorkExperience) -> None:
    _audit(actor, AuditAction.DELETE, experience, PURPOSE_CASE_WORK)
    experience.delete()


@transaction.atomic
def shortage_occupation_save(
    *, actor: Any, occupation: ShortageOccupation | None = None, **fields: Any
) -> ShortageOccupation:
    """Add or change an entry of the district's shortage-occupation list (no personal data)."""
    occupation = occupation or ShortageOccupation()
    created = occupation.pk is None
    changed = [name for name, value in fields.items() if getattr(occupation, name, None) != value]
    for name, value in fields.items():
        setattr(occupation, name, value)
    occupation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=occupation,
        purpose=PURPOSE_SHORTAGE_LIST,
        changed_fields=() if created else changed,
    )
    return occupation


# --- Cases -----------------------------------------------------------------------------------------------


@transaction.atomic
def case_open(*, actor: Any, person: Person, caseworker: User | None = None, summary: str = "") -> Case:
    if person.merged_into_id:
        raise CaseworkError(_("This record has been merged; open the case on the remaining record."))
    case = Case.objects.create(
        person=person,
        caseworker=caseworker,
        summary=summary,
        opened_on=timezone.localdate(),
        updated_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, case, PURPOSE_CASE_WORK)
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, expected_version: int, **fields: Any) -> Case:
    """Change status, situation or caseworker; refused with EditConflict if someone saved in between."""
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"unknown case fields: {sorted(unknown)}")
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.version != expected_version:
        raise EditConflict(current=current, submitted=fields)
    changed = [name for name, value in fields.items() if getattr(current, name) != value]
    if not changed:
        return current
    for name in changed:
        setattr(current, name, fields[name])
    if "status" in changed:
        if current.status == CaseStatus.CLOSED:
            current.closed_on = timezone.localdate()
        else:
            current.closed_on = None
            current.retention_flagged_on = None
        changed += ["closed_on"]
    current.version += 1
    current.updated_by = _actor(actor)
    current.save()
    _audit(actor, AuditAction.UPDATE, current, PURPOSE_CASE_WORK, changed_fields=changed)
    return current


@transaction.atomic
def needs_assess(
    *, actor: Any, case: Case, assessments: dict[str, tuple[str, str]], expected_version: int
) -> list[Need]:
    """Record the needs assessment: per area an urgency and a short description; "no need" removes the area.

    Made on the case's version `expected_version`; raises NeedsConflict if the case moved on since. A change
    of the needs is a change of the case: it moves the case to its next version.
    """
    for area, (urgency, _description) in assessments.items():
        if area not in NeedArea.values or urgency not in Urgency.values:
            raise CaseworkError(_("Unknown need area or urgency."))
    current = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if current.version != expected_version:
        raise NeedsConflict(current=current, submitted=assessments)
    existing = {need.area: need for need in current.needs.all()}
    kept, changed_any = [], False
    for area, (urgency, description) in assessments.items():
        need = existing.get(area)
        if urgency == Urgency.NONE:
            if need is not None:
                _audit(actor, AuditAction.DELETE, need, PURPOSE_CASE_WORK, person=current.person)
                need.delete()
                changed_any = True
            continue
        if need is None:
            need = Need.objects.create(
                case=current, area=area, urgency=urgency, description=description, assessed_by=_actor(actor)
            )
            _audit(actor, AuditAction.CREATE, need, PURPOSE_CASE_WORK, person=current.person)
            changed_any = True
        elif (need.urgency, need.description) != (urgency, description):
            changed = [n for n, v in (("urgency", urgency), ("description", description)) if getattr(need, n) != v]
            need.urgency, need.description, need.assessed_by = urgency, description, _actor(actor)
            need.save()
            _audit(actor, AuditAction.UPDATE, need, PURPOSE_CASE_WORK, person=current.person, changed_fields=changed)
            changed_any = True
        kept.append(need)
    if changed_any:
        current.version += 1
        current.updated_by = _actor(actor)
        current.save(update_fields=["version", "updated_by", "updated_at"])
        case.version = current.version
    return kept


@transaction.atomic
def goal_add(*, actor: Any, case: Case, area: str, description: str, target_date: date | None = None) -> Goal:
    goal = Goal.objects.create(
        case=case, area=area, description=description, target_date=target_date, created_by=_actor(actor)
    )
    _audit(actor, AuditAction.CREATE, goal, PURPOSE_CASE_WORK, person=case.person)
    return goal


@transaction.atomic
def goal_set_status(*, actor: Any, goal: Goal, status: str) -> Goal:
    if status not in GoalStatus.values:
        raise CaseworkError(_("Unknown status."))
    goal.status = status
    goal.save(update_fields=["status"])
    _audit(actor, AuditAction.UPDATE, goal, PURPOSE_CASE_WORK, person=goal.case.person, changed_fields=["status"])
    return goal


@transaction.atomic
def task_add(
    *, actor: Any, case: Case, title: str, owner: User, due_on: date | None = None, goal: Goal | None = None
) -> CaseTask:
    if goal is not None and goal.case_id != case.pk:
        raise CaseworkError(_("The goal belongs to another case."))
    task = CaseTask.objects.create(
        case=case, title=title, owner=owner, due_on=due_on, goal=goal, created_by=_actor(actor)
    )
    _audit(actor, AuditAction.CREATE, task, PURPOSE_CASE_WORK, person=case.person)
    return task


@transaction.atomic
def task_complete(*, actor: Any, task: CaseTask) -> CaseTask:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        _audit(actor, AuditAction.UPDATE, task, PURPOSE_CASE_WORK, person=task.case.person, changed_fields=["done_at"])
    return task


@transaction.atomic
def note_add(*, actor: Any, case: Case, text: str, confidential: bool = False) -> Note:
    if not text.strip():
        raise CaseworkError(_("The note is empty."))
    note = Note.objects.create(case=case, author=_actor(actor), text=text.strip(), confidential=confidential)
    _audit(actor, AuditAction.CREATE, note, PURPOSE_CASE_WORK, person=case.person)
    return note


def document_check(*, filename: str, content: bytes) -> str:
    """The content type of an acceptable document; raise DocumentRejected for a wrong type or size."""
    limit = settings.WEGWEISER_DOCUMENT_MAX_BYTES
    if len(content) > limit:
        raise DocumentRejected(_("The file is larger than %(size)s MB.") % {"size": round(limit / (1024 * 1024), 1)})
    if not content:
        raise DocumentRejected(_("The file is empty."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in DOCUMENT_TYPES:
        raise DocumentRejected(_("Only PDF, JPEG and PNG files can be uploaded."))
    content_type, signatures = DOCUMENT_TYPES[extension]
    if not any(content.startswith(signature) for signature in signatures):
        raise DocumentRejected(_("The file's content is not what its name says (%(ext)s).") % {"ext": extension})
    return content_type


@transaction.atomic
def document_upload(*, actor: Any, case: Case, kind: str, filename: str, content: bytes) -> Document:
    content_type = document_check(filename=filename, content=content)
    document = Document.objects.create(
        case=case,
        kind=kind,
        filename=filename[-255:],
        content_type=content_type,
        size=len(content),
        content=content,
        uploaded_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, document, PURPOSE_CASE_WORK, person=case.person)
    return document


# --- Appointments ----------------------------------------------------------------------------------------


def _clash_message(clash: Appointment, *, same_caseworker: bool) -> str:
    start = timezone.localtime(clash.starts_at)
    end = timezone.localtime(clash.ends_at)
    values = {
        "date": formats.date_format(start, "SHORT_DATE_FORMAT"),
        "start": formats.time_format(start, "TIME_FORMAT"),
        "end": formats.time_format(end, "TIME_FORMAT"),
        "location": clash.location.name,
        "caseworker": clash.caseworker.get_full_name() or clash.caseworker.get_username(),
    }
    if same_caseworker:
        return (
            _(
                "%(caseworker)s already has an appointment on %(date)s from %(start)s to %(end)s (%(location)s). "
                "Choose another time or another caseworker."
            )
            % values
        )
    return (
        _(
            "This person already has an appointment on %(date)s from %(start)s to %(end)s (%(location)s). "
            "Choose another time."
        )
        % values
    )


# Appointments lie in the Migrationszentrum's working years: a date typed as 01.01.0001 became a timestamp
# before year 1 on PostgreSQL that no page could show again.
APPOINTMENT_FIRST_YEAR = 2000
APPOINTMENT_YEARS_AHEAD = 10


def _appointment_in_range(moment: datetime) -> None:
    last_year = timezone.localdate().year + APPOINTMENT_YEARS_AHEAD
    if not APPOINTMENT_FIRST_YEAR <= moment.year <= last_year:
        raise CaseworkError(
            _("An appointment must lie between the years %(first)s and %(last)s.")
            % {"first": APPOINTMENT_FIRST_YEAR, "last": last_year}
        )


@transaction.atomic
def appointment_book(
    *,
    actor: Any,
    person: Person,
    caseworker: User,
    location: Any,
    starts_at: datetime,
    ends_at: datetime | None = None,
    kind: str = AppointmentKind.BOOKED,
    topic: str = "",
    interpreter_language: str = "",
    case: Case | None = None,
) -> Appointment:
    """Book (or register a walk-in); refused with AppointmentClash if caseworker or person is busy then."""
    _appointment_in_range(starts_at)
    ends_at = ends_at or starts_at + timedelta(minutes=30)
    _appointment_in_range(ends_at)
    if kind not in AppointmentKind.values:
        raise CaseworkError(_("Unknown kind of appointment."))
    if ends_at <= starts_at:
        raise CaseworkError(_("The appointment must end after it starts."))
    if interpreter_language and not is_language(interpreter_language):
        raise CaseworkError(_("Unknown language."))
    if case is not None and case.person_id != person.pk:
        raise CaseworkError(_("The case belongs to another person."))
    # Locking the caseworker's row makes two simultaneous bookings for them wait for each other.
    User.objects.select_for_update().filter(pk=caseworker.pk).first()
    overlapping = (
        Appointment.objects.filter(starts_at__lt=ends_at, ends_at__gt=starts_at)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("location", "caseworker")
    )
    clash = overlapping.filter(caseworker=caseworker).first()
    if clash is not None:
        raise AppointmentClash(_clash_message(clash, same_caseworker=True))
    clash = overlapping.filter(person=person).first()
    if clash is not None:
        raise AppointmentClash(_clash_message(clash, same_caseworker=False))
    appointment = Appointment.objects.create(
        person=person,
        case=case,
        caseworker=caseworker,
        location=location,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        topic=topic,
        interpreter_language=interpreter_language,
        created_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, appointment, PURPOSE_APPOINTMENTS)
    return appointment


@transaction.atomic
def appointment_set_status(*, actor: Any, appointment: Appointment, status: str) -> Appointment:
    if status not in AppointmentStatus.values:
        raise CaseworkError(_("Unknown status."))
    appointment.status = status
    appointment.save(update_fields=["status"])
    _audit(actor, AuditAction.UPDATE, appointment, PURPOSE_APPOINTMENTS, changed_fields=["status"])
    return appointment


@dataclass
class Reminder:
    """What became of a reminder: `sent` stays None until the transaction that asked for it commits."""

    language: str
    sent: bool | None = None


def _mail_language(person: Person) -> str:
    """The person's preferred language where the texts are translated into it, otherwise German."""
    preferred = person.preferred_language or ""
    return preferred if preferred in settings.WEGWEISER_COMPLETE_LANGUAGES else "de"


@transaction.atomic
def appointment_remind(*, actor: Any, appointment: Appointment) -> Reminder:
    """Remind the person of the appointment by email: only with their active consent to contact by email.

    The mail is written in the person's language and goes out once the transaction has committed, so a mail
    server that refuses it undoes nothing; the refusal is logged, recorded and reported in the result.
    """
    person = appointment.person
    consents = Consent.objects.filter(person=person, purpose=ConsentPurpose.CONTACT_EMAIL, withdrawn_at__isnull=True)
    if not consents.exists():
        raise ConsentMissing(_("The person has not agreed to be contacted by email."))
    if not person.email:
        raise CaseworkError(_("There is no email address for this person."))
    reminder = Reminder(language=_mail_language(person))
    with translation.override(reminder.language):
        start = timezone.localtime(appointment.starts_at)
        values = {
            "date": formats.date_format(start, "SHORT_DATE_FORMAT"),
            "time": formats.time_format(start, "TIME_FORMAT"),
            "location": f"{appointment.location.name}, {appointment.location.address}".strip(", "),
        }
        subject = _("Your appointment at the Migrationszentrum on %(date)s") % values
        body = _("We are expecting you on %(date)s at %(time)s: %(location)s.") % values
    _audit(actor, AuditAction.SHARE, appointment, PURPOSE_APPOINTMENTS, summary="reminder by email")

    def send() -> None:
        try:
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[person.email])
        except (smtplib.SMTPException, OSError):
            logger.warning("appointment reminder not sent", exc_info=True, extra={"appointment": appointment.pk})
            reminder.sent = False
            with transaction.atomic():
                _audit(
                    actor,
                    AuditAction.SHARE,
                    appointment,
                    PURPOSE_APPOINTMENTS,
                    summary="reminder by email not sent: the mail server refused it",
                )
        else:
            reminder.sent = True

    transaction.on_commit(send)
    return reminder


# --- Consent and referrals -------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    given_on: date,
    form: str,
    language: str,
    organisation: Any = None,
) -> Consent:
    if purpose == ConsentPurpose.SHARE_PARTNER and organisation is None:
        raise CaseworkError(_("Name the partner organisation the person agrees to share with."))
    if purpose != ConsentPurpose.SHARE_PARTNER:
        organisation = None
    if not is_language(language):
        raise CaseworkError(_("Unknown language."))
    if given_on > timezone.localdate():
        raise CaseworkError(_("A consent cannot be given in the future."))
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        organisation=organisation,
        given_on=given_on,
        form=form,
        language=language,
        recorded_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, consent, PURPOSE_CONSENT)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    """Withdrawal takes effect at once: from this moment on the partner no longer sees the referrals."""
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        _audit(actor, AuditAction.UPDATE, consent, PURPOSE_CONSENT, changed_fields=["withdrawn_at"])
    return consent


def _sharing_consent(person: Person, organisation: Any) -> Consent | None:
    return (
        Consent.objects.filter(
            person=person, organisation=organisation, purpose=ConsentPurpose.SHARE_PARTNER, withdrawn_at__isnull=True
        )
        .select_for_update()
        .first()
    )


@transaction.atomic
def referral_send(
    *, actor: Any, person: Person, organisation: Any, offer_kind: str, message: str = "", case: Case | None = None
) -> Referral:
    """Refer a person to a partner. Impossible without the person's active consent to share with that partner."""
    if offer_kind not in OfferKind.values:
        raise CaseworkError(_("Unknown offer."))
    if _sharing_consent(person, organisation) is None:
        raise ConsentMissing(
            _("%(organisation)s may only receive this referral once the person has agreed to share with it.")
            % {"organisation": organisation.name}
        )
    if case is not None and case.person_id != person.pk:
        raise CaseworkError(_("The case belongs to another person."))
    referral = Referral.objects.create(
        person=person,
        case=case,
        organisation=organisation,
        offer_kind=offer_kind,
        message=message,
        sent_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, referral, PURPOSE_REFERRAL)
    # The disclosure itself is recorded on the person, so the person's log lists everyone who received data.
    _audit(
        actor,
        AuditAction.SHARE,
        person,
        PURPOSE_REFERRAL,
        summary=f"referral #{referral.pk} to organisation #{organisation.pk}",
    )
    return referral


REFERRAL_NEXT = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.DONE},
    ReferralStatus.ACCEPTED: {ReferralStatus.DONE, ReferralStatus.DECLINED},
    ReferralStatus.DONE: set(),
    ReferralStatus.DECLINED: set(),
}


@transaction.atomic
def referral_update(*, actor: Any, referral: Referral, status: str, feedback: str = "") -> Referral:
    """The partner's answer: accepted, done or declined, with feedback."""
    if user_can(actor, Perm.REFERRALS_RECEIVE) and actor.organisation_id != referral.organisation_id:
        raise CaseworkError(_("This referral was sent to another organisation."))
    if _sharing_consent(referral.person, referral.organisation) is None:
        raise ConsentMissing(_("The person has withdrawn the consent to share; the referral is closed to you."))
    if status != referral.status and status not in REFERRAL_NEXT[referral.status]:
        raise CaseworkError(
            _("A referral that is %(current)s cannot become %(new)s.")
            % {"current": referral.get_status_display(), "new": ReferralStatus(status).label}
        )
    changed = [name for name, value in (("status", status), ("feedback", feedback)) if getattr(referral, name) != value]
    referral.status, referral.feedback = status, feedback
    referral.save()
    _audit(actor, AuditAction.UPDATE, referral, PURPOSE_REFERRAL, changed_fields=changed)
    return referral


# --- Data subject rights and retention -------------------------------------------------------------------


@transaction.atomic
def person_export_record(*, actor: Any, person: Person, export_format: str) -> None:
    """Record that everything held on a person was handed out (the export itself is a selector)."""
    _audit(actor, AuditAction.EXPORT, person, PURPOSE_DATA_SUBJECT, summary=f"format {export_format}")
    lifecycle.person_export_record_others(
        actor=actor, person=person, export_format=export_format, purpose=PURPOSE_DATA_SUBJECT
    )


# A readable export is offered for download this long after it was made, then deleted.
EXPORT_KEPT_FOR = timedelta(days=1)


@transaction.atomic
def export_files_expire(*, now: datetime | None = None) -> int:
    """Delete the readable exports older than EXPORT_KEPT_FOR (worker housekeeping and download attempts)."""
    cutoff = (now or timezone.now()) - EXPORT_KEPT_FOR
    # Several workers may do this at once: each takes the rows no other holds.
    expired = list(
        ExportFile.objects.filter(created_at__lt=cutoff)
        .select_related("person")
        .defer("content")
        .select_for_update(skip_locked=True, of=("self",))
    )
    for export in expired:
        _audit(None, AuditAction.DELETE, export, PURPOSE_RETENTION, summary="export expired")
    ExportFile.objects.filter(pk__in=[export.pk for export in expired]).delete()
    return len(expired)


@transaction.atomic
def export_file_store(*, actor: Any, person: Person, job: Any, content: bytes) -> ExportFile:
    """Keep a finished readable export for its maker to download, and record the export."""
    export = ExportFile.objects.create(person=person, job=job, content=content)
    _audit(actor, AuditAction.CREATE, export, PURPOSE_DATA_SUBJECT)
    person_export_record(actor=actor, person=person, export_format="pdf")
    return export


@dataclass
class ErasureResult:
    persons: int
    rows: int
    # Persons left alone because a case of theirs was open when the deletion ran.
    kept_open_case: list[int] = field(default_factory=list)


def _erase_one(actor: Any, person: Person, purpose: str) -> int:
    rows: list[Any] = []
    for case in person.cases.all():
        rows += [*case.needs.all(), *case.goals.all(), *case.tasks.all(), *case.notes.all()]
        rows += list(case.documents.defer("content"))
        rows.append(case)
    rows += list(person.appointments.all()) + list(person.referrals.all()) + list(person.consents.all())
    rows += list(person.qualifications.all()) + list(person.work_experience.all())
    rows += list(FamilyLink.objects.filter(Q(person=person) | Q(relative=person)))
    rows += list(person.export_files.defer("content"))
    # The other apps' rows go first, with their own deletions in the audit log, in this same transaction.
    other_rows = lifecycle.person_erase_others(actor=actor, person=person, purpose=purpose)
    for row in rows:
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            obj=row,
            purpose=purpose,
            municipality_id=person.municipality_id,
        )
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=person,
        purpose=purpose,
        municipality_id=person.municipality_id,
        summary=f"erased with {len(rows) + other_rows} related records",
    )
    household_id = person.household_id
    person.delete()
    if household_id and not Person.objects.filter(household_id=household_id).exists():
        Household.objects.filter(pk=household_id).delete()
    return len(rows) + other_rows + 1


@transaction.atomic
def person_erase(*, actor: Any, person: Person, on_request: bool = True) -> ErasureResult:
    """Delete everything held on a person (and records merged into them); only the audit log keeps ids."""
    purpose = PURPOSE_DATA_SUBJECT if on_request else PURPOSE_RETENTION
    persons = rows = 0
    for merged in Person.objects.filter(merged_into=person):
        result = person_erase(actor=actor, person=merged, on_request=on_request)
        persons, rows = persons + result.persons, rows + result.rows
    Person.objects.filter(merged_into=person).update(merged_into=None)
    rows += _erase_one(actor, person, purpose)
    return ErasureResult(persons=persons + 1, rows=rows)


@transaction.atomic
def persons_erase(*, actor: Any, person_ids: list[int], on_request: bool = False) -> ErasureResult:
    """Erase several persons in one transaction (the retention review's bulk deletion).

    A case may have been reopened since the persons were chosen: whoever has an open case when the deletion
    runs is kept and named in the result. (Records merged into a person hold no cases: a merge moves them.)
    """
    from wegweiser.casework.selectors import persons_with_open_cases

    chosen = list(Person.objects.filter(pk__in=person_ids).order_by("pk"))
    keep = persons_with_open_cases([person.pk for person in chosen])
    persons = rows = 0
    for person in chosen:
        if person.pk in keep or not Person.objects.filter(pk=person.pk).exists():
            continue  # kept, or erased already as a record merged into another
        result = person_erase(actor=actor, person=person, on_request=on_request)
        persons, rows = persons + result.persons, rows + result.rows
    return ErasureResult(persons=persons, rows=rows, kept_open_case=sorted(keep))


@transaction.atomic
def cases_flag_for_retention(*, actor: Any, today: date | None = None) -> int:
    """Flag closed cases whose retention period has run out, for the data protection officer's review."""
    from wegweiser.casework.selectors import retention_cutoff

    today = today or timezone.localdate()
    # Several workers may run this at once (housekeeping): each flags the cases no other holds.
    due = (
        Case.objects.filter(
            status=CaseStatus.CLOSED, closed_on__lte=retention_cutoff(today), retention_flagged_on__isnull=True
        )
        .select_related("person")
        .select_for_update(skip_locked=True, of=("self",))
    )
    count = 0
    for case in due:
        case.retention_flagged_on = today
        case.save(update_fields=["retention_flagged_on"])
        _audit(actor, AuditAction.UPDATE, case, PURPOSE_RETENTION, changed_fields=["retention_flagged_on"])
        count += 1
    return count


def cases_flag_for_retention_by_the_worker() -> int:
    """The worker's housekeeping: retention flags are set when a period runs out, not only when the data
    protection officer opens the review."""
    return cases_flag_for_retention(actor=None)
