"""The portal's public pages kept in a cache shared by every app server, for anonymous visitors.

A newcomer on a cheap phone should not wait for templates to render: an unchanged information page or finder
answer is the same for every anonymous visitor (the language is part of the address), so the first request
renders it and the next ones in the following minute are answered from the shared cache, before the session,
CSRF and authentication work of the middleware chain. The cache is a database table (Django's DatabaseCache,
alias `portal`), never process memory, so every app server sees the same entries and an information page edited
on one is forgotten on all.

What is kept: only answers the view itself marked public (`Cache-Control: public`, set by `portal_page` for pages
without a form), with status 200, that set no cookie, to a request that carried no session cookie (a signed-in
visitor or one with messages waiting always gets a fresh page). The answer is stored with the headers the whole
chain gave it (security headers included) and replayed as it was; a matching `If-None-Match` gets 304.

Freshness: staff edits of information pages clear the cache when they commit (`forget_all`); figures fed from
other apps (offers' free places, directory entries) are at most `WEGWEISER_PORTAL_SERVER_CACHE_SECONDS` old.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import get_conditional_response

CACHE_ALIAS = "portal"
PREFIX = "/portal/"
# Headers a replayed answer must not repeat: they belong to the one response that was stored.
_NOT_REPLAYED = {"set-cookie", "date", "content-length"}


def forget_all() -> None:
    """Every kept page is forgotten (an information page changed; pages link each other's titles)."""
    caches[CACHE_ALIAS].clear()


def _key(request) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # Django answers it further down the chain
    scheme = "https" if request.is_secure() else "http"
    raw = f"{scheme}|{host}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _may_use(request) -> bool:
    return (
        request.method == "GET"
        and request.path.startswith(PREFIX)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        # Production redirects plain HTTP to HTTPS before anything else; a kept page must not skip that.
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
    )


def _kept_query_keys() -> frozenset[str]:
    from wegweiser.portal.forms import FinderForm  # the only public page with parameters

    return frozenset(FinderForm.base_fields)


def _may_store(request, response) -> bool:
    # An address with parameters the pages do not know (a crawler's or an attacker's noise) is answered but not
    # kept: each one would be a write to the shared table.
    return (
        set(request.GET) <= _kept_query_keys()
        and all(len(values) == 1 for _key, values in request.GET.lists())
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in response.get("Cache-Control", "")
    )


def _replay(request, stored: dict) -> HttpResponse:
    response = HttpResponse(stored["content"])
    for name, value in stored["headers"]:
        response.headers[name] = value
    etag = response.get("ETag")
    if etag:
        # The same response when the browser's copy is not current, else a 304 with the ETag and Cache-Control.
        response = get_conditional_response(request, etag=etag, response=response)
    response["X-Portal-Cache"] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """First in the chain: answers a kept page before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = settings.WEGWEISER_PORTAL_SERVER_CACHE_SECONDS
        if not seconds or not _may_use(request):
            return self.get_response(request)
        key = _key(request)
        if key is None:
            return self.get_response(request)
        cache = caches[CACHE_ALIAS]
        stored = cache.get(key)
        if stored is not None:
            return _replay(request, stored)
        response = self.get_response(request)
        if _may_store(request, response):
            headers = [(name, value) for name, value in response.items() if name.lower() not in _NOT_REPLAYED]
            cache.set(key, {"content": response.content, "headers": headers}, seconds)
        return response
