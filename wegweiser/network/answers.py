"""The volunteer's answer link, without a database: a signed token naming the match, good for `ANSWER_DAYS`.

The link is the volunteer's only key (they have no account), so it is signed with the project's secret and a
salt of its own (a token made for another purpose never opens it) and carries its time; it opens one answer
only, because a decided match refuses a second one (`services.match_answer`).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from wegweiser.core.public_languages import portal_languages

SALT = "wegweiser.network.volunteer-match-answer"
ANSWER_DAYS = 14


def answer_token(match_id: int) -> str:
    return signing.dumps({"match": match_id}, salt=SALT)


@dataclass(frozen=True)
class TokenReading:
    match_id: int | None  # None: tampered with or not a token at all
    expired: bool = False


def read_answer_token(token: str, *, max_age: datetime.timedelta | None = None) -> TokenReading:
    """The match a token names, and whether it is older than `ANSWER_DAYS`."""
    max_age = max_age if max_age is not None else datetime.timedelta(days=ANSWER_DAYS)
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
        expired = False
    except signing.SignatureExpired:
        payload, expired = signing.loads(token, salt=SALT), True
    except signing.BadSignature:
        return TokenReading(None)
    match_id = payload.get("match") if isinstance(payload, dict) else None
    if not isinstance(match_id, int):
        return TokenReading(None)
    return TokenReading(match_id, expired)


def answer_languages() -> list[tuple[str, str]]:
    """The public side's languages (code, name in itself): the answer page and the mail speak one of them."""
    return [(language.code, language.name) for language in portal_languages()]


def mail_language(preferred: str) -> str:
    """The volunteer's language where the portal speaks it, else German."""
    return preferred if preferred in dict(answer_languages()) else settings.LANGUAGE_CODE
