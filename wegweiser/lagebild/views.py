from itertools import groupby

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.core.spreadsheet import spreadsheet_csv_writer, spreadsheet_xlsx
from wegweiser.jobs.services import upload_discard
from wegweiser.lagebild.forms import StatisticsUploadForm
from wegweiser.lagebild.selectors import statistic_releases_for_user, statistic_uploads_for_user, statistics_preview
from wegweiser.lagebild.services import (
    statistic_release_delete,
    statistic_upload_confirm,
    statistic_upload_store,
)
from wegweiser.lagebild.statistics.own import COLUMNS, MEASURES, template_rows


@require_perm(Perm.STATISTICS_IMPORT)
def table_list(request):
    releases = list(statistic_releases_for_user(request.user))
    tables = [(table, list(items)) for table, items in groupby(releases, key=lambda release: release.table)]
    return render(request, "lagebild/table_list.html", {"tables": tables})


@require_perm(Perm.STATISTICS_IMPORT)
def upload(request):
    form = StatisticsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        stored = statistic_upload_store(actor=request.user, filename=file.name, content=file.read())
        return redirect("lagebild:preview", upload_id=stored.pk)
    context = {"form": form, "columns": COLUMNS.items(), "measures": MEASURES.items()}
    return render(request, "lagebild/upload.html", context)


@require_perm(Perm.STATISTICS_IMPORT)
def preview(request, upload_id):
    stored = get_object_or_404(statistic_uploads_for_user(request.user), pk=upload_id)
    result = statistics_preview(content=bytes(stored.content), filename=stored.filename)
    if request.method == "POST":
        if not result.loadable:
            messages.error(request, _("This file cannot be loaded; see the problems below."))
        else:
            job = statistic_upload_confirm(upload=stored, actor=request.user)
            return redirect("jobs:detail", job_id=job.pk)
    return render(request, "lagebild/preview.html", {"upload": stored, "preview": result})


@require_perm(Perm.STATISTICS_IMPORT)
@require_POST
def discard(request, upload_id):
    stored = get_object_or_404(statistic_uploads_for_user(request.user), pk=upload_id)
    upload_discard(held=stored)
    messages.info(request, _("The file was dropped; nothing was loaded."))
    return redirect("lagebild:upload")


@require_perm(Perm.STATISTICS_IMPORT)
def release_delete(request, release_id: int):
    release = get_object_or_404(statistic_releases_for_user(request.user), pk=release_id)
    if request.method == "POST":
        statistic_release_delete(release=release, actor=request.user)
        messages.success(
            request,
            _("The figures of %(table)s for %(date)s were deleted.")
            % {"table": release.table.code, "date": f"{release.reference_date:%d.%m.%Y}"},
        )
        return redirect("lagebild:tables")
    return render(request, "lagebild/release_delete.html", {"release": release})


@require_perm(Perm.STATISTICS_IMPORT)
def template_download(request):
    """The template for the district's own figures, with one example line per kind of figure."""
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="lagebild-eigene-zahlen.csv"'
        response.write("\ufeff")
        spreadsheet_csv_writer(response, delimiter=";").writerows(template_rows())
        return response
    content = spreadsheet_xlsx(template_rows(), sheet_title=_("Own figures"), text_columns=[1, 2])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="lagebild-eigene-zahlen.xlsx"'
    return response
