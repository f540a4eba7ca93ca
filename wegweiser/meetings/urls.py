from django.urls import path

from wegweiser.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.meeting_list, name="meetings"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:body_id>/", views.body_edit, name="body_edit"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:meeting_id>/held/", views.meeting_mark_held, name="meeting_mark_held"),
    path("<int:meeting_id>/approve/", views.minutes_approve, name="minutes_approve"),
    path("<int:meeting_id>/items/new/", views.item_add, name="item_add"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:item_id>/minutes/", views.item_minutes, name="item_minutes"),
    path("items/<int:item_id>/move/", views.item_move, name="item_move"),
    path("items/<int:item_id>/delete/", views.item_delete, name="item_delete"),
    path("items/<int:item_id>/decisions/new/", views.decision_add, name="decision_add"),
    path("decisions/<int:decision_id>/delete/", views.decision_delete, name="decision_delete"),
    path("items/<int:item_id>/follow-ups/new/", views.follow_up_add, name="follow_up_add"),
    path("follow-ups/<int:follow_up_id>/toggle/", views.follow_up_toggle, name="follow_up_toggle"),
    path("follow-ups/<int:follow_up_id>/delete/", views.follow_up_delete, name="follow_up_delete"),
]
