"""A case and its parts: needs, goals, tasks, notes and documents."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.audit.services import audit_read
from wegweiser.casework import selectors, services
from wegweiser.casework.forms import (
    CaseEditForm,
    CaseOpenForm,
    DocumentForm,
    GoalForm,
    GoalStatusForm,
    NeedsForm,
    NoteForm,
    TaskForm,
)
from wegweiser.casework.services import (
    PURPOSE_CASE_WORK,
    CaseworkError,
    EditConflict,
)
from wegweiser.casework.views._common import _case, _conflict, _opened, _person

# --- Cases -----------------------------------------------------------------------------------------------


@require_perm(Perm.CASES_WORK)
def case_open(request, person_id):
    person = _opened(request, _person(request, person_id))
    form = CaseOpenForm(request.POST or None, person=person, initial={"caseworker": request.user.pk})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_open(actor=request.user, person=person, **form.cleaned_data)
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The case has been opened. Start with the needs assessment."))
            return redirect("casework:case_needs", case_id=case.pk)
    return render(request, "casework/case_open.html", {"person": person, "form": form})


def _case_context(request, case) -> dict:
    plan = selectors.case_plan(request.user, case)
    return {
        "case": case,
        "person": case.person,
        "needs": plan.needs,
        "goals": plan.goals,
        "tasks": plan.tasks,
        "notes": plan.notes,
        "documents": plan.documents,
        "timeline": plan.timeline,
        "can_work": user_can(request.user, Perm.CASES_WORK),
        "goal_form": GoalForm(),
        "task_form": TaskForm(goals=plan.goals, person=case.person, initial={"owner": request.user.pk}),
        "note_form": NoteForm(),
        "document_form": DocumentForm(),
        "goal_status_form": GoalStatusForm(),
    }


def _case_page(request, case, *, status: int = 200, **forms):
    """The case page; `forms` replace the empty ones (a form sent back with what the user typed)."""
    audit_read(actor=request.user, obj=case, purpose=PURPOSE_CASE_WORK, municipality_id=case.person.municipality_id)
    return render(request, "casework/case_detail.html", {**_case_context(request, case), **forms}, status=status)


@require_perm(Perm.PERSONS_VIEW)
def case_detail(request, case_id):
    """The case plan: needs, goals, tasks, notes, documents and one timeline of everything."""
    return _case_page(request, _case(request, case_id))


@require_perm(Perm.CASES_WORK)
def case_edit(request, case_id):
    case = _opened(request, _case(request, case_id))
    initial = {
        "status": case.status,
        "caseworker": case.caseworker_id,
        "summary": case.summary,
        "version": case.version,
    }
    form = CaseEditForm(request.POST or None, person=case.person, initial=initial)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("status", "caseworker", "summary")}
        try:
            services.case_update(actor=request.user, case=case, expected_version=form.cleaned_data["version"], **data)
        except EditConflict as error:
            conflict = _conflict(form, error)
        else:
            messages.success(request, _("The case has been saved."))
            return redirect("casework:case_detail", case_id=case.pk)
    return render(request, "casework/case_edit.html", {"case": case, "form": form, "conflict": conflict})


@require_perm(Perm.CASES_WORK)
def case_needs(request, case_id):
    case = _opened(request, _case(request, case_id))
    form = NeedsForm(request.POST or None, needs=case.needs.all(), initial={"version": case.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_assess(
                actor=request.user,
                case=case,
                assessments=form.assessments(),
                expected_version=form.cleaned_data["version"],
            )
        except EditConflict as error:
            conflict = _conflict(form, error)
        else:
            messages.success(request, _("The needs assessment has been saved."))
            return redirect("casework:case_detail", case_id=case.pk)
    return render(request, "casework/case_needs.html", {"case": case, "form": form, "conflict": conflict})


def _after_case_post(request, case, form, message, *, form_name: str):
    """Back to the case page once saved; otherwise the page again (422) with the form as the user filled it."""
    if form.is_valid():
        messages.success(request, message)
        return redirect("casework:case_detail", case_id=case.pk)
    return _case_page(request, case, status=422, **{form_name: form})


@require_POST
@require_perm(Perm.CASES_WORK)
def case_goal_add(request, case_id):
    case = _case(request, case_id)
    form = GoalForm(request.POST)
    if form.is_valid():
        services.goal_add(actor=request.user, case=case, **form.cleaned_data)
    return _after_case_post(request, case, form, _("The goal has been added."), form_name="goal_form")


@require_POST
@require_perm(Perm.CASES_WORK)
def goal_status(request, case_id, goal_id):
    case = _case(request, case_id)
    goal = get_object_or_404(case.goals, pk=goal_id)
    form = GoalStatusForm(request.POST)
    if form.is_valid():
        services.goal_set_status(actor=request.user, goal=goal, status=form.cleaned_data["status"])
    return _after_case_post(request, case, form, _("The goal has been updated."), form_name="goal_status_form")


@require_POST
@require_perm(Perm.CASES_WORK)
def case_task_add(request, case_id):
    case = _case(request, case_id)
    form = TaskForm(request.POST, goals=case.goals.all(), person=case.person)
    if form.is_valid():
        services.task_add(actor=request.user, case=case, **form.cleaned_data)
    return _after_case_post(request, case, form, _("The task has been added."), form_name="task_form")


@require_POST
@require_perm(Perm.CASES_WORK)
def task_done(request, case_id, task_id):
    case = _case(request, case_id)
    task = get_object_or_404(case.tasks, pk=task_id)
    services.task_complete(actor=request.user, task=task)
    messages.success(request, _("The task is done."))
    if request.POST.get("next") == "home":
        return redirect("casework:home")
    return redirect("casework:case_detail", case_id=case.pk)


@require_POST
@require_perm(Perm.CASES_WORK)
def case_note_add(request, case_id):
    case = _case(request, case_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(actor=request.user, case=case, **form.cleaned_data)
    return _after_case_post(request, case, form, _("The note has been added."), form_name="note_form")


@require_POST
@require_perm(Perm.CASES_WORK)
def case_document_upload(request, case_id):
    case = _case(request, case_id)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.document_upload(
                actor=request.user,
                case=case,
                kind=form.cleaned_data["kind"],
                filename=upload.name,
                content=upload.read(),
            )
        except CaseworkError as error:
            form.add_error("file", str(error))
    return _after_case_post(request, case, form, _("The document has been uploaded."), form_name="document_form")


@require_perm(Perm.PERSONS_VIEW)
def document_download(request, case_id, document_id):
    case = _case(request, case_id)
    document = get_object_or_404(case.documents, pk=document_id)
    audit_read(actor=request.user, obj=document, purpose=PURPOSE_CASE_WORK, municipality_id=case.person.municipality_id)
    response = HttpResponse(bytes(document.content), content_type=document.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="document-{document.pk}.{document.filename.rsplit(".", 1)[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
