from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_any_perm, require_perm, user_can
from wegweiser.core.page_language import public_page
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.charts import board_charts
from wegweiser.integrationskonzept.forms import (
    AssessForm,
    CommentForm,
    CopyForm,
    FieldForm,
    GoalForm,
    IndicatorForm,
    IndicatorSource,
    IndicatorValueForm,
    MeasureForm,
    MeasureStatusForm,
    ModerateForm,
    SubGoalForm,
    TransitionForm,
)
from wegweiser.integrationskonzept.models import (
    TRANSITIONS,
    CommentGroup,
    CommentStatus,
    MeasureStatus,
    Responsible,
    SubGoalStatus,
    VersionStatus,
)
from wegweiser.integrationskonzept.report import render_evaluation_pdf
from wegweiser.integrationskonzept.selectors import (
    comment_for_user,
    comments_for_user,
    concept_versions_for_user,
    field_for_user,
    goal_for_user,
    grants_for_version,
    indicator_for_user,
    lagebild_choices,
    lagebild_figure_has_values,
    measure_for_user,
    measures_for_user,
    municipal_measures_for_user,
    one_of,
    participation_summary,
    planned_measure_for_user,
    progress_board,
    published_comments,
    sub_goal_for_user,
    sub_goal_indicators,
    value_indicator_for_user,
    version_compare,
    version_for_user,
    version_goals,
    version_tree,
    versions_open_for_comments,
)
from wegweiser.lagebild.charts import table_csv, table_xlsx
from wegweiser.network.selectors import organisations_for_user
from wegweiser.territory.models import Municipality

CONSULTATION_LANGUAGES = ("de", "en", "uk", "ru", "ar")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _version(request, version_id):
    return version_for_user(request.user, version_id)


@require_perm(Perm.CONCEPT_VIEW)
def version_list(request):
    versions = list(concept_versions_for_user(request.user))
    return render(request, "integrationskonzept/version_list.html", {"versions": versions})


def _detail_context(request, version):
    return {
        "version": version,
        "tree": version_tree(version),
        "next_statuses": [(s, VersionStatus(s).label) for s in sorted(TRANSITIONS[version.status])],
        "can_plan": user_can(request.user, Perm.CONCEPT_PLAN),
        "can_edit": version.editable and user_can(request.user, Perm.CONCEPT_PLAN),
        "can_report": user_can(request.user, Perm.CONCEPT_MEASURES_REPORT),
        "my_measures": set(measures_for_user(request.user).values_list("pk", flat=True)),
        "measure_statuses": MeasureStatus.choices,
        "sub_goal_statuses": SubGoalStatus.choices,
        "comment_languages": CONSULTATION_LANGUAGES,
        "others": concept_versions_for_user(request.user).exclude(pk=version.pk),
    }


@require_perm(Perm.CONCEPT_VIEW)
def version_detail(request, version_id):
    version = _version(request, version_id)
    return render(request, "integrationskonzept/version_detail.html", _detail_context(request, version))


@require_perm(Perm.CONCEPT_PLAN)
def version_copy(request, version_id):
    source = _version(request, version_id)
    initial = {
        "title": source.title,
        "period_start": source.period_end + 1,
        "period_end": source.period_end + 1 + (source.period_end - source.period_start),
    }
    form = CopyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = services.concept_version_copy(actor=request.user, source=source, **form.cleaned_data)
        messages.success(request, _("The new version starts as a copy of the last one."))
        return redirect("konzept:version", version_id=version.pk)
    return render(request, "integrationskonzept/version_copy.html", {"form": form, "source": source})


@require_perm(Perm.CONCEPT_PLAN)
@require_POST
def version_status(request, version_id):
    version = _version(request, version_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.concept_version_transition(actor=request.user, version=version, **form.cleaned_data)
            messages.success(request, _("The status was changed."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    else:
        messages.error(request, _("Check the date of the council decision."))
    return redirect("konzept:version", version_id=version.pk)


@require_perm(Perm.CONCEPT_VIEW)
def version_compare_page(request, version_id):
    after = _version(request, version_id)
    other_id = request.GET.get("other") or (after.predecessor_id or "")
    before = None
    if str(other_id).isdigit():
        before = concept_versions_for_user(request.user).filter(pk=int(other_id)).first()
    rows = version_compare(before, after) if before is not None else []
    context = {
        "after": after,
        "before": before,
        "rows": rows,
        "others": concept_versions_for_user(request.user).exclude(pk=after.pk),
    }
    return render(request, "integrationskonzept/compare.html", context)


@require_perm(Perm.CONCEPT_VIEW)
def board(request, version_id):
    version = _version(request, version_id)
    board_data = progress_board(version, today=timezone.localdate())
    context = {"version": version, "board": board_data, "charts": board_charts(board_data)}
    return render(request, "integrationskonzept/board.html", context)


@require_perm(Perm.CONCEPT_VIEW)
def board_chart_download(request, version_id, chart, fmt):
    """One board chart's table as CSV or XLSX (the Lagebild's writers: no cell runs as a formula)."""
    version = _version(request, version_id)
    found = dict(board_charts(progress_board(version, today=timezone.localdate()))).get(chart)
    if found is None or fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "csv":
        response = HttpResponse("\ufeff" + table_csv(found.table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            table_xlsx(found.table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="konzept-{version.pk}-{chart}.{fmt}"'
    return response


@require_perm(Perm.CONCEPT_VIEW)
def report_pdf(request, version_id):
    version = _version(request, version_id)
    content = render_evaluation_pdf(version, today=timezone.localdate())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="integrationskonzept-{version.pk}.pdf"'
    return response


@require_perm(Perm.CONCEPT_PLAN)
def comment_list(request, version_id):
    version = _version(request, version_id)
    goals = version_goals(version)
    comments = comments_for_user(request.user).filter(version=version)
    rows = [(comment, ModerateForm(goals=goals, prefix=f"c{comment.pk}")) for comment in comments]
    summary = participation_summary(version)
    labels = dict(CommentGroup.choices)
    context = {
        "version": version,
        "rows": rows,
        "summary": [(labels[group], cell) for group, cell in summary.cells.items()],
    }
    return render(request, "integrationskonzept/comment_list.html", context)


@require_perm(Perm.CONCEPT_PLAN)
@require_POST
def comment_moderate_view(request, comment_id):
    comment = comment_for_user(request.user, comment_id)
    goals = version_goals(comment.version_id)
    form = ModerateForm(request.POST, goals=goals, prefix=f"c{comment.pk}")
    if form.is_valid():
        data = form.cleaned_data
        changed = goals.filter(pk=data["changed_goal"]).first() if data["changed_goal"] else None
        try:
            services.comment_moderate(
                actor=request.user,
                comment=comment,
                status=data["status"],
                answer=data["answer"],
                decline_reason=data["decline_reason"],
                changed_goal=changed,
            )
            messages.success(request, _("The comment was moderated."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("konzept:comments", version_id=comment.version_id)


@require_perm(Perm.CONCEPT_PLAN)
@require_POST
def sub_goal_assess_view(request, sub_goal_id):
    sub_goal = sub_goal_for_user(request.user, sub_goal_id)
    form = AssessForm(request.POST)
    if form.is_valid():
        try:
            services.sub_goal_assess(actor=request.user, sub_goal=sub_goal, **form.cleaned_data)
            messages.success(request, _("The assessment was saved."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    return redirect("konzept:version", version_id=sub_goal.goal.field_of_action.version_id)


@require_any_perm(Perm.CONCEPT_PLAN, Perm.CONCEPT_MEASURES_REPORT)
@require_POST
def indicator_value_add(request, indicator_id):
    indicator = value_indicator_for_user(request.user, indicator_id)
    form = IndicatorValueForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.indicator_value_record(actor=request.user, indicator=indicator, **form.cleaned_data)
        except ValidationError as refusal:
            error = _error_text(refusal)
    else:
        error = _("Give value, date and source.")
    back = request.POST.get("next")
    if back == "measures":
        measure = measure_for_user(request.user, request.POST.get("measure"))
        if request.htmx:
            context = {
                "measure": measure,
                "measure_statuses": MeasureStatus.choices,
                "error": error,
                "saved": not error,
            }
            return render(request, "integrationskonzept/measure_list.html#measure", context)
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The value was recorded."))
        return redirect(reverse("konzept:measures") + f"#measure-{measure.pk}")
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The value was recorded."))
    return redirect("konzept:version", version_id=indicator.sub_goal.goal.field_of_action.version_id)


@require_any_perm(Perm.CONCEPT_PLAN, Perm.CONCEPT_MEASURES_REPORT)
def my_measures(request):
    measures = municipal_measures_for_user(request.user)
    return render(
        request,
        "integrationskonzept/measure_list.html",
        {"measures": measures, "measure_statuses": MeasureStatus.choices},
    )


@require_any_perm(Perm.CONCEPT_PLAN, Perm.CONCEPT_MEASURES_REPORT)
@require_POST
def measure_status(request, measure_id):
    measure = measure_for_user(request.user, measure_id)
    form = MeasureStatusForm(request.POST)
    saved = form.is_valid()
    if saved:
        services.measure_status_update(actor=request.user, measure=measure, status=form.cleaned_data["status"])
    if request.htmx:
        return render(
            request,
            "integrationskonzept/measure_list.html#measure",
            {"measure": measure, "measure_statuses": MeasureStatus.choices, "status_saved": saved},
        )
    if saved:
        messages.success(request, _("The status of the measure was saved."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect(reverse("konzept:measures") + f"#measure-{measure.pk}")


@public_page
def consultation(request, version_id, language):
    """The public comment page of a draft in consultation, in the newcomer's language; no login."""
    if language not in CONSULTATION_LANGUAGES:
        raise Http404
    version = one_of(versions_open_for_comments(), version_id)
    with translation.override(language):
        goals = version_goals(version)
        form = CommentForm(request.POST or None, goals=goals)
        sent = False
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            # A filled honeypot: answer as if it worked and keep nothing.
            if not data["website"]:
                goal = goals.filter(pk=data["goal"]).first() if data["goal"] else None
                services.comment_submit(
                    version=version, group=data["group"], language=language, text=data["text"], goal=goal
                )
            sent = True
            form = CommentForm(goals=goals)
        context = {
            "version": version,
            "tree": version_tree(version),
            "form": form,
            "sent": sent,
            "comments": published_comments(version),
            "language": language,
            "comment_languages": CONSULTATION_LANGUAGES,
            "answered": CommentStatus.ANSWERED,
        }
        response = render(request, "integrationskonzept/consultation.html", context)
    return response


# --- Editing the tree (issue 21): add, edit and delete each level of a draft ----------------------------------


def _back(version_id, anchor=""):
    return redirect(reverse("konzept:version", kwargs={"version_id": version_id}) + (f"#{anchor}" if anchor else ""))


def _edit_page(request, *, version, form, heading, save, anchor="", extra=None):
    """Show `form`; on a valid POST call `save(cleaned_data)` (a service) and go back to the version. A refusal
    of the service is shown on the form; an adopted version shows no form, only why."""
    if request.method == "POST" and version.editable and form.is_valid():
        try:
            row = save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            if request.htmx:
                # In place: the whole tree again (numbers and order may have changed), into the page's #tree.
                context = {**_detail_context(request, version), "saved": True}
                response = render(request, "integrationskonzept/version_detail.html#tree", context)
                response["HX-Retarget"] = "#tree"
                response["HX-Reswap"] = "outerHTML"
                return response
            messages.success(request, _("Saved."))
            return _back(version.pk, anchor or getattr(row, "anchor", ""))
    context = {"version": version, "form": form, "heading": heading, "action": request.path, **(extra or {})}
    if request.htmx:
        # htmx swaps only 2xx answers: the refused form comes back with 200 and shows its errors in place.
        return render(request, "integrationskonzept/tree_form.html#form", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "integrationskonzept/tree_form.html", context, status=status)


def _delete_page(request, *, version, row, question, delete, anchor=""):
    """A confirmation step, then the service; where it refuses, the page says why and nothing is deleted."""
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return _back(version.pk, anchor)
        messages.success(request, _("Deleted."))
        return _back(version.pk)
    return render(
        request, "integrationskonzept/tree_delete.html", {"version": version, "row": row, "question": question}
    )


@require_perm(Perm.CONCEPT_PLAN)
def field_add(request, version_id):
    version = _version(request, version_id)
    form = FieldForm(request.POST or None)
    return _edit_page(
        request,
        version=version,
        form=form,
        heading=_("New field of action"),
        save=lambda data: services.field_create(actor=request.user, version=version, **data),
    )


@require_perm(Perm.CONCEPT_PLAN)
def field_edit(request, field_id):
    field = field_for_user(request.user, field_id)
    form = FieldForm(request.POST or None, initial={"title": field.title, "description": field.description})
    return _edit_page(
        request,
        version=field.version,
        form=form,
        heading=_("Field of action %(number)s") % {"number": field.number},
        save=lambda data: services.field_update(actor=request.user, field_of_action=field, **data),
        anchor=f"field-{field.pk}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def field_delete(request, field_id):
    field = field_for_user(request.user, field_id)
    return _delete_page(
        request,
        version=field.version,
        row=field,
        question=_("Delete this field of action?"),
        delete=lambda: services.field_delete(actor=request.user, field_of_action=field),
        anchor=f"field-{field.pk}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def goal_add(request, field_id):
    field = field_for_user(request.user, field_id)
    return _edit_page(
        request,
        version=field.version,
        form=GoalForm(request.POST or None),
        heading=_("New goal in field of action %(field)s") % {"field": field},
        save=lambda data: services.goal_create(actor=request.user, field_of_action=field, **data),
        anchor=f"field-{field.pk}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def goal_edit(request, goal_id):
    goal = goal_for_user(request.user, goal_id)
    form = GoalForm(request.POST or None, initial={"title": goal.title, "description": goal.description})
    return _edit_page(
        request,
        version=goal.field_of_action.version,
        form=form,
        heading=_("Goal %(number)s") % {"number": goal.number},
        save=lambda data: services.goal_update(actor=request.user, goal=goal, **data),
        anchor=f"goal-{goal.pk}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def goal_delete(request, goal_id):
    goal = goal_for_user(request.user, goal_id)
    return _delete_page(
        request,
        version=goal.field_of_action.version,
        row=goal,
        question=_("Delete this goal?"),
        delete=lambda: services.goal_delete(actor=request.user, goal=goal),
        anchor=f"goal-{goal.pk}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def sub_goal_add(request, goal_id):
    goal = goal_for_user(request.user, goal_id)
    return _edit_page(
        request,
        version=goal.field_of_action.version,
        form=SubGoalForm(request.POST or None),
        heading=_("New sub-goal of goal %(goal)s") % {"goal": goal},
        save=lambda data: services.sub_goal_create(actor=request.user, goal=goal, **data),
        anchor=f"goal-{goal.pk}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def sub_goal_edit(request, sub_goal_id):
    sub = sub_goal_for_user(request.user, sub_goal_id)
    return _edit_page(
        request,
        version=sub.goal.field_of_action.version,
        form=SubGoalForm(request.POST or None, initial={"title": sub.title}),
        heading=_("Sub-goal %(number)s") % {"number": sub.number},
        save=lambda data: services.sub_goal_update(actor=request.user, sub_goal=sub, **data),
        anchor=f"sub-{sub.pk}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def sub_goal_delete(request, sub_goal_id):
    sub = sub_goal_for_user(request.user, sub_goal_id)
    return _delete_page(
        request,
        version=sub.goal.field_of_action.version,
        row=sub,
        question=_("Delete this sub-goal?"),
        delete=lambda: services.sub_goal_delete(actor=request.user, sub_goal=sub),
        anchor=f"sub-{sub.pk}",
    )


def _measure_form(request, sub, initial=None):
    return MeasureForm(
        request.POST or None,
        initial=initial,
        indicators=sub_goal_indicators(sub),
        municipalities=Municipality.objects.local().order_by("name"),
        organisations=organisations_for_user(request.user, perm=Perm.CONCEPT_PLAN).order_by("name"),
        grants=grants_for_version(sub.goal.field_of_action.version),
    )


@require_perm(Perm.CONCEPT_PLAN)
def measure_add(request, sub_goal_id):
    sub = sub_goal_for_user(request.user, sub_goal_id)
    form = _measure_form(request, sub, initial={"responsible": Responsible.DISTRICT_OFFICE})
    return _edit_page(
        request,
        version=sub.goal.field_of_action.version,
        form=form,
        heading=_("New measure for sub-goal %(sub)s") % {"sub": sub},
        save=lambda data: services.measure_create(actor=request.user, sub_goal=sub, **data),
        anchor=f"sub-{sub.pk}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def measure_edit(request, measure_id):
    measure = planned_measure_for_user(request.user, measure_id)
    names = ("title", "output", "indicator", "responsible", "municipality", "organisation", "starts_on", "ends_on")
    initial = {name: getattr(measure, name) for name in (*names, "budget", "grant", "grant_note")}
    return _edit_page(
        request,
        version=measure.sub_goal.goal.field_of_action.version,
        form=_measure_form(request, measure.sub_goal, initial=initial),
        heading=_("Measure “%(title)s”") % {"title": measure.title},
        save=lambda data: services.measure_update(actor=request.user, measure=measure, **data),
        anchor=f"sub-{measure.sub_goal_id}",
    )


@require_perm(Perm.CONCEPT_PLAN)
def measure_delete(request, measure_id):
    measure = planned_measure_for_user(request.user, measure_id)
    return _delete_page(
        request,
        version=measure.sub_goal.goal.field_of_action.version,
        row=measure,
        question=_("Delete this measure?"),
        delete=lambda: services.measure_delete(actor=request.user, measure=measure),
        anchor=f"sub-{measure.sub_goal_id}",
    )


def _indicator_page(request, *, sub, heading, save, initial=None):
    choices = lagebild_choices()
    form = IndicatorForm(request.POST or None, initial=initial, tables=choices.tables)

    def checked_save(_data):
        kwargs = form.service_kwargs()
        if kwargs["lagebild"] and not lagebild_figure_has_values(*kwargs["lagebild"]):
            raise ValidationError(_("The Lagebild has no values for this table, variable and region."))
        return save(kwargs)

    return _edit_page(
        request,
        version=sub.goal.field_of_action.version,
        form=form,
        heading=heading,
        save=checked_save,
        anchor=f"sub-{sub.pk}",
        extra={"lagebild": choices},
    )


@require_perm(Perm.CONCEPT_PLAN)
def indicator_add(request, sub_goal_id):
    sub = sub_goal_for_user(request.user, sub_goal_id)
    return _indicator_page(
        request,
        sub=sub,
        heading=_("New indicator for sub-goal %(sub)s") % {"sub": sub},
        save=lambda kwargs: services.indicator_create(actor=request.user, sub_goal=sub, **kwargs),
    )


@require_perm(Perm.CONCEPT_PLAN)
def indicator_edit(request, indicator_id):
    indicator = indicator_for_user(request.user, indicator_id)
    names = ("title", "unit", "direction", "baseline", "baseline_date", "target", "target_date")
    initial = {name: getattr(indicator, name) for name in names}
    initial["source"] = IndicatorSource.LAGEBILD if indicator.linked else IndicatorSource.HAND
    for name in ("lagebild_table", "lagebild_variable", "lagebild_region", "lagebild_breakdown"):
        initial[name] = getattr(indicator, name)
    return _indicator_page(
        request,
        sub=indicator.sub_goal,
        heading=_("Indicator “%(title)s”") % {"title": indicator.title},
        save=lambda kwargs: services.indicator_update(actor=request.user, indicator=indicator, **kwargs),
        initial=initial,
    )


@require_perm(Perm.CONCEPT_PLAN)
def indicator_delete(request, indicator_id):
    indicator = indicator_for_user(request.user, indicator_id)
    return _delete_page(
        request,
        version=indicator.sub_goal.goal.field_of_action.version,
        row=indicator,
        question=_("Delete this indicator?"),
        delete=lambda: services.indicator_delete(actor=request.user, indicator=indicator),
        anchor=f"sub-{indicator.sub_goal_id}",
    )
