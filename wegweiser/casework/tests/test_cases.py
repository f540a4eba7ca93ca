"""Cases: opening, needs assessment, plan (goals, tasks), notes with the confidential flag, documents, the
timeline, and optimistic locking of the case itself."""

import pytest
from django.test import override_settings
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.casework.forms import DocumentForm
from wegweiser.casework.models import Case, CaseStatus, Document, Need, NeedArea
from wegweiser.casework.services import (
    DocumentRejected,
    EditConflict,
    case_update,
    document_upload,
    needs_assess,
    note_add,
)
from wegweiser.casework.tests import world as cw

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_a_case_is_opened_then_its_needs_are_assessed(world, client_as):
    person = cw.person(world)
    client = client_as(Role.CASEWORKER)
    response = client.post(
        reverse("casework:case_open", kwargs={"person_id": person.pk}),
        {"caseworker": world.user(Role.CASEWORKER).pk, "summary": "Neu angekommen, sucht Kita-Platz."},
    )
    case = Case.objects.get(person=person)
    assert response["Location"] == reverse("casework:case_needs", kwargs={"case_id": case.pk})
    data = {
        f"{area}_urgency": "none"
        for area in [
            "language",
            "housing",
            "work",
            "recognition",
            "children",
            "health",
            "residence",
            "benefits",
            "psychosocial",
        ]
    }
    data.update(language_urgency="high", language_description="Integrationskurs B1", children_urgency="acute")
    response = client.post(reverse("casework:case_needs", kwargs={"case_id": case.pk}), {**data, "version": 1})
    assert response.status_code == 302
    assert dict(Need.objects.filter(case=case).values_list("area", "urgency")) == {
        "language": "high",
        "children": "acute",
    }
    # Setting an area back to "no need" removes it.
    data.update(children_urgency="none")
    client.post(reverse("casework:case_needs", kwargs={"case_id": case.pk}), {**data, "version": 2})
    assert list(Need.objects.filter(case=case).values_list("area", flat=True)) == ["language"]
    assert AuditEntry.objects.filter(object_type="casework.need", action=AuditAction.DELETE).count() == 1


def test_the_case_plan_collects_goals_tasks_and_notes_in_one_timeline(world, client_as):
    case = cw.case(world)
    client = client_as(Role.CASEWORKER)
    client.post(
        reverse("casework:case_goal_add", kwargs={"case_id": case.pk}),
        {"area": "work", "description": "Anerkennung als Pflegefachkraft"},
    )
    goal = case.goals.get()
    client.post(
        reverse("casework:case_task_add", kwargs={"case_id": case.pk}),
        {
            "title": "Unterlagen übersetzen lassen",
            "owner": world.user(Role.CASEWORKER).pk,
            "due_on": "2030-01-15",
            "goal": goal.pk,
        },
    )
    task = case.tasks.get()
    assert task.goal == goal
    client.post(reverse("casework:task_done", kwargs={"case_id": case.pk, "task_id": task.pk}))
    client.post(
        reverse("casework:goal_status", kwargs={"case_id": case.pk, "goal_id": goal.pk}), {"status": "achieved"}
    )
    client.post(reverse("casework:case_note_add", kwargs={"case_id": case.pk}), {"text": "Zeugnis liegt vor."})
    task.refresh_from_db()
    goal.refresh_from_db()
    assert task.done_at is not None
    assert goal.status == "achieved"
    response = client.get(reverse("casework:case_detail", kwargs={"case_id": case.pk}))
    labels = [event.label for event in response.context["timeline"]]
    for expected in ["Case opened", "Goal set", "Task added", "Task done", "Note"]:
        assert expected in labels
    assert AuditEntry.objects.filter(
        action=AuditAction.READ, object_type="casework.case", object_id=str(case.pk)
    ).exists()


def test_a_confidential_note_is_read_by_its_author_and_caseworkers_only(world, client_as):
    case = cw.case(world)
    manager = world.user(Role.MUNICIPAL_MANAGER)
    by_caseworker = note_add(
        actor=world.user(Role.CASEWORKER), case=case, text="Traumatische Erfahrungen", confidential=True
    )
    by_manager = note_add(actor=manager, case=case, text="Wohnungsfrage vertraulich", confidential=True)
    url = reverse("casework:case_detail", kwargs={"case_id": case.pk})
    manager_page = client_as(Role.MUNICIPAL_MANAGER).get(url).content.decode()
    assert by_manager.text in manager_page
    assert by_caseworker.text not in manager_page
    assert "Confidential note (you may not read it)" in manager_page
    caseworker_page = client_as(Role.CASEWORKER).get(url).content.decode()
    assert by_manager.text in caseworker_page
    assert by_caseworker.text in caseworker_page


def test_documents_are_stored_in_the_database_and_checked_for_type_and_size(world, client_as):
    case = cw.case(world)
    client = client_as(Role.CASEWORKER)
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("casework:case_document_upload", kwargs={"case_id": case.pk})
    client.post(url, {"kind": "certificate", "file": SimpleUploadedFile("zeugnis.pdf", PDF)})
    document = Document.objects.get()
    assert bytes(document.content) == PDF
    assert document.content_type == "application/pdf"
    download = client.get(
        reverse("casework:document_download", kwargs={"case_id": case.pk, "document_id": document.pk})
    )
    assert download.content == PDF
    assert AuditEntry.objects.filter(action=AuditAction.READ, object_type="casework.document").exists()
    # An executable renamed to .pdf is refused with a clear message.
    response = client.post(
        url, {"kind": "other", "file": SimpleUploadedFile("rechnung.pdf", b"MZ\x90\x00")}, follow=True
    )
    assert "not what its name says" in response.content.decode()
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("bild.gif", b"GIF89a", "Only PDF, JPEG and PNG"),
        ("scan.png", PDF, "not what its name says"),
        ("leer.pdf", b"", "empty"),
    ],
)
def test_document_check_refuses_other_types(world, filename, content, message):
    with pytest.raises(DocumentRejected, match=message):
        document_upload(actor=None, case=cw.case(world), kind="other", filename=filename, content=content)


@override_settings(WEGWEISER_DOCUMENT_MAX_BYTES=20)
def test_document_check_refuses_files_over_the_limit(world):
    with pytest.raises(DocumentRejected, match="larger than"):
        document_upload(actor=None, case=cw.case(world), kind="other", filename="foto.png", content=PNG)


def test_two_caseworkers_editing_one_case_never_overwrite_each_other(world, client_as):
    case = cw.case(world)
    url = reverse("casework:case_edit", kwargs={"case_id": case.pk})
    client = client_as(Role.CASEWORKER)
    case_update(
        actor=world.user(Role.MUNICIPAL_MANAGER), case=case, expected_version=case.version, summary="Wohnung gefunden"
    )
    response = client.post(url, {"status": "on_hold", "summary": "Wartet auf Termin", "caseworker": "", "version": 1})
    body = response.content.decode()
    assert "Someone else changed this record" in body
    assert "Wohnung gefunden" in body
    assert "Wartet auf Termin" in body
    case.refresh_from_db()
    assert case.summary == "Wohnung gefunden"
    assert case.status == CaseStatus.OPEN


def test_closing_a_case_dates_it_and_reopening_clears_the_retention_flag(world):
    case = cw.case(world)
    case = case_update(actor=None, case=case, expected_version=case.version, status=CaseStatus.CLOSED)
    assert case.closed_on is not None
    Case.objects.filter(pk=case.pk).update(retention_flagged_on=case.closed_on)
    case.refresh_from_db()
    case = case_update(actor=None, case=case, expected_version=case.version, status=CaseStatus.OPEN)
    assert case.closed_on is None
    assert case.retention_flagged_on is None
    with pytest.raises(EditConflict):
        case_update(actor=None, case=case, expected_version=1, status=CaseStatus.CLOSED)


def test_the_case_page_reads_each_list_once(world, client_as, django_assert_num_queries):
    case = cw.case(world)
    for index in range(5):
        note_add(actor=world.user(Role.CASEWORKER), case=case, text=f"Notiz {index}")
    cw.goal(world)
    cw.task(world)
    cw.appointment(world)
    cw.referral(world)
    client = client_as(Role.CASEWORKER)
    # session, user, case, audit (savepoint, insert, release), needs, goals, tasks, notes, documents,
    # appointments, referrals, consents, the district (page frame), the staff for the task form
    with django_assert_num_queries(16):
        response = client.get(reverse("casework:case_detail", kwargs={"case_id": case.pk}))
    assert response.status_code == 200
    assert [goal.pk for goal in response.context["goals"]] == [cw.goal(world).pk]
    assert len(response.context["notes"]) == 5


NO_NEEDS = {f"{area}_urgency": "none" for area in NeedArea.values}


def test_two_caseworkers_assessing_needs_never_overwrite_each_other(world, client_as):
    case = cw.case(world)
    url = reverse("casework:case_needs", kwargs={"case_id": case.pk})
    needs_assess(
        actor=world.user(Role.MUNICIPAL_MANAGER),
        case=case,
        assessments={"housing": ("acute", "Wohnung gekündigt")},
        expected_version=1,
    )
    response = client_as(Role.CASEWORKER).post(
        url, {**NO_NEEDS, "housing_urgency": "low", "housing_description": "Sucht größere Wohnung", "version": 1}
    )
    body = response.content.decode()
    assert "Someone else changed this record" in body
    assert "acute: Wohnung gekündigt" in body
    assert "low: Sucht größere Wohnung" in body
    assert response.context["form"]["version"].value() == 2
    assert list(Need.objects.filter(case=case).values_list("urgency", "description")) == [
        ("acute", "Wohnung gekündigt")
    ]


def test_needs_assess_refuses_a_stale_version_and_moves_the_case_on(world):
    case = cw.case(world)
    needs_assess(actor=None, case=case, assessments={"language": ("high", "")}, expected_version=1)
    case.refresh_from_db()
    assert case.version == 2
    with pytest.raises(EditConflict):
        needs_assess(actor=None, case=case, assessments={"language": ("low", "")}, expected_version=1)
    # Saving the same assessment again changes nothing, not even the version.
    needs_assess(actor=None, case=case, assessments={"language": ("high", "")}, expected_version=2)
    case.refresh_from_db()
    assert case.version == 2


@pytest.mark.parametrize(
    ("url_name", "data", "kept", "form_name"),
    [
        ("casework:case_goal_add", {"area": "work", "description": "", "target_date": "2030-02-30"}, "", "goal_form"),
        ("casework:case_task_add", {"title": "Kita-Platz anfragen", "owner": ""}, "Kita-Platz anfragen", "task_form"),
        ("casework:case_note_add", {"text": "   ", "confidential": "on"}, "", "note_form"),
    ],
)
def test_a_case_plan_form_with_mistakes_comes_back_as_typed(world, client_as, url_name, data, kept, form_name):
    case = cw.case(world)
    response = client_as(Role.CASEWORKER).post(reverse(url_name, kwargs={"case_id": case.pk}), data)
    assert response.status_code == 422
    form = response.context[form_name]
    assert form.is_bound
    assert form.errors
    body = response.content.decode()
    assert 'class="errorlist"' in body
    assert kept in body
    assert (case.goals.count(), case.tasks.count(), case.notes.count()) == (0, 0, 0)


def test_a_refused_document_comes_back_with_the_reason_at_the_field(world, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = cw.case(world)
    response = client_as(Role.CASEWORKER).post(
        reverse("casework:case_document_upload", kwargs={"case_id": case.pk}),
        {"kind": "certificate", "file": SimpleUploadedFile("rechnung.pdf", b"MZ\x90\x00")},
    )
    assert response.status_code == 422
    assert response.context["document_form"].errors["file"] == ["The file's content is not what its name says (pdf)."]
    assert response.context["document_form"]["kind"].value() == "certificate"


@override_settings(WEGWEISER_DOCUMENT_MAX_BYTES=20)
def test_an_oversized_upload_is_refused_by_its_size_before_it_is_read(world, client_as):
    from django.core.files.uploadedfile import SimpleUploadedFile

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before the size check")

    form = DocumentForm(data={"kind": "other"}, files={"file": Unreadable("foto.png", PNG)})
    assert form.errors == {"file": ["The file is larger than 0.0 MB."]}
    case = cw.case(world)
    response = client_as(Role.CASEWORKER).post(
        reverse("casework:case_document_upload", kwargs={"case_id": case.pk}),
        {"kind": "other", "file": SimpleUploadedFile("foto.png", PNG)},
    )
    assert response.status_code == 422
    assert "The file is larger than" in response.content.decode()
    assert not Document.objects.exists()
