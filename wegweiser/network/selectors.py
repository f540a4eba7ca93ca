from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.network import matching
from wegweiser.network.certificates import role_is_blocked
from wegweiser.network.models import (
    Organisation,
    OrganisationLanguage,
    OrganisationRevision,
    RevisionStatus,
    Volunteer,
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
