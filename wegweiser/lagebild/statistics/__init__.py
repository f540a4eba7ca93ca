"""Reading official statistics files: detect the layout, decode, and hand back one `StatisticFile`.

`read_statistics(data, filename)` is the one entry point for the import service, its preview and the command.
"""

import io
import zipfile

from django.utils.translation import gettext as _

from wegweiser.core.text_import import TextImportError, decode_upload_named
from wegweiser.lagebild.statistics import classic, flat, own
from wegweiser.lagebild.statistics.types import (
    Layout,
    Marker,
    Observation,
    Problem,
    StatisticFile,
    StatisticsParseError,
)

__all__ = ["Layout", "Marker", "Observation", "Problem", "StatisticFile", "StatisticsParseError", "read_statistics"]

# An export of GENESIS-Online is capped at a million value cells; a file far larger is no table of ours.
MAX_BYTES = 200 * 1024 * 1024


def _unzip(data: bytes, filename: str) -> tuple[bytes, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise StatisticsParseError(_("The file looks like a ZIP archive but cannot be opened.")) from error
    members = [info for info in archive.infolist() if not info.is_dir() and info.filename.lower().endswith(".csv")]
    flat_members = [info for info in members if info.filename.lower().endswith("_flat.csv")]
    chosen = flat_members or members
    if len(chosen) != 1:
        raise StatisticsParseError(
            _("The ZIP archive should hold one CSV file (the “_flat.csv” of GENESIS); it holds %(count)s.")
            % {"count": len(chosen)}
        )
    if chosen[0].file_size > MAX_BYTES:
        raise StatisticsParseError(_("The file inside the ZIP archive is too large."))
    return archive.read(chosen[0]), chosen[0].filename


def read_statistics(data: bytes, filename: str = "") -> StatisticFile:
    """The statistics in `data` (bytes of a CSV, XLSX or ZIP upload) in the shared shape.

    Raises StatisticsParseError when the file is no statistics file of a known layout at all; problems in
    single lines (a bad figure, a missing column) are listed in `problems` of the result instead.
    """
    if len(data) > MAX_BYTES:
        raise StatisticsParseError(_("The file is too large."))
    if data.startswith(b"PK\x03\x04"):
        if own.is_workbook(data):
            return own.parse_workbook(data, filename=filename)
        data, filename = _unzip(data, filename)
    try:
        text, encoding = decode_upload_named(data)
    except TextImportError as error:
        raise StatisticsParseError(str(error)) from error
    first_line = next((line for line in text.lstrip("\ufeff").splitlines() if line.strip()), "")
    if classic.detect(first_line):
        return classic.parse(text, encoding=encoding, filename=filename)
    if flat.detect_old(first_line):
        return flat.parse_old(text, encoding=encoding, filename=filename)
    if flat.detect_new(first_line):
        return flat.parse_new(text, encoding=encoding, filename=filename)
    if own.detect(first_line):
        return own.parse_csv(text, encoding=encoding, filename=filename)
    raise StatisticsParseError(
        _(
            "The layout of the file is not known. Expected a GENESIS table (first line “GENESIS-Tabelle: …” or "
            "“Tabelle: …”), a GENESIS flat file (header “statistics_code;…” or “Statistik_Code;…”), or the "
            "template for the district's own figures."
        )
    )
