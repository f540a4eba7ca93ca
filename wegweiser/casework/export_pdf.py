"""The readable data export (GDPR Art. 15) as a PDF for the person it is about, typeset by Typst with vendored
Noto fonts (so a fresh machine renders Cyrillic and Arabic the same without system fonts).

One PDF holds two parts: first the person's language (chosen by the officer, by default the person's preferred
language), then the German version for the file; a German export has one part. Every record is a table of two
columns (label, value) whose values wrap, so no column can run over another whatever the language.
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from wegweiser.casework.export_document import PersonDocument, person_export_document
from wegweiser.casework.models import Person
from wegweiser.core.readable import Fact, Section
from wegweiser.core.typesetting import typst_compile

# The languages the export is offered in (each with complete catalogues for its fixed texts).
EXPORT_LANGUAGES = ("de", "en", "uk", "ru", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})
FILE_LANGUAGE = "de"


def export_language_for(person: Person) -> str:
    """The language the export is offered in first: the person's preferred one if the export has it."""
    preferred = (person.preferred_language or "").lower()
    return preferred if preferred in EXPORT_LANGUAGES else FILE_LANGUAGE


# A word longer than this (a file name, an e-mail address) gets break opportunities, or it would run past the
# border of its column: Typst breaks lines only where Unicode allows it.
LONGEST_UNBROKEN = 24
ZERO_WIDTH_SPACE = "\u200b"


def _breakable_word(word: str) -> str:
    if len(word) <= LONGEST_UNBROKEN:
        return word
    out, run = [], 0
    for char in word:
        out.append(char)
        run += 1
        if char in "_/.-@+" or run >= LONGEST_UNBROKEN // 2:
            out.append(ZERO_WIDTH_SPACE)
            run = 0
    return "".join(out)


def _breakable(text: str) -> str:
    return re.sub(r"\S+", lambda match: _breakable_word(match.group(0)), text)


def _text(value: object) -> str:
    """A Typst string literal showing `value` as plain text (no markup can slip in) that can wrap."""
    text = "–" if value in (None, "") else _breakable(str(value))
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'#"{text}"'


def _has_right_to_left(text: str) -> bool:
    return any("\u0590" <= char <= "\u08ff" for char in text)


def _value(value: str, rtl: bool) -> str:
    """A value cell. In a right-to-left part, a value without Arabic or Hebrew letters (a phone number, a date in
    digits, a Latin or Cyrillic name) is set left-to-right on its own, so "+49 1511 2345678" is not reordered."""
    if rtl and not _has_right_to_left(value):
        return f"[#set text(dir: ltr); #set align(right); {_text(value)}]"
    return f"[{_text(value)}]"


def _heading(level: int, title: str) -> str:
    return "=" * level + " " + _text(title)


def _facts(facts: list[Fact], rtl: bool) -> str:
    cells = "".join(f"  [{_text(fact.label)}], {_value(fact.value, rtl)},\n" for fact in facts)
    return f"#block(breakable: true, table(columns: (32%, 68%), inset: 4pt,\n{cells}))"


def _section(section: Section, level: int, rtl: bool) -> list[str]:
    lines = ["", _heading(level, section.title)]
    for paragraph in section.text.split("\n") if section.text else []:
        lines += [_text(paragraph), ""]
    if section.facts:
        lines.append(_facts(section.facts, rtl))
    for record in section.records:
        lines += [_facts(record, rtl), "#v(4pt)"]
    if section.many and not section.records:
        lines.append(_text(_("none")))
    return lines


def _access_table(document: PersonDocument, rtl: bool) -> list[str]:
    if not document.access:
        return [_text(_("none"))]
    header = [_("When"), _("What"), _("Record"), _("Role"), _("Organisation"), _("Purpose")]
    cells = [f"table.header({', '.join(f'[*{_text(h)}*]' for h in header)})"]
    for line in document.access:
        values = (line.at, line.action, line.record, line.role, line.organisation, line.purpose)
        cells.append(", ".join(_value(value, rtl) for value in values))
    return [
        "#text(size: 8pt, table(columns: (15%, 11%, 14%, 22%, 19%, 19%), inset: 3pt,",
        ",\n".join(cells),
        "))",
    ]


def _part(document: PersonDocument, language: str, *, for_the_file: bool) -> list[str]:
    rtl = language in RIGHT_TO_LEFT
    direction = "rtl" if rtl else "ltr"
    lines = [
        f'#set text(lang: "{language}", dir: {direction})',
        _heading(1, _("Your data held by the Migrationszentrum")),
    ]
    if for_the_file:
        lines += [_text(_("German version for the file")), ""]
    lines += [
        _text(
            _("Information about record #%(id)s under Art. 15 GDPR, made on %(date)s by %(controller)s.")
            % {"id": document.person_id, "date": document.made_on, "controller": document.controller}
        ),
        "",
        _heading(2, _("The data held on you")),
    ]
    for section in document.sections:
        lines += _section(section, 3, rtl)
    lines += ["", _heading(2, _("What the law says you must be told"))]
    for section in document.legal:
        lines += _section(section, 3, rtl)
    lines += [
        "",
        _heading(2, _("Who read or changed your data")),
        _text(
            _(
                "Every time staff opened, changed, passed on or exported your data, with the date, their role, "
                "their organisation and the purpose."
            )
        ),
        "",
        *_access_table(document, rtl),
    ]
    return lines


def person_export_typst(person: Person, language: str) -> str:
    lines = [
        '#set page(paper: "a4", margin: 2cm, numbering: "1 / 1")',
        '#set text(font: ("Noto Sans", "Noto Sans Arabic"), size: 9.5pt)',
        "#set table(stroke: 0.4pt + gray)",
        "#set par(justify: false)",
    ]
    languages = [language] if language == FILE_LANGUAGE else [language, FILE_LANGUAGE]
    for index, part_language in enumerate(languages):
        with translation.override(part_language):
            document = person_export_document(person)
            if index:
                lines.append("#pagebreak()")
            lines += _part(document, part_language, for_the_file=index > 0)
    return "\n".join(lines) + "\n"


def render_person_pdf(person: Person, language: str) -> bytes:
    source = person_export_typst(person, language).encode("utf-8")
    return typst_compile(source)
