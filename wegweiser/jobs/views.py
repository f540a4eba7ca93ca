from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from wegweiser.jobs.selectors import jobs_for_user
from wegweiser.jobs.services import jobs_fail_orphaned


@login_required
def job_detail(request, job_id):
    job = get_object_or_404(jobs_for_user(request.user), pk=job_id)
    return render(request, "jobs/job_detail.html", {"job": job})


@login_required
def job_progress(request, job_id):
    """The progress fragment that the job component polls until the job has finished."""
    job = get_object_or_404(jobs_for_user(request.user), pk=job_id)
    if not job.is_finished:
        jobs_fail_orphaned()
        job.refresh_from_db()
    return render(request, "components/job_progress.html", {"job": job})


@login_required
def job_list(request):
    jobs = jobs_for_user(request.user).select_related("created_by")[:50]
    return render(request, "jobs/job_list.html", {"jobs": jobs})
