"""LokIn's PDFs: the decision letter (Zuwendungsbescheid or Ablehnungsbescheid) for an application, and the
year's programme report (the books and what the money achieved per municipality).

Typeset by Typst with the vendored fonts (`core.typesetting`), always in German: it is the district's
administrative act, filed with the application. Every value goes in as a Typst string literal, so text a
municipality typed (a title with `#` or `*`) is printed, never interpreted. No person is named: the letter is
addressed to the municipality and signed by the office; people reached appear only as published counts.
"""

from datetime import date

from django.utils import formats, translation
from django.utils.translation import gettext as _

from wegweiser.core.typesetting import FONT_FAMILIES, typst_compile, typst_string
from wegweiser.lagebild.report import suppression_note
from wegweiser.lokin import selectors
from wegweiser.lokin.models import Application, ApplicationStatus, CostCategory, Programme, UnspentFunds

LETTER_LANGUAGE = "de"


class NoDecision(Exception):
    """The application has not been approved or rejected: there is nothing to write."""


def _markup(value: object) -> str:
    """Text in markup: an interpolated string literal, shown as it is."""
    return "#" + typst_string(value)


def _money(value) -> str:
    return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True) + " EUR"


def _line(label: str, value: object) -> str:
    return f"[{_markup(label)}], [{_markup(value)}],"


def _preamble(title: str) -> list[str]:
    fonts = ", ".join(typst_string(f) for f in FONT_FAMILIES)
    return [
        f"#set document(title: {typst_string(title)})",
        f'#set text(font: ({fonts}), size: 10.5pt, lang: "de")',
        '#set page(paper: "a4", margin: 2.2cm)',
    ]


def _table(headers: list[str], rows: list[list[object]], columns: str) -> str:
    cells = [", ".join(f"[*{_markup(h)}*]" for h in headers) + ","]
    cells += [", ".join(f"[{_markup(value)}]" for value in row) + "," for row in rows]
    return f"#table(columns: {columns}, stroke: 0.4pt, inset: 5pt,\n" + "\n".join(cells) + "\n)"


def _published(cell) -> str:
    return str(cell.value) if cell.shown else "*"


def programme_report_typst(programme: Programme, *, today: date) -> str:
    """The year's report for the district council and the administration: the books, then per municipality
    the approved amount, what accepted reports say was spent, and the people reached (published counts)."""
    ledger = selectors.programme_ledger(programme)
    overview = selectors.report_overview(programme)
    with translation.override(LETTER_LANGUAGE):
        title = _("LokIn %(year)s: programme report") % {"year": programme.year}
        books = [
            [_("Budget"), _money(ledger.budget)],
            [_("Allocated"), _money(ledger.allocated)],
            [_("Approved"), _money(ledger.approved)],
            [_("Paid"), _money(ledger.paid)],
            [_("Spent (settled grants)"), _money(ledger.spent)],
            [_("Returned"), _money(ledger.returned)],
            [_("Carried over"), _money(ledger.carried_over)],
            [_("Not approved"), _money(ledger.unapproved)],
        ]
        reconciles = _("The books reconcile.") if ledger.reconciles else _("The books do not reconcile: please check.")
        rows = [
            [
                municipality.name,
                _money(overview.approved_by_municipality.get(municipality.pk, 0)),
                _money(overview.spent_by_municipality.get(municipality.pk, 0)),
                _published(overview.people.cells[municipality.pk]),
            ]
            for municipality in overview.municipalities
            if municipality.pk in overview.approved_by_municipality
        ]
        total = overview.people["district"]["district"]
        rows.append([_("Total"), _money(ledger.approved), _money(overview.total_spent), _published(total)])
        headers = [_("Municipality"), _("Approved"), _("Spent"), _("People reached")]
        books_heading, achieved_heading = _("The books"), _("What the money achieved")
        item, amount = _("Item"), _("Amount")
        parts = [
            *_preamble(title),
            f"#align(right)[{_markup(programme.district.name)} #linebreak() {_markup(formats.date_format(today, 'DATE_FORMAT'))}]",
            f"= {_markup(title)}",
            f"== {_markup(books_heading)}",
            _table([item, amount], books, "(50%, 50%)"),
            f"#par[{_markup(reconciles)}]",
            f"== {_markup(achieved_heading)}",
            _table(headers, rows, "(34%, 22%, 22%, 22%)"),
            f"#text(size: 9pt)[{_markup('* ' + suppression_note())}]",
        ]  # fmt: skip
    return "\n\n".join(parts) + "\n"


def render_programme_report_pdf(programme: Programme, *, today: date) -> bytes:
    return typst_compile(programme_report_typst(programme, today=today))


def decision_letter_typst(application: Application, *, today: date) -> str:
    if application.status not in (ApplicationStatus.APPROVED, ApplicationStatus.REJECTED):
        raise NoDecision(application.pk)
    programme = application.programme
    with translation.override(LETTER_LANGUAGE):
        approved = application.status == ApplicationStatus.APPROVED
        heading = _("Grant decision") if approved else _("Decision: application rejected")
        addressee = _("To the municipality of %(name)s") % {"name": application.municipality.name}
        facts = [
            _line(_("Programme"), _("LokIn %(year)s") % {"year": programme.year}),
            _line(_("Applicant"), application.municipality.name),
            _line(_("Funded measure"), application.title),
            _line(_("Application"), _("no. %(number)s, version %(version)s") % {"number": application.pk, "version": application.version}),
            _line(_("Planned costs"), _money(application.planned_total())),
            _line(_("Own co-funding"), _money(application.own_funds)),
            _line(_("Third-party co-funding"), _money(application.third_party_funds)),
        ]  # fmt: skip
        parts = [
            f"#set document(title: {typst_string(heading)})",
            f"#set text(font: ({', '.join(typst_string(f) for f in FONT_FAMILIES)}), size: 10.5pt, lang: \"de\")",
            '#set page(paper: "a4", margin: 2.2cm)',
            f"#align(right)[{_markup(programme.district.name)} #linebreak() {_markup(formats.date_format(today, 'DATE_FORMAT'))}]",
            f"#text(size: 11pt)[{_markup(addressee)}]",
            f"= {_markup(heading)}",
            "#table(columns: (35%, 65%), stroke: 0.4pt, inset: 5pt,\n" + "\n".join(facts) + "\n)",
        ]  # fmt: skip
        if approved:
            parts.append(
                "#par[#strong["
                + _markup(
                    _("The district grants %(amount)s for the measure named above, at a funding rate of %(rate)s %%.")
                    % {"amount": _money(application.approved_amount), "rate": formats.number_format(programme.funding_rate, 0)}
                )
                + "]]"
            )  # fmt: skip
            categories = ", ".join(str(CostCategory(c).label) for c in programme.eligible_categories) or "–"
            eligible = _("Eligible costs: %(categories)s.") % {"categories": categories}
            parts.append(f"#par[{_markup(eligible)}]")
            instalments = list(application.instalments.order_by("due_date", "pk"))
            if instalments:
                rows = "\n".join(
                    f"[{_markup(formats.date_format(i.due_date, 'SHORT_DATE_FORMAT'))}], [{_markup(_money(i.amount))}],"
                    for i in instalments
                )  # fmt: skip
                payments, due_on, amount = _("Payments"), _("Due on"), _("Amount")
                parts.append(f"== {_markup(payments)}")
                parts.append(
                    "#table(columns: (35%, 65%), stroke: 0.4pt, inset: 5pt,\n"
                    f"[*{_markup(due_on)}*], [*{_markup(amount)}*],\n{rows}\n)"
                )
            reports = list(application.reports.order_by("due_date", "pk"))
            if reports:
                reports_heading = _("Use-of-funds reports")
                parts.append(f"== {_markup(reports_heading)}")
                items = [
                    _("%(kind)s by %(date)s")
                    % {"kind": r.get_kind_display(), "date": formats.date_format(r.due_date, "SHORT_DATE_FORMAT")}
                    for r in reports
                ]
                parts.append("#list(" + ", ".join(f"[{_markup(item)}]" for item in items) + ")")
            unspent = (
                _("Funds not spent at the end of the year are to be returned to the district.")
                if programme.unspent_funds == UnspentFunds.RETURN
                else _("Funds not spent at the end of the year are carried over to the next year's programme.")
            )
            conditions = _("Conditions")
            purpose = _("The grant may be used only for the measure named above and the eligible costs.")
            parts.append(f"== {_markup(conditions)}")
            parts.append(f"#par[{_markup(purpose)} {_markup(unspent)}]")
        else:
            rejected = _("The application is rejected for the following reason:")
            parts.append(f"#par[{_markup(rejected)}]")
            parts.append(f"#block(inset: (left: 1em))[{_markup(application.decision_reason or '–')}]")
        signature = _("Integration office of %(district)s") % {"district": programme.district.name}
        parts.append(f"#v(2em)#par[{_markup(signature)}]")
    return "\n\n".join(parts) + "\n"


def render_decision_letter_pdf(application: Application, *, today: date) -> bytes:
    return typst_compile(decision_letter_typst(application, today=today))
