from datetime import date

from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from wegweiser.jobs.runner import JobError, RunningJob, run_job
from wegweiser.territory.register import parse_register
from wegweiser.territory.services import TerritoryLoadError, territory_load_register


@task(takes_context=True)
def territory_import(context: TaskContext, job_id: str, population_date: str = "") -> dict:
    def work(job: RunningJob) -> dict:
        filename = job.job.input.filename
        register = parse_register(
            job.input_bytes(),
            filename,
            on_row=lambda done, total: job.progress(done, total, _("Checking rows")),
        )
        if register.problems:
            raise JobError(
                _("%(count)s problems in the file; nothing was loaded.") % {"count": len(register.problems)},
                [str(problem) for problem in register.problems],
            )
        job.progress(1, 1, _("Loading"), force=True)
        try:
            result = territory_load_register(
                register=register,
                population_date=date.fromisoformat(population_date) if population_date else None,
                actor=job.job.created_by,
            )
        except TerritoryLoadError as error:
            raise JobError(str(error)) from error
        return {"summary": result.summary(), "created": result.created, "updated": result.updated}

    return run_job(context, job_id, work)
