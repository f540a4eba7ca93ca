"""Which language a page is shown in when the reader's choice is only partly translated.

Staff pages come wholly in German unless every staff string exists in the chosen language
(`WEGWEISER_COMPLETE_LANGUAGES`, enforced by a test): a page half in Arabic, half in German, laid out right to
left, scrambled the German sentences' punctuation and read worse than either. The chosen language is kept
(cookie, account) and named in a notice, so the page switches over by itself once its catalogue is complete.
Public pages (`public_page`: the login page, the about page, the portal, a newcomer's feedback form) speak
the visitor's language as far as it goes: their strings are translated into every language offered, and German
is the fallback there string by string.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.utils import translation


def public_page(view: Callable) -> Callable:
    """Mark a view as public (newcomers and visitors): it keeps the visitor's language."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any):
        return view(*args, **kwargs)

    wrapped.public_page = True  # type: ignore[attr-defined]
    return wrapped


def is_public_page(view: Callable) -> bool:
    return bool(getattr(view, "public_page", False) or getattr(getattr(view, "view_class", None), "public_page", False))


class StaffPagesInCompleteLanguagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        wanted = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        if wanted in settings.WEGWEISER_COMPLETE_LANGUAGES or is_public_page(view_func):
            return None
        request.language_wanted = wanted
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return None
