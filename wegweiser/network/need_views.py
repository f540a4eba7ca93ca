"""Stored needs for volunteers: the coordinator's list, a need with its ranked candidates, asking a volunteer;
and the volunteer's answer page, opened by the signed link in their mail without an account."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.audit.services import audit_read
from wegweiser.casework.selectors import persons_for_user
from wegweiser.core.codes import language_choices, language_name
from wegweiser.core.page_language import public_page
from wegweiser.language import public as language_public
from wegweiser.network import matching, services
from wegweiser.network.answers import answer_languages, read_answer_token
from wegweiser.network.forms import StoredNeedForm
from wegweiser.network.models import MatchStatus, NeedStatus, VolunteerRoleKind
from wegweiser.network.selectors import (
    matches_for_user,
    need_candidates_for_user,
    need_for_answer,
    needs_for_user,
    needs_search,
    volunteers_for_user,
)
from wegweiser.territory.selectors import municipalities_for_user


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else None


@require_perm(Perm.VOLUNTEERS_MANAGE)
def need_list(request):
    status = request.GET.get("status", "")
    role = request.GET.get("role", "")
    language = request.GET.get("language", "")
    municipality_id = _int_or_none(request.GET.get("municipality", ""))
    needs = needs_search(request.user, status=status, role=role, language=language, municipality_id=municipality_id)
    page = Paginator(needs, 25).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "network/need_list.html",
        {
            "page": page,
            "status": status,
            "role": role,
            "language": language,
            "municipality_id": municipality_id,
            "statuses": NeedStatus.choices,
            "role_kinds": VolunteerRoleKind.choices,
            "language_options": language_choices(),
            "municipalities": municipalities_for_user(request.user).order_by("name"),
            "filter_query": filters.urlencode(),
            "filtered": bool(status or role or language or municipality_id),
        },
    )


def _context_person(request):
    person_id = _int_or_none(request.GET.get("person", ""))
    if person_id is None:
        return None
    return get_object_or_404(persons_for_user(request.user), pk=person_id)


def _context_offer(request):
    offer_id = _int_or_none(request.GET.get("offer", ""))
    if offer_id is None:
        return None
    offer = language_public.public_offer(offer_id, sessions=0)
    if offer is None:
        raise Http404
    return offer


@require_perm(Perm.VOLUNTEERS_MANAGE)
def need_create(request):
    """A new need; from a person's page (`?person=`) or a Deutschtreff (`?offer=`) it starts filled in from it."""
    person = _context_person(request)
    offer = _context_offer(request)
    initial = {}
    if person is not None:
        initial = {"role": VolunteerRoleKind.MENTOR, "municipality": person.municipality_id}
        initial["language"] = person.preferred_language or next(
            (entry.get("code") for entry in person.languages if isinstance(entry, dict)), ""
        )
    elif offer is not None:
        initial = {
            "role": VolunteerRoleKind.DEUTSCHTREFF_HOST,
            "municipality": offer.municipality_id,
            "language": "de",
            "starts_at": offer.start_time,
            "ends_at": offer.end_time,
        }
    form = StoredNeedForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        need = services.need_create(
            actor=request.user, person=person, offer_id=offer.id if offer else None, **form.cleaned_data
        )
        messages.success(request, _("The need has been saved."))
        return redirect("network:need_detail", need_id=need.pk)
    return render(request, "network/need_form.html", {"form": form, "person": person, "offer": offer})


def _need(request, need_id: int):
    return get_object_or_404(needs_for_user(request.user), pk=need_id)


@require_perm(Perm.VOLUNTEERS_MANAGE)
def need_detail(request, need_id: int):
    need = _need(request, need_id)
    audit_read(actor=request.user, obj=need, purpose=services.PURPOSE_MATCHING, municipality_id=need.municipality_id)
    can_ask = need.status in (NeedStatus.OPEN, NeedStatus.PROPOSED)
    ranked = [
        {
            "candidate": row.candidate,
            "reasons": [matching.REASON_TEXT[code] for code in row.reasons],
            "overlap": row.overlap_minutes,
        }
        for row in (need_candidates_for_user(request.user, need) if can_ask else [])
    ]
    offer = language_public.public_offer(need.offer_id, sessions=0) if need.offer_id else None
    return render(
        request,
        "network/need_detail.html",
        {
            "need": need,
            "language_label": language_name(need.language),
            "ranked": ranked,
            "can_ask": can_ask,
            "matches": matches_for_user(request.user).filter(need=need),
            "offer": offer,
            "proposed": MatchStatus.PROPOSED,
        },
    )


@require_POST
@require_perm(Perm.VOLUNTEERS_MANAGE)
def match_propose(request, need_id: int):
    """The coordinator confirms a candidate: the volunteer gets the question by mail."""
    need = _need(request, need_id)
    volunteer = get_object_or_404(volunteers_for_user(request.user), pk=_int_or_none(request.POST.get("volunteer", "")))
    try:
        services.match_propose(
            actor=request.user, need=need, volunteer=volunteer, site_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("%(name)s has been asked by mail.") % {"name": volunteer})
    return redirect("network:need_detail", need_id=need.pk)


@require_POST
@require_perm(Perm.VOLUNTEERS_MANAGE)
def match_withdraw(request, need_id: int, match_id: int):
    need = _need(request, need_id)
    match = get_object_or_404(matches_for_user(request.user).filter(need=need), pk=match_id)
    try:
        services.match_withdraw(actor=request.user, match=match)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The question has been withdrawn."))
    return redirect("network:need_detail", need_id=need.pk)


@require_POST
@require_perm(Perm.VOLUNTEERS_MANAGE)
def need_close(request, need_id: int):
    need = _need(request, need_id)
    services.need_close(actor=request.user, need=need)
    messages.success(request, _("The need has been closed."))
    return redirect("network:need_detail", need_id=need.pk)


# --- The volunteer's answer (no account) ----------------------------------------------------------------------


def _answer_frame(lang: str, token: str) -> dict:
    """The switcher (the same page in each portal language) and the direction, as on the portal's pages."""
    switcher = [
        {
            "code": code,
            "name": name,
            "current": code == lang,
            "url": reverse("network:match_answer", kwargs={"lang": code, "token": token}),
        }
        for code, name in answer_languages()
    ]
    return {"lang": lang, "rtl": translation.get_language_bidi(), "switcher": switcher}


@public_page
@csrf_protect
def match_answer(request, lang: str, token: str):
    """The page the volunteer's link opens: what is needed (never who), and Accept / Decline. A link that was
    tampered with, has expired or was already used gets a page that says so (4xx, never an error)."""
    if lang not in dict(answer_languages()):
        raise Http404
    with translation.override(lang):
        request.LANGUAGE_CODE = lang
        response = _match_answer(request, lang, token)
    response.headers["Content-Language"] = lang
    patch_cache_control(response, private=True, no_store=True)
    # The token is in the address: it goes to no other site. (Not `no-referrer`: the browser then sends
    # `Origin: null` with the form, and the CSRF check refuses the answer.)
    response.headers["Referrer-Policy"] = "same-origin"
    return response


def _match_answer(request, lang: str, token: str):
    frame = _answer_frame(lang, token)
    reading = read_answer_token(token)
    if reading.match_id is None or need_for_answer(reading.match_id) is None:
        return _answer_problem(request, frame, "invalid", status=404)
    if reading.expired:
        services.match_expire(match_id=reading.match_id)
        return _answer_problem(request, frame, "expired", status=410)
    need = need_for_answer(reading.match_id)
    if request.method == "POST":
        choice = request.POST.get("answer", "")
        if choice not in ("accept", "decline"):
            return _answer_page(request, frame, need, status=400, error=True)
        try:
            match = services.match_answer(match_id=reading.match_id, accept=choice == "accept")
        except services.AnswerRefused:
            return _answer_problem(request, frame, "used", status=409, need=need_for_answer(reading.match_id))
        return render(
            request,
            "network/answer_done.html",
            frame | {"accepted": match.status == MatchStatus.ACCEPTED, "need": need_for_answer(reading.match_id)},
        )
    if need.status != MatchStatus.PROPOSED:
        return _answer_problem(request, frame, "used", status=409, need=need)
    return _answer_page(request, frame, need)


def _answer_page(request, frame, need, *, status=200, error=False):
    return render(request, "network/answer.html", frame | {"need": need, "error": error}, status=status)


def _answer_problem(request, frame, problem: str, *, status: int, need=None):
    return render(request, "network/answer_problem.html", frame | {"problem": problem, "need": need}, status=status)
