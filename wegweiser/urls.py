from django.urls import include, path
from django.views.generic import RedirectView

from wegweiser.api.api import api

urlpatterns = [
    path("", include("wegweiser.core.urls")),
    path("accounts/", include("wegweiser.accounts.urls")),
    path("audit/", include("wegweiser.audit.urls")),
    path("jobs/", include("wegweiser.jobs.urls")),
    path("territory/", include("wegweiser.territory.urls")),
    path("network/", include("wegweiser.network.urls")),
    path("casework/", include("wegweiser.casework.urls")),
    path("language/", include("wegweiser.language.urls")),
    path("lagebild/", include("wegweiser.lagebild.urls")),
    path("portal/", include("wegweiser.portal.urls")),
    path("konzept/", include("wegweiser.integrationskonzept.urls")),
    path("lokin/", include("wegweiser.lokin.urls")),
    path("meetings/", include("wegweiser.meetings.urls")),
    path("participation/", include("wegweiser.participation.urls")),
    # The API root leads to its documentation (Ninja's own root answers 404).
    path("api/", RedirectView.as_view(pattern_name="api:openapi-view"), name="api_root"),
    path("api/", api.urls),
]

handler403 = "wegweiser.core.views.error_403"
handler404 = "wegweiser.core.views.error_404"
handler500 = "wegweiser.core.views.error_500"
