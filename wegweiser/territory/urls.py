from django.urls import path

from wegweiser.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("upload/", views.register_upload, name="upload"),
]
