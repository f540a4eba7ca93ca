"""The worker's report reminders with a fixed `today`: one before the due date, one after it, each once per
report however often the worker runs; none for a submitted report, none to another municipality's manager."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.audit.models import AuditEntry
from wegweiser.jobs.services import jobs_housekeeping
from wegweiser.lokin import services
from wegweiser.lokin.models import ReportReminder
from wegweiser.lokin.tests.factories import approved_application, fixed_programme, interim_report

pytestmark = pytest.mark.django_db

DUE = date(2027, 9, 30)  # the programme's interim report date


@pytest.fixture
def report(world):
    made = fixed_programme(world, year=2027, base_amount=Decimal("20000"))
    manager = world.user(Role.MUNICIPAL_MANAGER)
    manager.email = "kommune@melle.example"
    manager.preferred_language = "de"
    manager.save(update_fields=["email", "preferred_language"])
    UserFactory(
        username="fremd",
        role=Role.MUNICIPAL_MANAGER,
        municipalities=[world.other_municipality],
        email="fremd@example.org",
    )
    application = approved_application(world, made)
    application.reports.filter(kind="final").delete()
    return application.reports.get(kind="interim")


def test_nothing_is_sent_long_before_the_due_date(report):
    assert services.report_reminders_send(today=DUE - timedelta(days=30)) == 0
    assert mail.outbox == []


def test_one_reminder_before_and_one_after_the_due_date(report):
    before = DUE - timedelta(days=services.REMINDER_DAYS_BEFORE)
    assert services.report_reminders_send(today=before) == 1
    assert services.report_reminders_send(today=before + timedelta(days=1)) == 0  # once only
    assert [m.to for m in mail.outbox] == [["kommune@melle.example"]]  # not the other municipality's manager
    assert "30. September 2027" in mail.outbox[0].body
    assert "Zwischennachweis" in mail.outbox[0].subject

    assert services.report_reminders_send(today=DUE) == 0  # due today: not yet late
    assert services.report_reminders_send(today=DUE + timedelta(days=1)) == 1
    assert services.report_reminders_send(today=DUE + timedelta(days=20)) == 0
    assert len(mail.outbox) == 2
    assert "überfällig" in mail.outbox[1].subject
    assert set(ReportReminder.objects.values_list("kind", flat=True)) == {"before", "after"}
    assert AuditEntry.objects.filter(object_type="lokin.reportreminder").count() == 2


def test_a_submitted_report_is_not_reminded(world):
    made = fixed_programme(world, year=2027, base_amount=Decimal("20000"))
    interim_report(world, made, submitted=True).application.reports.filter(kind="final").delete()
    assert services.report_reminders_send(today=DUE + timedelta(days=1)) == 0


def test_the_worker_runs_the_reminders_with_its_housekeeping(report):
    report.due_date = date.today() - timedelta(days=1)
    report.save(update_fields=["due_date"])
    outcomes = jobs_housekeeping()
    assert outcomes["wegweiser.lokin.services.report_reminders_send_by_the_worker"] == 1
    assert jobs_housekeeping()["wegweiser.lokin.services.report_reminders_send_by_the_worker"] == 0
