"""A person's potential profile and the district's shortage-occupation list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, require_any_perm, require_perm, user_can
from wegweiser.audit.services import audit_read
from wegweiser.casework import selectors, services
from wegweiser.casework.forms import (
    ProfileForm,
    QualificationForm,
    ShortageOccupationForm,
    WorkExperienceForm,
)
from wegweiser.casework.models import ShortageOccupation
from wegweiser.casework.services import (
    PURPOSE_CASE_WORK,
    EditConflict,
)
from wegweiser.casework.views._common import _conflict, _person
from wegweiser.core.codes import country_name

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
