"""The Lagebild in the browser: a planner loads a GENESIS table and watches its progress bar, opens the map,
drills into a municipality, sets a scenario, has the council's PDF made in the background (its progress bar)
and downloads it (its pages looked at as pictures);
a municipal manager sees their municipality and only the published figures of others. Screenshots and
axe-core at every step."""

import io
from pathlib import Path

import pytest
from django.utils import timezone, translation

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.lagebild.demo import load_demo
from wegweiser.lagebild.models import StatisticTable
from wegweiser.territory.demo import load_demo as load_territory
from wegweiser.territory.models import Municipality

PASSWORD = "correct horse battery staple"
SAMPLE = Path(__file__).parent / "data" / "22541-01-01-4.csv"


def login(page, username):
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"]')
    page.wait_for_load_state()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_planner_imports_maps_drills_down_and_downloads_the_report(page, journey, run_jobs, tmp_path):
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    UserFactory(username="planung", role=Role.INTEGRATION_OFFICE)
    login(page, "planung")

    page.goto("/lagebild/import/")
    page.set_input_files('input[name="file"]', str(SAMPLE))
    page.click('main form button[type="submit"]')
    page.wait_for_selector("text=22541-01-01-4")
    journey.snap("preview")
    page.click('main form button[type="submit"]')
    page.wait_for_selector("progress.job__bar")
    journey.snap("progress")
    run_jobs()
    page.wait_for_selector(".notice--success", timeout=20000)
    journey.snap("loaded")
    assert StatisticTable.objects.filter(code="22541-01-01-4").exists()

    page.goto("/lagebild/map/")
    page.select_option("#indicator", "kita_coverage_u3")
    page.click("main form button[type='submit']")
    page.wait_for_selector("svg[role='img']")
    journey.snap("map")

    page.click("main ul.lagebild-regions a[href='/lagebild/region/03459024/']")
    page.wait_for_url("**/lagebild/region/03459024/")
    assert page.locator("h1").inner_text().startswith("Lagebild: Melle")
    journey.snap("drill-down")

    page.goto("/lagebild/forecast/?region=03459024")
    page.fill('input[name="u3_care_rate"]', "0.55")
    page.select_option('select[name="scenario"]', "wave_2022")
    page.fill('input[name="scenario_arrivals"]', "300")
    page.click("main form button[type='submit']")
    page.wait_for_selector("text=Rückrechnung")
    journey.snap("forecast")
    page.click("main form[action='/lagebild/report/'] button[type='submit']")
    page.wait_for_selector("progress.job__bar")
    journey.snap("report-progress")
    run_jobs()
    page.wait_for_selector(".notice--success a", timeout=20000)
    journey.snap("report-ready")
    with page.expect_download() as download:
        page.click(".notice--success a[href^='/lagebild/report/']")
    pdf = tmp_path / "lagebild.pdf"
    download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    # The same report's pages as pictures, typeset straight to PNG (no PDF rasteriser needed on the machine),
    # from what the planner asked the job for.
    from django_tasks_db.models import DBTaskResult

    from wegweiser.jobs.models import Job
    from wegweiser.lagebild.report import render_report_png
    from wegweiser.lagebild.tasks import council_report

    job = Job.objects.filter(kind="lagebild.report").latest("created_at")
    query = DBTaskResult.objects.get(id=job.task_result_id).args_kwargs["kwargs"]["query"]
    with translation.override(job.language or "de"):  # as the worker runs it: in the maker's language
        report = council_report(job.created_by, query, today=timezone.localdate(), stage=lambda *_: None)
    for number, png in enumerate(render_report_png(report, ppi=50), start=1):
        (journey.folder / f"report-page-{number}.png").write_bytes(png)
    assert list(journey.folder.glob("report-page-*.png")), "the report's pages as pictures"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_municipal_manager_sees_their_municipality_and_published_figures_of_others(page, journey):
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    melle = Municipality.objects.get(ags="03459024")
    UserFactory(username="melle", role=Role.MUNICIPAL_MANAGER, municipalities=[melle])
    login(page, "melle")
    page.goto("/lagebild/region/03459024/")
    assert "außerhalb Ihrer Zuständigkeit" not in page.locator("main").inner_text()
    journey.snap("own-municipality")
    page.goto("/lagebild/region/03459007/")
    assert "außerhalb Ihrer Zuständigkeit" in page.locator("main").inner_text()
    journey.snap("other-municipality")
