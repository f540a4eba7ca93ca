from django.urls import path

from wegweiser.network import views

app_name = "network"
urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:organisation_id>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:organisation_id>/contacts/new/", views.contact_add, name="contact_add"),
    path(
        "organisations/<int:organisation_id>/contacts/<int:contact_id>/remove/",
        views.contact_remove,
        name="contact_remove",
    ),
    path("our-entry/", views.own_organisation, name="own_organisation"),
    path("reviews/", views.revision_list, name="revision_list"),
    path("reviews/<int:revision_id>/", views.revision_decide, name="revision_decide"),
]
