import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wegweiser.accounts.services import user_set_preferred_language
from wegweiser.core.database_role import database_role_warnings_of_connection
from wegweiser.core.navigation import home_for_roles, nav_items_for
from wegweiser.core.page_language import public_page

logger = logging.getLogger(__name__)


@login_required
def home(request):
    target = home_for_roles().get(request.user.role)
    if target:
        return redirect(target)
    return render(request, "core/home.html", {"tiles": nav_items_for(request.user)})


@public_page
def about(request):
    return render(request, "core/about.html")


@require_POST
def set_language(request):
    """Switch the language, remember it in a cookie and, for a logged-in user, in the account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language and check_for_language(language) and language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
            httponly=True,
        )
        if request.user.is_authenticated:
            user_set_preferred_language(user=request.user, language=language)
    return response


@never_cache
def health(request):
    """Database and worker reachability, for load balancers and operators."""
    from wegweiser.jobs.models import WorkerHeartbeat

    body: dict = {"status": "ok"}
    try:
        # The heartbeat read is the reachability check: a load balancer asks every few seconds, and a
        # separate `SELECT 1` would double the round trips for nothing.
        last = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
        body["database"] = "ok"
    except DatabaseError:
        logger.exception("health: database unreachable")
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    if last is None:
        body["worker"] = "none"
    else:
        age = (timezone.now() - last).total_seconds()
        body["worker"] = "ok" if age <= settings.WEGWEISER_WORKER_STALE_AFTER.total_seconds() else "stale"
        body["worker_seen_seconds_ago"] = round(age, 1)
    if warnings := database_role_warnings_of_connection(connection):
        body["warnings"] = warnings
    return JsonResponse(body)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    return render(request, "500.html", status=500)
