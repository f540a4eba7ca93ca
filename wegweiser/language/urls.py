from django.urls import path

from wegweiser.language import views

app_name = "language"
urlpatterns = [
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:offer_id>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:offer_id>/pause/", views.offer_pause, name="offer_pause"),
    path("offers/<int:offer_id>/reactivate/", views.offer_reactivate, name="offer_reactivate"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:session_id>/", views.session_register, name="session_register"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path(
        "sessions/<int:session_id>/attendance/<int:enrolment_id>/",
        views.attendance_set,
        name="attendance_set",
    ),
    path("learners/", views.learner_list, name="learner_list"),
    path("learners/new/", views.learner_create, name="learner_create"),
    path("learners/new/person/<int:person_id>/", views.learner_create_for_person, name="learner_create_for_person"),
    path("learners/<int:learner_id>/", views.learner_detail, name="learner_detail"),
    path("learners/<int:learner_id>/edit/", views.learner_edit, name="learner_edit"),
    path("learners/<int:learner_id>/enrol/", views.learner_enrol, name="learner_enrol"),
    path("enrolments/<int:enrolment_id>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("absences/", views.absence_list, name="absence_list"),
    path("absences/<int:flag_id>/resolve/", views.absence_resolve, name="absence_resolve"),
    path("placement/", views.placement_list, name="placement_list"),
    path("placement/<int:run_id>/", views.placement_detail, name="placement_detail"),
    path("placement/<int:run_id>/close/", views.placement_close, name="placement_close"),
    path(
        "placement/<int:run_id>/proposals/<int:proposal_id>/change/",
        views.proposal_change_form,
        name="proposal_change_form",
    ),
    path(
        "placement/<int:run_id>/proposals/<int:proposal_id>/decide/",
        views.proposal_decide,
        name="proposal_decide",
    ),
    path("travel-times/", views.travel_matrix, name="travel_matrix"),
]
