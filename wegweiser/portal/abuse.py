"""Spam protection of the public forms without third-party services.

- a honeypot field hidden from people (CSS, `aria-hidden`, `tabindex=-1`) that bots fill in;
- a signed time token: the form remembers when it was shown, and a form sent back faster than a person can
  fill it (`MIN_SECONDS`) or after `MAX_AGE` is refused;
- a rate limit per address, counted in the database (`services.submission_allowed`).
"""

import time

from django.core import signing
from django.utils.crypto import salted_hmac

HONEYPOT_FIELD = "website"
TIME_FIELD = "shown"
MIN_SECONDS = 3
MAX_AGE = 2 * 60 * 60
_SALT = "wegweiser.portal.form-shown"


def time_token(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=_SALT)


def time_check(token: str, now: float | None = None) -> str:
    """'' if the token is genuine and its age plausible; otherwise 'too_fast', 'expired' or 'invalid'."""
    now = now if now is not None else time.time()
    try:
        shown = signing.loads(token or "", salt=_SALT)
    except signing.BadSignature:
        return "invalid"
    if not isinstance(shown, int):
        return "invalid"
    age = now - shown
    if age < MIN_SECONDS:
        return "too_fast"
    if age > MAX_AGE:
        return "expired"
    return ""


def address_key(request) -> str:
    """A keyed hash of the visitor's address (REMOTE_ADDR, which the proxy in front sets): counted, never stored."""
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return salted_hmac("wegweiser.portal.address", address).hexdigest()
