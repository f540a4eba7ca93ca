from django.urls import path

from wegweiser.lagebild import views

app_name = "lagebild"
urlpatterns = [
    path("tables/", views.table_list, name="tables"),
    path("tables/<int:release_id>/delete/", views.release_delete, name="release_delete"),
    path("import/", views.upload, name="upload"),
    path("import/<uuid:upload_id>/", views.preview, name="preview"),
    path("import/<uuid:upload_id>/discard/", views.discard, name="discard"),
    path("import/template/", views.template_download, name="template"),
]
