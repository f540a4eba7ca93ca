"""The data protection officer's audit search for a person finds the entries on everything about that person
(cases, appointments, referrals, documents, learners, enrolments), found through the person lifecycle registry,
and no entry on anyone else's rows."""

import csv
import io

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.audit.services import audit_record
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.test_data_subject import full_record
from wegweiser.core.lifecycle import models_about_a_person, person_paths, records_about_person


def test_every_model_about_a_person_has_a_path_to_them():
    """A new app's model that points at a person (or at such a model) is searched without an edit here."""
    models = apps.get_models()
    assert set(person_paths(models)) == models_about_a_person(models) - {"audit.auditentry"}


def test_the_search_for_a_person_finds_the_entries_on_their_rows(world, client_as):
    person = full_record(world)
    # The factories write no entries: each row gets a read, as its page would write.
    caseworker = world.user(Role.CASEWORKER)
    with transaction.atomic():
        for row in (cw.case(world), cw.appointment(world), cw.referral(world), cw.case(world, foreign=True)):
            audit_record(actor=caseworker, action=AuditAction.READ, obj=row, purpose="case work")
    other = cw.case(world, foreign=True)  # another person's case: its entry must not be found
    records = records_about_person(person.pk)
    expected = {
        (label, object_id)
        for label, ids in records.items()
        for object_id in ids
        if AuditEntry.objects.filter(object_type=label, object_id=object_id).exists()
    }
    types = {label for label, _id in expected}
    for label in (
        "casework.person",
        "casework.case",
        "casework.document",
        "casework.appointment",
        "casework.referral",
        "language.learner",
        "language.enrolment",
    ):
        assert label in types, label

    client = client_as(Role.DATA_PROTECTION_OFFICER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    content = b"".join(client.get(reverse("audit:export"), {"person": person.pk}).streaming_content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))[1:]
    found = {(row[3], row[4]) for row in rows}
    labels = {label: str(apps.get_model(label)._meta.verbose_name) for label in records}
    assert found == {(labels[label], object_id) for label, object_id in expected}
    assert (
        len(rows)
        == AuditEntry.objects.filter(
            pk__in=[e.pk for e in AuditEntry.objects.all() if (e.object_type, e.object_id) in expected]
        ).count()
    )
    assert str(other.pk) not in records["casework.case"]
    assert ("case", str(other.pk)) not in found

    page = client.get(reverse("audit:list"), {"person": person.pk}).content.decode()
    assert "learner #" in page
    assert f"document #{records['casework.document'][0]}" in page


def test_without_a_person_the_search_is_as_before(world, client_as):
    full_record(world)
    client = client_as(Role.DATA_PROTECTION_OFFICER)
    content = b"".join(client.get(reverse("audit:export")).streaming_content).decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(content)))) == 1 + AuditEntry.objects.count()
