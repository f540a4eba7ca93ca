"""The minutes of a meeting as PDF: agenda items in order with their minutes, decisions (with votes) and
follow-ups. Typeset by Typst with the vendored fonts (`core.typesetting`), always in German: the body's record.
Every value goes in as a Typst string literal (`typst_string`), so text typed into the minutes (`#`, `*`, `$`)
is printed, never interpreted. Minutes not yet approved are marked as a draft."""

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from wegweiser.core.typesetting import FONT_FAMILIES, typst_compile, typst_string
from wegweiser.meetings.models import Meeting

LANGUAGE = "de"


def _markup(value: object) -> str:
    return "#" + typst_string(value)


def _date(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def minutes_typst(meeting: Meeting) -> str:
    """Typst source of the minutes; `meeting` as read by `selectors.meeting_page` (items prefetched)."""
    with translation.override(LANGUAGE):
        starts = timezone.localtime(meeting.starts_at)
        title = _("Minutes of the meeting of %(body)s on %(day)s") % {"body": meeting.body.name, "day": _date(starts)}
        fonts = ", ".join(typst_string(family) for family in FONT_FAMILIES)
        lines = [
            f"#set document(title: {typst_string(title)})",
            f'#set text(font: ({fonts}), size: 10.5pt, lang: "de")',
            '#set page(paper: "a4", margin: 2.2cm)',
            f"= {_markup(title)}",
        ]
        if not meeting.read_only:
            draft = _("Draft: these minutes are not approved yet.")
            lines.append(f"*{_markup(draft)}*")
        facts = [
            (_("Date and time"), formats.date_format(starts, "DATETIME_FORMAT")),
            (_("Place"), meeting.place),
            (_("Present"), meeting.present or "–"),
        ]
        if meeting.approved_at:
            facts.append((_("minutes approved at"), _date(timezone.localtime(meeting.approved_at))))
        cells = "\n".join(f"[*{_markup(label)}*], [{_markup(value)}]," for label, value in facts)
        lines.append(f"#table(columns: (auto, 1fr), stroke: none, inset: 3pt,\n{cells}\n)")
        decision_label = _("Decision")
        for number, item in enumerate(meeting.items.all(), start=1):
            heading = _("Item %(number)s") % {"number": number}
            lines.append(f"== {_markup(heading)}: {_markup(item.title)}")
            if item.presenter:
                presenter = _("Presenter")
                lines.append(f"{_markup(presenter)}: {_markup(item.presenter)}\n")
            lines.append(_markup(item.minutes or _("No minutes yet.")) + "\n")
            for decision in item.decisions.all():
                votes = ""
                if decision.voted:
                    votes = (
                        " ("
                        + _("for %(yes)s, against %(no)s, abstained %(abstained)s")
                        % {
                            "yes": "–" if decision.votes_for is None else decision.votes_for,
                            "no": "–" if decision.votes_against is None else decision.votes_against,
                            "abstained": "–" if decision.abstentions is None else decision.abstentions,
                        }
                        + ")"
                    )
                lines.append(f"*{_markup(decision_label)}:* {_markup(decision.text + votes)}\n")
            follow_ups = list(item.follow_ups.all())
            if follow_ups:
                header = [pgettext("meetings", "Follow-up"), _("Owner"), _("Due date")]
                rows = [", ".join(f"[*{_markup(h)}*]" for h in header) + ","]
                rows += [
                    f"[{_markup(f.text)}], [{_markup(f.owner)}], [{_markup(_date(f.due_date))}]," for f in follow_ups
                ]
                lines.append(
                    "#table(columns: (1fr, auto, auto), stroke: 0.4pt, inset: 5pt,\n" + "\n".join(rows) + "\n)"
                )
        return "\n".join(lines) + "\n"


def render_minutes_pdf(meeting: Meeting) -> bytes:
    return typst_compile(minutes_typst(meeting))
