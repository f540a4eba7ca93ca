"""The error answers every endpoint shares, so the schema names each status with one shape."""

from ninja import Schema


class ErrorOut(Schema):
    """400 (unreadable body, characters not allowed), 401, 403, 404 and 409: one sentence."""

    detail: str


class FieldErrorOut(Schema):
    """One refusal: where (`loc`, ending in the field's name; just `body` for the whole request), why
    (`msg`, in the caller's language, the page's words) and a machine-readable `type`."""

    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """422: what was refused, field by field, the same shape as django-ninja's own checks of the body."""

    detail: list[FieldErrorOut]


# The answers that any endpoint behind the staff session may give besides its own.
COMMON_ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut}
