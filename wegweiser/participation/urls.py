from django.urls import path

from wegweiser.participation import views

app_name = "participation"

urlpatterns = [
    path("", views.survey_list, name="surveys"),
    path("new/", views.survey_create, name="survey_create"),
    path("<int:survey_id>/", views.survey_detail, name="survey_detail"),
    path("<int:survey_id>/edit/", views.survey_edit, name="survey_edit"),
    path("<int:survey_id>/questions/new/", views.question_create, name="question_create"),
    path("<int:survey_id>/texts/<str:lang>/", views.survey_translate, name="survey_translate"),
    path("<int:survey_id>/status/", views.survey_status, name="survey_status"),
    path("<int:survey_id>/codes/", views.survey_tokens, name="survey_tokens"),
    path("<int:survey_id>/results/", views.survey_results, name="survey_results"),
    path("<int:survey_id>/results/<int:question_id>.<str:fmt>", views.results_download, name="survey_results_download"),
]
