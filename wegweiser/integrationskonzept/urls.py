from django.urls import path

from wegweiser.integrationskonzept import views

app_name = "konzept"
urlpatterns = [
    path("", views.version_list, name="versions"),
    path("<int:version_id>/", views.version_detail, name="version"),
    path("<int:version_id>/copy/", views.version_copy, name="version_copy"),
    path("<int:version_id>/status/", views.version_status, name="version_status"),
    path("<int:version_id>/compare/", views.version_compare_page, name="compare"),
    path("<int:version_id>/board/", views.board, name="board"),
    path("<int:version_id>/board/<slug:chart>.<str:fmt>", views.board_chart_download, name="board_chart"),
    path("<int:version_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:version_id>/comments/", views.comment_list, name="comments"),
    path("comments/<int:comment_id>/moderate/", views.comment_moderate_view, name="comment_moderate"),
    path("sub-goals/<int:sub_goal_id>/assess/", views.sub_goal_assess_view, name="sub_goal_assess"),
    path("indicators/<int:indicator_id>/value/", views.indicator_value_add, name="indicator_value"),
    path("measures/", views.my_measures, name="measures"),
    path("measures/<int:measure_id>/status/", views.measure_status, name="measure_status"),
    # Editing the tree of a draft (planners).
    path("<int:version_id>/fields/add/", views.field_add, name="field_add"),
    path("fields/<int:field_id>/edit/", views.field_edit, name="field_edit"),
    path("fields/<int:field_id>/delete/", views.field_delete, name="field_delete"),
    path("fields/<int:field_id>/goals/add/", views.goal_add, name="goal_add"),
    path("goals/<int:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_id>/delete/", views.goal_delete, name="goal_delete"),
    path("goals/<int:goal_id>/sub-goals/add/", views.sub_goal_add, name="sub_goal_add"),
    path("sub-goals/<int:sub_goal_id>/edit/", views.sub_goal_edit, name="sub_goal_edit"),
    path("sub-goals/<int:sub_goal_id>/delete/", views.sub_goal_delete, name="sub_goal_delete"),
    path("sub-goals/<int:sub_goal_id>/measures/add/", views.measure_add, name="measure_add"),
    path("measures/<int:measure_id>/edit/", views.measure_edit, name="measure_edit"),
    path("measures/<int:measure_id>/delete/", views.measure_delete, name="measure_delete"),
    path("sub-goals/<int:sub_goal_id>/indicators/add/", views.indicator_add, name="indicator_add"),
    path("indicators/<int:indicator_id>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:indicator_id>/delete/", views.indicator_delete, name="indicator_delete"),
    # Public, without login: the consultation in the newcomers' languages (the portal links here).
    path("consultation/<int:version_id>/<str:language>/", views.consultation, name="consultation"),
]
