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
    path("<int:version_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("<int:version_id>/comments/", views.comment_list, name="comments"),
    path("comments/<int:comment_id>/moderate/", views.comment_moderate_view, name="comment_moderate"),
    path("sub-goals/<int:sub_goal_id>/assess/", views.sub_goal_assess_view, name="sub_goal_assess"),
    path("indicators/<int:indicator_id>/value/", views.indicator_value_add, name="indicator_value"),
    path("measures/", views.my_measures, name="measures"),
    path("measures/<int:measure_id>/status/", views.measure_status, name="measure_status"),
    # Public, without login: the consultation in the newcomers' languages (the portal links here).
    path("consultation/<int:version_id>/<str:language>/", views.consultation, name="consultation"),
]
