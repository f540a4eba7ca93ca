from django.urls import path

from wegweiser.participation import public_views as participation
from wegweiser.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.portal_home_redirect, name="start"),
    path("language/<str:lang>/", views.portal_language, name="language"),
    path("staff/", views.staff_overview, name="staff_overview"),
    path("staff/pages/new/", views.staff_page_create, name="staff_page_create"),
    path("staff/pages/<int:page_id>/", views.staff_page_edit, name="staff_page_edit"),
    path("staff/pages/<int:page_id>/<str:lang>/", views.staff_translation_edit, name="staff_translation_edit"),
    path("<str:lang>/", views.home, name="home"),
    path("<str:lang>/info/<slug:slug>/", views.info_page_cached, name="info_page"),
    path("<str:lang>/offers/", views.finder, name="finder"),
    path("<str:lang>/offers/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("<str:lang>/appointment/", views.appointment_request, name="appointment_request"),
    path("<str:lang>/privacy/", views.privacy, name="privacy"),
    # Feedback forms and surveys (the participation app's public side)
    path("<str:lang>/feedback/", participation.feedback_list, name="feedback_list"),
    path("<str:lang>/feedback/<slug:slug>/", participation.feedback, name="feedback"),
]
