from django.urls import path, re_path

from wegweiser.lagebild import views

app_name = "lagebild"
urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("map/", views.map_view, name="map"),
    path("forecast/", views.forecast_view, name="forecast"),
    path("report/", views.report_start, name="report"),
    path("report/<uuid:job_id>.pdf", views.report_download, name="report_download"),
    re_path(r"^map/download\.(?P<fmt>csv|xlsx)$", views.map_download, name="map_download"),
    path("region/<str:region_key>/", views.region_view, name="region"),
    re_path(
        r"^region/(?P<region_key>[0-9A-Za-z]+)/(?P<chart>[a-z_]+)\.(?P<fmt>csv|xlsx)$",
        views.chart_download,
        name="chart_download",
    ),
    path("tables/", views.table_list, name="tables"),
    path("tables/<int:release_id>/delete/", views.release_delete, name="release_delete"),
    path("import/", views.upload, name="upload"),
    path("import/<uuid:upload_id>/", views.preview, name="preview"),
    path("import/<uuid:upload_id>/discard/", views.discard, name="discard"),
    path("import/template/", views.template_download, name="template"),
]
