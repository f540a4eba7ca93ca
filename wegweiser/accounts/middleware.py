from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

SECOND_FACTOR_SESSION_KEY = "wegweiser_second_factor_required"


class SecondFactorMiddleware:
    """Until a user who needs a second factor has confirmed one, only the pages named here open.

    Decided by URL name after resolving, not by path prefix: a prefix such as the language switcher's would
    also open every page mounted below it.
    """

    open_url_names = frozenset(
        {"accounts:two_factor", "accounts:logout", "core:set_language", "core:health", "core:about"}
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not (user.is_authenticated and request.session.get(SECOND_FACTOR_SESSION_KEY) and not user.is_verified()):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.open_url_names:
            return None
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": "second factor required"}, status=403)
        return redirect(reverse("accounts:two_factor") + "?" + urlencode({"next": request.get_full_path()}))


class UserLanguageMiddleware:
    """A logged-in user without a language cookie gets the language saved in their account."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        user = request.user
        if (
            user.is_authenticated
            and user.preferred_language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
            and user.preferred_language != request.LANGUAGE_CODE
        ):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)
