from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.core.spreadsheet import spreadsheet_csv_writer, spreadsheet_xlsx
from wegweiser.jobs.services import upload_discard
from wegweiser.lagebild import dashboard, indicators, planning, services
from wegweiser.lagebild.charts import table_csv, table_xlsx
from wegweiser.lagebild.forecast import ForecastInputError
from wegweiser.lagebild.forms import ForecastScenarioForm, StatisticsUploadForm, scenario_form
from wegweiser.lagebild.selectors import (
    report_file_for_user,
    statistic_releases_for_user,
    statistic_uploads_for_user,
    statistics_preview,
)
from wegweiser.lagebild.services import (
    statistic_release_delete,
    statistic_upload_confirm,
    statistic_upload_store,
)
from wegweiser.lagebild.statistics.own import COLUMNS, MEASURES, template_rows
from wegweiser.territory.remit import remit_for_user


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


# --- The Lagebild's pages: dashboard, map, drill-down, downloads ------------------------------------------


def _region_or_404(key: str):
    region = indicators.region_by_key(key)
    if region is None:
        raise Http404
    return region


def _region_page(request, region):
    figures = indicators.own_figures_for_user(request.user, today=timezone.localdate())
    charts = dashboard.region_charts(region, figures)
    regions = indicators.lagebild_regions()
    context = {
        "region": region,
        "charts": charts,
        "samtgemeinden": [r for r in regions if r.kind == "samtgemeinde"],
        "municipalities": [r for r in regions if r.kind == "municipality"],
        "remit": remit_for_user(request.user),
        "in_remit": region.kind == "district"
        and remit_for_user(request.user).district_wide
        or (region.member_ids and all(remit_for_user(request.user).includes(pk) for pk in region.member_ids)),
    }
    return render(request, "lagebild/dashboard.html", context)


@require_perm(Perm.AGGREGATES_VIEW)
def dashboard_view(request):
    regions = indicators.lagebild_regions()
    if not regions:
        return render(request, "lagebild/dashboard.html", {"region": None, "charts": []})
    return _region_page(request, regions[0])


@require_perm(Perm.AGGREGATES_VIEW)
def region_view(request, region_key: str):
    return _region_page(request, _region_or_404(region_key))


@require_perm(Perm.AGGREGATES_VIEW)
def map_view(request):
    key = request.GET.get("indicator", dashboard.MAP_INDICATORS[0])
    if key not in dashboard.MAP_INDICATORS:
        key = dashboard.MAP_INDICATORS[0]
    chart = dashboard.map_chart(key)
    options = [(option, indicators.INDICATORS[option].label) for option in dashboard.MAP_INDICATORS]
    regions = [r for r in indicators.lagebild_regions() if r.kind == "municipality"]
    context = {"chart": chart, "chart_key": "map", "indicator": key, "options": options, "municipalities": regions}
    return render(request, "lagebild/map.html", context)


def _download(chart, fmt: str, name: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse("\ufeff" + table_csv(chart.table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            table_xlsx(chart.table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="lagebild-{name}.{fmt}"'
    return response


@require_perm(Perm.AGGREGATES_VIEW)
def chart_download(request, region_key: str, chart: str, fmt: str):
    region = _region_or_404(region_key)
    if chart not in dashboard.CHARTS:
        raise Http404
    figures = indicators.own_figures_for_user(request.user, today=timezone.localdate())
    found = dashboard.region_charts(region, figures, only=chart)
    if not found:
        raise Http404
    return _download(found[0][1], fmt, f"{chart}-{region.key}")


@require_perm(Perm.AGGREGATES_VIEW)
def map_download(request, fmt: str):
    key = request.GET.get("indicator", dashboard.MAP_INDICATORS[0])
    if key not in dashboard.MAP_INDICATORS:
        raise Http404
    return _download(dashboard.map_chart(key), fmt, f"karte-{key}")


def _forecast_region(request):
    regions = indicators.lagebild_regions()
    options = {
        "district": [r for r in regions if r.kind == "district"],
        "samtgemeinden": [r for r in regions if r.kind == "samtgemeinde"],
        "municipalities": [r for r in regions if r.kind == "municipality"],
    }
    return planning.forecast_region(request.GET.get("region", "")), options


def _scenario_form(request) -> ForecastScenarioForm:
    return scenario_form(request.GET)


@require_perm(Perm.AGGREGATES_VIEW)
def forecast_view(request):
    region, options = _forecast_region(request)
    form = _scenario_form(request)
    page, error = None, ""
    if region is not None and form.is_valid():
        figures = indicators.own_figures_for_user(request.user, today=timezone.localdate())
        try:
            page = planning.forecast_page(region, form.cleaned_data, figures)
        except ForecastInputError as problem:
            error = str(problem)
    context = {
        "form": form,
        "region": region,
        "options": options,
        "page": page,
        "error": error,
    }
    return render(request, "lagebild/forecast.html", context)


@require_POST
@require_perm(Perm.AGGREGATES_VIEW)
def report_start(request):
    """ "Bericht erstellen": the council's report "Lagebild Integration" is typeset by the worker, with the
    forecast the planner set on the page; the job page shows its progress and then offers the PDF."""
    if not indicators.lagebild_regions():
        raise Http404
    query = {name: value for name, value in request.POST.items() if name != "csrfmiddlewaretoken"}
    services.report_files_expire()
    job = services.report_enqueue(actor=request.user, query=query)
    return redirect("jobs:detail", job_id=job.pk)


@require_perm(Perm.AGGREGATES_VIEW)
def report_download(request, job_id):
    """The finished PDF, only for the planner whose job made it, for a day."""
    report = report_file_for_user(request.user, job_id=job_id)
    if report is None:
        raise Http404
    response = HttpResponse(bytes(report.content), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lagebild-integration-{report.created_at:%Y-%m-%d}.pdf"'
    return response
