import json
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_any_perm, require_perm, user_can
from wegweiser.audit.services import audit_read
from wegweiser.casework import selectors, services
from wegweiser.casework.calendar import appointments_ical
from wegweiser.casework.forms import (
    AppointmentForm,
    AppointmentStatusForm,
    CaseEditForm,
    CaseOpenForm,
    ConsentRecordForm,
    DayForm,
    DocumentForm,
    ErasureConfirmForm,
    FamilyLinkForm,
    GoalForm,
    GoalStatusForm,
    MergeForm,
    NeedsForm,
    NoteForm,
    PersonEditForm,
    PersonForm,
    PersonSearchForm,
    ProfileForm,
    QualificationForm,
    ReferralAnswerForm,
    ReferralForm,
    ShortageOccupationForm,
    TaskForm,
    WorkExperienceForm,
)
from wegweiser.casework.models import AppointmentKind, Person, ShortageOccupation
from wegweiser.casework.services import (
    PURPOSE_APPOINTMENTS,
    PURPOSE_CASE_WORK,
    PURPOSE_DATA_SUBJECT,
    PURPOSE_REFERRAL,
    CaseworkError,
    EditConflict,
)
from wegweiser.core.codes import CefrLevel, country_name, display_phone, language_name
from wegweiser.core.partial_dates import PartialDate
from wegweiser.jobs.services import job_enqueue
from wegweiser.language import selectors as language_selectors
from wegweiser.language.services import PURPOSE_ENROLMENT
from wegweiser.territory.remit import OutsideRemit


def _person(request, person_id):
    return get_object_or_404(selectors.persons_for_user(request.user), pk=person_id)


def _case(request, case_id):
    return get_object_or_404(selectors.cases_for_user(request.user), pk=case_id)


def _opened(request, obj, purpose: str = PURPOSE_CASE_WORK):
    """`obj` (a person or a case) for a page that shows its data: opening the page is a read, audited once on
    GET (a form sent back with errors was read when it was opened)."""
    if request.method == "GET":
        person = obj if isinstance(obj, Person) else obj.person
        audit_read(actor=request.user, obj=obj, purpose=purpose, municipality_id=person.municipality_id)
    return obj


def _person_context(person) -> dict:
    return {
        "nationality_names": [country_name(code) for code in person.nationalities],
        "language_rows": [(language_name(e["code"]), CefrLevel(e["level"]).label) for e in person.languages],
        "preferred_language_name": language_name(person.preferred_language) if person.preferred_language else "",
        "phone_display": display_phone(person.phone),
    }


# --- Home and search -------------------------------------------------------------------------------------


PAGE_SIZE = 50
# The home page is an overview at a glance: shorter pages of each list.
HOME_PAGE_SIZE = 20


def _paged(request, items, param: str, per_page: int = PAGE_SIZE):
    """One page of `items` chosen by the query parameter `param`, and the links to its neighbours (several
    lists on one page each keep their own page, and the other lists' pages stay as they are)."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))

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


# Missed German sessions shown on the home page; the rest are on the language app's absence list.
HOME_ABSENCE_ROWS = 10


def _home_absences(user) -> dict | None:
    """The open absence flags of the user's learners for the home page (None: the user may not see absences).

    Like the other lists on the page, this is not audited row by row; opening a person or learner is.
    """
    if not user_can(user, Perm.ENROLMENTS_MANAGE):
        return None
    flags = list(language_selectors.absence_flags_for_caseworker(user)[: HOME_ABSENCE_ROWS + 1])
    shown = flags[:HOME_ABSENCE_ROWS]
    # A learner links to the person's record where there is one the user may open, else to the learner page.
    persons = selectors.person_ids_visible_to(user, {f.enrolment.learner.person_id for f in shown} - {None})
    rows = [
        (
            flag,
            reverse("casework:person_detail", args=[flag.enrolment.learner.person_id])
            if flag.enrolment.learner.person_id in persons
            else reverse("language:learner_detail", args=[flag.enrolment.learner_id]),
        )
        for flag in shown
    ]
    return {"rows": rows, "more": len(flags) > HOME_ABSENCE_ROWS}


@require_perm(Perm.PERSONS_VIEW)
def home(request):
    today = timezone.localdate()
    cases, cases_nav = _paged(request, selectors.my_open_cases(request.user), "cases_page", HOME_PAGE_SIZE)
    tasks, tasks_nav = _paged(request, selectors.my_tasks_due(request.user, today=today), "tasks_page", HOME_PAGE_SIZE)
    context = {
        "today": today,
        "cases": cases,
        "cases_nav": cases_nav,
        "tasks": tasks,
        "tasks_nav": tasks_nav,
        "appointments": list(selectors.appointments_on_day(request.user, today, caseworker_id=request.user.pk)),
        "search_form": PersonSearchForm(),
        "absences": _home_absences(request.user),
    }
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


# --- Persons ---------------------------------------------------------------------------------------------


@require_perm(Perm.PERSONS_EDIT)
def person_create(request):
    """Intake: likely existing persons are shown before a new record is saved."""
    if "add_language" in request.POST:
        form = PersonForm.with_another_language(request.POST, user=request.user)
    else:
        form = PersonForm(request.POST or None, user=request.user)
    candidates = []
    if form.is_bound and form.is_valid():
        try:
            intake = services.person_intake(
                actor=request.user, confirm_new=request.POST.get("confirm_new") == "1", **form.person_data()
            )
        except OutsideRemit as error:
            form.add_error("municipality", str(error))
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            if intake.person is not None:
                messages.success(request, _("The person has been registered."))
                return redirect("casework:person_detail", person_id=intake.person.pk)
            candidates = intake.candidates
    return render(request, "casework/person_form.html", {"form": form, "candidates": candidates, "intake": True})


@require_perm(Perm.PERSONS_VIEW)
def person_detail(request, person_id):
    person = _person(request, person_id)
    if person.merged_into_id:
        messages.info(request, _("This record was merged into another one; here is the remaining record."))
        return redirect("casework:person_detail", person_id=person.merged_into_id)
    audit_read(actor=request.user, obj=person, purpose=PURPOSE_CASE_WORK, municipality_id=person.municipality_id)
    cases = person.cases.select_related("caseworker")
    family = selectors.family_for_user(request.user, person)
    household = (
        selectors.persons_for_user(request.user).filter(household_id=person.household_id).exclude(pk=person.pk)
        if person.household_id
        else []
    )
    duplicates = []
    if user_can(request.user, Perm.PERSONS_MERGE):
        duplicates = selectors.candidates_for_user(request.user, selectors.person_duplicates_of(person))
    german = None
    can_enrol = user_can(request.user, Perm.ENROLMENTS_MANAGE)
    if can_enrol:
        german = language_selectors.german_courses_for_user(request.user, person)
        if german is not None:
            audit_read(
                actor=request.user,
                obj=german.learner,
                purpose=PURPOSE_ENROLMENT,
                municipality_id=german.learner.home_municipality_id,
                summary="on the person's page",
            )
    context = {
        "person": person,
        "german": german,
        "can_enrol": can_enrol,
        "cases": cases,
        "family": family,
        "household": household,
        "duplicates": duplicates,
        "appointments": person.appointments.select_related("location", "caseworker").order_by("-starts_at")[:10],
        "referrals": person.referrals.select_related("organisation")[:10],
        "consents": person.consents.select_related("organisation"),
        "family_form": FamilyLinkForm(),
        "can_edit": user_can(request.user, Perm.PERSONS_EDIT),
        "can_work": user_can(request.user, Perm.CASES_WORK),
        "can_export": user_can(request.user, Perm.DATA_SUBJECT_EXPORT),
        "can_book": user_can(request.user, Perm.APPOINTMENTS_MANAGE),
        **_person_context(person),
    }
    return render(request, "casework/person_detail.html", context)


def _conflict(form, error: EditConflict) -> list[dict]:
    """Someone saved in between: the form keeps what this user typed, says so, carries the saved version (so
    sending it again overwrites knowingly) and returns the rows that differ, for the page to show side by side."""
    form.add_error(None, str(error))
    data = form.data.copy()
    data["version"] = error.current.version
    form.data = data
    return _conflict_rows(error)


def _conflict_rows(conflict: EditConflict):
    rows = []
    for row in conflict.differences():
        saved, yours = row["saved"], row["yours"]
        rows.append({"label": row["label"], "saved": _show(saved), "yours": _show(yours)})
    return rows


def _show(value) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, list):
        return ", ".join(_show(v) if not isinstance(v, dict) else f"{v.get('code')} {v.get('level')}" for v in value)
    if isinstance(value, (date, PartialDate)):
        return formats.date_format(value, "SHORT_DATE_FORMAT") if isinstance(value, date) else value.display()
    return str(value)


@require_perm(Perm.PERSONS_EDIT)
def person_edit(request, person_id):
    person = _opened(request, _person(request, person_id))
    if person.merged_into_id:
        return redirect("casework:person_detail", person_id=person.merged_into_id)
    if "add_language" in request.POST:
        form = PersonEditForm.with_another_language(request.POST, instance=person, user=request.user)
    else:
        form = PersonEditForm(
            request.POST or None, instance=person, user=request.user, initial={"version": person.version}
        )
    conflict = None
    if form.is_bound and form.is_valid():
        try:
            services.person_update(
                actor=request.user, person=person, expected_version=form.cleaned_data["version"], **form.person_data()
            )
        except EditConflict as error:
            conflict = _conflict(form, error)
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("casework:person_detail", person_id=person.pk)
    return render(request, "casework/person_form.html", {"form": form, "person": person, "conflict": conflict})


@require_perm(Perm.PERSONS_MERGE)
def person_merge(request, person_id):
    """Merge a likely duplicate into this person (both histories are kept)."""
    person = _opened(request, _person(request, person_id))
    if person.merged_into_id:
        return redirect("casework:person_detail", person_id=person.merged_into_id)
    matches = selectors.candidates_for_user(request.user, selectors.person_duplicates_of(person, threshold=0.5))
    # Only records the user may open can be merged here; the others are for the Migrationszentrum.
    candidates = [m for m in matches if m.visible]
    form = MergeForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        duplicate = _person(request, form.cleaned_data["duplicate"])
        try:
            services.person_merge(actor=request.user, survivor=person, duplicate=duplicate)
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The records have been merged; both histories are kept here."))
            return redirect("casework:person_detail", person_id=person.pk)
    return render(request, "casework/person_merge.html", {"person": person, "form": form, "candidates": candidates})


@require_perm(Perm.PERSONS_VIEW)
def person_profile(request, person_id):
    """The potential profile: qualifications, experience, skills; shortage-occupation matches."""
    person = _person(request, person_id)
    can_edit = user_can(request.user, Perm.PERSONS_EDIT)
    profile_form = ProfileForm(instance=person, initial={"version": person.version})
    qualification_form, experience_form = QualificationForm(prefix="q"), WorkExperienceForm(prefix="w")
    conflict = None
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "profile":
                profile_form = ProfileForm(request.POST, instance=person)
                if profile_form.is_valid():
                    data = {name: profile_form.cleaned_data[name] for name in ProfileForm.Meta.fields}
                    services.person_update(
                        actor=request.user,
                        person=person,
                        expected_version=profile_form.cleaned_data["version"],
                        **data,
                    )
                    messages.success(request, _("The profile has been saved."))
                    return redirect("casework:person_profile", person_id=person.pk)
            elif action == "qualification":
                qualification_form = QualificationForm(request.POST, prefix="q")
                if qualification_form.is_valid():
                    services.qualification_add(actor=request.user, person=person, **qualification_form.cleaned_data)
                    return redirect("casework:person_profile", person_id=person.pk)
            elif action == "experience":
                experience_form = WorkExperienceForm(request.POST, prefix="w")
                if experience_form.is_valid():
                    services.work_experience_add(actor=request.user, person=person, **experience_form.cleaned_data)
                    return redirect("casework:person_profile", person_id=person.pk)
            elif action == "remove_qualification":
                qualification = get_object_or_404(person.qualifications, pk=request.POST.get("id"))
                services.qualification_remove(actor=request.user, qualification=qualification)
                return redirect("casework:person_profile", person_id=person.pk)
            elif action == "remove_experience":
                experience = get_object_or_404(person.work_experience, pk=request.POST.get("id"))
                services.work_experience_remove(actor=request.user, experience=experience)
                return redirect("casework:person_profile", person_id=person.pk)
        except EditConflict as error:
            conflict = _conflict(profile_form, error)
    else:
        audit_read(
            actor=request.user,
            obj=person,
            purpose=PURPOSE_CASE_WORK,
            municipality_id=person.municipality_id,
            summary="potential profile",
        )
    context = {
        "person": person,
        "qualifications": person.qualifications.all(),
        "experience": person.work_experience.all(),
        "matches": selectors.shortage_matches(person),
        "profile_form": profile_form,
        "qualification_form": qualification_form,
        "experience_form": experience_form,
        "can_edit": can_edit,
        "conflict": conflict,
        "country_name": country_name,
    }
    return render(request, "casework/person_profile.html", context)


@require_POST
@require_perm(Perm.PERSONS_EDIT)
def person_family(request, person_id):
    person = _person(request, person_id)
    form = FamilyLinkForm(request.POST)
    if form.is_valid():
        relative = selectors.persons_for_user(request.user).active().filter(pk=form.cleaned_data["relative"]).first()
        if relative is None:
            messages.error(request, _("There is no person with this record number that you may see."))
        else:
            try:
                services.family_link_add(
                    actor=request.user,
                    person=person,
                    relative=relative,
                    relation=form.cleaned_data["relation"],
                    same_household=form.cleaned_data["same_household"],
                )
            except CaseworkError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("The family link has been saved."))
    else:
        messages.error(request, _("Enter the record number and the relation."))
    return redirect("casework:person_detail", person_id=person.pk)


@require_perm(Perm.PERSONS_VIEW)
def person_consents(request, person_id):
    person = _person(request, person_id)
    form = ConsentRecordForm(request.POST or None)
    if request.method == "POST":
        if not user_can(request.user, Perm.PERSONS_EDIT):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.consent_record(actor=request.user, person=person, **form.cleaned_data)
            except CaseworkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The consent has been recorded."))
                return redirect("casework:person_consents", person_id=person.pk)
    audit_read(
        actor=request.user,
        obj=person,
        purpose=PURPOSE_CASE_WORK,
        municipality_id=person.municipality_id,
        summary="consents",
    )
    consents = person.consents.select_related("organisation", "recorded_by")
    return render(
        request,
        "casework/person_consents.html",
        {
            "person": person,
            "consents": consents,
            "form": form,
            "can_edit": user_can(request.user, Perm.PERSONS_EDIT),
            "language_name": language_name,
        },
    )


@require_POST
@require_perm(Perm.PERSONS_EDIT)
def consent_withdraw(request, person_id, consent_id):
    person = _person(request, person_id)
    consent = get_object_or_404(person.consents, pk=consent_id)
    services.consent_withdraw(actor=request.user, consent=consent)
    messages.success(request, _("The consent has been withdrawn; it no longer applies from now on."))
    return redirect("casework:person_consents", person_id=person.pk)


# --- Data subject rights ---------------------------------------------------------------------------------


def _subject(request, person_id):
    return get_object_or_404(selectors.persons_for_data_subject_requests(request.user), pk=person_id)


@require_perm(Perm.DATA_SUBJECT_EXPORT)
def person_export_json(request, person_id):
    person = _subject(request, person_id)
    data = selectors.person_export(person)
    services.person_export_record(actor=request.user, person=person, export_format="json")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    return response


@require_POST
@require_perm(Perm.DATA_SUBJECT_EXPORT)
def person_export_pdf(request, person_id):
    """The readable export is made by the worker (Typst); the job page offers the file when it is done."""
    from wegweiser.casework.tasks import casework_person_pdf

    person = _subject(request, person_id)
    job = job_enqueue(
        task=casework_person_pdf,
        kind="casework.person_pdf",
        label=_("Data export (PDF) of record #%(id)s") % {"id": person.pk},
        actor=request.user,
        person_id=person.pk,
    )
    return redirect("jobs:detail", job_id=job.pk)


@require_perm(Perm.DATA_SUBJECT_EXPORT)
def person_export_pdf_download(request, person_id, job_id):
    from wegweiser.casework.tasks import export_file_for

    person = _subject(request, person_id)
    # An export past its time is deleted now rather than at the worker's next round.
    services.export_files_expire()
    content = export_file_for(user=request.user, person=person, job_id=job_id)
    if content is None:
        raise Http404
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.pdf"'
    return response


@require_perm(Perm.DATA_SUBJECT_DELETE)
def data_subject_list(request):
    """The data protection officer finds a person by name, birth date or record number."""
    form = PersonSearchForm(request.GET or None)
    persons = []
    if form.is_valid() and any(form.cleaned_data.values()):
        persons = selectors.data_subject_search(
            request.user,
            form.cleaned_data["q"],
            birth_date_text=form.cleaned_data["birth"],
            phone=form.cleaned_data["phone"],
        )
    return render(request, "casework/data_subject_list.html", {"form": form, "persons": persons})


@require_perm(Perm.DATA_SUBJECT_DELETE)
def person_erase(request, person_id):
    person = _opened(request, _subject(request, person_id), PURPOSE_DATA_SUBJECT)
    form = ErasureConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.person_erase(actor=request.user, person=person, on_request=True)
        messages.success(
            request,
            _("Record #%(id)s and %(rows)s related records have been deleted. The audit log keeps only the ids.")
            % {"id": person_id, "rows": result.rows - 1},
        )
        return redirect("casework:data_subject_list")
    counts = {
        "cases": person.cases.count(),
        "appointments": person.appointments.count(),
        "referrals": person.referrals.count(),
        "consents": person.consents.count(),
        "documents": sum(case.documents.count() for case in person.cases.all()),
        "german_enrolments": language_selectors.person_enrolment_count(person),
    }
    return render(request, "casework/person_erase.html", {"person": person, "form": form, "counts": counts})


@require_perm(Perm.RETENTION_REVIEW)
def retention_review(request):
    """Closed cases past the retention period; the officer flags them and deletes the persons in bulk."""
    if request.method == "POST":
        if request.POST.get("action") == "flag":
            count = services.cases_flag_for_retention(actor=request.user)
            messages.success(request, _("%(count)s cases newly flagged.") % {"count": count})
            return redirect("casework:retention_review")
        ids = [int(value) for value in request.POST.getlist("person") if value.isdigit()]
        flagged = set(
            selectors.retention_flagged_cases(request.user)
            .filter(person_id__in=ids)
            .values_list("person_id", flat=True)
        )
        still_open = selectors.persons_with_open_cases(flagged)
        allowed = flagged - still_open
        if still_open:
            messages.warning(
                request,
                _("Not deleted, because a case of theirs is open: %(records)s.")
                % {"records": ", ".join(f"#{pk}" for pk in sorted(still_open))},
            )
        if not allowed:
            if not still_open:
                messages.error(request, _("Choose at least one person."))
            return redirect("casework:retention_review")
        from wegweiser.casework.tasks import casework_erase_persons

        job = job_enqueue(
            task=casework_erase_persons,
            kind="casework.erase",
            label=_("Delete %(count)s persons after the retention period") % {"count": len(allowed)},
            actor=request.user,
            result_url=reverse("casework:retention_review"),
            person_ids=sorted(allowed),
        )
        return redirect("jobs:detail", job_id=job.pk)
    cases = selectors.retention_flagged_cases(request.user)
    open_elsewhere = selectors.persons_with_open_cases(cases.values("person_id"))
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/retention_review.html",
        {
            "page": page,
            "open_elsewhere": open_elsewhere,
            "days": selectors.retention_days(),
            "cutoff": selectors.retention_cutoff(),
        },
    )


# --- Cases -----------------------------------------------------------------------------------------------


@require_perm(Perm.CASES_WORK)
def case_open(request, person_id):
    person = _opened(request, _person(request, person_id))
    form = CaseOpenForm(request.POST or None, initial={"caseworker": request.user.pk})
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
        "task_form": TaskForm(goals=plan.goals, initial={"owner": request.user.pk}),
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
    form = CaseEditForm(request.POST or None, initial=initial)
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
    form = TaskForm(request.POST, goals=case.goals.all())
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


# --- Appointments ----------------------------------------------------------------------------------------


@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_day(request):
    """The front desk's day: every appointment of one day, by location, with interpreter needs."""
    locations = selectors.locations_for_user(request.user)
    form = DayForm(request.GET or None, locations=locations)
    day = timezone.localdate()
    location_id = caseworker_id = None
    if form.is_valid():
        day = form.cleaned_data["day"] or day
        location_id = form.cleaned_data["location"].pk if form.cleaned_data["location"] else None
        caseworker_id = form.cleaned_data["caseworker"].pk if form.cleaned_data["caseworker"] else None
    appointments = list(
        selectors.appointments_on_day(request.user, day, location_id=location_id, caseworker_id=caseworker_id).annotate(
            may_email=selectors.email_contact_allowed()
        )
    )
    for appointment in appointments:
        appointment.interpreter_label = language_name(appointment.interpreter_language)
    context = {
        "form": form,
        "day": day,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
        "appointments": appointments,
        "interpreters": sorted({language_name(a.interpreter_language) for a in appointments if a.interpreter_language}),
        "status_form": AppointmentStatusForm(),
    }
    return render(request, "casework/appointment_day.html", context)


@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_create(request, person_id):
    person = _opened(request, _person(request, person_id), PURPOSE_APPOINTMENTS)
    locations = selectors.locations_for_user(request.user)
    now = timezone.localtime()
    initial = {
        "caseworker": request.user.pk,
        "day": now.date(),
        "start": (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0).time(),
        "location": locations.first().pk if locations.exists() else None,
        "interpreter_language": person.preferred_language
        if person.preferred_language and person.language_level("de") in ("", "none", "A1")
        else "",
    }
    if request.GET.get("kind") == AppointmentKind.WALK_IN:
        initial.update(kind=AppointmentKind.WALK_IN, start=now.time().replace(second=0, microsecond=0))
    form = AppointmentForm(request.POST or None, locations=locations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["day"], data["start"]))
        open_case = selectors.open_case_of(person)
        try:
            services.appointment_book(
                actor=request.user,
                person=person,
                caseworker=data["caseworker"],
                location=data["location"],
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=data["minutes"]),
                kind=data["kind"],
                topic=data["topic"],
                interpreter_language=data["interpreter_language"],
                case=open_case,
            )
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The appointment has been booked."))
            return redirect("casework:person_detail", person_id=person.pk)
    return render(request, "casework/appointment_form.html", {"person": person, "form": form})


@require_POST
@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_status(request, appointment_id):
    appointment = get_object_or_404(selectors.appointments_for_user(request.user), pk=appointment_id)
    form = AppointmentStatusForm(request.POST)
    if form.is_valid():
        services.appointment_set_status(actor=request.user, appointment=appointment, status=form.cleaned_data["status"])
        messages.success(request, _("The appointment has been updated."))
    day = timezone.localtime(appointment.starts_at).date()
    return redirect(f"{reverse('casework:appointment_day')}?day={day.isoformat()}")


@require_POST
@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_remind(request, appointment_id):
    appointment = get_object_or_404(selectors.appointments_for_user(request.user), pk=appointment_id)
    try:
        reminder = services.appointment_remind(actor=request.user, appointment=appointment)
    except CaseworkError as error:
        messages.error(request, str(error))
    else:
        if reminder.sent is False:
            messages.error(request, _("The mail server did not accept the reminder. Please try again later."))
        else:
            messages.success(request, _("The reminder has been sent by email."))
    day = timezone.localtime(appointment.starts_at).date()
    return redirect(f"{reverse('casework:appointment_day')}?day={day.isoformat()}")


@require_perm(Perm.APPOINTMENTS_MANAGE)
def appointment_ical(request):
    """My appointments (or a location's) for the coming weeks as an iCalendar file."""
    start = timezone.now() - timedelta(days=7)
    appointments = selectors.appointments_between(request.user, start, start + timedelta(days=63))
    location = request.GET.get("location", "")
    if location.isdigit():
        appointments = appointments.filter(location_id=int(location))
    else:
        appointments = appointments.filter(caseworker=request.user)
    response = HttpResponse(appointments_ical(appointments), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="termine.ics"'
    return response


# --- Referrals -------------------------------------------------------------------------------------------


@require_any_perm(Perm.PERSONS_VIEW, Perm.REFERRALS_RECEIVE)
def referral_list(request):
    referrals = selectors.referrals_for_user(request.user).select_related("person", "organisation", "sent_by")
    status = request.GET.get("status", "")
    if status:
        referrals = referrals.filter(status=status)
    page = Paginator(referrals.order_by("-sent_at", "-id"), 50).get_page(request.GET.get("page"))
    is_partner = user_can(request.user, Perm.REFERRALS_RECEIVE)
    rows = [selectors.referral_row(r) for r in page.object_list] if is_partner else page.object_list
    return render(
        request,
        "casework/referral_list.html",
        {"page": page, "rows": rows, "is_partner": is_partner, "status": status, "language_name": language_name},
    )


@require_perm(Perm.CASES_WORK)
def referral_create(request, person_id):
    person = _opened(request, _person(request, person_id), PURPOSE_REFERRAL)
    form = ReferralForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        open_case = selectors.open_case_of(person)
        try:
            services.referral_send(actor=request.user, person=person, case=open_case, **form.cleaned_data)
        except CaseworkError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The referral has been sent."))
            return redirect("casework:person_detail", person_id=person.pk)
    has_partner = form.fields["organisation"].queryset.exists()
    return render(request, "casework/referral_form.html", {"person": person, "form": form, "has_partner": has_partner})


@require_any_perm(Perm.PERSONS_VIEW, Perm.REFERRALS_RECEIVE)
def referral_detail(request, referral_id):
    referral = get_object_or_404(selectors.referrals_for_user(request.user), pk=referral_id)
    is_partner = user_can(request.user, Perm.REFERRALS_RECEIVE)
    form = ReferralAnswerForm(request.POST or None, initial={"status": referral.status, "feedback": referral.feedback})
    if request.method == "POST":
        if not is_partner:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.referral_update(actor=request.user, referral=referral, **form.cleaned_data)
            except CaseworkError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you, your answer has been saved."))
                return redirect("casework:referral_list")
    audit_read(
        actor=request.user,
        obj=referral,
        purpose=PURPOSE_REFERRAL,
        municipality_id=referral.person.municipality_id,
    )
    return render(
        request,
        "casework/referral_detail.html",
        {
            "referral": referral,
            "view": selectors.partner_view_of_referral(referral),
            "preferred_language_name": language_name(referral.person.preferred_language)
            if referral.person.preferred_language
            else "",
            "form": form,
            "is_partner": is_partner,
            "language_name": language_name,
        },
    )


# --- Shortage occupations --------------------------------------------------------------------------------


@require_any_perm(Perm.PERSONS_VIEW, Perm.SHORTAGE_OCCUPATIONS_MANAGE)
def shortage_list(request):
    occupations = ShortageOccupation.objects.order_by("-is_active", "title")
    return render(
        request,
        "casework/shortage_list.html",
        {"occupations": occupations, "can_manage": user_can(request.user, Perm.SHORTAGE_OCCUPATIONS_MANAGE)},
    )


@require_perm(Perm.SHORTAGE_OCCUPATIONS_MANAGE)
def shortage_edit(request, occupation_id=None):
    occupation = (
        get_object_or_404(selectors.shortage_occupations_for_user(request.user), pk=occupation_id)
        if occupation_id
        else None
    )
    form = ShortageOccupationForm(request.POST or None, instance=occupation)
    if request.method == "POST" and form.is_valid():
        services.shortage_occupation_save(actor=request.user, occupation=occupation, **form.cleaned_data)
        messages.success(request, _("The shortage-occupation list has been saved."))
        return redirect("casework:shortage_list")
    return render(request, "casework/shortage_form.html", {"form": form, "occupation": occupation})
