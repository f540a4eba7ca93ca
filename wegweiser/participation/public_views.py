"""The newcomer's side, mounted in the portal (`/portal/<lang>/feedback/...`): no account, the portal's
languages, its spam checks and rate limit, no script."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from wegweiser.core.public_languages import is_rtl
from wegweiser.language import public as language_public
from wegweiser.participation import selectors, services
from wegweiser.participation.forms import FeedbackForm
from wegweiser.participation.services import ParticipationError
from wegweiser.portal import abuse
from wegweiser.portal import services as portal_services
from wegweiser.portal.views import portal_frame, portal_page


def _allowed(request) -> bool:
    return portal_services.submission_allowed(address_key=abuse.address_key(request))


@portal_page()
def feedback_list(request, lang):
    context = portal_frame(request, lang, "portal:feedback_list") | {"surveys": selectors.open_public_surveys(lang)}
    return render(request, "participation/public/list.html", context)


@portal_page(cacheable=False)
@csrf_protect
def feedback(request, lang, slug):
    survey = selectors.visitor_survey(slug, lang)
    if survey is None:
        raise Http404
    form = FeedbackForm(request.POST or None, survey=survey)
    status = 200
    if request.method == "POST" and form.is_valid():
        # A survey with codes lets each valid code in (the attendees of one Deutschtreff share its Wi-Fi); only
        # refused codes count against the connection's limit. Other surveys count every answer.
        if not survey.needs_code and not _allowed(request):
            form.add_error(None, _("Too many answers from your connection. Please try again in an hour."))
            status = 429
        else:
            try:
                services.response_submit(
                    survey_id=survey.id,
                    language=lang,
                    answers=form.answers(),
                    code=form.cleaned_data.get("code", ""),
                )
            except ParticipationError as error:
                message, status = str(error), 422
                if survey.needs_code and not _allowed(request):
                    message, status = _("Too many answers from your connection. Please try again in an hour."), 429
                form.add_error(None, message)
            else:
                context = portal_frame(request, lang, "portal:feedback", {"slug": slug}) | {"survey": survey}
                return render(request, "participation/public/done.html", context)
    offer = language_public.public_offer(survey.offer_id) if survey.offer_id else None
    context = portal_frame(request, lang, "portal:feedback", {"slug": slug}) | {
        "survey": survey,
        "form": form,
        "offer": offer,
        "text_rtl": is_rtl(survey.language),
    }
    return render(request, "participation/public/form.html", context, status=status)
