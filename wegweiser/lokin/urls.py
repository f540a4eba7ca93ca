from django.urls import path

from wegweiser.lokin import views

app_name = "lokin"
urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("new/", views.programme_create, name="programme_create"),
    path("<int:programme_id>/", views.programme_detail, name="programme"),
    path("<int:programme_id>/allocation.xlsx", views.allocation_xlsx, name="allocation_xlsx"),
    path("<int:programme_id>/allocation/fix/", views.allocation_fix, name="allocation_fix"),
    path("<int:programme_id>/apply/", views.application_create, name="application_create"),
    path("applications/<int:application_id>/", views.application_detail, name="application"),
    path("applications/<int:application_id>/decision.pdf", views.decision_letter_pdf, name="decision_letter"),
    path("applications/<int:application_id>/edit/", views.application_edit, name="application_edit"),
    path("applications/<int:application_id>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:application_id>/comment/", views.application_comment, name="application_comment"),
    path("applications/<int:application_id>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:application_id>/instalments/", views.instalment_schedule, name="instalment_schedule"),
    path("instalments/<int:instalment_id>/advance/", views.instalment_advance, name="instalment_advance"),
]
urlpatterns += [
    path("<int:programme_id>/reports/", views.report_overview, name="report_overview"),
    path("<int:programme_id>/payments.xlsx", views.payments_xlsx, name="payments_xlsx"),
    path("<int:programme_id>/report.pdf", views.programme_report_pdf, name="programme_report"),
    path("<int:programme_id>/settle/", views.programme_settle, name="programme_settle"),
    path("workspace/", views.workspace, name="workspace"),
    path("advice/", views.consultation_list, name="consultations"),
    path("advice/new/", views.consultation_create, name="consultation_create"),
    path("advice/follow-ups/<int:follow_up_id>/toggle/", views.follow_up_toggle, name="follow_up_toggle"),
    path("applications/<int:application_id>/reports/due/", views.report_schedule, name="report_schedule"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:report_id>/submit/", views.report_submit, name="report_submit"),
    path("reports/<int:report_id>/review/", views.report_review, name="report_review"),
    path("reports/<int:report_id>/attachments/", views.report_attach, name="report_attach"),
    path("attachments/<int:attachment_id>/", views.report_attachment, name="report_attachment"),
]
