"""Appointments: the day view, booking, status, reminders and the calendar feed."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record_many
from wegweiser.casework import selectors, services
from wegweiser.casework.calendar import appointments_ical
from wegweiser.casework.forms import (
    AppointmentForm,
    AppointmentStatusForm,
    DayForm,
)
from wegweiser.casework.models import AppointmentKind
from wegweiser.casework.services import (
    PURPOSE_APPOINTMENTS,
    CaseworkError,
)
from wegweiser.casework.views._common import _opened, _person
from wegweiser.core.codes import language_name


def audit_record_many_read(*, actor, objects) -> None:
    """The open requests show visitors' contact details: one read entry each, written together."""
    with transaction.atomic():
        audit_record_many(actor=actor, action=AuditAction.READ, purpose=PURPOSE_APPOINTMENTS, objects=objects)


WEEKDAY_NAMES = [
    _lazy("Monday"),
    _lazy("Tuesday"),
    _lazy("Wednesday"),
    _lazy("Thursday"),
    _lazy("Friday"),
    _lazy("Saturday"),
    _lazy("Sunday"),
]

# --- Appointments ----------------------------------------------------------------------------------------


@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_day(request):
    """The front desk's day: every appointment of one day, by location, with interpreter needs."""
    locations = selectors.locations_for_user(request.user)
    form = DayForm(request.GET or None, locations=locations)
    day = timezone.localdate()
    location_id = caseworker_id = None
    if form.is_valid():
        day = form.cleaned_data["day"] or day
        location_id = form.cleaned_data["location"].pk if form.cleaned_data["location"] else None
        caseworker_id = form.cleaned_data["caseworker"].pk if form.cleaned_data["caseworker"] else None
    appointments = list(
        selectors.appointments_on_day(request.user, day, location_id=location_id, caseworker_id=caseworker_id).annotate(
            may_email=selectors.email_contact_allowed()
        )
    )
    for appointment in appointments:
        appointment.interpreter_label = language_name(appointment.interpreter_language)
    open_requests = list(selectors.appointment_requests_for_user(request.user))
    if open_requests:
        audit_record_many_read(actor=request.user, objects=open_requests)
    for appointment_request in open_requests:
        appointment_request.language_label = language_name(appointment_request.language)
        appointment_request.day_labels = [str(WEEKDAY_NAMES[day]) for day in appointment_request.preferred_days]
    context = {
        "open_requests": open_requests,
        "form": form,
        "day": day,
        "is_today": day == timezone.localdate(),
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "appointments": appointments,
        "interpreters": sorted({language_name(a.interpreter_language) for a in appointments if a.interpreter_language}),
        "status_form": AppointmentStatusForm(),
    }
    return render(request, "casework/appointment_day.html", context)


# The Migrationszentrum books from 8 to 17 o'clock: a form opened in the evening proposes the next morning's
# first hour instead of the small hours (07:00 was proposed at night, when the next full hour wrapped).
FIRST_HOUR, LAST_HOUR = 8, 17


def _proposed_start(now: datetime) -> dict:
    """The first full hour after now within opening hours, with its day."""
    start = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    if start.date() > now.date() or start.hour > LAST_HOUR:
        start = (now + timedelta(days=1)).replace(hour=FIRST_HOUR, minute=0, second=0, microsecond=0)
    elif start.hour < FIRST_HOUR:
        start = start.replace(hour=FIRST_HOUR)
    return {"day": start.date(), "start": start.time()}


@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_create(request, person_id):
    person = _opened(request, _person(request, person_id), PURPOSE_APPOINTMENTS)
    locations = selectors.locations_for_user(request.user)
    now = timezone.localtime()
    initial = {
        "caseworker": request.user.pk,
        **_proposed_start(now),
        "location": locations.first().pk if locations.exists() else None,
        "interpreter_language": person.preferred_language
        if person.preferred_language and person.language_level("de") in ("", "none", "A1")
        else "",
    }
    if request.GET.get("kind") == AppointmentKind.WALK_IN:
        initial.update(kind=AppointmentKind.WALK_IN, day=now.date(), start=now.time().replace(second=0, microsecond=0))
    form = AppointmentForm(request.POST or None, locations=locations, person=person, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["start"]))
        open_case = selectors.open_case_of(person)
        try:
            services.appointment_book(
                actor=request.user,
                person=person,
                caseworker=data["caseworker"],
                location=data["location"],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=data["minutes"]),
                kind=data["kind"],
                topic=data["topic"],
                interpreter_language=data["interpreter_language"],
                case=open_case,
            )
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The appointment has been booked."))
            return redirect("casework:person_detail", person_id=person.pk)
    return render(request, "casework/appointment_form.html", {"person": person, "form": form})


@require_POST
@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_status(request, appointment_id):
    appointment = get_object_or_404(selectors.appointments_for_user(request.user), pk=appointment_id)
    form = AppointmentStatusForm(request.POST)
    if form.is_valid():
        services.appointment_set_status(actor=request.user, appointment=appointment, status=form.cleaned_data["status"])
        messages.success(request, _("The appointment has been updated."))
    day = timezone.localtime(appointment.starts_at).date()
    return redirect(f"{reverse('casework:appointment_day')}?day={day.isoformat()}")


@require_POST
@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_remind(request, appointment_id):
    appointment = get_object_or_404(selectors.appointments_for_user(request.user), pk=appointment_id)
    try:
        reminder = services.appointment_remind(actor=request.user, appointment=appointment)
    except CaseworkError as error:
        messages.error(request, str(error))
    else:
        if reminder.sent is False:
            messages.error(request, _("The mail server did not accept the reminder. Please try again later."))
        else:
            messages.success(request, _("The reminder has been sent by email."))
    day = timezone.localtime(appointment.starts_at).date()
    return redirect(f"{reverse('casework:appointment_day')}?day={day.isoformat()}")


@require_POST
@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_request_close(request, request_id):
    """Close a request from the portal: booked (the appointment was made on the person's page) or not."""
    appointment_request = get_object_or_404(selectors.appointment_requests_for_user(request.user), pk=request_id)
    booked = request.POST.get("outcome") == "booked"
    try:
        services.appointment_request_close(actor=request.user, request=appointment_request, booked=booked)
    except CaseworkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The request %(reference)s has been closed.") % {"reference": appointment_request.reference}
        )
    return redirect("casework:appointment_day")


@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_ical(request):
    """My appointments (or a location's) for the coming weeks as an iCalendar file."""
    start = timezone.now() - timedelta(days=7)
    appointments = selectors.appointments_between(request.user, start, start + timedelta(days=63))
    location = request.GET.get("location", "")
    if location.isdigit():
        appointments = appointments.filter(location_id=int(location))
    else:
        appointments = appointments.filter(caseworker=request.user)
    response = HttpResponse(appointments_ical(appointments), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="termine.ics"'
    return response
