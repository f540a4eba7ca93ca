"""The data-subject export (GDPR Art. 15) as a document for the person it is about: everything held on them,
each field under its label with its value in words, then what the law asks besides the data (purposes,
recipients, retention, rights, the supervisory authority) and who read or changed the record.

A read (selector) like `person_export`: it is built in the active language, so the PDF job calls it once in
the person's language and once in German for the file.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegweiser.audit.selectors import audit_entries_on_person
from wegweiser.audit.templatetags.audit_display import audit_purpose, audit_record_type
from wegweiser.casework.models import Consent, ConsentPurpose, Person
from wegweiser.casework.services import PERSON_FIELDS
from wegweiser.core.codes import CefrLevel, display_phone
from wegweiser.core.lifecycle import person_export_sections_others
from wegweiser.core.readable import Fact, Section, facts_of, field_label, words_for


@dataclass(frozen=True)
class AccessLine:
    """One line of the record's history as the person reads it: no staff names, role and organisation."""

    at: str
    action: str
    record: str
    role: str
    organisation: str
    purpose: str


@dataclass
class PersonDocument:
    person_id: int
    made_on: str
    controller: str
    sections: list[Section]
    legal: list[Section]
    access: list[AccessLine] = field(default_factory=list)


def _languages(person: Person) -> str:
    """Each language the person speaks with its level ("Ukrainian (native speaker), German (A2)")."""
    spoken = []
    for entry in person.languages:
        level = entry.get("level")
        name = words_for(entry.get("code", ""), kind="language")
        spoken.append(f"{name} ({CefrLevel(level).label})" if level in CefrLevel.values else name)
    return words_for(spoken)


def _person_section(person: Person) -> Section:
    facts = []
    for name in PERSON_FIELDS:
        if name == "languages":
            facts.append(Fact(field_label(person, name), _languages(person)))
        elif name == "phone":
            facts.append(Fact(_("Phone"), display_phone(person.phone) if person.phone else "–"))
        else:
            facts += facts_of(person, [name])
    facts.append(Fact(_("Recorded on"), words_for(person.created_at)))
    return Section(_("Person"), facts=facts)


def _records(title: str, rows, names) -> Section:
    return Section(title, records=[facts_of(row, names) for row in rows], many=True)


def _case_sections(person: Person) -> list[Section]:
    sections = []
    for case in person.cases.prefetch_related("needs", "goals", "tasks", "notes", "documents").order_by("opened_on"):
        sections.append(
            Section(
                _("Case #%(id)s") % {"id": case.pk},
                facts=facts_of(case, ["status", "opened_on", "closed_on", "summary"]),
            )
        )
        sections += [
            _records(_("Needs"), case.needs.all(), ["area", "urgency", "description"]),
            _records(_("Goals"), case.goals.all(), ["area", "description", "target_date", "status"]),
            _records(_("Tasks"), case.tasks.all(), ["title", "due_on", "done_at"]),
            _records(_("Notes"), case.notes.all(), [("created_at", _("written on")), "confidential", "text"]),
            _records(_("Documents"), case.documents.all(), ["kind", "filename", ("uploaded_at", _("uploaded on"))]),
        ]
    return sections


def _data_sections(person: Person) -> list[Section]:
    family = [
        [*facts_of(link, ["relation"]), Fact(_("Record of the relative"), f"#{link.relative_id}")]
        for link in person.family_links.all()
    ]
    return [
        _person_section(person),
        Section(_("Family links"), records=family, many=True),
        _records(
            _("Qualifications"),
            person.qualifications.all(),
            ["kind", "title", "field", "country", "year", "recognition_status"],
        ),
        _records(_("Work experience"), person.work_experience.all(), ["occupation", "years", "country"]),
        _records(
            _("Appointments"),
            person.appointments.select_related("location").order_by("starts_at"),
            ["starts_at", "ends_at", "location", "topic", "status", "interpreter_language"],
        ),
        _records(
            _("Referrals"),
            person.referrals.select_related("organisation").order_by("sent_at"),
            ["organisation", "offer_kind", "status", ("sent_at", _("sent on")), "message", "feedback"],
        ),
        _records(
            _("Consents"),
            person.consents.select_related("organisation").order_by("given_on"),
            ["purpose", "organisation", "given_on", "form", "language", "withdrawn_at"],
        ),
        *_case_sections(person),
        *person_export_sections_others(person),
    ]


def _retention_text() -> str:
    days = settings.WEGWEISER_CASE_RETENTION_DAYS
    if days % 365 == 0:
        period = ngettext("%(count)s year", "%(count)s years", days // 365) % {"count": days // 365}
    else:
        period = ngettext("%(count)s day", "%(count)s days", days) % {"count": days}
    return _(
        "Your data is kept while your case is open. When your last case has been closed for %(period)s, "
        "the data protection officer reviews it and your data is deleted. The log of who read or changed "
        "your data keeps only record numbers, never your data itself."
    ) % {"period": period}


def _recipients(person: Person) -> list[list[Fact]]:
    """Each partner organisation the data went to (a referral), with the consent it went under."""
    consents = list(
        Consent.objects.filter(person=person, purpose=ConsentPurpose.SHARE_PARTNER).order_by("given_on", "pk")
    )
    rows = []
    for referral in person.referrals.select_related("organisation").order_by("sent_at"):
        consent = next((c for c in consents if c.organisation_id == referral.organisation_id), None)
        if consent is None:
            under = _("no consent on record")
        else:
            under = _("consent given on %(date)s (%(form)s)") % {
                "date": words_for(consent.given_on),
                "form": consent.get_form_display(),
            }
            if consent.withdrawn_at:
                under += "; " + _("withdrawn on %(date)s") % {"date": words_for(consent.withdrawn_at)}
        rows.append(
            [
                Fact(_("Organisation"), referral.organisation.name),
                Fact(_("What was passed on"), _("Referral: %(offer)s") % {"offer": referral.get_offer_kind_display()}),
                Fact(_("Passed on"), words_for(referral.sent_at)),
                Fact(_("Legal basis"), under),
            ]
        )
    return rows


def _legal_sections(person: Person, purposes: list[str]) -> list[Section]:
    authority = settings.WEGWEISER_SUPERVISORY_AUTHORITY
    purpose_text = _(
        "The Migrationszentrum processes your data to advise and support you (case work, appointments, "
        "referrals to partner organisations with your consent, German courses), under Art. 6(1)(e) GDPR and "
        "your consent where this document names one."
    )
    if purposes:
        purpose_text += " " + _("Your data was used for: %(purposes)s.") % {"purposes": ", ".join(purposes)}
    rights = [
        _("You may ask for a copy of your data at any time (Art. 15 GDPR); this document is that copy."),
        _("You may have wrong data corrected (Art. 16 GDPR)."),
        _("You may have your data deleted when it is no longer needed or you withdraw your consent (Art. 17 GDPR)."),
        _("You may ask for its use to be restricted (Art. 18 GDPR) and object to it (Art. 21 GDPR)."),
        _("You may withdraw a consent at any time; this does not affect what was done before (Art. 7(3) GDPR)."),
        _("Ask at the Migrationszentrum or write to its data protection officer: %(controller)s.")
        % {"controller": settings.WEGWEISER_DATA_CONTROLLER},
    ]
    complaint = _("You may complain to the supervisory authority (Art. 77 GDPR): %(name)s, %(address)s.") % {
        "name": authority["name"],
        "address": authority["address"],
    }
    return [
        Section(_("Why your data is processed"), text=purpose_text),
        Section(
            _("Who received your data"),
            text=_("Partner organisations receive your data only with your consent."),
            records=_recipients(person),
            many=True,
        ),
        Section(_("How long your data is kept"), text=_retention_text()),
        Section(_("Your rights"), text="\n".join([*rights, complaint])),
    ]


def _access(person: Person) -> tuple[list[AccessLine], list[str]]:
    from django.contrib.auth import get_user_model

    entries = list(audit_entries_on_person(person.pk))
    actor_ids = {entry.actor_id for entry in entries if entry.actor_id}
    actors = get_user_model().objects.filter(pk__in=actor_ids).select_related("organisation").in_bulk()
    lines, purposes = [], []
    for entry in entries:
        actor = actors.get(entry.actor_id)
        purpose = audit_purpose(entry.purpose)
        if purpose not in purposes:
            purposes.append(purpose)
        lines.append(
            AccessLine(
                at=formats.date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT"),
                action=str(entry.get_action_display()),
                record=audit_record_type(entry.object_type),
                role=actor.get_role_display() if actor else _("the system"),
                organisation=(
                    actor.organisation.name
                    if actor and actor.organisation
                    else settings.WEGWEISER_DATA_CONTROLLER.split(",")[0]
                ),
                purpose=purpose,
            )
        )
    return lines, purposes


def person_export_document(person: Person, *, today: date | None = None) -> PersonDocument:
    """The readable export of one person, in the active language."""
    access, purposes = _access(person)
    return PersonDocument(
        person_id=person.pk,
        made_on=formats.date_format(today or timezone.localdate(), "DATE_FORMAT"),
        controller=settings.WEGWEISER_DATA_CONTROLLER,
        sections=_data_sections(person),
        legal=_legal_sections(person, purposes),
        access=access,
    )
