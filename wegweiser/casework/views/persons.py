"""A person's record: intake, the record page, corrections, merge, family and consents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.audit.services import audit_read
from wegweiser.casework import selectors, services
from wegweiser.casework.forms import (
    ConsentRecordForm,
    FamilyLinkForm,
    MergeForm,
    PersonEditForm,
    PersonExportPdfForm,
    PersonForm,
)
from wegweiser.casework.services import (
    PURPOSE_CASE_WORK,
    CaseworkError,
    EditConflict,
)
from wegweiser.casework.views._common import _conflict, _opened, _person, _person_context
from wegweiser.core.codes import language_name
from wegweiser.language import selectors as language_selectors
from wegweiser.language.services import PURPOSE_ENROLMENT
from wegweiser.territory.remit import OutsideRemit

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
    appointments = list(person.appointments.select_related("location", "caseworker").order_by("-starts_at")[:10])
    for appointment in appointments:
        appointment.interpreter_label = language_name(appointment.interpreter_language)
    context = {
        "person": person,
        "german": german,
        "can_enrol": can_enrol,
        "can_find_volunteer": user_can(request.user, Perm.VOLUNTEERS_MANAGE),
        "cases": cases,
        "family": family,
        "household": household,
        "duplicates": duplicates,
        "appointments": appointments,
        "referrals": person.referrals.select_related("organisation")[:10],
        "consents": person.consents.select_related("organisation"),
        "family_form": FamilyLinkForm(),
        "can_edit": user_can(request.user, Perm.PERSONS_EDIT),
        "can_work": user_can(request.user, Perm.CASES_WORK),
        "can_export": user_can(request.user, Perm.DATA_SUBJECT_EXPORT),
        "export_form": PersonExportPdfForm(person=person),
        "can_book": user_can(request.user, Perm.APPOINTMENTS_MANAGE),
        **_person_context(person),
    }
    return render(request, "casework/person_detail.html", context)


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
