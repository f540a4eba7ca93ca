"""The one table of what each role may do.

Every view, API endpoint and selector asks `user_can(user, Perm.X)`; the table below is the only place that
says which role holds which permission. Answering needs no database query. Which *rows* a user may see is the
job of each app's `*_for_user` selectors, which start from the same roles.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from wegweiser.accounts.roles import Role


class Perm(StrEnum):
    # Foundation
    TERRITORY_VIEW = "territory.view"
    TERRITORY_MANAGE = "territory.manage"
    ACCOUNTS_MANAGE = "accounts.manage"
    ORGANISATIONS_VIEW = "network.view_organisations"
    ORGANISATIONS_MANAGE = "network.manage_organisations"
    AUDIT_VIEW = "audit.view"
    # Migrationszentrum (casework)
    PERSONS_VIEW = "casework.view_persons"
    PERSONS_EDIT = "casework.edit_persons"
    PERSONS_MERGE = "casework.merge_persons"
    CASES_WORK = "casework.work_cases"
    CONFIDENTIAL_NOTES_READ = "casework.read_confidential_notes"
    APPOINTMENTS_MANAGE = "casework.manage_appointments"
    SHORTAGE_OCCUPATIONS_MANAGE = "casework.manage_shortage_occupations"
    REFERRALS_RECEIVE = "casework.receive_referrals"
    DATA_SUBJECT_EXPORT = "casework.export_person_data"
    DATA_SUBJECT_DELETE = "casework.delete_person_data"
    RETENTION_REVIEW = "casework.review_retention"
    # Deutsch lernen (language)
    OFFERS_VIEW = "language.view_offers"
    OFFERS_MANAGE = "language.manage_offers"
    OFFERS_COORDINATE = "language.coordinate_offers"
    ENROLMENTS_MANAGE = "language.manage_enrolments"
    ATTENDANCE_TAKE = "language.take_attendance"
    PLACEMENT_RUN = "language.run_placement"
    TRAVEL_MATRIX_MANAGE = "language.manage_travel_matrix"
    # Aggregates for the Lagebild (no personal data, small numbers suppressed)
    AGGREGATES_VIEW = "lagebild.view_aggregates"
    # Loading official statistics and the district's own figures (planners)
    STATISTICS_IMPORT = "lagebild.import_statistics"
    # Public portal: writing and translating the information pages
    PORTAL_EDIT = "portal.edit_pages"
    # Integrationskonzept: reading the plan, planning it (and moderating its consultation), reporting on measures
    CONCEPT_VIEW = "integrationskonzept.view"
    CONCEPT_PLAN = "integrationskonzept.plan"
    CONCEPT_MEASURES_REPORT = "integrationskonzept.report_measures"
    # Network (issue 19): reviewing partners' own edits of their public entry; a partner keeping its own entry
    ORGANISATIONS_REVIEW = "network.review_organisations"
    ORGANISATION_OWN_EDIT = "network.edit_own_organisation"
    VOLUNTEERS_MANAGE = "network.manage_volunteers"
    # LokIn: the programme is run and decided by the district, applied for by the municipalities
    LOKIN_VIEW = "lokin.view"
    LOKIN_MANAGE = "lokin.manage"
    LOKIN_APPLY = "lokin.apply"
    # Meetings of the network's bodies (Migrationsbeirat, integration network, round tables)
    MEETINGS_VIEW = "meetings.view"
    MEETINGS_EDIT = "meetings.edit"
    # Participation: surveys and feedback forms, their codes and results
    PARTICIPATION_MANAGE = "participation.manage"


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.DISTRICT_ADMIN: frozenset(
        {
            Perm.TERRITORY_VIEW,
            Perm.TERRITORY_MANAGE,
            Perm.ACCOUNTS_MANAGE,
            Perm.ORGANISATIONS_VIEW,
            Perm.ORGANISATIONS_MANAGE,
            Perm.OFFERS_VIEW,
            Perm.OFFERS_MANAGE,
            Perm.SHORTAGE_OCCUPATIONS_MANAGE,
            Perm.TRAVEL_MATRIX_MANAGE,
            Perm.AGGREGATES_VIEW,
            Perm.STATISTICS_IMPORT,
            Perm.PORTAL_EDIT,
            Perm.ORGANISATIONS_REVIEW,
        }
    ),
    Role.INTEGRATION_OFFICE: frozenset(
        {
            Perm.TERRITORY_VIEW,
            Perm.ORGANISATIONS_VIEW,
            Perm.OFFERS_VIEW,
            Perm.OFFERS_MANAGE,
            Perm.OFFERS_COORDINATE,
            Perm.ENROLMENTS_MANAGE,
            Perm.PLACEMENT_RUN,
            Perm.TRAVEL_MATRIX_MANAGE,
            Perm.SHORTAGE_OCCUPATIONS_MANAGE,
            Perm.AGGREGATES_VIEW,
            Perm.STATISTICS_IMPORT,
            Perm.PORTAL_EDIT,
            Perm.ORGANISATIONS_REVIEW,
            Perm.VOLUNTEERS_MANAGE,
        }
    ),
    Role.CASEWORKER: frozenset(
        {
            Perm.TERRITORY_VIEW,
            Perm.ORGANISATIONS_VIEW,
            Perm.PERSONS_VIEW,
            Perm.PERSONS_EDIT,
            Perm.PERSONS_MERGE,
            Perm.CASES_WORK,
            Perm.CONFIDENTIAL_NOTES_READ,
            Perm.APPOINTMENTS_MANAGE,
            Perm.DATA_SUBJECT_EXPORT,
            Perm.OFFERS_VIEW,
            Perm.ENROLMENTS_MANAGE,
            Perm.PLACEMENT_RUN,
            Perm.AGGREGATES_VIEW,
        }
    ),
    Role.MUNICIPAL_MANAGER: frozenset(
        {
            Perm.TERRITORY_VIEW,
            Perm.ORGANISATIONS_VIEW,
            Perm.PERSONS_VIEW,
            Perm.PERSONS_EDIT,
            Perm.CASES_WORK,
            Perm.APPOINTMENTS_MANAGE,
            Perm.OFFERS_VIEW,
            Perm.OFFERS_COORDINATE,
            Perm.ENROLMENTS_MANAGE,
            Perm.AGGREGATES_VIEW,
            Perm.VOLUNTEERS_MANAGE,
        }
    ),
    Role.COURSE_PROVIDER: frozenset(
        {
            Perm.TERRITORY_VIEW,
            Perm.OFFERS_VIEW,
            Perm.OFFERS_COORDINATE,
            Perm.ATTENDANCE_TAKE,
            Perm.ORGANISATION_OWN_EDIT,
        }
    ),
    Role.PARTNER: frozenset({Perm.TERRITORY_VIEW, Perm.REFERRALS_RECEIVE, Perm.ORGANISATION_OWN_EDIT}),
    Role.DATA_PROTECTION_OFFICER: frozenset(
        {
            Perm.TERRITORY_VIEW,
            Perm.AUDIT_VIEW,
            Perm.DATA_SUBJECT_EXPORT,
            Perm.DATA_SUBJECT_DELETE,
            Perm.RETENTION_REVIEW,
        }
    ),
}


# Integrationskonzept: planners (district administrator, integration office) edit the plan and moderate the
# consultation; municipal managers read it and report on the measures their municipality is responsible for.
ROLE_PERMISSIONS[Role.DISTRICT_ADMIN] |= {Perm.CONCEPT_VIEW, Perm.CONCEPT_PLAN}
ROLE_PERMISSIONS[Role.INTEGRATION_OFFICE] |= {Perm.CONCEPT_VIEW, Perm.CONCEPT_PLAN}
ROLE_PERMISSIONS[Role.MUNICIPAL_MANAGER] |= {Perm.CONCEPT_VIEW, Perm.CONCEPT_MEASURES_REPORT}
# LokIn (issue 18): district admin and integration office run the programme and decide; municipal managers apply
# and report for their municipality; the data protection officer reads for the audit.
_LOKIN = {
    Role.DISTRICT_ADMIN: {Perm.LOKIN_VIEW, Perm.LOKIN_MANAGE},
    Role.INTEGRATION_OFFICE: {Perm.LOKIN_VIEW, Perm.LOKIN_MANAGE},
    Role.MUNICIPAL_MANAGER: {Perm.LOKIN_VIEW, Perm.LOKIN_APPLY},
    Role.DATA_PROTECTION_OFFICER: {Perm.LOKIN_VIEW},
}
ROLE_PERMISSIONS = {role: perms | _LOKIN.get(role, set()) for role, perms in ROLE_PERMISSIONS.items()}
# Meetings (issue 19): the district keeps every body's meetings, a municipal manager those of their municipality's
# bodies (and reads the district-wide ones); partner organisations read the bodies they are members of.
_MEETINGS = {
    Role.DISTRICT_ADMIN: {Perm.MEETINGS_VIEW, Perm.MEETINGS_EDIT},
    Role.INTEGRATION_OFFICE: {Perm.MEETINGS_VIEW, Perm.MEETINGS_EDIT},
    Role.MUNICIPAL_MANAGER: {Perm.MEETINGS_VIEW, Perm.MEETINGS_EDIT},
    Role.PARTNER: {Perm.MEETINGS_VIEW},
    Role.COURSE_PROVIDER: {Perm.MEETINGS_VIEW},
}
ROLE_PERMISSIONS = {role: perms | _MEETINGS.get(role, set()) for role, perms in ROLE_PERMISSIONS.items()}
# Participation (issues 19, 20): the planners run surveys district-wide, a municipal manager in their municipality.
_PARTICIPATION = {
    Role.DISTRICT_ADMIN: {Perm.PARTICIPATION_MANAGE},
    Role.INTEGRATION_OFFICE: {Perm.PARTICIPATION_MANAGE},
    Role.MUNICIPAL_MANAGER: {Perm.PARTICIPATION_MANAGE},
}
ROLE_PERMISSIONS = {role: perms | _PARTICIPATION.get(role, set()) for role, perms in ROLE_PERMISSIONS.items()}


def user_can(user: Any, perm: Perm) -> bool:
    """Whether the user's role holds `perm`. Touches no database."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return perm in ROLE_PERMISSIONS.get(user.role, frozenset())


def require_perm(perm: Perm) -> Callable:
    """View decorator: anonymous users go to the login page, users without `perm` get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not user_can(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perm = perm  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_any_perm(*perms: Perm) -> Callable:
    """Like require_perm, for pages that several roles open for different reasons: one of `perms` suffices."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not any(user_can(request.user, perm) for perm in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.required_perms = perms  # type: ignore[attr-defined]
        return wrapped

    return decorator
