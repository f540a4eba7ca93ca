"""Coordinating volunteers: their profiles, roles (with the certificate rule), time slots and hours."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.audit.services import audit_read
from wegweiser.core.codes import language_choices, language_name
from wegweiser.network import matching, services
from wegweiser.network.certificates import certificate_expires_on, role_is_blocked
from wegweiser.network.forms import AvailabilityForm, HoursForm, NeedForm, VolunteerForm, VolunteerRoleForm
from wegweiser.network.models import VolunteerRoleKind
from wegweiser.network.selectors import volunteer_candidates_for_user, volunteers_for_user, volunteers_search


def _volunteer(request, volunteer_id: int):
    return get_object_or_404(volunteers_for_user(request.user), pk=volunteer_id)


@require_perm(Perm.VOLUNTEERS_MANAGE)
def volunteer_list(request):
    query = request.GET.get("q", "").strip()
    role = request.GET.get("role", "")
    language = request.GET.get("language", "")
    volunteers = volunteers_search(request.user, query=query, role=role, language=language)
    page = Paginator(volunteers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "network/volunteer_list.html",
        {
            "page": page,
            "query": query,
            "role": role,
            "language": language,
            "role_kinds": VolunteerRoleKind.choices,
            "language_options": language_choices(),
            "filtered": bool(query or role or language),
        },
    )


@require_perm(Perm.VOLUNTEERS_MANAGE)
def volunteer_create(request):
    form = VolunteerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        volunteer = services.volunteer_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The volunteer has been added."))
        return redirect("network:volunteer_detail", volunteer_id=volunteer.pk)
    return render(request, "network/volunteer_form.html", {"form": form, "creating": True})


@require_perm(Perm.VOLUNTEERS_MANAGE)
def volunteer_edit(request, volunteer_id: int):
    volunteer = _volunteer(request, volunteer_id)
    form = VolunteerForm(request.POST or None, instance=volunteer, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.volunteer_update(actor=request.user, volunteer=volunteer, **form.cleaned_data)
        messages.success(request, _("The volunteer has been saved."))
        return redirect("network:volunteer_detail", volunteer_id=volunteer.pk)
    return render(request, "network/volunteer_form.html", {"form": form, "volunteer": volunteer})


@require_perm(Perm.VOLUNTEERS_MANAGE)
def volunteer_detail(request, volunteer_id: int):
    volunteer = _volunteer(request, volunteer_id)
    audit_read(
        actor=request.user,
        obj=volunteer,
        purpose=services.PURPOSE_VOLUNTEERS,
        municipality_id=volunteer.municipality_id,
    )
    today = timezone.localdate()
    roles = [
        {
            "role": role,
            "expires": certificate_expires_on(role),
            "blocked": role_is_blocked(role, today),
        }
        for role in volunteer.roles.all()
    ]
    hours = list(volunteer.hours.all()[:20])
    return render(
        request,
        "network/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "language_names": [language_name(code) for code in volunteer.language_codes],
            "roles": roles,
            "slots": volunteer.availability.all(),
            "hours": hours,
            "total_minutes": sum(entry.minutes for entry in volunteer.hours.all()),
            "role_form": VolunteerRoleForm(),
            "slot_form": AvailabilityForm(),
            "hours_form": HoursForm(initial={"day": today}),
        },
    )


def _back(volunteer):
    return redirect("network:volunteer_detail", volunteer_id=volunteer.pk)


@require_POST
@require_perm(Perm.VOLUNTEERS_MANAGE)
def volunteer_role_set(request, volunteer_id: int):
    volunteer = _volunteer(request, volunteer_id)
    form = VolunteerRoleForm(request.POST)
    if form.is_valid():
        role = services.volunteer_role_set(actor=request.user, volunteer=volunteer, **form.cleaned_data)
        if role_is_blocked(role):
            messages.warning(request, _("The role is blocked until a current extended police certificate is recorded."))
        else:
            messages.success(request, _("The role has been saved."))
    else:
        messages.error(request, _("The role could not be saved: check the date."))
    return _back(volunteer)


@require_POST
@require_perm(Perm.VOLUNTEERS_MANAGE)
def availability_add(request, volunteer_id: int):
    volunteer = _volunteer(request, volunteer_id)
    form = AvailabilityForm(request.POST)
    if form.is_valid():
        services.availability_add(actor=request.user, volunteer=volunteer, **form.cleaned_data)
        messages.success(request, _("The time slot has been added."))
    else:
        messages.error(request, _("The time slot must end after it starts."))
    return _back(volunteer)


@require_POST
@require_perm(Perm.VOLUNTEERS_MANAGE)
def hours_add(request, volunteer_id: int):
    volunteer = _volunteer(request, volunteer_id)
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.hours_log(actor=request.user, volunteer=volunteer, **form.cleaned_data)
            messages.success(request, _("The hours have been logged."))
        except ValidationError as error:
            messages.error(request, error.messages[0])
    else:
        messages.error(request, _("The hours could not be logged: check the day and the minutes."))
    return _back(volunteer)


@require_perm(Perm.VOLUNTEERS_MANAGE)
def volunteer_export(request, volunteer_id: int):
    volunteer = _volunteer(request, volunteer_id)
    data = services.volunteer_export(actor=request.user, volunteer=volunteer)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="volunteer-{volunteer.pk}.json"'
    return response


@require_POST
@require_perm(Perm.VOLUNTEERS_MANAGE)
def volunteer_erase(request, volunteer_id: int):
    volunteer = _volunteer(request, volunteer_id)
    services.volunteer_erase(actor=request.user, volunteer=volunteer)
    messages.success(request, _("The volunteer's data has been erased."))
    return redirect("network:volunteer_list")


@require_perm(Perm.VOLUNTEERS_MANAGE)
def volunteer_match(request):
    """Candidates for a need, ranked with the reasons shown; the coordinator then contacts and confirms."""
    form = NeedForm(request.GET or None)
    ranked = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        slots = ()
        if data["weekday"] is not None and data["starts_at"] and data["ends_at"]:
            slots = (matching.Slot(data["weekday"], data["starts_at"], data["ends_at"]),)
        need = matching.Need(
            role=data["role"], language=data["language"], municipality_id=data["municipality"].pk, slots=slots
        )
        ranked = [
            {
                "candidate": row.candidate,
                "reasons": [matching.REASON_TEXT[code] for code in row.reasons],
                "overlap": row.overlap_minutes,
            }
            for row in volunteer_candidates_for_user(request.user, need)
        ]
    return render(request, "network/volunteer_match.html", {"form": form, "ranked": ranked})
