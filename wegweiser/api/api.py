"""The JSON API: one NinjaAPI, one Router per app, found in each app's `api.py` as `router`.

Authentication is the staff session (with CSRF); each endpoint checks its permission through
`wegweiser.api.permissions.require`, the same table the HTML views use.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from ninja import NinjaAPI
from ninja.security import django_auth

from wegweiser.api.validation import Refused
from wegweiser.core.discovery import app_modules
from wegweiser.territory.remit import OutsideRemit


def _login_in_production(view):
    """The schema and its docs page name every endpoint and field: in production only staff read them (a
    login), while a developer's DEBUG server shows them to anyone."""
    protected = login_required(view)

    @wraps(view)
    def docs(request, *args, **kwargs):
        if settings.DEBUG:
            return view(request, *args, **kwargs)
        return protected(request, *args, **kwargs)

    return docs


api = NinjaAPI(
    title="Wegweiser API",
    version="1",
    description="Integration work in the district: territory, Migrationszentrum, Deutsch lernen.",
    auth=django_auth,
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=_login_in_production,
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
