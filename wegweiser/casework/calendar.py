"""Appointments as iCalendar (RFC 5545), for a caseworker's own calendar program.

The file leaves Wegweiser, so it carries the minimum: no names, only the record number, the topic, the
place and whether an interpreter (and for which language) is needed.
"""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from wegweiser.casework.models import Appointment, AppointmentStatus
from wegweiser.core.codes import language_name


def appointments_ical(appointments: Iterable[Appointment]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Wegweiser//Migrationszentrum//DE")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Migrationszentrum appointments"))
    stamp = timezone.now()
    for appointment in appointments:
        event = Event()
        event.add("uid", f"appointment-{appointment.pk}@wegweiser")
        event.add("dtstamp", stamp)
        event.add("dtstart", appointment.starts_at)
        event.add("dtend", appointment.ends_at)
        summary = _("Appointment, record #%(id)s") % {"id": appointment.person_id}
        if appointment.topic:
            summary = f"{summary}: {appointment.topic}"
        event.add("summary", summary)
        event.add("location", f"{appointment.location.name}, {appointment.location.address}".strip(", "))
        if appointment.interpreter_language:
            event.add(
                "description",
                _("Interpreter needed: %(language)s") % {"language": language_name(appointment.interpreter_language)},
            )
        event.add("status", "CANCELLED" if appointment.status == AppointmentStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
