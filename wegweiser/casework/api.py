"""The Migrationszentrum's JSON API: the same selectors and services as the pages, the same scoping."""

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.responses import Status

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.api.permissions import require
from wegweiser.audit.services import audit_read
from wegweiser.casework import selectors, services
from wegweiser.casework.schemas import (
    AppointmentIn,
    AppointmentOut,
    CaseOut,
    DuplicatesOut,
    ErrorOut,
    MunicipalityAggregatesOut,
    PersonIn,
    PersonMatchOut,
    PersonOut,
    ReferralAnswerIn,
    ReferralIn,
    ReferralOut,
    ReferralRowOut,
)
from wegweiser.casework.services import PURPOSE_CASE_WORK, PURPOSE_REFERRAL, CaseworkError
from wegweiser.core.partial_dates import PartialDate
from wegweiser.network.selectors import organisations_for_user
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import remit_for_user

router = Router(tags=["casework"])


class PersonQuery(Schema):
    q: str = ""
    birth: str = ""
    phone: str = ""
    limit: int = 20


class DuplicateQuery(Schema):
    given_names: str = ""
    family_names: str = ""
    names_original: str = ""
    birth: str = ""
    phone: str = ""


def _birth(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except ValueError as error:
        raise HttpError(422, "birth: use YYYY, YYYY-MM or YYYY-MM-DD") from error


@router.get("/persons", response=list[PersonMatchOut], url_name="casework_persons")
def person_search(request, query: Query[PersonQuery]):
    require(request, Perm.PERSONS_VIEW)
    _birth(query.birth)
    return selectors.person_search_for_user(
        request.auth, query.q, birth_date_text=query.birth, phone=query.phone, limit=min(max(query.limit, 1), 100)
    )


@router.post("/persons", response={201: PersonOut, 409: DuplicatesOut, 422: ErrorOut}, url_name="casework_persons")
def person_create(request, payload: PersonIn):
    """Register a person; answers 409 with the likely duplicates unless `confirm_new` is set."""
    require(request, Perm.PERSONS_EDIT)
    data = payload.dict()
    confirm = data.pop("confirm_new")
    municipality_id = data.pop("municipality_id")
    municipality = None
    if municipality_id is not None:
        municipality = get_object_or_404(Municipality.objects.local(), pk=municipality_id)
    data["birth_date"] = _birth(data["birth_date"])
    try:
        intake = services.person_intake(actor=request.auth, confirm_new=confirm, municipality=municipality, **data)
    except CaseworkError as error:
        return Status(422, {"detail": str(error)})
    if intake.person is None:
        return Status(
            409, {"detail": "likely duplicates; check them, then send confirm_new", "candidates": intake.candidates}
        )
    return Status(201, intake.person)


@router.get("/persons/duplicates", response=list[PersonMatchOut], url_name="casework_person_duplicates")
def person_duplicates(request, query: Query[DuplicateQuery]):
    require(request, Perm.PERSONS_EDIT)
    matches = selectors.person_duplicate_candidates(
        given_names=query.given_names,
        family_names=query.family_names,
        names_original=query.names_original,
        birth_date=_birth(query.birth),
        phone=query.phone,
    )
    return selectors.candidates_for_user(request.auth, matches)


@router.get("/persons/{person_id}", response=PersonOut, url_name="casework_person")
def person_detail(request, person_id: int):
    require(request, Perm.PERSONS_VIEW)
    person = get_object_or_404(selectors.persons_for_user(request.auth), pk=person_id)
    audit_read(actor=request.auth, obj=person, purpose=PURPOSE_CASE_WORK, municipality_id=person.municipality_id)
    return person


@router.get("/cases/{case_id}", response=CaseOut, url_name="casework_case")
def case_detail(request, case_id: int):
    require(request, Perm.PERSONS_VIEW)
    case = get_object_or_404(
        selectors.cases_for_user(request.auth).prefetch_related("needs", "goals", "tasks"), pk=case_id
    )
    audit_read(actor=request.auth, obj=case, purpose=PURPOSE_CASE_WORK, municipality_id=case.person.municipality_id)
    return case


@router.get("/appointments", response=list[AppointmentOut], url_name="casework_appointments")
def appointments(request, day: date | None = None):
    require(request, Perm.APPOINTMENTS_MANAGE)
    from django.utils import timezone

    return list(selectors.appointments_on_day(request.auth, day or timezone.localdate()))


@router.post(
    "/appointments", response={201: AppointmentOut, 409: ErrorOut, 422: ErrorOut}, url_name="casework_appointments"
)
def appointment_book(request, payload: AppointmentIn):
    require(request, Perm.APPOINTMENTS_MANAGE)
    from wegweiser.casework.forms import staff_for_cases

    person = get_object_or_404(selectors.persons_for_user(request.auth).active(), pk=payload.person_id)
    caseworker = get_object_or_404(staff_for_cases(), pk=payload.caseworker_id)
    location = get_object_or_404(selectors.locations_for_user(request.auth), pk=payload.location_id)
    try:
        appointment = services.appointment_book(
            actor=request.auth,
            person=person,
            caseworker=caseworker,
            location=location,
            starts_at=payload.starts_at,
            ends_at=payload.ends_at,
            kind=payload.kind,
            topic=payload.topic,
            interpreter_language=payload.interpreter_language,
            case=selectors.open_case_of(person),
        )
    except services.AppointmentClash as error:
        return Status(409, {"detail": str(error)})
    except CaseworkError as error:
        return Status(422, {"detail": str(error)})
    return Status(201, appointment)


def _referral_out(referral) -> dict:
    return selectors.partner_view_of_referral(referral)


@router.get("/referrals", response=list[ReferralRowOut], url_name="casework_referrals")
@paginate(PageNumberPagination, page_size=50)
def referrals(request):
    """Referrals, newest first, 50 a page: offer, status, date and first name with initial; the contact
    details are on each referral's own (audited) resource."""
    if not (user_can(request.auth, Perm.PERSONS_VIEW) or user_can(request.auth, Perm.REFERRALS_RECEIVE)):
        raise HttpError(403, "forbidden")
    return selectors.referrals_for_user(request.auth).order_by("-sent_at", "-id")


@router.post("/referrals", response={201: ReferralOut, 409: ErrorOut, 422: ErrorOut}, url_name="casework_referrals")
def referral_send(request, payload: ReferralIn):
    """Refer a person; answers 409 when the person has not agreed to share with this partner, 422 for an
    unknown offer."""
    require(request, Perm.CASES_WORK)
    person = get_object_or_404(selectors.persons_for_user(request.auth).active(), pk=payload.person_id)
    recipients = organisations_for_user(request.auth, perm=Perm.CASES_WORK).filter(is_active=True)
    organisation = get_object_or_404(recipients, pk=payload.organisation_id)
    try:
        referral = services.referral_send(
            actor=request.auth,
            person=person,
            organisation=organisation,
            offer_kind=payload.offer_kind,
            message=payload.message,
            case=selectors.open_case_of(person),
        )
    except services.ConsentMissing as error:
        return Status(409, {"detail": str(error)})
    except CaseworkError as error:
        return Status(422, {"detail": str(error)})
    return Status(201, _referral_out(referral))


@router.get("/referrals/{referral_id}", response=ReferralOut, url_name="casework_referral")
def referral_detail(request, referral_id: int):
    if not (user_can(request.auth, Perm.PERSONS_VIEW) or user_can(request.auth, Perm.REFERRALS_RECEIVE)):
        raise HttpError(403, "forbidden")
    referral = get_object_or_404(selectors.referrals_for_user(request.auth), pk=referral_id)
    audit_read(
        actor=request.auth, obj=referral, purpose=PURPOSE_REFERRAL, municipality_id=referral.person.municipality_id
    )
    return _referral_out(referral)


@router.post("/referrals/{referral_id}", response={200: ReferralOut, 409: ErrorOut}, url_name="casework_referral")
def referral_answer(request, referral_id: int, payload: ReferralAnswerIn):
    """The partner's answer (accepted, done, declined) with feedback."""
    require(request, Perm.REFERRALS_RECEIVE)
    referral = get_object_or_404(selectors.referrals_for_user(request.auth), pk=referral_id)
    try:
        referral = services.referral_update(
            actor=request.auth, referral=referral, status=payload.status, feedback=payload.feedback
        )
    except (CaseworkError, ValueError) as error:
        return Status(409, {"detail": str(error)})
    return Status(200, _referral_out(referral))


@router.get("/aggregates", response=list[MunicipalityAggregatesOut], url_name="casework_aggregates")
def aggregates(request):
    """Counts per municipality with small numbers suppressed (null); no personal data."""
    require(request, Perm.AGGREGATES_VIEW)
    user = request.auth
    ids = remit_for_user(user).municipality_ids
    return selectors.casework_aggregates_by_municipality(selectors.casework_aggregates(municipality_ids=ids))
