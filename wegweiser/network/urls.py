from django.urls import path

from wegweiser.network import views

app_name = "network"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:organisation_id>/", views.organisation_edit, name="organisation_edit"),
]
