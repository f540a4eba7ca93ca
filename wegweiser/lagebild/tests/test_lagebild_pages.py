"""The Lagebild's pages on the demo district: dashboard, map, drill-down, downloads, forecast and the PDF."""

import io
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.casework.tests.factories import PersonFactory
from wegweiser.jobs.models import Job, JobStatus
from wegweiser.lagebild.demo import load_demo
from wegweiser.lagebild.models import ReportFile
from wegweiser.territory.demo import load_demo as load_territory
from wegweiser.territory.models import Municipality

MELLE = "03459024"


@pytest.fixture
def demo(db):
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    return Municipality.objects.get(ags=MELLE)


def _login(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def planner(client, demo):
    return _login(client, UserFactory(username="planer", role=Role.INTEGRATION_OFFICE))


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.captions, self.svgs, self._in_caption = [], 0, False

    def handle_starttag(self, tag, attrs):
        self._in_caption = tag == "caption"
        if tag == "svg" and ("role", "img") in attrs:
            self.svgs += 1

    def handle_data(self, data):
        if self._in_caption and data.strip():
            self.captions.append(data.strip())
            self._in_caption = False


def test_dashboard_shows_every_chart_with_its_table(planner):
    page = planner.get(reverse("lagebild:dashboard")).content.decode()
    parsed = _Tables()
    parsed.feed(page)
    assert parsed.svgs >= 6, "time series, bars, pyramid, Kita, arrivals, courses"
    assert parsed.svgs == len(parsed.captions), "every chart has its table with a caption"
    assert "Population by age and sex in Landkreis Osnabrück" in page
    assert "Foreign share of the population in Landkreis Osnabrück" in page
    assert "Protection seekers" in page, "the demo has protection seekers (DEMO-12531)"
    assert "<desc" in page, "charts are described for screen readers"


def test_drill_down_and_downloads(planner):
    page = planner.get(reverse("lagebild:region", kwargs={"region_key": MELLE})).content.decode()
    assert "Lagebild: Melle" in page
    csv = planner.get(
        reverse("lagebild:chart_download", kwargs={"region_key": MELLE, "chart": "foreign_share", "fmt": "csv"})
    )
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 11, "a header and ten years"
    xlsx = planner.get(
        reverse("lagebild:chart_download", kwargs={"region_key": MELLE, "chart": "age_groups", "fmt": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)][0] == "Children under 1"
    missing = reverse("lagebild:region", kwargs={"region_key": "99999999"})
    assert planner.get(missing).status_code == 404


def test_map_of_the_34_municipalities(planner):
    page = planner.get(reverse("lagebild:map"), {"indicator": "kita_coverage_u3"}).content.decode()
    assert "Versorgungsquote under 3 by municipality" in page
    assert page.count("<title") >= 34, "a title per municipality"
    download = planner.get(reverse("lagebild:map_download", kwargs={"fmt": "csv"}), {"indicator": "foreign_share"})
    assert len(download.content.decode("utf-8-sig").splitlines()) == 35


def test_forecast_with_a_custom_scenario_shows_its_working_and_backtest(planner):
    query = {
        "region": MELLE,
        "u3_care_rate": "0.5",
        "ue3_care_rate": "0.98",
        "buffer": "0.1",
        "births_years": "3",
        "migration_rate": "0",
        "scenario": "custom",
        "scenario_name": "Neubaugebiet Nord",
        "scenario_arrivals": "200",
        "participation_rate": "0.6",
        "course_weeks": "26",
    }
    page = planner.get(reverse("lagebild:forecast"), query).content.decode()
    assert "Neubaugebiet Nord" in page
    assert "How it was calculated" in page
    assert "2030" in page, "six years from 2024"
    assert "Back-test" in page
    assert "mean error" in page
    refused = planner.get(reverse("lagebild:forecast"), {**query, "scenario_name": ""}).content.decode()
    assert "A scenario of your own needs a name." in refused


def test_the_report_is_made_by_a_job_with_progress_and_handed_only_to_its_maker(planner, run_jobs):
    query = {
        "region": MELLE,
        "u3_care_rate": "0.5",
        "ue3_care_rate": "0.98",
        "buffer": "0.1",
        "births_years": "3",
        "migration_rate": "0",
        "scenario": "custom",
        "scenario_name": "Neubaugebiet Nord",
        "scenario_arrivals": "200",
        "participation_rate": "0.6",
        "course_weeks": "26",
    }
    forecast = planner.get(reverse("lagebild:forecast"), query).content.decode()
    assert 'action="/lagebild/report/"' in forecast
    assert 'name="scenario_name" value="Neubaugebiet Nord"' in forecast, "the button carries the scenario set"

    started = planner.post(reverse("lagebild:report"), query)
    job = Job.objects.get(kind="lagebild.report")
    assert started["Location"] == reverse("jobs:detail", kwargs={"job_id": job.pk})
    waiting = planner.get(started["Location"]).content.decode()
    assert "job__bar" in waiting
    assert "Waiting" in waiting

    run_jobs()
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    done = planner.get(started["Location"]).content.decode()
    assert f'href="{job.result_url}"' in done
    pdf = planner.get(job.result_url)
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Lagebild Integration" in text
    assert "Neubaugebiet Nord" in text, "the forecast the planner set"
    assert "Sources" in text
    assert "DEMO-12411-AG" in text
    assert "Counts of fewer than 5 people are not published" in text.replace("\n", " ")

    planner.logout()
    for role in (Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE):
        _login(planner, UserFactory(role=role))
        assert planner.get(job.result_url).status_code == 404, "only the planner who started it gets the file"
        planner.logout()


def test_a_report_past_its_day_is_no_longer_handed_out_and_is_deleted(planner, run_jobs):
    planner.post(reverse("lagebild:report"), {"region": MELLE})
    run_jobs()
    job = Job.objects.get(kind="lagebild.report")
    assert planner.get(job.result_url).status_code == 200
    ReportFile.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert planner.get(job.result_url).status_code == 404
    planner.post(reverse("lagebild:report"), {"region": MELLE})
    assert not ReportFile.objects.exists(), "starting the next report clears the old files"


def test_municipal_manager_sees_own_counts_only_in_their_remit(client, demo):
    other = Municipality.objects.get(ags="03459007")
    for _ in range(8):
        PersonFactory(municipality=demo, arrival_date=date.today().replace(day=1))
        PersonFactory(municipality=other, arrival_date=date.today().replace(day=1))
    manager = UserFactory(username="melle", role=Role.MUNICIPAL_MANAGER, municipalities=[demo])
    _login(client, manager)
    own = client.get(reverse("lagebild:region", kwargs={"region_key": MELLE})).content.decode()
    assert "outside your remit" not in own
    foreign = client.get(reverse("lagebild:region", kwargs={"region_key": other.ags})).content.decode()
    assert "This area is outside your remit" in foreign
    assert "Foreign share of the population in" in foreign, "the official statistics are shown"
    csv = client.get(
        reverse("lagebild:chart_download", kwargs={"region_key": other.ags, "chart": "arrivals", "fmt": "csv"})
    ).content.decode("utf-8-sig")
    assert ";8" not in csv, "the other town's arrivals are not given out"
    own_csv = client.get(
        reverse("lagebild:chart_download", kwargs={"region_key": MELLE, "chart": "arrivals", "fmt": "csv"})
    ).content.decode("utf-8-sig")
    assert own_csv.splitlines()[-1].endswith(";8")


SCENARIO = {
    "region": MELLE,
    "u3_care_rate": "0.5",
    "ue3_care_rate": "0.98",
    "buffer": "0.05",
    "births_years": "3",
    "migration_rate": "0",
    "scenario": "custom",
    "scenario_name": "Sprachkurse",
    "scenario_arrivals": "200",
    "participation_rate": "0.5",
    "course_weeks": "26",
}


def test_a_shorter_course_needs_seats_as_the_formula_says(planner):
    def first_a1(weeks):
        response = planner.get(reverse("lagebild:forecast"), {**SCENARIO, "course_weeks": weeks})
        return response.content.decode(), response.context["page"].forecast.years[0].courses["A1"]

    page_26, full = first_a1("26")
    page_13, half = first_a1("13")
    # By hand: 200 arrivals × adults 0.7 × participation 0.5 = 70 starting A1 in the first year;
    # seats needed = (70 + those waiting before) × course weeks / 52.
    assert full.entrants.value == 70
    waiting = full.waiting_before.value
    assert half.waiting_before.value == waiting, "the first year starts from the same queue"
    assert full.seat_need.value == (70 + waiting) * 26 / 52
    assert half.seat_need.value == (70 + waiting) * 13 / 52
    assert full.seat_need.value == 2 * half.seat_need.value
    assert "× 26 weeks course length / 52 weeks" in page_26
    assert "× 13 weeks course length / 52 weeks" in page_13
    assert "participation rate 50" in page_26, "the rate the planner set is in the participants' working"


def test_the_defaults_are_the_planning_constants_and_bad_values_are_refused_in_german(planner):
    from wegweiser.lagebild.planning import COURSE_WEEKS, PARTICIPATION_RATE

    page = planner.get(reverse("lagebild:forecast"), {"region": MELLE})
    form = page.context["form"]
    assert form.cleaned_data["course_weeks"] == COURSE_WEEKS == 26
    assert form.cleaned_data["participation_rate"] == PARTICIPATION_RATE
    planner.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    refused = planner.get(
        reverse("lagebild:forecast"), {**SCENARIO, "course_weeks": "0", "participation_rate": "1.5"}
    ).content.decode()
    assert "Ein Kurs dauert mindestens 1 Woche." in refused
    assert "Die Teilnahmequote liegt zwischen 0 und 1" in refused
    empty = planner.get(reverse("lagebild:forecast"), {**SCENARIO, "course_weeks": ""}).content.decode()
    assert "Geben Sie die Dauer eines Kurses in Wochen an" in empty


def test_answers_to_surveys_are_a_lagebild_figure_published_and_cut_to_the_remit(client, demo):
    """Participation's answers per survey appear on the region page as a chart with its table, small counts
    hidden, and a municipal manager does not get another town's answers."""
    from wegweiser.lagebild import indicators
    from wegweiser.participation.tests import factories as participation

    other = Municipality.objects.get(ags="03459007")
    melle_survey = participation.survey(municipality=demo, languages=())
    other_survey = participation.survey(municipality=other, languages=(), slug="umfrage-andere")
    for _ in range(7):
        participation.answer(melle_survey)
    for _ in range(6):
        participation.answer(other_survey)
    small = participation.survey(municipality=demo, languages=(), slug="umfrage-klein")
    participation.answer(small)

    office = _login(client, UserFactory(username="planer2", role=Role.INTEGRATION_OFFICE))
    page = office.get(reverse("lagebild:region", kwargs={"region_key": MELLE})).content.decode()
    assert "Answers to surveys and feedback forms in Melle" in page
    csv = office.get(
        reverse("lagebild:chart_download", kwargs={"region_key": MELLE, "chart": "participation", "fmt": "csv"})
    ).content.decode("utf-8-sig")
    rows = csv.splitlines()[1:]
    assert len(rows) == 2
    assert not any(row.endswith(";1") for row in rows), "one answer is not given out"
    # Melle's sum (8) is published as its indicator, so the 7 beside it would give the 1 away: hidden too.
    assert not any(row.endswith(";7") for row in rows), csv
    assert indicators.indicator_series("survey_answers", MELLE)[0][1] == 8
    assert indicators.indicator_series("survey_answers", other.ags)[0][1] == 6

    manager = _login(client, UserFactory(username="melle2", role=Role.MUNICIPAL_MANAGER, municipalities=[demo]))
    foreign = manager.get(
        reverse("lagebild:chart_download", kwargs={"region_key": other.ags, "chart": "participation", "fmt": "csv"})
    )
    assert foreign.status_code == 404 or ";6" not in foreign.content.decode("utf-8-sig")
