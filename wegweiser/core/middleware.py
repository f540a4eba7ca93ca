import json
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# No inline script or style: all behaviour comes from /static. 'unsafe-inline' for styles is not granted;
# htmx's own indicator styles are switched off in base.html for that reason.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "WEGWEISER_CSP", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response


class NoStoreForSignedInMiddleware:
    """Every response to a signed-in user says `Cache-Control: no-store`: pages, fragments, exports and API
    answers carry personal data, which neither the browser's cache nor a proxy may keep (the back button
    after logout, a shared computer in a counselling office). Static files (whitenoise answers them before
    this) and pages for anonymous visitors stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-store, no-cache, private, max-age=0
        return response


def _form_data_is_clean(raw: bytes) -> bool:
    """No NUL and nothing but UTF-8 in the names and values of a query string or urlencoded form.

    Django decodes such data with replacement characters and passes NUL on, which PostgreSQL refuses in
    a query with an error the views do not expect (a 500).
    """
    for pair in raw.split(b"&"):
        try:
            text = unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            return False
        if "\x00" in text:
            return False
    return True


def _text_is_storable(text: str) -> bool:
    """No NUL and no lone surrogate (JSON may spell one as \\ud800): PostgreSQL refuses both in text,
    SQLite would store them, so neither database may see them."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _json_is_clean(raw: bytes) -> bool:
    """Every key and string in a JSON body is storable text. A body that is not JSON at all is left to the
    API, which answers it with its own 400."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return False
    except ValueError:
        return True
    pending = [data]
    while pending:
        value = pending.pop()
        if isinstance(value, str):
            if not _text_is_storable(value):
                return False
        elif isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
    return True


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class RefuseBadCharactersMiddleware:
    """A query string, form or JSON body with NUL, a lone surrogate or bytes that are not UTF-8 gets a 400 in
    the user's language (JSON under /api/) before any view sees it. Placed after the language middlewares for
    the language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._is_bad(request):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _is_bad(request) -> bool:
        query = request.META.get("QUERY_STRING", "")
        try:
            raw_query = query.encode("iso-8859-1")  # how WSGI hands the bytes over
        except UnicodeEncodeError:
            raw_query = query.encode("utf-8", errors="surrogatepass")
        if not _form_data_is_clean(raw_query):
            return True
        if request.method in {"GET", "HEAD", "OPTIONS"}:
            return False
        if request.content_type == "application/x-www-form-urlencoded":
            return not _form_data_is_clean(request.body)
        if request.content_type == "multipart/form-data":
            return _has_nul(request.POST)
        if request.content_type == "application/json" or request.content_type.endswith("+json"):
            return not _json_is_clean(request.body)
        return False

    @staticmethod
    def _refuse(request):
        message = _("The request contains characters that are not allowed, such as a NUL byte.")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return render(request, "400.html", {"message": message}, status=400)
