from wegweiser.accounts.roles import Role
from wegweiser.jobs.models import Job
from wegweiser.testing.matrix import STAFF, UrlCase, roles


def _admin_job(world):
    job = world.obj(
        "jobs.job", lambda w: Job.objects.create(kind="test", label="Test job", created_by=w.user(Role.DISTRICT_ADMIN))
    )
    return {"job_id": job.pk}


CASES = [
    UrlCase("jobs:list", STAFF),
    # A job is seen by the person who started it (here the district administrator) and by no one else.
    UrlCase("jobs:detail", roles(Role.DISTRICT_ADMIN), kwargs=_admin_job),
    UrlCase("jobs:progress", roles(Role.DISTRICT_ADMIN), kwargs=_admin_job),
    UrlCase("api:jobs_detail", roles(Role.DISTRICT_ADMIN), kwargs=_admin_job),
]
