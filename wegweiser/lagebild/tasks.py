from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from wegweiser.jobs.runner import JobError, RunningJob, run_job
from wegweiser.lagebild.services import StatisticsImportError, statistics_check, statistics_import
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
