"""Data subject rights: exports, erasure on request and the retention review."""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.casework import selectors, services
from wegweiser.casework.forms import (
    ErasureConfirmForm,
    PersonExportPdfForm,
    PersonSearchForm,
)
from wegweiser.casework.services import (
    PURPOSE_DATA_SUBJECT,
)
from wegweiser.casework.views._common import _opened
from wegweiser.jobs.services import job_enqueue
from wegweiser.language import selectors as language_selectors

# --- Data subject rights ---------------------------------------------------------------------------------


def _subject(request, person_id):
    return get_object_or_404(selectors.persons_for_data_subject_requests(request.user), pk=person_id)


@require_perm(Perm.DATA_SUBJECT_EXPORT)
def person_export_json(request, person_id):
    person = _subject(request, person_id)
    data = selectors.person_export(person)
    services.person_export_record(actor=request.user, person=person, export_format="json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@require_POST
@require_perm(Perm.DATA_SUBJECT_EXPORT)
def person_export_pdf(request, person_id):
    """The readable export is made by the worker (Typst); the job page offers the file when it is done. The
    officer picks the person's language (by default their preferred one); the German part is always added."""
    from wegweiser.casework.export_pdf import EXPORT_LANGUAGES, export_language_for
    from wegweiser.casework.tasks import casework_person_pdf

    person = _subject(request, person_id)
    language = request.POST.get("language", "")
    if language not in EXPORT_LANGUAGES:
        language = export_language_for(person)
    job = job_enqueue(
        task=casework_person_pdf,
        kind="casework.person_pdf",
        label=_("Data export (PDF) of record #%(id)s") % {"id": person.pk},
        actor=request.user,
        person_id=person.pk,
        language=language,
    )
    return redirect("jobs:detail", job_id=job.pk)


@require_perm(Perm.DATA_SUBJECT_EXPORT)
def person_export_pdf_download(request, person_id, job_id):
    from wegweiser.casework.tasks import export_file_for

    person = _subject(request, person_id)
    # An export past its time is deleted now rather than at the worker's next round.
    services.export_files_expire()
    content = export_file_for(user=request.user, person=person, job_id=job_id)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.pdf"'
    return response


@require_perm(Perm.DATA_SUBJECT_DELETE)
def data_subject_list(request):
    """The data protection officer finds a person by name, birth date or record number."""
    form = PersonSearchForm(request.GET or None)
    persons = []
    if form.is_valid() and any(form.cleaned_data.values()):
        persons = selectors.data_subject_search(
            request.user,
            form.cleaned_data["q"],
            birth_date_text=form.cleaned_data["birth"],
            phone=form.cleaned_data["phone"],
        )
    # Each row offers the PDF in the person's own language right there: the erase page is a separate step.
    rows = [(person, PersonExportPdfForm(person=person)) for person in persons]
    return render(request, "casework/data_subject_list.html", {"form": form, "persons": persons, "rows": rows})


@require_perm(Perm.DATA_SUBJECT_DELETE)
def person_erase(request, person_id):
    person = _opened(request, _subject(request, person_id), PURPOSE_DATA_SUBJECT)
    form = ErasureConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.person_erase(actor=request.user, person=person, on_request=True)
        messages.success(
            request,
            ngettext(
                "Record #%(id)s and %(rows)s related record have been deleted. The audit log keeps only the ids.",
                "Record #%(id)s and %(rows)s related records have been deleted. The audit log keeps only the ids.",
                result.rows - 1,
            )
            % {"id": person_id, "rows": result.rows - 1},
        )
        return redirect("casework:data_subject_list")
    counts = selectors.records_held_on(person)
    counts["german_enrolments"] = language_selectors.person_enrolment_count(person)
    # Each count in its plural form ("1 Termin", not "1 Termine"); the literal calls let the extractor see them.
    counts["held"] = ", ".join(
        [
            ngettext("%(count)s case with its notes", "%(count)s cases with their notes", counts["cases"])
            % {"count": counts["cases"]},
            ngettext("%(count)s document", "%(count)s documents", counts["documents"]) % {"count": counts["documents"]},
            ngettext("%(count)s appointment", "%(count)s appointments", counts["appointments"])
            % {"count": counts["appointments"]},
            ngettext("%(count)s referral", "%(count)s referrals", counts["referrals"]) % {"count": counts["referrals"]},
            ngettext("%(count)s consent", "%(count)s consents", counts["consents"]) % {"count": counts["consents"]},
        ]
    )
    return render(
        request,
        "casework/person_erase.html",
        {"person": person, "form": form, "counts": counts, "export_form": PersonExportPdfForm(person=person)},
    )


@require_perm(Perm.RETENTION_REVIEW)
def retention_review(request):
    """Closed cases past the retention period; the officer flags them and deletes the persons in bulk."""
    if request.method == "POST":
        if request.POST.get("action") == "flag":
            count = services.cases_flag_for_retention(actor=request.user)
            messages.success(request, _("%(count)s cases newly flagged.") % {"count": count})
            return redirect("casework:retention_review")
        ids = [int(value) for value in request.POST.getlist("person") if value.isdigit()]
        flagged = set(
            selectors.retention_flagged_cases(request.user)
            .filter(person_id__in=ids)
            .values_list("person_id", flat=True)
        )
        still_open = selectors.persons_with_open_cases(flagged)
        allowed = flagged - still_open
        if still_open:
            messages.warning(
                request,
                _("Not deleted, because a case of theirs is open: %(records)s.")
                % {"records": ", ".join(f"#{pk}" for pk in sorted(still_open))},
            )
        if not allowed:
            if not still_open:
                messages.error(request, _("Choose at least one person."))
            return redirect("casework:retention_review")
        from wegweiser.casework.tasks import casework_erase_persons

        job = job_enqueue(
            task=casework_erase_persons,
            kind="casework.erase",
            label=_("Delete %(count)s persons after the retention period") % {"count": len(allowed)},
            actor=request.user,
            result_url=reverse("casework:retention_review"),
            person_ids=sorted(allowed),
        )
        return redirect("jobs:detail", job_id=job.pk)
    cases = selectors.retention_flagged_cases(request.user)
    open_elsewhere = selectors.persons_with_open_cases(cases.values("person_id"))
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/retention_review.html",
        {
            "page": page,
            "open_elsewhere": open_elsewhere,
            "days": selectors.retention_days(),
            "cutoff": selectors.retention_cutoff(),
        },
    )
