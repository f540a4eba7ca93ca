"""The Migrationszentrum's JSON API: the same selectors and services as the pages, the same scoping."""

from datetime import date, datetime, timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.api.pagination import BoundedPageNumberPagination
from wegweiser.api.permissions import require
from wegweiser.api.schemas import COMMON_ERRORS, ErrorOut, ValidationErrorOut
from wegweiser.api.validation import aware_moment, refuse, validated
from wegweiser.audit.services import audit_read
from wegweiser.casework import selectors, services
from wegweiser.casework.forms import (
    MAX_LANGUAGE_ROWS,
    AppointmentForm,
    PersonForm,
    ReferralAnswerForm,
    ReferralForm,
)
from wegweiser.casework.schemas import (
    AppointmentIn,
    AppointmentOut,
    CaseOut,
    DuplicatesOut,
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
from wegweiser.territory.remit import remit_for_user, remit_require

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
        raise refuse(
            _("Enter a date as YYYY, YYYY-MM or YYYY-MM-DD."), field="birth", where="query", kind="invalid"
        ) from error


@router.get(
    "/persons",
    response={200: list[PersonMatchOut], 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_persons",
)
def person_search(request, query: Query[PersonQuery]):
    require(request, Perm.PERSONS_VIEW)
    _birth(query.birth)
    return selectors.person_search_for_user(
        request.auth, query.q, birth_date_text=query.birth, phone=query.phone, limit=min(max(query.limit, 1), 100)
    )


def _person_form_data(payload: PersonIn) -> dict:
    """The payload as the person form's fields: languages become the form's numbered rows."""
    data = payload.dict(exclude={"confirm_new", "municipality_id", "languages"})
    data = {name: "" if value is None else value for name, value in data.items()}
    data["municipality"] = payload.municipality_id or ""
    data["language_rows"] = len(payload.languages)
    for index, entry in enumerate(payload.languages):
        data[f"language_{index}"] = entry.code
        data[f"level_{index}"] = entry.level
    return data


def _person_field_name(form_field: str) -> str:
    if form_field == "municipality":
        return "municipality_id"
    if form_field.startswith(("language_", "level_")):
        return "languages"
    return form_field


@router.post(
    "/persons",
    response={201: PersonOut, 404: ErrorOut, 409: DuplicatesOut, 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_persons",
)
def person_create(request, payload: PersonIn):
    """Register a person; answers 409 with the likely duplicates unless `confirm_new` is set. The payload is
    checked by the intake page's own form: what the page refuses is refused here with the same message."""
    require(request, Perm.PERSONS_EDIT)
    if len(payload.languages) > MAX_LANGUAGE_ROWS:
        raise refuse(
            _("At most %(count)s languages.") % {"count": MAX_LANGUAGE_ROWS}, field="languages", kind="too_long"
        )
    if payload.municipality_id is not None:
        # A municipality outside the remit is a 403 (as the service answers it), not an invalid choice.
        municipality = get_object_or_404(Municipality.objects.local(), pk=payload.municipality_id)
        remit_require(request.auth, municipality.pk)
    form = validated(
        PersonForm(_person_form_data(payload), user=request.auth, language_rows=len(payload.languages)),
        field_names=_person_field_name,
    )
    try:
        intake = services.person_intake(actor=request.auth, confirm_new=payload.confirm_new, **form.person_data())
    except CaseworkError as error:
        raise refuse(str(error)) from error
    if intake.person is None:
        return Status(
            409, {"detail": "likely duplicates; check them, then send confirm_new", "candidates": intake.candidates}
        )
    return Status(201, intake.person)


@router.get(
    "/persons/duplicates",
    response={200: list[PersonMatchOut], 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_person_duplicates",
)
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


@router.get(
    "/persons/{person_id}",
    response={200: PersonOut, 404: ErrorOut, 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_person",
)
def person_detail(request, person_id: int):
    require(request, Perm.PERSONS_VIEW)
    person = get_object_or_404(selectors.persons_for_user(request.auth), pk=person_id)
    audit_read(actor=request.auth, obj=person, purpose=PURPOSE_CASE_WORK, municipality_id=person.municipality_id)
    return person


@router.get(
    "/cases/{case_id}",
    response={200: CaseOut, 404: ErrorOut, 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_case",
)
def case_detail(request, case_id: int):
    require(request, Perm.PERSONS_VIEW)
    case = get_object_or_404(
        selectors.cases_for_user(request.auth).prefetch_related("needs", "goals", "tasks"), pk=case_id
    )
    audit_read(actor=request.auth, obj=case, purpose=PURPOSE_CASE_WORK, municipality_id=case.person.municipality_id)
    return case


@router.get(
    "/appointments",
    response={200: list[AppointmentOut], 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_appointments",
)
def appointments(request, day: date | None = None):
    require(request, Perm.APPOINTMENTS_MANAGE)
    from django.utils import timezone

    return list(selectors.appointments_on_day(request.auth, day or timezone.localdate()))


def _appointment_form_data(payload: AppointmentIn, starts_at: datetime, ends_at: datetime) -> dict:
    """The payload as the booking page's fields: a local day, a start and a duration."""
    local = timezone.localtime(starts_at)
    return {
        "caseworker": payload.caseworker_id,
        "location": payload.location_id,
        "day": local.date(),
        "start": local.time(),
        "minutes": int((ends_at - starts_at).total_seconds() // 60),
        "kind": payload.kind,
        "topic": payload.topic,
        "interpreter_language": payload.interpreter_language,
    }


@router.post(
    "/appointments",
    response={201: AppointmentOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_appointments",
)
def appointment_book(request, payload: AppointmentIn):
    """Book an appointment. Checked by the booking page's form (caseworker, location, kind, topic, interpreter,
    a duration of 15 to 90 minutes) and by the service (the years an appointment may lie in, clashes: 409)."""
    require(request, Perm.APPOINTMENTS_MANAGE)
    person = get_object_or_404(selectors.persons_for_user(request.auth).active(), pk=payload.person_id)
    starts_at = aware_moment(payload.starts_at, field="starts_at")
    ends_at = aware_moment(payload.ends_at, field="ends_at") if payload.ends_at else starts_at + timedelta(minutes=30)
    locations = selectors.locations_for_user(request.auth)
    form = validated(
        AppointmentForm(_appointment_form_data(payload, starts_at, ends_at), locations=locations),
        field_names={
            "caseworker": "caseworker_id",
            "location": "location_id",
            "minutes": "ends_at",
            "day": "starts_at",
            "start": "starts_at",
        },
    )
    data = form.cleaned_data
    try:
        appointment = services.appointment_book(
            actor=request.auth,
            person=person,
            caseworker=data["caseworker"],
            location=data["location"],
            starts_at=starts_at,
            ends_at=ends_at,
            kind=data["kind"],
            topic=data["topic"],
            interpreter_language=data["interpreter_language"],
            case=selectors.open_case_of(person),
        )
    except services.AppointmentClash as error:
        return Status(409, {"detail": str(error)})
    except CaseworkError as error:
        raise refuse(str(error)) from error
    return Status(201, appointment)


def _referral_out(referral) -> dict:
    return selectors.partner_view_of_referral(referral)


@router.get(
    "/referrals",
    response={200: list[ReferralRowOut], 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_referrals",
)
@paginate(BoundedPageNumberPagination, page_size=50)
def referrals(request):
    """Referrals, newest first, 50 a page: offer, status, date and first name with initial; the contact
    details are on each referral's own (audited) resource."""
    if not (user_can(request.auth, Perm.PERSONS_VIEW) or user_can(request.auth, Perm.REFERRALS_RECEIVE)):
        raise HttpError(403, "forbidden")
    return selectors.referrals_for_user(request.auth).order_by("-sent_at", "-id")


@router.post(
    "/referrals",
    response={201: ReferralOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_referrals",
)
def referral_send(request, payload: ReferralIn):
    """Refer a person; answers 409 when the person has not agreed to share with this partner, 422 for an
    unknown offer. Checked by the referral page's form."""
    require(request, Perm.CASES_WORK)
    person = get_object_or_404(selectors.persons_for_user(request.auth).active(), pk=payload.person_id)
    recipients = organisations_for_user(request.auth, perm=Perm.CASES_WORK).filter(is_active=True)
    organisation = get_object_or_404(recipients, pk=payload.organisation_id)
    # The form offers only partners with consent; the service answers a partner without it (409).
    form = validated(
        ReferralForm(
            {"organisation": organisation.pk, "offer_kind": payload.offer_kind, "message": payload.message},
            person=person,
        ),
        decided_elsewhere=frozenset({"organisation"}),
    )
    try:
        referral = services.referral_send(
            actor=request.auth,
            person=person,
            organisation=organisation,
            offer_kind=form.cleaned_data["offer_kind"],
            message=form.cleaned_data["message"],
            case=selectors.open_case_of(person),
        )
    except services.ConsentMissing as error:
        return Status(409, {"detail": str(error)})
    except CaseworkError as error:
        raise refuse(str(error)) from error
    return Status(201, _referral_out(referral))


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, 404: ErrorOut, 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_referral",
)
def referral_detail(request, referral_id: int):
    if not (user_can(request.auth, Perm.PERSONS_VIEW) or user_can(request.auth, Perm.REFERRALS_RECEIVE)):
        raise HttpError(403, "forbidden")
    referral = get_object_or_404(selectors.referrals_for_user(request.auth), pk=referral_id)
    audit_read(
        actor=request.auth, obj=referral, purpose=PURPOSE_REFERRAL, municipality_id=referral.person.municipality_id
    )
    return _referral_out(referral)


@router.post(
    "/referrals/{referral_id}",
    response={200: ReferralOut, 404: ErrorOut, 409: ErrorOut, 422: ValidationErrorOut, **COMMON_ERRORS},
    url_name="casework_referral",
)
def referral_answer(request, referral_id: int, payload: ReferralAnswerIn):
    """The partner's answer (accepted, done, declined) with feedback, checked by the answer page's form; a
    change the referral's state does not allow is a 409."""
    require(request, Perm.REFERRALS_RECEIVE)
    referral = get_object_or_404(selectors.referrals_for_user(request.auth), pk=referral_id)
    form = validated(ReferralAnswerForm({"status": payload.status, "feedback": payload.feedback}))
    try:
        referral = services.referral_update(actor=request.auth, referral=referral, **form.cleaned_data)
    except (CaseworkError, ValueError) as error:
        return Status(409, {"detail": str(error)})
    return Status(200, _referral_out(referral))


@router.get(
    "/aggregates", response={200: list[MunicipalityAggregatesOut], **COMMON_ERRORS}, url_name="casework_aggregates"
)
def aggregates(request):
    """Counts per municipality with small numbers suppressed (null); no personal data."""
    require(request, Perm.AGGREGATES_VIEW)
    user = request.auth
    ids = remit_for_user(user).municipality_ids
    return selectors.casework_aggregates_by_municipality(selectors.casework_aggregates(municipality_ids=ids))
