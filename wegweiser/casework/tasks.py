from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskContext, task

from wegweiser.casework.export_pdf import render_person_pdf
from wegweiser.casework.models import ExportFile, Person
from wegweiser.casework.services import EXPORT_KEPT_FOR, export_file_store, persons_erase
from wegweiser.jobs.runner import JobError, RunningJob, run_job


@task(takes_context=True)
def casework_person_pdf(context: TaskContext, job_id: str, person_id: int, language: str = "de") -> dict:
    def work(job: RunningJob) -> dict:
        person = Person.objects.filter(pk=person_id).first()
        if person is None:
            raise JobError(_("The person's record no longer exists."))
        job.progress(0, 1, _("Typesetting"), force=True)
        content = render_person_pdf(person, language)
        export_file_store(actor=job.job.created_by, person=person, job=job.job, content=content)
        url = reverse("casework:person_export_pdf_download", kwargs={"person_id": person.pk, "job_id": job.id})
        from wegweiser.jobs.models import Job

        Job.objects.filter(pk=job.job.pk).update(result_url=url)
        return {"summary": _("The PDF is ready (%(kb)s KB).") % {"kb": max(1, len(content) // 1024)}}

    return run_job(context, job_id, work)


def export_file_for(*, user: Any, person: Person, job_id: Any) -> bytes | None:
    """The PDF made by `user`'s job for `person`, while it is still offered."""
    export = (
        ExportFile.objects.filter(
            person=person, job_id=job_id, job__created_by=user, created_at__gte=timezone.now() - EXPORT_KEPT_FOR
        )
        .only("content")
        .first()
    )
    return bytes(export.content) if export else None


@task(takes_context=True)
def casework_erase_persons(context: TaskContext, job_id: str, person_ids: list[int]) -> dict:
    def work(job: RunningJob) -> dict:
        job.progress(0, len(person_ids), _("Deleting"), force=True)
        result = persons_erase(actor=job.job.created_by, person_ids=person_ids, on_request=False)
        summary = _("%(persons)s persons and %(rows)s records deleted.") % {
            "persons": result.persons,
            "rows": result.rows,
        }
        if result.kept_open_case:
            summary += " " + _("Kept, because a case of theirs was opened again: %(records)s.") % {
                "records": ", ".join(f"#{pk}" for pk in result.kept_open_case)
            }
        return {"summary": summary, "kept_open_case": result.kept_open_case}

    return run_job(context, job_id, work)
