from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_any_perm, require_perm, user_can
from wegweiser.core.codes import language_choices, language_name
from wegweiser.lagebild.charts.places import Place, map_keys, place_map
from wegweiser.network import services
from wegweiser.network.forms import ContactForm, OrganisationForm, OwnEntryForm, RejectForm
from wegweiser.network.models import OrganisationKind, RevisionStatus
from wegweiser.network.selectors import (
    organisations_by_municipality,
    organisations_for_user,
    organisations_search,
    revisions_for_user,
)
from wegweiser.territory import selectors as territory_selectors
from wegweiser.territory.models import Municipality


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else None


@require_perm(Perm.ORGANISATIONS_VIEW)
def organisation_list(request):
    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    language = request.GET.get("language", "")
    municipality_id = _int_or_none(request.GET.get("municipality", ""))
    organisations = organisations_search(query=query, kind=kind, municipality_id=municipality_id, language=language)
    page = Paginator(organisations, 25).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "network/organisation_list.html",
        {
            "page": page,
            "map": _directory_map(request, organisations),
            "query": query,
            "kind": kind,
            "language": language,
            "municipality_id": municipality_id,
            "kinds": OrganisationKind.choices,
            "language_options": language_choices(),
            "municipalities": Municipality.objects.local().order_by("name"),
            "filter_query": filters.urlencode(),
            "can_manage": user_can(request.user, Perm.ORGANISATIONS_MANAGE),
            "can_review": user_can(request.user, Perm.ORGANISATIONS_REVIEW),
            "filtered": bool(query or kind or language or municipality_id),
        },
    )


def _directory_map(request, organisations) -> str:
    """The offline map of the organisations found: a numbered circle per municipality (based there or serving
    it), linking to the list with the same filters narrowed to that municipality."""
    counts = organisations_by_municipality(organisations)
    if not counts:
        return ""
    base = reverse("network:organisation_list")
    on_the_map = map_keys()
    places = []
    for pk, ags, name in territory_selectors.municipality_keys(counts):
        if ags not in on_the_map:
            continue
        query = request.GET.copy()
        query.pop("page", None)
        query["municipality"] = str(pk)
        count = counts[pk]
        words = ngettext("%(count)s organisation", "%(count)s organisations", count) % {"count": count}
        places.append(Place(key=ags, count=count, label=f"{name}: {words}", href=f"{base}?{query.urlencode()}"))
    if not places:
        return ""
    return place_map(title=_("Map of the organisations found"), places=places, chart_id="directory-map")


@require_perm(Perm.ORGANISATIONS_VIEW)
def organisation_detail(request, organisation_id: int):
    organisation = get_object_or_404(
        organisations_for_user(request.user).select_related("municipality"), pk=organisation_id
    )
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "language_names": [language_name(code) for code in organisation.language_codes],
            "contacts": organisation.contacts.all(),
            "can_manage": user_can(request.user, Perm.ORGANISATIONS_MANAGE),
        },
    )


@require_perm(Perm.ORGANISATIONS_MANAGE)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.organisation_create(actor=request.user, **form.values())
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
        services.organisation_update(actor=request.user, organisation=organisation, **form.values())
        messages.success(request, _("The organisation has been saved."))
        return redirect("network:organisation_detail", organisation_id=organisation.pk)
    return render(
        request,
        "network/organisation_form.html",
        {"form": form, "organisation": organisation, "contacts": organisation.contacts.all()},
    )


@require_perm(Perm.ORGANISATION_OWN_EDIT)
def own_organisation(request):
    """An organisation's own account keeps its entry current; public changes wait for the district's review."""
    organisation = organisations_for_user(request.user, perm=Perm.ORGANISATION_OWN_EDIT).first()
    if organisation is None:
        return render(request, "network/own_organisation.html", {"organisation": None})
    pending = organisation.revisions.filter(status=RevisionStatus.PENDING).first()
    initial = dict(pending.proposed) if pending else {}
    form = OwnEntryForm(request.POST or None, instance=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        revision = services.organisation_propose_change(actor=request.user, organisation=organisation, **form.values())
        if revision is None:
            messages.info(request, _("Nothing differs from your public entry."))
        else:
            messages.success(request, _("Thank you. The district reviews your changes before they appear publicly."))
        return redirect("network:own_organisation")
    return render(
        request,
        "network/own_organisation.html",
        {
            "organisation": organisation,
            "form": form,
            "pending": pending,
            "contacts": organisation.contacts.all(),
            "decided": revisions_for_user(request.user)
            .exclude(status=RevisionStatus.PENDING)
            .order_by("-decided_at")[:5],
        },
    )


def _contact_organisation(request, organisation_id: int):
    if user_can(request.user, Perm.ORGANISATIONS_MANAGE):
        scope = organisations_for_user(request.user, perm=Perm.ORGANISATIONS_MANAGE)
    else:
        scope = organisations_for_user(request.user, perm=Perm.ORGANISATION_OWN_EDIT)
    return get_object_or_404(scope, pk=organisation_id)


def _after_contact(request, organisation):
    if user_can(request.user, Perm.ORGANISATIONS_MANAGE):
        return redirect("network:organisation_edit", organisation_id=organisation.pk)
    return redirect("network:own_organisation")


@require_any_perm(Perm.ORGANISATIONS_MANAGE, Perm.ORGANISATION_OWN_EDIT)
def contact_add(request, organisation_id: int):
    organisation = _contact_organisation(request, organisation_id)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        messages.success(request, _("The contact has been added."))
        return _after_contact(request, organisation)
    return render(request, "network/contact_form.html", {"form": form, "organisation": organisation})


@require_POST
@require_any_perm(Perm.ORGANISATIONS_MANAGE, Perm.ORGANISATION_OWN_EDIT)
def contact_remove(request, organisation_id: int, contact_id: int):
    organisation = _contact_organisation(request, organisation_id)
    contact = get_object_or_404(organisation.contacts, pk=contact_id)
    services.contact_remove(actor=request.user, contact=contact)
    messages.success(request, _("The contact has been removed."))
    return _after_contact(request, organisation)


def _field_label(name: str) -> str:
    if name == "languages":
        return _("Languages")
    from wegweiser.network.models import Organisation

    return str(Organisation._meta.get_field(name).verbose_name)


def _readable(name: str, value) -> str:
    if name == "languages":
        return ", ".join(language_name(code) for code in value) or "–"
    if name == "municipalities_served":
        return (
            ", ".join(Municipality.objects.filter(pk__in=value).order_by("name").values_list("name", flat=True)) or "–"
        )
    if name == "municipality":
        found = Municipality.objects.filter(pk=value).first() if value else None
        return found.name if found else "–"
    if name == "kind":
        return str(OrganisationKind(value).label) if value in OrganisationKind.values else value
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value or "–"


@require_perm(Perm.ORGANISATIONS_REVIEW)
def revision_list(request):
    pending = revisions_for_user(request.user).filter(status=RevisionStatus.PENDING)
    rows = [
        {
            "revision": revision,
            "changes": [
                {
                    "label": _field_label(name),
                    "before": _readable(name, revision.previous.get(name)),
                    "after": _readable(name, value),
                }
                for name, value in revision.proposed.items()
            ],
        }
        for revision in pending
    ]
    decided = revisions_for_user(request.user).exclude(status=RevisionStatus.PENDING).order_by("-decided_at")[:20]
    return render(
        request, "network/revision_list.html", {"rows": rows, "decided": decided, "reject_form": RejectForm()}
    )


@require_POST
@require_perm(Perm.ORGANISATIONS_REVIEW)
def revision_decide(request, revision_id: int):
    revision = get_object_or_404(revisions_for_user(request.user), pk=revision_id)
    try:
        if request.POST.get("decision") == "approve":
            services.revision_approve(actor=request.user, revision=revision)
            messages.success(request, _("The change is approved and now public."))
        else:
            form = RejectForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say why the change is rejected."))
                return redirect("network:revision_list")
            services.revision_reject(actor=request.user, revision=revision, reason=form.cleaned_data["reason"])
            messages.success(request, _("The change is rejected; the organisation sees your reason."))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("network:revision_list")
