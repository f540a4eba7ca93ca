from django.urls import path

from wegweiser.network import need_views, views, volunteer_views

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
    path("volunteers/", volunteer_views.volunteer_list, name="volunteer_list"),
    path("volunteers/match/", volunteer_views.volunteer_match, name="volunteer_match"),
    path("volunteers/new/", volunteer_views.volunteer_create, name="volunteer_create"),
    path("volunteers/<int:volunteer_id>/", volunteer_views.volunteer_detail, name="volunteer_detail"),
    path("volunteers/<int:volunteer_id>/edit/", volunteer_views.volunteer_edit, name="volunteer_edit"),
    path("volunteers/<int:volunteer_id>/roles/", volunteer_views.volunteer_role_set, name="volunteer_role_set"),
    path("volunteers/<int:volunteer_id>/slots/", volunteer_views.availability_add, name="availability_add"),
    path("volunteers/<int:volunteer_id>/hours/", volunteer_views.hours_add, name="hours_add"),
    path("volunteers/<int:volunteer_id>/export/", volunteer_views.volunteer_export, name="volunteer_export"),
    path("volunteers/<int:volunteer_id>/erase/", volunteer_views.volunteer_erase, name="volunteer_erase"),
    path("needs/", need_views.need_list, name="need_list"),
    path("needs/new/", need_views.need_create, name="need_create"),
    path("needs/<int:need_id>/", need_views.need_detail, name="need_detail"),
    path("needs/<int:need_id>/ask/", need_views.match_propose, name="match_propose"),
    path("needs/<int:need_id>/close/", need_views.need_close, name="need_close"),
    path("needs/<int:need_id>/asked/<int:match_id>/withdraw/", need_views.match_withdraw, name="match_withdraw"),
    path("answer/<str:lang>/<str:token>/", need_views.match_answer, name="match_answer"),
]
