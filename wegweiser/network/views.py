from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.network import services
from wegweiser.network.forms import OrganisationForm
from wegweiser.network.models import OrganisationKind
from wegweiser.network.selectors import organisations_for_user, organisations_search


@require_perm(Perm.ORGANISATIONS_VIEW)
def organisation_list(request):
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    page = Paginator(organisations_search(query=query, kind=kind), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "network/organisation_list.html",
        {
            "page": page,
            "query": query,
            "kind": kind,
            "kinds": OrganisationKind.choices,
            "can_manage": user_can(request.user, Perm.ORGANISATIONS_MANAGE),
        },
    )


@require_perm(Perm.ORGANISATIONS_MANAGE)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.organisation_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The organisation has been added."))
        return redirect("network:organisation_list")
    return render(request, "network/organisation_form.html", {"form": form, "creating": True})


@require_perm(Perm.ORGANISATIONS_MANAGE)
def organisation_edit(request, organisation_id: int):
    organisation = get_object_or_404(
        organisations_for_user(request.user, perm=Perm.ORGANISATIONS_MANAGE), pk=organisation_id
    )
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        services.organisation_update(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The organisation has been saved."))
        return redirect("network:organisation_list")
    return render(request, "network/organisation_form.html", {"form": form, "organisation": organisation})
