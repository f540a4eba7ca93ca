"""Every LokIn page as every role: the district (admin, integration office), municipal managers and the data
protection officer read the programme; a manager's list shows only their municipality's applications. Managers
apply, the district (LOKIN_MANAGE) decides, pays and fixes the allocation; another municipality's application is
not found for a manager."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from wegweiser.accounts.roles import Role
from wegweiser.lokin import services
from wegweiser.lokin.tests.factories import (
    approved_application,
    consultation,
    draft_application,
    fixed_programme,
    interim_report,
    programme,
    scheduled_instalment,
    submitted_application,
)
from wegweiser.testing.matrix import UrlCase, roles

READERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.MUNICIPAL_MANAGER, Role.DATA_PROTECTION_OFFICER)
DISTRICT_READERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.DATA_PROTECTION_OFFICER)
MANAGERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)
APPLICANTS = roles(Role.MUNICIPAL_MANAGER)
COMMENTERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.MUNICIPAL_MANAGER)


def _fixed(world):
    def make(world):
        made = fixed_programme(world, year=2040)
        submitted_application(world, made)
        submitted_application(world, made, municipality=world.other_municipality)
        return made

    return world.obj("lokin.programme", make)


def _programme(world) -> dict:
    return {"programme_id": _fixed(world).pk}


def _open_programme(world) -> dict:
    return {"programme_id": world.obj("lokin.open_programme", lambda w: programme(w, year=2041)).pk}


def _submitted(world) -> dict:
    made = _fixed(world)
    # The first one made is the submitted one; other rows may add a draft in the same programme.
    return {"application_id": made.applications.filter(municipality=world.municipality).order_by("pk").first().pk}


def _foreign(world) -> dict:
    made = _fixed(world)
    return {"application_id": made.applications.filter(municipality=world.other_municipality).order_by("pk").first().pk}


def _draft(world) -> dict:
    return {"application_id": world.obj("lokin.draft", lambda w: draft_application(w, _fixed(w))).pk}


def _approved(world) -> dict:
    made = world.obj("lokin.paying", lambda w: fixed_programme(w, year=2042))
    return {"application_id": world.obj("lokin.approved", lambda w: approved_application(w, made)).pk}


def _instalment(world) -> dict:
    made = world.obj("lokin.paying", lambda w: fixed_programme(w, year=2042))
    return {"instalment_id": world.obj("lokin.instalment", lambda w: scheduled_instalment(w, made)).pk}


def _report(world) -> dict:
    made = world.obj("lokin.reporting", lambda w: fixed_programme(w, year=2043))
    return {"report_id": world.obj("lokin.report", lambda w: interim_report(w, made)).pk}


def _submitted_report(world) -> dict:
    made = world.obj("lokin.reviewing", lambda w: fixed_programme(w, year=2044))
    return {"report_id": world.obj("lokin.submitted_report", lambda w: interim_report(w, made, submitted=True)).pk}


def _reporting_programme(world) -> dict:
    _report(world)
    return {"programme_id": world.obj("lokin.reporting", lambda w: fixed_programme(w, year=2043)).pk}


def _follow_up(world) -> dict:
    return {"follow_up_id": world.obj("lokin.consultation", consultation).follow_ups.get().pk}


def _attachment(world) -> dict:
    def make(w):
        report = w.obj(
            "lokin.report",
            lambda w: interim_report(w, w.obj("lokin.reporting", lambda w: fixed_programme(w, year=2043))),
        )
        return services.report_attach(actor=None, report=report, filename="beleg.pdf", content=b"%PDF-1.4 beleg")

    return {"attachment_id": world.obj("lokin.attachment", make).pk}


CASES = [
    UrlCase("lokin:programmes", READERS),
    UrlCase("lokin:programme_create", MANAGERS),
    UrlCase(
        "lokin:programme_create",
        MANAGERS,
        method="POST",
        data=lambda w: {
            "year": "2061",
            "budget": "350000.00",
            "funding_rate": "100",
            "eligible_categories": ["staff"],
            "application_deadline": "2061-03-31",
            "base_amount": "5000.00",
            "weight_population": "1",
        },
    ),  # fmt: skip
    UrlCase("lokin:programme", READERS, kwargs=_programme),
    UrlCase("lokin:allocation_xlsx", READERS, kwargs=_programme),
    UrlCase("lokin:allocation_fix", MANAGERS, kwargs=_open_programme),
    UrlCase("lokin:allocation_fix", MANAGERS, kwargs=_open_programme, method="POST", data=lambda w: {"confirm": "on"}),
    UrlCase("lokin:application_create", APPLICANTS, kwargs=_programme),
    UrlCase(
        "lokin:application_create",
        APPLICANTS,
        kwargs=_programme,
        method="POST",
        data=lambda w: {
            "municipality": w.municipality.pk,
            "title": "Neu",
            "staff_hours": "0",
            "own_funds": "0",
            "third_party_funds": "0",
            "cost_staff_2040": "100.00",
        },
    ),
    UrlCase("lokin:application", READERS, kwargs=_submitted),
    UrlCase("lokin:application", DISTRICT_READERS, kwargs=_foreign, label="foreign"),
    UrlCase("lokin:decision_letter", READERS, kwargs=_approved),
    UrlCase("lokin:application_edit", APPLICANTS, kwargs=_draft),
    UrlCase(
        "lokin:application_edit",
        APPLICANTS,
        kwargs=_draft,
        method="POST",
        data=lambda w: {"title": "Entwurf", "staff_hours": "10", "own_funds": "0", "third_party_funds": "0"},
    ),
    UrlCase("lokin:application_submit", APPLICANTS, kwargs=_draft, method="POST", data=lambda w: {}),
    UrlCase("lokin:application_comment", COMMENTERS, kwargs=_submitted, method="POST", data=lambda w: {"text": "Gut"}),
    UrlCase(
        "lokin:application_decide",
        MANAGERS,
        kwargs=_submitted,
        method="POST",
        data=lambda w: {"decision": "request_changes", "reason": "Ziele fehlen"},
    ),
    UrlCase(
        "lokin:instalment_schedule",
        MANAGERS,
        kwargs=_approved,
        method="POST",
        data=lambda w: {"due_date": date(2042, 6, 1).isoformat(), "amount": "100.00"},
    ),
    UrlCase("lokin:instalment_advance", MANAGERS, kwargs=_instalment, method="POST", data=lambda w: {}),
    UrlCase("lokin:report_overview", MANAGERS, kwargs=_reporting_programme),
    UrlCase("lokin:payments_xlsx", MANAGERS, kwargs=_reporting_programme),
    UrlCase("lokin:programme_report", MANAGERS, kwargs=_reporting_programme),
    UrlCase(
        "lokin:report_schedule",
        MANAGERS,
        kwargs=_approved,
        method="POST",
        data=lambda w: {"report-kind": "interim", "report-due_date": date(2042, 10, 1).isoformat()},
    ),
    UrlCase("lokin:report", READERS, kwargs=_report),
    UrlCase("lokin:report_edit", APPLICANTS, kwargs=_report),
    UrlCase(
        "lokin:report_edit",
        APPLICANTS,
        kwargs=_report,
        method="POST",
        data=lambda w: {"measures_delivered": "Beratung", "people_reached": "12", "spent_staff": "100.00"},
    ),
    UrlCase("lokin:report_submit", APPLICANTS, kwargs=_report, method="POST", data=lambda w: {}),
    UrlCase(
        "lokin:report_review", MANAGERS, kwargs=_submitted_report, method="POST", data=lambda w: {"decision": "accept"}
    ),
    UrlCase("lokin:programme_settle", MANAGERS, kwargs=_reporting_programme, method="POST", data=lambda w: {}),
    UrlCase("lokin:workspace", APPLICANTS),
    UrlCase("lokin:consultations", READERS),
    UrlCase("lokin:consultation_create", MANAGERS),
    UrlCase(
        "lokin:consultation_create",
        MANAGERS,
        method="POST",
        data=lambda w: {
            "municipality": w.municipality.pk,
            "held_on": "2027-02-10",
            "topic": "Beratung",
            "participants": "Integrationsbüro",
        },
    ),
    UrlCase("lokin:follow_up_toggle", COMMENTERS, kwargs=_follow_up, method="POST", data=lambda w: {}),
    UrlCase(
        "lokin:report_attach",
        APPLICANTS,
        kwargs=_report,
        method="POST",
        data=lambda w: {"file": SimpleUploadedFile("beleg.pdf", b"%PDF-1.4 beleg", content_type="application/pdf")},
    ),
    UrlCase("lokin:report_attachment", READERS, kwargs=_attachment),
]
