from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_any_perm, require_perm, user_can
from wegweiser.core.page_language import public_page
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.forms import (
    AssessForm,
    CommentForm,
    CopyForm,
    IndicatorValueForm,
    MeasureStatusForm,
    ModerateForm,
    TransitionForm,
)
from wegweiser.integrationskonzept.models import (
    TRANSITIONS,
    CommentGroup,
    CommentStatus,
    Indicator,
    MeasureStatus,
    Objective,
    SubGoal,
    SubGoalStatus,
    VersionStatus,
)
from wegweiser.integrationskonzept.report import render_evaluation_pdf
from wegweiser.integrationskonzept.selectors import (
    comments_for_user,
    concept_versions_for_user,
    measures_for_user,
    participation_summary,
    progress_board,
    published_comments,
    version_compare,
    version_tree,
    versions_open_for_comments,
)

CONSULTATION_LANGUAGES = ("de", "en", "uk", "ru", "ar")


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _version(request, version_id):
    return get_object_or_404(concept_versions_for_user(request.user), pk=version_id)


@require_perm(Perm.CONCEPT_VIEW)
def version_list(request):
    versions = list(concept_versions_for_user(request.user))
    return render(request, "integrationskonzept/version_list.html", {"versions": versions})


@require_perm(Perm.CONCEPT_VIEW)
def version_detail(request, version_id):
    version = _version(request, version_id)
    tree = version_tree(version)
    context = {
        "version": version,
        "tree": tree,
        "next_statuses": [(s, VersionStatus(s).label) for s in sorted(TRANSITIONS[version.status])],
        "can_plan": user_can(request.user, Perm.CONCEPT_PLAN),
        "can_report": user_can(request.user, Perm.CONCEPT_MEASURES_REPORT),
        "my_measures": set(measures_for_user(request.user).values_list("pk", flat=True)),
        "measure_statuses": MeasureStatus.choices,
        "sub_goal_statuses": SubGoalStatus.choices,
        "comment_languages": CONSULTATION_LANGUAGES,
        "others": concept_versions_for_user(request.user).exclude(pk=version.pk),
    }
    return render(request, "integrationskonzept/version_detail.html", context)


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
    context = {"version": version, "board": progress_board(version, today=timezone.localdate())}
    return render(request, "integrationskonzept/board.html", context)


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
    goals = Objective.objects.filter(field_of_action__version=version).select_related("field_of_action")
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
    comment = get_object_or_404(comments_for_user(request.user), pk=comment_id)
    goals = Objective.objects.filter(field_of_action__version=comment.version_id).select_related("field_of_action")
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
    sub_goal = get_object_or_404(
        SubGoal.objects.filter(goal__field_of_action__version__in=concept_versions_for_user(request.user)),
        pk=sub_goal_id,
    )
    form = AssessForm(request.POST)
    if form.is_valid():
        try:
            services.sub_goal_assess(actor=request.user, sub_goal=sub_goal, **form.cleaned_data)
            messages.success(request, _("The assessment was saved."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    return redirect("konzept:version", version_id=sub_goal.goal.field_of_action.version_id)


@require_perm(Perm.CONCEPT_PLAN)
@require_POST
def indicator_value_add(request, indicator_id):
    indicator = get_object_or_404(
        Indicator.objects.filter(sub_goal__goal__field_of_action__version__in=concept_versions_for_user(request.user)),
        pk=indicator_id,
    )
    form = IndicatorValueForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_value_record(actor=request.user, indicator=indicator, **form.cleaned_data)
            messages.success(request, _("The value was recorded."))
        except ValidationError as error:
            messages.error(request, _error_text(error))
    else:
        messages.error(request, _("Give value, date and source."))
    return redirect("konzept:version", version_id=indicator.sub_goal.goal.field_of_action.version_id)


@require_any_perm(Perm.CONCEPT_PLAN, Perm.CONCEPT_MEASURES_REPORT)
def my_measures(request):
    measures = measures_for_user(request.user).order_by("ends_on", "pk")
    if user_can(request.user, Perm.CONCEPT_PLAN):
        measures = measures.exclude(municipality=None)
    return render(
        request,
        "integrationskonzept/measure_list.html",
        {"measures": measures, "measure_statuses": MeasureStatus.choices},
    )


@require_any_perm(Perm.CONCEPT_PLAN, Perm.CONCEPT_MEASURES_REPORT)
@require_POST
def measure_status(request, measure_id):
    measure = get_object_or_404(measures_for_user(request.user), pk=measure_id)
    form = MeasureStatusForm(request.POST)
    if form.is_valid():
        services.measure_status_update(actor=request.user, measure=measure, status=form.cleaned_data["status"])
    if request.headers.get("HX-Request"):
        return render(
            request,
            "integrationskonzept/measure_list.html#measure",
            {"measure": measure, "measure_statuses": MeasureStatus.choices},
        )
    messages.success(request, _("The status of the measure was saved."))
    return redirect("konzept:measures")


@public_page
def consultation(request, version_id, language):
    """The public comment page of a draft in consultation, in the newcomer's language; no login."""
    if language not in CONSULTATION_LANGUAGES:
        raise Http404
    version = get_object_or_404(versions_open_for_comments(), pk=version_id)
    with translation.override(language):
        goals = Objective.objects.filter(field_of_action__version=version).select_related("field_of_action")
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
