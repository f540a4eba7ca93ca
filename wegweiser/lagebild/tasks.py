import contextlib
from collections.abc import Callable
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from wegweiser.core.request_memo import request_memo_scope
from wegweiser.jobs.runner import JobError, RunningJob, run_job
from wegweiser.lagebild import indicators, planning
from wegweiser.lagebild.forecast import ForecastInputError
from wegweiser.lagebild.forms import scenario_form
from wegweiser.lagebild.report import Report, render_report_pdf
from wegweiser.lagebild.services import (
    StatisticsImportError,
    report_file_store,
    statistics_check,
    statistics_import,
)
from wegweiser.lagebild.statistics import StatisticsParseError, read_statistics

# The stages of an import as the progress bar shows them. Loading runs in one transaction, so its own
# progress would stay invisible to the page until the end.
STAGES = 3


@task(takes_context=True)
def lagebild_import(context: TaskContext, job_id: str) -> dict:
    def work(job: RunningJob) -> dict:
        filename = job.job.input.filename
        job.progress(0, STAGES, _("Reading the file"), force=True)
        try:
            statistics = read_statistics(job.input_bytes(), filename)
        except StatisticsParseError as error:
            raise JobError(str(error)) from error
        job.progress(1, STAGES, _("Checking %(count)s values") % {"count": len(statistics.observations)}, force=True)
        statistics_check(statistics)
        if statistics.problems:
            raise JobError(
                _("%(count)s problems in the file; nothing was loaded.") % {"count": len(statistics.problems)},
                [str(problem) for problem in statistics.problems],
            )
        job.progress(2, STAGES, _("Loading %(count)s values") % {"count": len(statistics.observations)}, force=True)
        try:
            summary = statistics_import(statistics=statistics, actor=job.job.created_by)
        except StatisticsImportError as error:
            raise JobError(str(error), error.problems) from error
        return {"summary": " · ".join(summary.lines()), "import": summary.as_dict()}

    return run_job(context, job_id, work)


# The stages of the council's report as its progress bar shows them.
REPORT_STAGES = 3


def council_report(user: Any, query: dict[str, str], *, today: date, stage: Callable[[int, str], None]) -> Report:
    """The report as the user's remit and the forecast they set on the page (`query`) make it, before typesetting
    (the job typesets it as PDF; a journey looks at its pages as pictures)."""
    stage(0, _("Collecting the figures"))
    if not indicators.lagebild_regions():
        raise JobError(_("No statistics are loaded yet; the report would be empty."))
    figures = indicators.own_figures_for_user(user, today=today)
    region = planning.forecast_region(query.get("region", ""))
    form = scenario_form(query)
    page = district = None
    stage(1, _("Calculating the forecast"))
    if region is not None and form.is_valid():
        with contextlib.suppress(ForecastInputError):
            page = planning.forecast_page(region, form.cleaned_data, figures)
        with contextlib.suppress(ForecastInputError):
            district = planning.district_forecast(form.cleaned_data, figures)
    stage(2, _("Typesetting"))
    return planning.lagebild_report(figures=figures, page=page, today=today, district=district)


@task(takes_context=True)
def lagebild_report_pdf(context: TaskContext, job_id: str, query: dict[str, str]) -> dict:
    """The council's report "Lagebild Integration" for the job's maker: their remit's own counts, the forecast
    they set on the page (`query`), typeset by Typst; the file is kept for the maker only."""

    def work(job: RunningJob) -> dict:
        user = job.job.created_by
        if user is None:
            raise JobError(_("The account that asked for this report no longer exists."))

        def stage(number: int, label: str) -> None:
            job.progress(number, REPORT_STAGES, label, force=True)

        report = council_report(user, query, today=timezone.localdate(), stage=stage)
        content = render_report_pdf(report)
        report_file_store(job=job.job, content=content)
        return {"summary": _("The report is ready (%(kb)s KB).") % {"kb": max(1, len(content) // 1024)}}

    def work_reading_once(job: RunningJob) -> dict:
        with request_memo_scope():
            return work(job)

    return run_job(context, job_id, work_reading_once)
