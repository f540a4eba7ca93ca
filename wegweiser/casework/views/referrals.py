"""Referrals to partner organisations: sending, the partner's answer and the lists."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, require_any_perm, require_perm, user_can
from wegweiser.audit.services import audit_read
from wegweiser.casework import selectors, services
from wegweiser.casework.forms import (
    ReferralAnswerForm,
    ReferralForm,
)
from wegweiser.casework.services import (
    PURPOSE_REFERRAL,
    CaseworkError,
)
from wegweiser.casework.views._common import _opened, _person
from wegweiser.core.codes import language_name

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
