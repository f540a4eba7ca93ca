"""Decoding uploaded text files (registers, statistics) whose encoding nobody states.

German authorities' CSV extracts come as UTF-8 (with or without BOM) or Windows-1252. Windows-1252 accepts
almost any bytes, so a file in another encoding (Mac Roman, Shift-JIS, UTF-8 read twice) "decodes" into
garbled names; a statistical guess (charset-normalizer) does not help either, since a handful of wrong
letters in a mostly ASCII file stays under its chaos threshold (it takes the demo register in Mac Roman for
Windows-1252). So each candidate decoding is checked for plausible German text instead: letters of
Latin-1 (umlauts, ß, accents), digits, common punctuation, and no symbol wedged between two letters
("OsnabrŸck", "Stra§e", "Osnabr?ck", "OsnabrÃ¼ck").
"""

import codecs
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Typographic punctuation of Windows-1252 that German text uses; the rest of that range (Š, Ÿ, Œ, ƒ, ...)
# appears in German text mostly as the trace of a wrong encoding.
TYPOGRAPHIC = set("€„“”‚‘’–—…•")
ENCODING_NAMES = {"utf-8-sig": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}


@dataclass
class ImplausibleText:
    line: int
    word: str
    line_text: str


class TextImportError(ValueError):
    """The bytes are no plausible text in any of the encodings tried; `str()` says so for the user."""

    def __init__(self, message: str, *, encodings: list[str], finding: ImplausibleText | None = None):
        super().__init__(message)
        self.encodings = encodings
        self.finding = finding


def _plausible_character(char: str) -> bool:
    code = ord(char)
    return (32 <= code < 127) or char in "\t\r\n" or 0xA0 <= code <= 0xFF or char in TYPOGRAPHIC


def _wedged(line: str) -> int | None:
    """Index of the first symbol between two letters (with only symbols beside it) that is not ASCII or is a
    question mark, what an encoder leaves for a letter it cannot write; None if there is none."""

    def symbol(char: str) -> bool:
        return not char.isalpha() and not char.isspace()

    for index, char in enumerate(line):
        if not (symbol(char) and (ord(char) > 127 or char == "?")):
            continue
        left = index - 1
        while left >= 0 and symbol(line[left]) and not line[left].isdigit():
            left -= 1
        right = index + 1
        while right < len(line) and symbol(line[right]) and not line[right].isdigit():
            right += 1
        if left >= 0 and right < len(line) and line[left].isalpha() and line[right].isalpha():
            return index
    return None


def find_implausible(text: str) -> ImplausibleText | None:
    """The first spot where `text` does not look like German text in the right encoding, or None."""
    # Split at line feeds only, as the csv module counts lines (a form feed or U+2028 inside a field is no
    # line break there).
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        wrong = next((index for index, char in enumerate(line) if not _plausible_character(char)), None)
        wedged = _wedged(line)
        if wedged is not None and (wrong is None or wedged < wrong):
            wrong = wedged
        if wrong is not None:
            return ImplausibleText(line=number, word=_word_around(line, wrong), line_text=line)
    return None


def printable(text: str) -> str:
    """`text` with control characters named by their code, so that a message shows them."""
    return "".join(c if unicodedata.category(c)[0] != "C" else f"U+{ord(c):04X}" for c in text)


def _word_around(line: str, index: int) -> str:
    start, end = index, index + 1
    while start > 0 and not line[start - 1].isspace() and line[start - 1] not in ',;"' and index - start < 30:
        start -= 1
    while end < len(line) and not line[end].isspace() and line[end] not in ',;"' and end - index < 30:
        end += 1
    return line[start:end]


def decode_upload(data: bytes) -> str:
    """The text of an uploaded file in UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1252.

    Raises TextImportError, naming the encodings tried and the first implausible word, when no encoding
    yields plausible German text.
    """
    return decode_upload_named(data)[0]


def decode_upload_named(data: bytes) -> tuple[str, str]:
    """Like `decode_upload`, with the name of the encoding that gave plausible text ("UTF-8",
    "Windows-1252", "UTF-16"), for an import that reports what it recognised."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "cp1252"]
    first_finding: ImplausibleText | None = None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        finding = find_implausible(text)
        if finding is None:
            return text, ENCODING_NAMES[encoding]
        first_finding = first_finding or finding
    names = [ENCODING_NAMES[encoding] for encoding in candidates]
    if first_finding is None:
        message = _("The file is no text in any of the encodings tried (%(encodings)s). Save it as UTF-8.") % {
            "encodings": ", ".join(names)
        }
    else:
        message = _(
            "The file is no plausible text in any of the encodings tried (%(encodings)s): line %(line)s holds "
            "“%(word)s”. It was probably saved in another encoding; save it as UTF-8 and upload it again."
        ) % {"encodings": ", ".join(names), "line": first_finding.line, "word": printable(first_finding.word)}
    raise TextImportError(message, encodings=names, finding=first_finding)
