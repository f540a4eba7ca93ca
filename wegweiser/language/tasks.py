from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from wegweiser.jobs.runner import JobError, RunningJob, run_job
from wegweiser.language import placement
from wegweiser.language.models import PlacementRun
from wegweiser.language.selectors import engine_learners, engine_offer, offers_with_free_seats, waiting_learners
from wegweiser.language.services import WAITING_PRIORITY_MINUTES_PER_WEEK, placement_run_store
from wegweiser.language.travel import TravelTimes


def placement_compute(*, max_minutes: float, job=None, actor=None, on_progress=None) -> PlacementRun:
    """Read the waiting learners and free seats, run the engine and store its proposals (nothing enrolled)."""
    progress = on_progress or (lambda done, total, message: None)
    progress(0, 3, _("Reading waiting learners and free seats"))
    learners = engine_learners(waiting_learners())
    offers = offers_with_free_seats()
    if not learners:
        raise JobError(_("Nobody is waiting for a place."))
    if not offers:
        raise JobError(_("No offer has a free seat."))
    travel = TravelTimes.load()
    progress(1, 3, _("Computing the placement"))
    result = placement.place(
        learners,
        [engine_offer(offer) for offer in offers],
        travel,
        max_minutes=max_minutes,
        priority_minutes_per_week=WAITING_PRIORITY_MINUTES_PER_WEEK,
    )
    progress(2, 3, _("Storing the proposals"))
    return placement_run_store(
        actor=actor, result=result, learners=learners, offers=offers, travel=travel, max_minutes=max_minutes, job=job
    )


@task(takes_context=True)
def placement_run(context: TaskContext, job_id: str, max_minutes: int = 45) -> dict:
    def work(job: RunningJob) -> dict:
        run = placement_compute(
            max_minutes=max_minutes,
            job=job.job,
            actor=job.job.created_by,
            on_progress=lambda done, total, message: job.progress(done, total, message, force=True),
        )
        return {
            "summary": _("%(placed)s of %(learners)s waiting learners proposed for a seat.")
            % {"placed": run.placed, "learners": run.learners},
            "run_id": run.pk,
        }

    return run_job(context, job_id, work)
