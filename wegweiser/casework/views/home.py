"""The caseworker's home (my work) and the person search."""

from functools import cache

from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.casework import selectors
from wegweiser.casework.forms import (
    PersonSearchForm,
)
from wegweiser.language import selectors as language_selectors

# --- Home and search -------------------------------------------------------------------------------------


PAGE_SIZE = 50
# The home page is an overview at a glance: shorter pages of each list.
HOME_PAGE_SIZE = 20


def _paged(request, items, param: str, per_page: int = PAGE_SIZE):
    """One page of `items` chosen by the query parameter `param`, and the links to its neighbours (several
    lists on one page each keep their own page, and the other lists' pages stay as they are).

    The first page (where nearly every visit lands) reads one row more than it shows: when that row is not
    there, the list has one page and needs no count, which saves a query per list on most visits."""
    number = request.GET.get(param)
    if number in (None, "", "1"):
        first = list(items[: per_page + 1])
        if len(first) <= per_page:
            page = Paginator(first, per_page).get_page(1)
        else:
            # More than one page: the count tells how many; the rows of the first page are already read.
            page = Page(first[:per_page], 1, Paginator(items, per_page))
    else:
        page = Paginator(items, per_page).get_page(number)

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}"

    nav = {
        "number": page.number,
        "total": page.paginator.num_pages,
        "previous": link(page.previous_page_number()) if page.has_previous() else "",
        "next": link(page.next_page_number()) if page.has_next() else "",
    }
    return page, nav


# Far above any row id, so the placeholder cannot be mistaken for a part of the address.
_PLACEHOLDER = 987_654_321_000


@cache
def _link_shape(url_name: str, arguments: int, script_prefix: str) -> str:
    """An address with `arguments` integer ids left as `{0}`, `{1}`, ...: the URL conf does not change while
    the process runs (as for the menu), so the home page formats each row's links instead of reversing them
    (some eighty reversals a page). Holds address shapes only, nothing about users or requests."""
    shape = reverse(url_name, args=[_PLACEHOLDER + index for index in range(arguments)])
    for index in range(arguments):
        shape = shape.replace(str(_PLACEHOLDER + index), f"{{{index}}}")
    return shape


def _link(url_name: str, *ids: int) -> str:
    return _link_shape(url_name, len(ids), get_script_prefix()).format(*(int(pk) for pk in ids))


# Missed German sessions shown on the home page; the rest are on the language app's absence list.
HOME_ABSENCE_ROWS = 10


def _home_absences(user) -> dict | None:
    """The open absence flags of the user's learners for the home page (None: the user may not see absences).

    Like the other lists on the page, this is not audited row by row; opening a person or learner is.
    """
    if not user_can(user, Perm.ENROLMENTS_MANAGE):
        return None
    # The page shows the learner's name, the offer's title and the flag's figures: the learners' caseworkers,
    # who resolved a flag and the rest of each row stay in the database (planning five joins of every column
    # cost more than running them).
    flags = list(
        language_selectors.absence_flags_for_caseworker(user)
        .select_related(None)
        .select_related("enrolment__learner", "enrolment__offer")
        .only(
            "id",
            "missed_in_a_row",
            "last_missed_on",
            "flagged_at",
            "enrolment__id",
            "enrolment__learner__id",
            "enrolment__learner__first_name",
            "enrolment__learner__last_name",
            "enrolment__learner__person_id",
            "enrolment__offer__id",
            "enrolment__offer__title",
        )[: HOME_ABSENCE_ROWS + 1]
    )
    shown = flags[:HOME_ABSENCE_ROWS]
    # A learner links to the person's record where there is one the user may open, else to the learner page.
    persons = selectors.person_ids_visible_to(user, {f.enrolment.learner.person_id for f in shown} - {None})
    rows = [
        (
            flag,
            _link("casework:person_detail", flag.enrolment.learner.person_id)
            if flag.enrolment.learner.person_id in persons
            else _link("language:learner_detail", flag.enrolment.learner_id),
        )
        for flag in shown
    ]
    return {"rows": rows, "more": len(flags) > HOME_ABSENCE_ROWS}


@require_perm(Perm.PERSONS_VIEW)
def home(request):
    today = timezone.localdate()
    cases, cases_nav = _paged(request, selectors.my_open_cases(request.user), "cases_page", HOME_PAGE_SIZE)
    tasks, tasks_nav = _paged(request, selectors.my_tasks_due(request.user, today=today), "tasks_page", HOME_PAGE_SIZE)
    for case in cases:
        case.detail_url = _link("casework:case_detail", case.pk)
    for task in tasks:
        task.case_url = _link("casework:case_detail", task.case_id)
        task.done_url = _link("casework:task_done", task.case_id, task.pk)
    context = {
        "today": today,
        "cases": cases,
        "cases_nav": cases_nav,
        "tasks": tasks,
        "tasks_nav": tasks_nav,
        # The times, the person's name, the place, an interpreter and the status: not the rest of each row.
        "appointments": list(
            selectors.appointments_on_day(request.user, today, caseworker_id=request.user.pk)
            .select_related(None)
            .select_related("person", "location")
            .only(
                "id",
                "starts_at",
                "ends_at",
                "interpreter_language",
                "status",
                "person__id",
                "person__given_names",
                "person__family_names",
                "location__id",
                "location__name",
            )
        ),
        "search_form": PersonSearchForm(),
        "absences": _home_absences(request.user),
    }
    for appointment in context["appointments"]:
        appointment.person_url = _link("casework:person_detail", appointment.person_id)
    return render(request, "casework/home.html", context)


@require_perm(Perm.PERSONS_VIEW)
def person_list(request):
    form = PersonSearchForm(request.GET or None)
    matches = []
    searched = False
    if form.is_valid() and any(form.cleaned_data.values()):
        searched = True
        matches = selectors.person_search_for_user(
            request.user,
            form.cleaned_data["q"],
            birth_date_text=form.cleaned_data["birth"],
            phone=form.cleaned_data["phone"],
            limit=30,
        )
        if form.cleaned_data["birth"] and selectors.parse_birth(form.cleaned_data["birth"]) is None:
            form.add_error("birth", _("Enter a date as DD.MM.YYYY, MM.YYYY or just the year YYYY."))
    page = None
    if not searched:
        recent = selectors.persons_for_user(request.user).active().order_by("-created_at", "-id")
        page = Paginator(recent, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "matches": matches, "searched": searched, "page": page}
    if request.htmx:
        return render(request, "casework/person_list.html#results", context)
    return render(request, "casework/person_list.html", context)
