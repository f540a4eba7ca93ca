from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

SECOND_FACTOR_SESSION_KEY = "wegweiser_second_factor_required"


class SecondFactorMiddleware:
    """Until a user who needs a second factor has confirmed one, only the second-factor pages open."""

    open_prefixes = ("/static/", "/health", "/language/", "/accounts/two-factor/", "/accounts/logout/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and request.session.get(SECOND_FACTOR_SESSION_KEY)
            and not user.is_verified()
            and not request.path.startswith(self.open_prefixes)
        ):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "second factor required"}, status=403)
            return redirect(reverse("accounts:two_factor") + "?next=" + request.get_full_path())
        return self.get_response(request)


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
