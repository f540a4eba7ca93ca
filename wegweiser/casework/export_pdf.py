"""The readable data export: everything held on a person as a PDF, typeset by Typst with vendored Noto fonts
(so a fresh machine renders Cyrillic and Arabic the same without system fonts)."""

from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegweiser.core.typesetting import typst_compile


def _text(value: Any) -> str:
    """A Typst string literal showing `value` as plain text (no markup can slip in)."""
    if value is None or value == "" or value == []:
        value = "–"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, dict):
        value = ", ".join(f"{k}: {v}" for k, v in value.items() if v)
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'#"{text}"'


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return _text(_("none")) + "\n"
    keys = list(rows[0].keys())
    cells = [f"[*{_text(key)}*]" for key in keys]
    for row in rows:
        cells += [f"[{_text(row.get(key))}]" for key in keys]
    return f"#table(columns: {len(keys)}, inset: 4pt, " + ", ".join(cells) + ")\n"


def _heading(level: int, title: str) -> str:
    # gettext calls stay outside f-strings, where the message extractor cannot see them.
    return "=" * level + " " + _text(title)


def _facts(values: dict[str, Any]) -> str:
    """One record as a table of field names and values."""
    cells = "".join(f"  [{_text(key)}], [{_text(value)}],\n" for key, value in values.items())
    return f"#table(columns: (auto, 1fr), inset: 4pt,\n{cells})"


def person_export_typst(data: dict[str, Any]) -> str:
    person = data["person"]
    lines = [
        '#set page(paper: "a4", margin: 2cm, numbering: "1 / 1")',
        '#set text(font: ("Noto Sans", "Noto Sans Arabic"), size: 9.5pt)',
        "#set table(stroke: 0.4pt + gray)",
        _heading(1, _("Data held on record #%(id)s") % {"id": person["id"]}),
        _text(
            _("Export made on %(date)s under Art. 15 GDPR by the Migrationszentrum.")
            % {"date": formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")}
        ),
        "",
        _heading(2, _("Person")),
        _facts(person),
    ]
    sections = [
        ("family", _("Family links")),
        ("qualifications", _("Qualifications")),
        ("work_experience", _("Work experience")),
        ("appointments", _("Appointments")),
        ("referrals", _("Referrals")),
        ("consents", _("Consents")),
    ]
    for key, title in sections:
        lines += ["", _heading(2, title), _table(data[key])]
    german = data.get("german_courses")
    if german:
        lines += ["", _heading(2, _("German courses")), _facts(german["learner"])]
        for key, title in (
            ("enrolments", _("Enrolments and waiting lists")),
            ("attendance", _("Attendance")),
            ("absence_flags", _("Repeated absence")),
            ("placement_proposals", _("Placement proposals")),
        ):
            lines += [_heading(3, title), _table(german[key])]
    for case in data["cases"]:
        lines += ["", _heading(2, _("Case #%(id)s") % {"id": case["id"]})]
        facts = {k: case[k] for k in ("status", "opened_on", "closed_on", "summary")}
        lines.append(_table([facts]))
        for key, title in (
            ("needs", _("Needs")),
            ("goals", _("Goals")),
            ("tasks", _("Tasks")),
            ("notes", _("Notes")),
            ("documents", _("Documents")),
        ):
            lines += [_heading(3, title), _table(case[key])]
    return "\n".join(lines) + "\n"


def render_person_pdf(data: dict[str, Any]) -> bytes:
    return typst_compile(person_export_typst(data))
