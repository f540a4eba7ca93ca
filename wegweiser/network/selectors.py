from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.core.codes import language_name
from wegweiser.core.readable import Fact, Section, facts_of
from wegweiser.network import matching
from wegweiser.network.certificates import role_is_blocked
from wegweiser.network.models import (
    Organisation,
    OrganisationLanguage,
    OrganisationRevision,
    RevisionStatus,
    Volunteer,
    VolunteerMatch,
    VolunteerNeed,
    Weekday,
)


def organisations_for_user(user, *, perm: Perm = Perm.ORGANISATIONS_VIEW) -> QuerySet[Organisation]:
    """The organisations `user` may reach with `perm` (all of them, or none without the permission): views look
    an organisation up in this, never by bare id. An organisation's own account reaches its own entry with
    `Perm.ORGANISATION_OWN_EDIT`."""
    if not user_can(user, perm):
        return Organisation.objects.none()
    if perm == Perm.ORGANISATION_OWN_EDIT:
        return (
            Organisation.objects.filter(pk=user.organisation_id)
            if user.organisation_id
            else Organisation.objects.none()
        )
    return Organisation.objects.all()


def organisations_search(
    *, query: str = "", kind: str = "", municipality_id: int | None = None, language: str = ""
) -> QuerySet[Organisation]:
    """The directory of organisations; no personal data, so every role that may see it sees all of it.

    `municipality_id` finds those based in the municipality or serving it; `language` those that serve people
    in that language."""
    organisations = Organisation.objects.select_related("municipality").prefetch_related("languages")
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(municipality__name__icontains=query) | Q(services__icontains=query)
        )
    if kind:
        organisations = organisations.filter(kind=kind)
    if municipality_id:
        organisations = organisations.filter(
            Q(municipality_id=municipality_id) | Q(municipalities_served__id=municipality_id)
        ).distinct()
    if language:
        organisations = organisations.filter(
            Exists(OrganisationLanguage.objects.filter(organisation=OuterRef("pk"), code=language))
        )
    return organisations.annotate(
        has_pending_revision=Exists(
            OrganisationRevision.objects.filter(organisation=OuterRef("pk"), status=RevisionStatus.PENDING)
        )
    ).order_by("name")


def revisions_for_user(user) -> QuerySet[OrganisationRevision]:
    """The proposed changes a reviewer may decide (all of them), or that an organisation's account made (its own)."""
    revisions = OrganisationRevision.objects.select_related("organisation", "submitted_by", "decided_by")
    if user_can(user, Perm.ORGANISATIONS_REVIEW):
        return revisions
    if user_can(user, Perm.ORGANISATION_OWN_EDIT) and user.organisation_id:
        return revisions.filter(organisation_id=user.organisation_id)
    return revisions.none()


@dataclass(frozen=True)
class PublicOrganisation:
    """An organisation's public entry as the district approved it: what the portal may show, nothing more."""

    id: int
    name: str
    kind: str
    kind_label: str
    municipality: str
    address: str
    email: str
    phone: str
    website: str
    services: str
    opening_hours: str
    by_appointment_only: bool
    step_free: bool
    accessibility: str
    languages: tuple[str, ...]
    municipalities_served: tuple[str, ...]


def public_organisations(
    *, kind: str = "", municipality_id: int | None = None, language: str = ""
) -> list[PublicOrganisation]:
    """The public directory for the portal: active organisations the district shows publicly, with their approved
    values only (a change waiting for review is not in here), and no contact persons."""
    rows = (
        organisations_search(kind=kind, municipality_id=municipality_id, language=language)
        .filter(is_active=True, is_public=True)
        .prefetch_related("municipalities_served")
    )
    return [
        PublicOrganisation(
            id=row.pk,
            name=row.name,
            kind=row.kind,
            kind_label=str(row.get_kind_display()),
            municipality=row.municipality.name if row.municipality else "",
            address=row.address,
            email=row.email,
            phone=row.phone,
            website=row.website,
            services=row.services,
            opening_hours=row.opening_hours,
            by_appointment_only=row.by_appointment_only,
            step_free=row.step_free,
            accessibility=row.accessibility,
            languages=tuple(language.code for language in row.languages.all()),
            municipalities_served=tuple(sorted(m.name for m in row.municipalities_served.all())),
        )
        for row in rows
    ]


def volunteers_for_user(user) -> QuerySet[Volunteer]:
    """The volunteers a coordinator may see: district-wide roles all, municipal managers those living in their
    municipalities (`territory.remit`)."""
    if not user_can(user, Perm.VOLUNTEERS_MANAGE):
        return Volunteer.objects.none()
    return Volunteer.objects.in_remit(user).select_related("municipality")


def volunteers_search(user, *, query: str = "", role: str = "", language: str = "") -> QuerySet[Volunteer]:
    volunteers = volunteers_for_user(user).prefetch_related("languages", "roles")
    if query:
        volunteers = volunteers.filter(
            Q(first_name__icontains=query) | Q(last_name__icontains=query) | Q(skills__icontains=query)
        )
    if role:
        volunteers = volunteers.filter(roles__kind=role).distinct()
    if language:
        volunteers = volunteers.filter(languages__code=language).distinct()
    return volunteers


def volunteer_candidates_for_user(user, need: "matching.Need") -> list["matching.Ranked"]:
    """The volunteers in the user's remit ranked for `need` (network/matching.py), roles blocked by the
    certificate rule left out."""
    today = timezone.localdate()
    volunteers = volunteers_for_user(user).prefetch_related("languages", "roles", "availability", "municipalities")
    candidates = [
        matching.Candidate(
            volunteer_id=volunteer.pk,
            name=str(volunteer),
            languages=frozenset(volunteer.language_codes),
            municipality_id=volunteer.municipality_id,
            helps_in=frozenset(m.pk for m in volunteer.municipalities.all()),
            roles=frozenset(role.kind for role in volunteer.roles.all() if not role_is_blocked(role, today)),
            consent_to_contact=volunteer.consent_to_contact,
            slots=tuple(matching.Slot(s.weekday, s.starts_at, s.ends_at) for s in volunteer.availability.all()),
        )
        for volunteer in volunteers
    ]
    return matching.rank(need, candidates)


# --- Needs and matches --------------------------------------------------------------------------------------


def needs_for_user(user) -> QuerySet[VolunteerNeed]:
    """The needs a coordinator may follow: district-wide roles all, municipal managers those in their remit."""
    if not user_can(user, Perm.VOLUNTEERS_MANAGE):
        return VolunteerNeed.objects.none()
    return VolunteerNeed.objects.in_remit(user).select_related("municipality")


def needs_search(
    user, *, status: str = "", role: str = "", language: str = "", municipality_id: int | None = None
) -> QuerySet[VolunteerNeed]:
    needs = needs_for_user(user)
    if status:
        needs = needs.filter(status=status)
    if role:
        needs = needs.filter(role=role)
    if language:
        needs = needs.filter(language=language)
    if municipality_id:
        needs = needs.filter(municipality_id=municipality_id)
    return needs


def matches_for_user(user) -> QuerySet[VolunteerMatch]:
    if not user_can(user, Perm.VOLUNTEERS_MANAGE):
        return VolunteerMatch.objects.none()
    return VolunteerMatch.objects.in_remit(user).select_related("need", "volunteer", "proposed_by")


def need_as_matching(need: VolunteerNeed) -> "matching.Need":
    slots = ()
    if need.weekday is not None and need.starts_at and need.ends_at:
        slots = (matching.Slot(need.weekday, need.starts_at, need.ends_at),)
    return matching.Need(role=need.role, language=need.language, municipality_id=need.municipality_id, slots=slots)


def need_candidates_for_user(user, need: VolunteerNeed) -> list["matching.Ranked"]:
    """The volunteers in the user's remit ranked for a stored need, those already asked about it left out."""
    asked = set(need.matches.values_list("volunteer_id", flat=True))
    return [
        row
        for row in volunteer_candidates_for_user(user, need_as_matching(need))
        if row.candidate.volunteer_id not in asked
    ]


def _time_words(need: VolunteerNeed) -> str:
    if need.weekday is None:
        return ""
    day = str(Weekday(need.weekday).label)
    if need.starts_at and need.ends_at:
        return f"{day} {need.starts_at:%H:%M}–{need.ends_at:%H:%M}"
    return day


@dataclass(frozen=True)
class PublicNeed:
    """What the volunteer's answer page shows: the need without the newcomer (no name, no note, no person)."""

    match_id: int
    volunteer_first_name: str
    role: str
    language: str
    municipality: str
    when: str
    status: str
    status_label: str


def need_for_answer(match_id: int) -> PublicNeed | None:
    """The need a volunteer was asked about, in the active language, for the page their link opens."""
    match = VolunteerMatch.objects.select_related("need__municipality", "volunteer").filter(pk=match_id).first()
    if match is None:
        return None
    need = match.need
    return PublicNeed(
        match_id=match.pk,
        volunteer_first_name=match.volunteer.first_name,
        role=str(need.get_role_display()),
        language=language_name(need.language),
        municipality=need.municipality.name,
        when=_time_words(need),
        status=match.status,
        status_label=str(match.get_status_display()),
    )


def person_need_export(person: Any) -> list[dict[str, Any]]:
    """The needs tied to the person as plain data (the JSON export, GDPR Art. 15)."""
    needs = (
        VolunteerNeed.objects.filter(person=person)
        .select_related("municipality")
        .prefetch_related(Prefetch("matches", queryset=VolunteerMatch.objects.order_by("proposed_at")))
    )
    return [
        {
            "id": need.pk,
            "role": need.role,
            "language": need.language,
            "municipality": need.municipality.name,
            "weekday": need.weekday,
            "from": need.starts_at.isoformat() if need.starts_at else None,
            "until": need.ends_at.isoformat() if need.ends_at else None,
            "note": need.note,
            "status": need.status,
            "created_at": need.created_at.isoformat(),
            "volunteers_asked": [
                {"status": m.status, "proposed_at": m.proposed_at.isoformat()} for m in need.matches.all()
            ],
        }
        for need in needs
    ]


def person_need_export_sections(person: Any) -> list[Section]:
    """The needs tied to the person for them to read (labels and values in words, in the active language)."""
    needs = VolunteerNeed.objects.filter(person=person).select_related("municipality")
    if not needs:
        return []
    records = []
    for need in needs:
        record = facts_of(
            need, ["role", "language", "municipality", "note", "status", ("created_at", _("recorded on"))]
        )
        when = _time_words(need)
        if when:
            record.append(Fact(_("When"), when))
        records.append(record)
    return [Section(title=_("Volunteer help asked for"), records=records, many=True)]


def organisations_by_municipality(organisations: QuerySet[Organisation]) -> dict[int, int]:
    """How many of `organisations` each municipality has, counted as the list's municipality filter finds them
    (based there or serving it): each municipality's circle on the map leads to a list of that length."""
    ids = organisations.order_by().values("pk")
    found: dict[int, set[int]] = {}
    based = Organisation.objects.filter(pk__in=ids, municipality__isnull=False).values_list("municipality_id", "pk")
    served = Organisation.municipalities_served.through.objects.filter(organisation_id__in=ids).values_list(
        "municipality_id", "organisation_id"
    )
    for municipality_id, organisation_id in [*based, *served]:
        found.setdefault(municipality_id, set()).add(organisation_id)
    return {municipality_id: len(members) for municipality_id, members in found.items()}
