from django.urls import path

from wegweiser.lokin import views

app_name = "lokin"
urlpatterns = [
    path("", views.programme_list, name="programmes"),
    path("<int:programme_id>/", views.programme_detail, name="programme"),
    path("<int:programme_id>/allocation.xlsx", views.allocation_xlsx, name="allocation_xlsx"),
]
