"""Browser journey of the Integrationskonzept: a planner opens a draft for consultation, a newcomer comments in
Ukrainian on the public page, the planner answers and records the council's adoption, the municipality marks
its measure done, and the evaluation PDF shows it (its pages saved as pictures). axe-core checks every step."""

import pytest

from wegweiser.core.typesetting import typst_compile
from wegweiser.integrationskonzept.models import Comment, CommentStatus, ConceptVersion, MeasureStatus, VersionStatus
from wegweiser.integrationskonzept.report import report_typst
from wegweiser.integrationskonzept.tests.factories import build_concept
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/accounts/login/**")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_consult_adopt_report_and_evaluate(page, journey, live_server):
    world = build_world()
    version, _field, _goal, _sub, _indicator, (measure, _office) = build_concept(municipality=world.municipality)

    log_in(page, "planung")
    page.goto(f"/konzept/{version.pk}/")
    journey.snap("planner-draft")
    page.get_by_role("button", name="Auf „In Beteiligung“ setzen").click()
    page.wait_for_load_state()
    journey.snap("planner-consultation-open")
    log_out(page)

    page.goto(f"/konzept/consultation/{version.pk}/uk/")
    journey.snap("newcomer-comment-page-uk")
    page.get_by_label("Я пишу як").select_option("newcomer")
    page.get_by_label("Ваш коментар").fill("Потрібні курси німецької мови ввечері, після роботи.")
    page.get_by_role("button", name="Надіслати коментар").click()
    page.wait_for_load_state()
    journey.snap("newcomer-comment-sent")
    comment = Comment.objects.get()
    assert comment.language == "uk"

    log_in(page, "planung")
    page.goto(f"/konzept/{version.pk}/comments/")
    journey.snap("planner-comments")
    page.locator(f"#id_c{comment.pk}-status").select_option("answered")
    page.locator(f"#id_c{comment.pk}-answer").fill("Ab Herbst gibt es zwei Abendkurse in Melle.")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.wait_for_load_state()
    journey.snap("planner-answered")
    page.goto(f"/konzept/{version.pk}/")
    page.get_by_label("Kreistagsbeschluss vom").fill("2024-06-20")
    page.get_by_label("Beschlussnummer").fill("KT/2024/17")
    page.get_by_role("button", name="Auf „Beschlossen“ setzen").click()
    page.wait_for_load_state()
    journey.snap("planner-adopted")
    log_out(page)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.ANSWERED
    assert ConceptVersion.objects.get(pk=version.pk).status == VersionStatus.ADOPTED

    log_in(page, "kommune")
    page.goto("/konzept/measures/")
    journey.snap("municipality-measures")
    page.get_by_label("Status").select_option("done")
    page.get_by_role("button", name="Speichern").click()
    page.wait_for_timeout(500)
    journey.snap("municipality-measure-done")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DONE
    response = page.request.get(f"/konzept/{version.pk}/report.pdf")
    assert response.status == 200
    assert response.body().startswith(b"%PDF")

    from datetime import date

    source = report_typst(ConceptVersion.objects.get(pk=version.pk), today=date.today())  # noqa: DTZ011
    assert "Erledigt" in source or "Done" in source
    for number, png in enumerate(typst_compile(source, output_format="png", ppi=60), start=1):
        (journey.folder / f"evaluation-page-{number}.png").write_bytes(png)
