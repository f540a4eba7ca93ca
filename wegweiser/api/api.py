"""The JSON API: one NinjaAPI, one Router per app, found in each app's `api.py` as `router`.

Authentication is the staff session (with CSRF); each endpoint checks its permission through
`wegweiser.api.permissions.require`, the same table the HTML views use.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from wegweiser.api.validation import Refused
from wegweiser.core.discovery import app_modules
from wegweiser.territory.remit import OutsideRemit

api = NinjaAPI(
    title="Wegweiser API",
    version="1",
    description="Integration work in the district: territory, Migrationszentrum, Deutsch lernen.",
    auth=django_auth,
    urls_namespace="api",
    docs_url="/docs",
)


def _mount_app_routers() -> None:
    for config, module in app_modules("api"):
        if config.label == "api":
            continue
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router(f"/{config.label}/", router)


@api.exception_handler(OutsideRemit)
def _outside_remit(request, error: OutsideRemit):
    return api.create_response(request, {"detail": str(error)}, status=403)


@api.exception_handler(Refused)
def _refused(request, error: Refused):
    return api.create_response(request, {"detail": error.errors}, status=422)


_mount_app_routers()
