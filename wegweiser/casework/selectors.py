"""Reads of the Migrationszentrum, scoped by who asks.

Caseworkers work district-wide; a municipal integration manager sees the persons (and their cases,
appointments and referrals) whose municipality is one of theirs; a partner organisation sees only the
referrals sent to it while the person's consent to share with it holds, and only the minimum data; the data
protection officer finds every person for export, deletion and the retention review, and nothing else.
"""

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.casework import search
from wegweiser.casework.models import (
    Appointment,
    AppointmentRequest,
    AppointmentRequestStatus,
    Case,
    CaseStatus,
    CaseTask,
    Consent,
    ConsentPurpose,
    Document,
    FamilyLink,
    Goal,
    Location,
    Need,
    Note,
    Person,
    RecognitionStatus,
    Referral,
    ReferralStatus,
    ShortageOccupation,
    Urgency,
)
from wegweiser.casework.names import name_tokens
from wegweiser.core.codes import CEFR_RANK, display_phone, normalise_phone
from wegweiser.core.lifecycle import person_export_others
from wegweiser.core.partial_dates import PartialDate
from wegweiser.core.publication import CELLS, Publication, publish_table, published_value
from wegweiser.territory.selectors import publication_in_remit, samtgemeinde_of_members, territorial_groupings


def persons_for_user(user: Any) -> QuerySet[Person]:
    """Persons whose record this user may open (merged records included, so old links still lead on)."""
    if not user_can(user, Perm.PERSONS_VIEW):
        return Person.objects.none()
    return Person.objects.select_related("municipality").in_remit(user)


def person_ids_visible_to(user: Any, person_ids: Any) -> set[int]:
    """Of these person ids, the ones this user may open; the others are named by record number only."""
    return set(persons_for_user(user).filter(pk__in=list(person_ids)).values_list("pk", flat=True))


def family_for_user(user: Any, person: Person) -> list[tuple[FamilyLink, Person | None]]:
    """The person's family links, each with the relative, or None for a relative outside the user's scope."""
    links = list(person.family_links.order_by("id"))
    relatives = persons_for_user(user).in_bulk([link.relative_id for link in links])
    return [(link, relatives.get(link.relative_id)) for link in links]


def persons_for_data_subject_requests(user: Any) -> QuerySet[Person]:
    """Persons whose data this user may export or erase on request."""
    if not (user_can(user, Perm.DATA_SUBJECT_EXPORT) or user_can(user, Perm.DATA_SUBJECT_DELETE)):
        return Person.objects.none()
    return Person.objects.select_related("municipality").in_remit(user)


def parse_birth(text: str | None) -> PartialDate | None:
    """A (partial) date of birth as typed into a search (1985, 03.1985, 12.03.1985); None if it is none."""
    try:
        return PartialDate.parse(text or "")
    except ValueError:
        return None


def _phone_key(phone: str | None) -> str:
    try:
        return normalise_phone(phone or "")
    except ValueError:
        return ""


def person_search_for_user(
    user: Any, query: str, *, birth_date_text: str | None = None, phone: str | None = None, limit: int = 20
) -> list[search.Match]:
    """Persons matching any name variant, a (partial) birth date or a phone number, best first."""
    return search.rank(
        persons_for_user(user).active(),
        query_text=query or "",
        birth=parse_birth(birth_date_text),
        phone=_phone_key(phone),
        limit=limit,
        min_score=search.SEARCH_MIN_SCORE,
    )


def data_subject_search(
    user: Any, query: str, *, birth_date_text: str | None = None, phone: str | None = None
) -> list[Person]:
    """For the data protection officer: a person by record number (#123) or by name, birth date, phone."""
    persons = persons_for_data_subject_requests(user).active()
    query = (query or "").strip().lstrip("#")
    if query.isdigit():
        return list(persons.filter(pk=int(query)))
    matches = search.rank(
        persons,
        query_text=query,
        birth=parse_birth(birth_date_text),
        phone=_phone_key(phone),
        min_score=search.SEARCH_MIN_SCORE,
    )
    return [match.person for match in matches]


def person_duplicate_candidates(
    *,
    given_names: str,
    family_names: str,
    names_original: str = "",
    birth_date: PartialDate | None = None,
    phone: str = "",
    exclude_ids: tuple[int, ...] = (),
    limit: int = 5,
    threshold: float = search.DUPLICATE_THRESHOLD,
) -> list[search.Match]:
    """Existing persons that are likely the same human being, for the duplicate warning at intake.

    Looks at every person (not only the caller's scope): a duplicate in another municipality is still a
    duplicate; the intake page shows such candidates without their details.
    """
    query_text = " ".join([given_names, family_names, names_original])
    matches = search.rank(
        Person.objects.active().exclude(id__in=exclude_ids),
        query_text=query_text,
        birth=birth_date,
        phone=phone,
        limit=limit * 3,
    )
    close = [
        m
        for m in matches
        if m.likely_same
        or (
            m.score >= threshold
            and (m.name_score >= search.DUPLICATE_NAME_MIN_BY_BIRTH[m.birth_agreement] or "phone" in m.reasons)
        )
    ]
    return close[:limit]


def person_duplicates_of(person: Person, *, threshold: float = search.DUPLICATE_THRESHOLD) -> list[search.Match]:
    """Other records that are likely the same human being as this existing one (person page, merge page)."""
    return person_duplicate_candidates(
        given_names=person.given_names,
        family_names=person.family_names,
        names_original=person.original_name,
        birth_date=person.birth_date,
        phone=person.phone,
        exclude_ids=(person.pk,),
        threshold=threshold,
    )


def candidates_for_user(user: Any, matches: list[search.Match]) -> list[search.Match]:
    """Candidates outside the user's remit are named by record number only: one rule for the intake page, the
    merge page and the API. Such a candidate keeps its id and municipality and loses its names."""
    visible = person_ids_visible_to(user, [m.person.pk for m in matches])
    return [
        m
        if m.person.pk in visible
        else replace(
            m,
            person=Person(pk=m.person.pk, given_names="", family_names="", municipality_id=m.person.municipality_id),
            visible=False,
        )
        for m in matches
    ]


def open_case_of(person: Person) -> Case | None:
    """The person's current case: the most recently opened one that is not closed."""
    return person.cases.exclude(status=CaseStatus.CLOSED).order_by("-opened_on", "-id").first()


def cases_for_user(user: Any) -> QuerySet[Case]:
    if not user_can(user, Perm.PERSONS_VIEW):
        return Case.objects.none()
    return Case.objects.select_related("person", "caseworker", "person__municipality").in_remit(user)


def note_readable(user: Any, note: Note) -> bool:
    """A confidential note is read only by its author and the roles that may read confidential notes."""
    return not note.confidential or note.author_id == user.pk or user_can(user, Perm.CONFIDENTIAL_NOTES_READ)


def appointments_for_user(user: Any) -> QuerySet[Appointment]:
    if not user_can(user, Perm.APPOINTMENTS_MANAGE):
        return Appointment.objects.none()
    # Only the persons in the remit, even for appointments the user holds: a list naming people whose records
    # answer 404 would show what the remit hides (no one outside it can be given work, assignee_require).
    return Appointment.objects.select_related("person", "caseworker", "location").in_remit(user)


def appointment_requests_for_user(user: Any, *, only_open: bool = True) -> QuerySet[AppointmentRequest]:
    """Requests from the public portal this user may answer: anyone who manages appointments, within the remit
    (a request without a municipality is seen by the district-wide roles only)."""
    if not user_can(user, Perm.APPOINTMENTS_MANAGE):
        return AppointmentRequest.objects.none()
    requests = AppointmentRequest.objects.select_related("municipality").in_remit(user)
    if only_open:
        requests = requests.filter(status=AppointmentRequestStatus.OPEN)
    return requests.order_by("created_at", "id")


def locations_for_user(user: Any) -> QuerySet[Location]:
    return Location.objects.filter(is_active=True).select_related("municipality")


def _sharing_consent_holds() -> Exists:
    return Exists(
        Consent.objects.filter(
            person=OuterRef("person"),
            organisation=OuterRef("organisation"),
            purpose=ConsentPurpose.SHARE_PARTNER,
            withdrawn_at__isnull=True,
        )
    )


def referrals_for_user(user: Any) -> QuerySet[Referral]:
    """Caseworkers see all referrals (municipal managers those of their persons); a partner sees the
    referrals sent to its organisation, and only while the person's consent to share with it holds."""
    referrals = Referral.objects.select_related("person", "organisation")
    if user_can(user, Perm.PERSONS_VIEW):
        return referrals.in_remit(user)
    if user_can(user, Perm.REFERRALS_RECEIVE) and user.organisation_id:
        return referrals.filter(organisation_id=user.organisation_id).filter(_sharing_consent_holds())
    return Referral.objects.none()


# A partner sees how to reach the person only while it is to act on the referral.
CONTACT_SHARED_WHILE = frozenset({ReferralStatus.SENT, ReferralStatus.ACCEPTED})


def referral_person_label(person: Person) -> str:
    """The person as a referral list shows them: first given name and the family name's initial."""
    given = person.given_names.split()[0] if person.given_names else ""
    initial = f"{person.family_names[:1]}." if person.family_names else ""
    return " ".join(part for part in (given, initial) if part)


def referral_row(referral: Referral) -> dict[str, Any]:
    """A referral in a list: offer, status, date and the person as first name and initial, no contact."""
    return {
        "id": referral.pk,
        "offer_kind": referral.offer_kind,
        "offer_label": referral.get_offer_kind_display(),
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "sent_at": referral.sent_at,
        "person": referral_person_label(referral.person),
    }


def partner_view_of_referral(referral: Referral) -> dict[str, Any]:
    """The minimum a partner needs to take up a referral: who, in which language, why, and (while the
    referral is sent or accepted) how to reach them. Shown on the referral's own page, which is audited."""
    person = referral.person
    contact = referral.status in CONTACT_SHARED_WHILE
    return {
        "id": referral.pk,
        "offer_kind": referral.offer_kind,
        "offer_label": referral.get_offer_kind_display(),
        "status": referral.status,
        "status_label": referral.get_status_display(),
        "sent_at": referral.sent_at,
        "message": referral.message,
        "feedback": referral.feedback,
        "given_names": person.given_names,
        "family_names": person.family_names,
        "birth_year": person.birth_date.year if person.birth_date else None,
        "preferred_language": person.preferred_language,
        "contact_shared": contact,
        "phone": person.phone if contact else None,
        "phone_display": display_phone(person.phone) if contact else "",
        "email": person.email if contact else None,
    }


def email_contact_allowed() -> Exists:
    """For an appointment queryset: whether its person has agreed to be contacted by email."""
    return Exists(
        Consent.objects.filter(
            person=OuterRef("person"), purpose=ConsentPurpose.CONTACT_EMAIL, withdrawn_at__isnull=True
        )
    )


# --- Caseworker home -------------------------------------------------------------------------------------


def my_open_cases(user: Any) -> QuerySet[Case]:
    open_tasks = (
        CaseTask.objects.filter(case=OuterRef("pk"), done_at__isnull=True)
        .order_by()
        .values("case")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        cases_for_user(user)
        .filter(caseworker=user)
        .exclude(status=CaseStatus.CLOSED)
        # A subquery rather than a grouped join: only the page's rows are counted, not every open case.
        .annotate(open_task_count=Coalesce(Subquery(open_tasks, output_field=IntegerField()), 0))
        # The home page shows the person's name, the status and the date: the rest of the person's record and
        # the caseworker (the reader) stay in the database.
        .select_related(None)
        .select_related("person")
        .only("id", "person_id", "status", "opened_on", "person__id", "person__given_names", "person__family_names")
        .order_by("-opened_on", "-id")
    )


def my_tasks_due(user: Any, *, today: date | None = None, days_ahead: int = 7) -> QuerySet[CaseTask]:
    today = today or timezone.localdate()
    return (
        CaseTask.objects.filter(owner=user, done_at__isnull=True, case__in=cases_for_user(user))
        .filter(due_on__lte=today + timedelta(days=days_ahead))
        .select_related("case", "case__person")
        .only(
            "id",
            "case_id",
            "title",
            "due_on",
            "case__id",
            "case__person_id",
            "case__person__id",
            "case__person__given_names",
            "case__person__family_names",
        )
        .order_by("due_on", "id")
    )


def day_bounds(day: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, time.min, tzinfo=tz)
    end = datetime.combine(date.fromordinal(day.toordinal() + 1), time.min, tzinfo=tz)
    return start, end


def appointments_on_day(user: Any, day: date, *, location_id: int | None = None, caseworker_id: int | None = None):
    start, end = day_bounds(day)
    appointments = appointments_for_user(user).filter(starts_at__gte=start, starts_at__lt=end)
    if location_id:
        appointments = appointments.filter(location_id=location_id)
    if caseworker_id:
        appointments = appointments.filter(caseworker_id=caseworker_id)
    return appointments.order_by("starts_at", "id")


def appointments_between(user: Any, start: datetime, end: datetime) -> QuerySet[Appointment]:
    return appointments_for_user(user).filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "id")


# --- Case plan and timeline ------------------------------------------------------------------------------


@dataclass
class TimelineEvent:
    at: datetime
    kind: str
    label: str
    text: str
    actor: str = ""


def _as_datetime(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=timezone.get_current_timezone())


def _name(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


@dataclass
class CasePlan:
    """Everything the case page shows, read once: the lists and the timeline made from them."""

    needs: list[Need]
    goals: list[Goal]
    tasks: list[CaseTask]
    notes: list[Note]  # those this user may read
    documents: list[Document]
    timeline: list[TimelineEvent]


def case_plan(user: Any, case: Case) -> CasePlan:
    """Needs, goals, tasks, notes and documents of a case, and one timeline of everything that happened in it
    (and to its person), newest first."""
    needs = list(case.needs.select_related("assessed_by"))
    goals = list(case.goals.select_related("created_by"))
    tasks = list(case.tasks.select_related("created_by", "owner"))
    notes = list(case.notes.select_related("author"))
    documents = list(case.documents.defer("content").select_related("uploaded_by"))
    readable = [note for note in notes if note_readable(user, note)]
    events = [TimelineEvent(_as_datetime(case.opened_on), "opened", _("Case opened"), "")]
    if case.closed_on:
        events.append(TimelineEvent(_as_datetime(case.closed_on), "closed", _("Case closed"), ""))
    for need in needs:
        events.append(
            TimelineEvent(
                need.assessed_at,
                "need",
                _("Need assessed"),
                f"{need.get_area_display()}: {need.get_urgency_display()}",
                _name(need.assessed_by),
            )
        )
    for goal in goals:
        events.append(TimelineEvent(goal.created_at, "goal", _("Goal set"), goal.description, _name(goal.created_by)))
    for task in tasks:
        events.append(TimelineEvent(task.created_at, "task", _("Task added"), task.title, _name(task.created_by)))
        if task.done_at:
            events.append(TimelineEvent(task.done_at, "task_done", _("Task done"), task.title, _name(task.owner)))
    for note in notes:
        text = note.text if note_readable(user, note) else _("Confidential note (you may not read it)")
        label = _("Confidential note") if note.confidential else _("Note")
        events.append(TimelineEvent(note.created_at, "note", label, text, _name(note.author)))
    for document in documents:
        events.append(
            TimelineEvent(
                document.uploaded_at,
                "document",
                _("Document uploaded"),
                f"{document.get_kind_display()}: {document.filename}",
                _name(document.uploaded_by),
            )
        )
    events += _person_events(case.person)
    events.sort(key=lambda event: event.at, reverse=True)
    return CasePlan(needs=needs, goals=goals, tasks=tasks, notes=readable, documents=documents, timeline=events)


def _person_events(person: Person) -> list[TimelineEvent]:
    """Appointments, referrals and consents of the person, for the timeline of their case."""
    events = []
    for appointment in person.appointments.select_related("location", "caseworker"):
        events.append(
            TimelineEvent(
                appointment.starts_at,
                "appointment",
                _("Appointment (%(status)s)") % {"status": appointment.get_status_display()},
                f"{appointment.location.name}: {appointment.topic}",
                _name(appointment.caseworker),
            )
        )
    for referral in person.referrals.select_related("organisation", "sent_by"):
        events.append(
            TimelineEvent(
                referral.sent_at,
                "referral",
                _("Referral sent"),
                f"{referral.get_offer_kind_display()} · {referral.organisation.name}",
                _name(referral.sent_by),
            )
        )
        if referral.status != "sent":
            events.append(
                TimelineEvent(
                    referral.updated_at,
                    "referral_status",
                    _("Referral %(status)s") % {"status": referral.get_status_display()},
                    referral.feedback,
                    referral.organisation.name,
                )
            )
    for consent in person.consents.select_related("organisation", "recorded_by"):
        what = consent.get_purpose_display() + (f" ({consent.organisation.name})" if consent.organisation else "")
        events.append(
            TimelineEvent(
                _as_datetime(consent.given_on), "consent", _("Consent given"), what, _name(consent.recorded_by)
            )
        )
        if consent.withdrawn_at:
            events.append(TimelineEvent(consent.withdrawn_at, "consent_withdrawn", _("Consent withdrawn"), what))
    return events


# --- Potential profile -----------------------------------------------------------------------------------


@dataclass
class ShortageMatch:
    occupation: ShortageOccupation
    because: str
    suggestions: list[str]


def shortage_occupations_for_user(user) -> QuerySet[ShortageOccupation]:
    """The entries of the shortage-occupation list `user` may change (all, or none without the right)."""
    if not user_can(user, Perm.SHORTAGE_OCCUPATIONS_MANAGE):
        return ShortageOccupation.objects.none()
    return ShortageOccupation.objects.all()


def shortage_occupations() -> QuerySet[ShortageOccupation]:
    return ShortageOccupation.objects.filter(is_active=True).order_by("title")


def _mentions(term: str, text: str) -> bool:
    words = set(name_tokens(text))
    term_words = name_tokens(term)
    return (bool(term_words) and all(word in words for word in term_words)) or term in text.lower()


def shortage_matches(person: Person, occupations: list[ShortageOccupation] | None = None) -> list[ShortageMatch]:
    """Regional shortage occupations the person's qualifications or work experience fit, with next steps."""
    occupations = occupations if occupations is not None else list(shortage_occupations())
    qualifications = list(person.qualifications.all())
    experience = list(person.work_experience.all())
    german = CEFR_RANK.get(person.language_level("de") or "none", 0)
    matches = []
    for occupation in occupations:
        terms = occupation.terms()
        found = None
        for qualification in qualifications:
            text = f"{qualification.title} {qualification.field}"
            if any(_mentions(term, text) for term in terms):
                found = qualification
                break
        worked = next((w for w in experience if any(_mentions(term, w.occupation) for term in terms)), None)
        if found is None and worked is None:
            continue
        suggestions = []
        if (
            found is not None
            and found.is_foreign
            and found.recognition_status
            in {
                RecognitionStatus.NOT_STARTED,
                RecognitionStatus.PARTIAL,
                RecognitionStatus.REFUSED,
            }
        ):
            suggestions.append(_("Recognition counselling for the foreign qualification"))
        elif found is None and occupation.recognition_required:
            suggestions.append(_("Recognition counselling: this occupation is regulated"))
        if german < CEFR_RANK["B2"]:
            suggestions.append(_("Job-related German course (Berufssprachkurs)"))
        because = found.title if found is not None else worked.occupation
        matches.append(ShortageMatch(occupation=occupation, because=because, suggestions=suggestions))
    return matches


# --- Data subject rights ---------------------------------------------------------------------------------


def languages_needed(*, limit: int = 12) -> list[str]:
    """The languages the district's newcomers speak, most frequent first: persons' preferred languages and
    the interpreters booked. Two grouped counts, no personal data; German needs no interpreter."""
    counts: Counter[str] = Counter()
    for field, rows in (
        ("preferred_language", Person.objects.exclude(preferred_language__in=["", "de"])),
        ("interpreter_language", Appointment.objects.exclude(interpreter_language__in=["", "de"])),
    ):
        for row in rows.values(field).annotate(n=Count("pk")).order_by():
            counts[row[field]] += row["n"]
    return [code for code, _n in counts.most_common(limit)]


def records_held_on(person: Person) -> dict[str, int]:
    """How many of each kind of record an erasure of `person` deletes (said on the confirmation page)."""
    return {
        "cases": person.cases.count(),
        "documents": Document.objects.filter(case__person=person).count(),
        "appointments": person.appointments.count(),
        "referrals": person.referrals.count(),
        "consents": person.consents.count(),
    }


def person_export(person: Person) -> dict[str, Any]:
    """Everything held on a person, as plain data (the JSON export and the PDF are made from it)."""

    def iso(value):
        return value.isoformat() if value else None

    cases = []
    for case in person.cases.prefetch_related("needs", "goals", "tasks", "notes", "documents"):
        cases.append(
            {
                "id": case.pk,
                "status": case.status,
                "opened_on": iso(case.opened_on),
                "closed_on": iso(case.closed_on),
                "summary": case.summary,
                "needs": [
                    {"area": n.area, "urgency": n.urgency, "description": n.description} for n in case.needs.all()
                ],
                "goals": [
                    {"area": g.area, "goal": g.description, "status": g.status, "target_date": iso(g.target_date)}
                    for g in case.goals.all()
                ],
                "tasks": [
                    {"task": t.title, "due_on": iso(t.due_on), "done_at": iso(t.done_at)} for t in case.tasks.all()
                ],
                "notes": [
                    {"at": iso(n.created_at), "confidential": n.confidential, "text": n.text} for n in case.notes.all()
                ],
                "documents": [
                    {"kind": d.kind, "filename": d.filename, "size": d.size, "uploaded_at": iso(d.uploaded_at)}
                    for d in case.documents.all()
                ],
            }
        )
    return {
        "person": {
            "id": person.pk,
            "given_names": person.given_names,
            "family_names": person.family_names,
            "given_names_original": person.given_names_original,
            "family_names_original": person.family_names_original,
            "birth_date": person.birth_date.iso() if person.birth_date else None,
            "sex": person.sex,
            "nationalities": person.nationalities,
            "languages": person.languages,
            "preferred_language": person.preferred_language,
            "phone": person.phone,
            "email": person.email,
            "address": {"street": person.street, "postcode": person.postcode, "town": person.town},
            "municipality": person.municipality.name if person.municipality else None,
            "residence_status": person.residence_status,
            "residence_valid_from": iso(person.residence_valid_from),
            "residence_valid_until": iso(person.residence_valid_until),
            "arrival_date": iso(person.arrival_date),
            "household_id": person.household_id,
            "schooling": person.schooling,
            "driving_licence": person.driving_licence,
            "skills": person.skills,
            "wishes": person.wishes,
            "created_at": iso(person.created_at),
        },
        "family": [{"relation": link.relation, "relative_id": link.relative_id} for link in person.family_links.all()],
        "qualifications": [
            {
                "kind": q.kind,
                "title": q.title,
                "field": q.field,
                "country": q.country,
                "year": q.year,
                "recognition_status": q.recognition_status,
            }
            for q in person.qualifications.all()
        ],
        "work_experience": [
            {"occupation": w.occupation, "years": str(w.years) if w.years is not None else None, "country": w.country}
            for w in person.work_experience.all()
        ],
        "cases": cases,
        "appointments": [
            {
                "starts_at": iso(a.starts_at),
                "ends_at": iso(a.ends_at),
                "location": a.location.name,
                "topic": a.topic,
                "status": a.status,
                "interpreter_language": a.interpreter_language,
            }
            for a in person.appointments.select_related("location")
        ],
        "referrals": [
            {
                "organisation": r.organisation.name,
                "offer": r.offer_kind,
                "status": r.status,
                "sent_at": iso(r.sent_at),
                "message": r.message,
                "feedback": r.feedback,
            }
            for r in person.referrals.select_related("organisation")
        ],
        "consents": [
            {
                "purpose": c.purpose,
                "organisation": c.organisation.name if c.organisation else None,
                "given_on": iso(c.given_on),
                "form": c.form,
                "language": c.language,
                "withdrawn_at": iso(c.withdrawn_at),
            }
            for c in person.consents.select_related("organisation")
        ],
        # What the other apps hold (Deutsch lernen: "german_courses"), each under its section.
        **person_export_others(person),
    }


def retention_flagged_cases(user: Any) -> QuerySet[Case]:
    if not user_can(user, Perm.RETENTION_REVIEW):
        return Case.objects.none()
    return (
        Case.objects.filter(retention_flagged_on__isnull=False, status=CaseStatus.CLOSED)
        .select_related("person", "person__municipality")
        .order_by("closed_on", "id")
    )


def retention_days() -> int:
    return settings.WEGWEISER_CASE_RETENTION_DAYS


def persons_with_open_cases(person_ids: Any) -> set[int]:
    """Of these persons, those who still have a case that is not closed (they are not deleted)."""
    return set(
        Case.objects.filter(person_id__in=person_ids)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("person_id", flat=True)
    )


def retention_cutoff(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return date.fromordinal(today.toordinal() - settings.WEGWEISER_CASE_RETENTION_DAYS)


# --- Aggregates for the Lagebild -------------------------------------------------------------------------


def casework_aggregates(*, municipality_ids: set[int] | list[int] | None = None) -> dict[str, Publication]:
    """The Lagebild's figures from the casework, each a `core.publication.Publication` over the whole district:

    - "persons": base cells (municipality id, nationalities as a sorted tuple), groupings "municipality",
      "samtgemeinde", "district", "nationality" (the district) and "nationality_by_municipality"
      ((municipality id, code); a person with two nationalities counts under each);
    - "cases": base cells (municipality id, status), the three territorial groupings and "status";
    - "open_needs" (needs with an urgency in cases that are not closed): base cells (municipality id, area),
      the territorial groupings and "area".

    No personal data: small counts are hidden (None), and so is what would give them away, across all the
    groupings of a figure, so a small town's single Eritrean family cannot be read off the Lagebild, not even as
    a total minus the other counts or as the Samtgemeinde minus its other members. The suppression is that of
    the whole district; `municipality_ids` (a remit) only cuts out the part a reader may see. Persons without a
    municipality are left out. Everything is counted in the database.
    """
    persons = Person.objects.active().filter(municipality__isnull=False)
    by_nationalities: Counter = Counter()
    # One row per municipality and combination of nationalities (most persons have one).
    for row in persons.values("municipality_id", "nationalities").annotate(count=Count("id")).order_by():
        by_nationalities[(row["municipality_id"], tuple(sorted(set(row["nationalities"] or []))))] += row["count"]
    cases = {
        (row["person__municipality_id"], row["status"]): row["count"]
        for row in Case.objects.filter(person__in=persons)
        .values("person__municipality_id", "status")
        .annotate(count=Count("id"))
        .order_by()
    }
    needs = {
        (row["case__person__municipality_id"], row["area"]): row["count"]
        for row in Need.objects.filter(case__person__in=persons)
        .exclude(case__status=CaseStatus.CLOSED)
        .exclude(urgency=Urgency.NONE)
        .values("case__person__municipality_id", "area")
        .annotate(count=Count("id"))
        .order_by()
    }
    samtgemeinden = samtgemeinde_of_members()

    def municipality_of(key: tuple) -> int:
        return key[0]

    territorial = territorial_groupings(municipality_of, samtgemeinden)
    figures = {
        "persons": publish_table(
            by_nationalities,
            by={
                **territorial,
                "nationality": lambda key: list(key[1]),
                "nationality_by_municipality": lambda key: [(key[0], code) for code in key[1]],
            },
        ),
        "cases": publish_table(cases, by={**territorial, "status": lambda key: key[1]}),
        "open_needs": publish_table(needs, by={**territorial, "area": lambda key: key[1]}),
    }
    area_of = {
        CELLS: municipality_of,
        "municipality": lambda key: key,
        "samtgemeinde": lambda key: key,
        "nationality_by_municipality": municipality_of,
    }
    return {name: publication_in_remit(figure, municipality_ids, area_of) for name, figure in figures.items()}


def casework_aggregates_by_municipality(figures: Mapping[str, Publication]) -> list[dict[str, Any]]:
    """The figures of `casework_aggregates` as one row per municipality with persons (the API's shape): persons,
    cases by status, open needs by area and persons by nationality, hidden counts None; by municipality id."""
    rows: dict[int, dict[str, Any]] = {
        municipality_id: {
            "municipality_id": municipality_id,
            "persons": published_value(cell),
            "cases_by_status": {},
            "open_needs_by_area": {},
            "persons_by_nationality": {},
        }
        for municipality_id, cell in figures["persons"]["municipality"].items()
    }
    for (municipality_id, status), cell in sorted(figures["cases"].cells.items()):
        if municipality_id in rows:
            rows[municipality_id]["cases_by_status"][status] = published_value(cell)
    for (municipality_id, area), cell in sorted(figures["open_needs"].cells.items()):
        if municipality_id in rows:
            rows[municipality_id]["open_needs_by_area"][area] = published_value(cell)
    for (municipality_id, code), cell in sorted(figures["persons"]["nationality_by_municipality"].items()):
        rows[municipality_id]["persons_by_nationality"][code] = published_value(cell)
    return [rows[municipality_id] for municipality_id in sorted(rows)]


def casework_arrivals_by_month(*, since: date, municipality_ids: set[int] | list[int] | None = None) -> Publication:
    """For the Lagebild: persons by month of arrival in Germany (from `since`), a `Publication` over the whole
    district with base cells (municipality id, first day of the month) and the groupings "municipality",
    "samtgemeinde", "district" (all months), "month" (the district per month) and "samtgemeinde_month"
    ((Samtgemeinde id, month)), protected together so that no month of a small town can be worked out from the
    district's month minus the other towns. Counted in the database; `municipality_ids` (a remit) only cuts out
    the part a reader may see."""
    from django.db.models.functions import TruncMonth

    rows = (
        Person.objects.active()
        .filter(municipality__isnull=False, arrival_date__gte=since)
        .annotate(month=TruncMonth("arrival_date"))
        .values("municipality_id", "month")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts: Counter = Counter()
    for row in rows:
        month = row["month"].date() if isinstance(row["month"], datetime) else row["month"]
        counts[(row["municipality_id"], month)] += row["count"]
    samtgemeinden = samtgemeinde_of_members()

    def municipality_of(key: tuple) -> int:
        return key[0]

    def samtgemeinde_month(key: tuple) -> tuple | None:
        samtgemeinde = samtgemeinden.get(key[0])
        return (samtgemeinde, key[1]) if samtgemeinde is not None else None

    publication = publish_table(
        dict(counts),
        by={
            **territorial_groupings(municipality_of, samtgemeinden),
            "month": lambda key: key[1],
            "samtgemeinde_month": samtgemeinde_month,
        },
    )
    area_of = {
        CELLS: municipality_of,
        "municipality": lambda key: key,
        "samtgemeinde": lambda key: key,
        "samtgemeinde_month": lambda key: key[0],
    }
    return publication_in_remit(publication, municipality_ids, area_of)
