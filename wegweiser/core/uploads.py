"""The one rule for uploaded documents (casework documents, LokIn report attachments): PDF, JPEG or PNG by name
and by their first bytes, not empty and at most `settings.WEGWEISER_DOCUMENT_MAX_BYTES`. Files are kept in the
database (every app server reads the same), so the check runs before anything is stored."""

from django.conf import settings
from django.utils.translation import gettext as _

# Document types accepted, by extension: content type and the bytes every such file starts with.
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    "png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}


class UploadRejected(ValueError):
    """An upload of the wrong type or size, with a message meant for the user."""


def upload_check(*, filename: str, content: bytes) -> str:
    """The content type of an acceptable document; raise UploadRejected for a wrong type or size."""
    limit = settings.WEGWEISER_DOCUMENT_MAX_BYTES
    if len(content) > limit:
        raise UploadRejected(_("The file is larger than %(size)s MB.") % {"size": round(limit / (1024 * 1024), 1)})
    if not content:
        raise UploadRejected(_("The file is empty."))
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in DOCUMENT_TYPES:
        raise UploadRejected(_("Only PDF, JPEG and PNG files can be uploaded."))
    content_type, signatures = DOCUMENT_TYPES[extension]
    if not any(content.startswith(signature) for signature in signatures):
        raise UploadRejected(_("The file's content is not what its name says (%(ext)s).") % {"ext": extension})
    return content_type
