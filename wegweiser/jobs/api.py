from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Router

from wegweiser.api.schemas import COMMON_ERRORS, ErrorOut, ValidationErrorOut
from wegweiser.jobs.schemas import JobOut
from wegweiser.jobs.selectors import jobs_for_user

router = Router(tags=["jobs"])


@router.get(
    "/{job_id}", response={200: JobOut, 404: ErrorOut, 422: ValidationErrorOut, **COMMON_ERRORS}, url_name="jobs_detail"
)
def job_detail(request, job_id: UUID):
    return get_object_or_404(jobs_for_user(request.auth), pk=job_id)
