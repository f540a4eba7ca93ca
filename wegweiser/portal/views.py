"""Public portal pages (no login; the language is part of the address) and the staff pages for the texts."""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_protect

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.casework.services.appointment_requests import CaseworkError, appointment_request_submit
from wegweiser.core.page_language import public_page
from wegweiser.core.public_languages import SOURCE_LANGUAGE, is_rtl, portal_language_codes, portal_languages
from wegweiser.lagebild.charts.places import Place, map_keys, place_map
from wegweiser.language import public as language_public
from wegweiser.portal import abuse, directory, selectors, services
from wegweiser.portal.content import TranslationStatus
from wegweiser.portal.forms import AppointmentRequestForm, FinderForm, InfoPageForm, TranslationForm
from wegweiser.portal.models import InfoPageText
from wegweiser.territory import selectors as territory_selectors

# --- The frame ------------------------------------------------------------------------------------------------


def _visitor_language(request) -> str:
    codes = portal_language_codes()
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in codes:
        return chosen
    from_browser = translation.get_language_from_request(request)
    if from_browser in codes:
        return from_browser
    return SOURCE_LANGUAGE if SOURCE_LANGUAGE in codes else codes[0]


@public_page
def portal_home_redirect(request):
    """`/portal/`: to the start page in the chosen language (cookie), else the browser's (Accept-Language)."""
    response = redirect("portal:home", lang=_visitor_language(request))
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    patch_cache_control(response, private=True, max_age=0)
    return response


@public_page
def portal_language(request, lang):
    """The switcher's link: keep the choice in the language cookie and go back to the same page in it."""
    if lang not in portal_language_codes():
        raise Http404
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) or not target.startswith(
        "/portal/"
    ):
        target = reverse("portal:home", kwargs={"lang": lang})
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        lang,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


def portal_page(cacheable: bool = True):
    """A public page in the language of its address: activates it, and marks the answer cacheable (public, with an
    ETag, answered 304 when it matches) unless the page holds a form."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, lang, *args, **kwargs):
            if lang not in portal_language_codes():
                raise Http404
            with translation.override(lang):
                request.LANGUAGE_CODE = lang
                response = view(request, lang, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response.render()
            response.headers["Content-Language"] = lang
            if cacheable and request.method == "GET" and response.status_code == 200:
                etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
                response.headers["ETag"] = etag
                patch_cache_control(response, public=True, max_age=settings.WEGWEISER_PORTAL_CACHE_SECONDS)
                # Django hands back `response` itself when the browser's copy is not current.
                return get_conditional_response(request, etag=etag, response=response)
            if not cacheable:
                patch_cache_control(response, private=True, no_store=True)
            return response

        return public_page(wrapper)

    return decorator


def portal_frame(request, lang: str, url_name: str, url_kwargs: dict | None = None) -> dict:
    """What every portal page shows: the switcher (the same page in each language) and the direction."""
    url_kwargs = url_kwargs or {}
    switcher = []
    for language in portal_languages():
        target = reverse(url_name, kwargs={"lang": language.code, **url_kwargs})
        switcher.append(
            {
                "code": language.code,
                "name": language.name,
                "current": language.code == lang,
                "url": reverse("portal:language", kwargs={"lang": language.code}) + "?next=" + target,
            }
        )
    return {"lang": lang, "rtl": is_rtl(lang), "switcher": switcher}


# --- Public pages ---------------------------------------------------------------------------------------------


@portal_page()
def home(request, lang):
    context = portal_frame(request, lang, "portal:home") | {"tree": selectors.visitor_tree(lang)}
    return render(request, "portal/home.html", context)


@portal_page()
def info_page(request, lang, slug):
    page = selectors.visitor_page(slug, lang)
    if page is None:
        raise Http404
    context = portal_frame(request, lang, "portal:info_page", {"slug": slug}) | {
        "page": page,
        "text_rtl": is_rtl(page.language),
        "missing": page.status == TranslationStatus.MISSING,
        "outdated": page.status in (TranslationStatus.OUTDATED, TranslationStatus.IN_REVIEW),
    }
    return render(request, "portal/info_page.html", context)


@public_page
def info_page_cached(request, lang, slug):
    """An unchanged information page costs one small query: the ETag is made from its texts' hashes."""
    if lang not in portal_language_codes():
        raise Http404
    version = selectors.visitor_page_version(slug) if request.method == "GET" else None
    if version is not None:
        etag = '"p' + hashlib.sha256(f"{lang}|{version}".encode()).hexdigest()[:31] + '"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            patch_cache_control(not_modified, public=True, max_age=settings.WEGWEISER_PORTAL_CACHE_SECONDS)
            return not_modified
        response = info_page(request, lang, slug)
        if response.status_code == 200:
            response.headers["ETag"] = etag
        return response
    return info_page(request, lang, slug)


@portal_page()
def finder(request, lang):
    form = FinderForm(request.GET or None)
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "municipality_id": data["municipality"].pk if data["municipality"] else None,
            "level": data["level"],
            "kind": data["kind"],
            "weekday": data["weekday"],
            "time_of_day": data["time_of_day"],
            "childcare": data["childcare"],
            "places_free": data["places_free"],
        }
    offers = language_public.public_offers(**filters)
    organisations = directory.directory_entries(municipality_id=filters.get("municipality_id"))
    context = portal_frame(request, lang, "portal:finder") | {
        "form": form,
        "offers": offers,
        "organisations": organisations,
        "query": request.GET.urlencode(),
        "map": _finder_map(request, lang, offers, organisations),
    }
    return render(request, "portal/finder.html", context)


def _offer_map(offer) -> str:
    """Where the offer is, on the district's offline map (at its venue's coordinates where they are known)."""
    keys = territory_selectors.municipality_keys([offer.municipality_id])
    if not keys or keys[0][1] not in map_keys():
        return ""
    lonlat = (offer.longitude, offer.latitude) if offer.latitude is not None and offer.longitude is not None else None
    place = Place(
        key=keys[0][1],
        count=1,
        label=f"{offer.title}: {offer.venue_address or offer.municipality}",
        lonlat=lonlat,
        text="",
    )
    return place_map(title=_("Where the offer takes place"), places=[place], chart_id="offer-map")


def _finder_map(request, lang, offers, organisations) -> str:
    """The offline map of what the finder found: a numbered circle per municipality, linking to the finder with
    the same filters narrowed to that municipality."""
    counts: dict[int, list[int]] = {}
    for offer in offers:
        counts.setdefault(offer.municipality_id, [0, 0])[0] += 1
    for entry in organisations:
        if entry.municipality_id:  # a district-wide service sits in no one municipality
            counts.setdefault(entry.municipality_id, [0, 0])[1] += 1
    if not counts:
        return ""
    places = []
    base = reverse("portal:finder", kwargs={"lang": lang})
    on_the_map = map_keys()
    for pk, ags, name in territory_selectors.municipality_keys(counts):
        if ags not in on_the_map:
            continue
        offer_count, organisation_count = counts[pk]
        words = [
            ngettext("%(count)s offer", "%(count)s offers", offer_count) % {"count": offer_count},
            ngettext("%(count)s organisation", "%(count)s organisations", organisation_count)
            % {"count": organisation_count},
        ]
        query = request.GET.copy()
        query["municipality"] = str(pk)
        places.append(
            Place(
                key=ags,
                count=offer_count + organisation_count,
                label=f"{name}: {', '.join(words)}",
                href=f"{base}?{query.urlencode()}",
            )
        )
    if not places:
        return ""
    return place_map(title=_("Map of the offers and organisations found"), places=places, chart_id="finder-map")


@portal_page()
def offer_detail(request, lang, offer_id):
    offer = language_public.public_offer(offer_id)
    if offer is None:
        raise Http404
    context = portal_frame(request, lang, "portal:offer_detail", {"offer_id": offer_id}) | {
        "offer": offer,
        "map": _offer_map(offer),
    }
    return render(request, "portal/offer_detail.html", context)


@portal_page()
def privacy(request, lang):
    context = portal_frame(request, lang, "portal:privacy") | {
        "controller": settings.WEGWEISER_DATA_CONTROLLER,
        "authority": settings.WEGWEISER_SUPERVISORY_AUTHORITY,
    }
    return render(request, "portal/privacy.html", context)


def _request_language_choices():
    from wegweiser.core.codes import language_name

    codes = [*portal_language_codes(), "fa", "tr", "ps", "ku", "ti", "so", "fr"]
    seen = []
    for code in codes:
        if code not in seen:
            seen.append(code)
    return [(code, language_name(code)) for code in seen]


@portal_page(cacheable=False)
@csrf_protect
def appointment_request(request, lang):
    """The appointment request: on success the reference number and nothing else about the visitor."""
    form = AppointmentRequestForm(
        request.POST or None, language_choices=_request_language_choices(), initial={"language": lang}
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        if not services.submission_allowed(address_key=abuse.address_key(request)):
            form.add_error(None, _("Too many requests from your connection. Please try again in an hour."))
            status = 429
        else:
            data = form.cleaned_data
            try:
                reference = appointment_request_submit(
                    topic=data["topic"],
                    preferred_days=data["preferred_days"],
                    language=data["language"],
                    interpreter_needed=data["interpreter_needed"],
                    contact_method=data["contact_method"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    municipality_id=data["municipality"].pk if data["municipality"] else None,
                    consent=data["consent"],
                )
            except CaseworkError as error:  # the service's own rules, in the visitor's language
                form.add_error(None, str(error))
            else:
                context = portal_frame(request, lang, "portal:appointment_request") | {"reference": reference}
                return render(request, "portal/appointment_done.html", context)
    context = portal_frame(request, lang, "portal:appointment_request") | {"form": form}
    return render(request, "portal/appointment_request.html", context, status=status)


# --- Staff pages ----------------------------------------------------------------------------------------------


@require_perm(Perm.PORTAL_EDIT)
def staff_overview(request):
    rows, totals = selectors.translation_overview(request.user)
    languages = [language for language in portal_languages() if language.code != SOURCE_LANGUAGE]
    context = {"rows": rows, "totals": totals, "languages": languages}
    return render(request, "portal/staff/overview.html", context)


@require_perm(Perm.PORTAL_EDIT)
def staff_page_create(request):
    pages = selectors.pages_for_user(request.user)
    form = InfoPageForm(request.POST or None, pages=pages)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        page = services.info_page_create(
            actor=request.user,
            slug=data["slug"],
            title=data["title"],
            body=data["body"],
            parent=data["parent"],
            position=data["position"],
        )
        messages.success(request, _("The page has been created."))
        return redirect("portal:staff_page_edit", page_id=page.pk)
    return render(request, "portal/staff/page_form.html", {"form": form, "page": None})


@require_perm(Perm.PORTAL_EDIT)
def staff_page_edit(request, page_id):
    pages = selectors.pages_for_user(request.user)
    page = get_object_or_404(pages, pk=page_id)
    source = InfoPageText.objects.filter(page=page, language=SOURCE_LANGUAGE).first()
    initial = {
        "slug": page.slug,
        "parent": page.parent_id,
        "position": page.position,
        "published": page.published,
        "title": source.title if source else "",
        "body": source.body if source else "",
    }
    form = InfoPageForm(request.POST or None, pages=pages, page=page, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.info_page_update(
                actor=request.user,
                page=page,
                title=data["title"],
                body=data["body"],
                parent=data["parent"],
                position=data["position"],
                published=data["published"],
            )
        except services.PortalError as error:
            form.add_error("parent", str(error))
        else:
            messages.success(request, _("The page has been saved."))
            return redirect("portal:staff_page_edit", page_id=page.pk)
    rows, _totals = selectors.translation_overview(request.user)
    statuses = next((row.statuses for row in rows if row.page.pk == page.pk), ())
    languages = {language.code: language.name for language in portal_languages()}
    context = {
        "form": form,
        "page": page,
        "statuses": [(code, languages[code], status) for code, status in statuses],
    }
    return render(request, "portal/staff/page_form.html", context)


@require_perm(Perm.PORTAL_EDIT)
def staff_translation_edit(request, page_id, lang):
    page = get_object_or_404(selectors.pages_for_user(request.user), pk=page_id)
    if lang not in portal_language_codes() or lang == SOURCE_LANGUAGE:
        raise Http404
    source = get_object_or_404(InfoPageText, page=page, language=SOURCE_LANGUAGE)
    translation_text = InfoPageText.objects.filter(page=page, language=lang).first()
    initial = {"source_hash": source.content_hash}
    if translation_text is not None:
        initial |= {
            "title": translation_text.title,
            "body": translation_text.body,
            "in_review": translation_text.in_review,
        }
    form = TranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.info_page_translate(
            actor=request.user,
            page=page,
            language=lang,
            title=data["title"],
            body=data["body"],
            source_hash=data["source_hash"],
            in_review=data["in_review"],
        )
        messages.success(request, _("The translation has been saved."))
        return redirect("portal:staff_overview")
    context = {
        "form": form,
        "page": page,
        "source": source,
        "lang": lang,
        "rtl": is_rtl(lang),
        "language_name": dict(settings.LANGUAGES)[lang],
        "outdated": translation_text is not None and translation_text.source_hash != source.content_hash,
    }
    return render(request, "portal/staff/translation_form.html", context)
