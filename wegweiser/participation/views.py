"""Staff pages: surveys, their questions and translations, codes, results (charts through the Lagebild's chart
builders, counts under the publication rule)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.core.public_languages import is_rtl, portal_languages, translation_languages
from wegweiser.lagebild.charts import Datum, Series, bar_chart, table_csv, table_xlsx
from wegweiser.language import public as language_public
from wegweiser.participation import selectors, services
from wegweiser.participation.forms import QuestionForm, StatusForm, SurveyForm, TokenForm, TranslationForm
from wegweiser.participation.models import QuestionKind, SurveyStatus
from wegweiser.participation.services import SOURCE_LANGUAGE, ParticipationError


def _survey(request, survey_id):
    return get_object_or_404(selectors.surveys_for_user(request.user), pk=survey_id)


@require_perm(Perm.PARTICIPATION_MANAGE)
def survey_list(request):
    surveys = [(survey, selectors.survey_title(survey)) for survey in selectors.surveys_for_user(request.user)]
    return render(request, "participation/survey_list.html", {"surveys": surveys})


def _survey_fields(data) -> dict:
    return {
        "kind": data["kind"],
        "anonymous": data["anonymous"],
        "one_per_person": data["one_per_person"],
        "offer_id": data["offer_id"],
        "municipality_id": data["municipality"].pk if data["municipality"] else None,
        "opens_on": data["opens_on"],
        "closes_on": data["closes_on"],
    }


@require_perm(Perm.PARTICIPATION_MANAGE)
def survey_create(request):
    form = SurveyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                actor=request.user, slug=data["slug"], title=data["title"], intro=data["intro"], **_survey_fields(data)
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The survey has been created. Add its questions."))
            return redirect("participation:survey_detail", survey_id=survey.pk)
    return render(request, "participation/survey_form.html", {"form": form, "survey": None})


@require_perm(Perm.PARTICIPATION_MANAGE)
def survey_edit(request, survey_id):
    survey = _survey(request, survey_id)
    source = survey.texts.filter(language=SOURCE_LANGUAGE).first()
    initial = {
        "title": source.title if source else "",
        "intro": source.intro if source else "",
        "slug": survey.slug,
        "kind": survey.kind,
        "offer_id": survey.offer_id,
        "municipality": survey.municipality_id,
        "anonymous": survey.anonymous,
        "one_per_person": survey.one_per_person,
        "opens_on": survey.opens_on,
        "closes_on": survey.closes_on,
    }
    form = SurveyForm(request.POST or None, user=request.user, survey=survey, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.survey_update(actor=request.user, survey=survey, **_survey_fields(data))
            services.survey_translate(
                actor=request.user,
                survey=survey,
                language=SOURCE_LANGUAGE,
                title=data["title"],
                intro=data["intro"],
                questions={
                    q.pk: (q.texts.get(language=SOURCE_LANGUAGE).text, q.texts.get(language=SOURCE_LANGUAGE).options)
                    for q in survey.questions.all()
                },
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
            status = 422
        else:
            messages.success(request, _("The survey has been saved."))
            return redirect("participation:survey_detail", survey_id=survey.pk)
    return render(request, "participation/survey_form.html", {"form": form, "survey": survey}, status=status)


@require_perm(Perm.PARTICIPATION_MANAGE)
def survey_detail(request, survey_id):
    survey = _survey(request, survey_id)
    questions = []
    for question in survey.questions.prefetch_related("texts"):
        texts = {text.language: text for text in question.texts.all()}
        questions.append({"question": question, "source": texts.get(SOURCE_LANGUAGE), "languages": set(texts)})
    languages = [
        {
            "code": language.code,
            "name": language.name,
            "translated": survey.texts.filter(language=language.code).exists(),
            "complete": survey.texts.filter(language=language.code).exists()
            and all(language.code in row["languages"] for row in questions),
        }
        for language in translation_languages()
    ]
    offer = language_public.public_offer(survey.offer_id) if survey.offer_id else None
    context = {
        "survey": survey,
        "title": selectors.survey_title(survey),
        "questions": questions,
        "languages": languages,
        "offer": offer,
        "question_form": QuestionForm() if survey.status == SurveyStatus.DRAFT else None,
        "editable": survey.status == SurveyStatus.DRAFT,
        "public_languages": portal_languages(),
    }
    return render(request, "participation/survey_detail.html", context)


@require_perm(Perm.PARTICIPATION_MANAGE)
def question_create(request, survey_id):
    survey = _survey(request, survey_id)
    form = QuestionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.question_add(
                actor=request.user,
                survey=survey,
                kind=data["kind"],
                text=data["text"],
                options=data["options"],
                required=data["required"],
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
            status = 422
        else:
            messages.success(request, _("The question has been added."))
            return redirect("participation:survey_detail", survey_id=survey.pk)
    return render(request, "participation/question_form.html", {"form": form, "survey": survey}, status=status)


@require_perm(Perm.PARTICIPATION_MANAGE)
def survey_translate(request, survey_id, lang):
    survey = _survey(request, survey_id)
    if lang not in {language.code for language in translation_languages()}:
        raise Http404
    questions = list(survey.questions.prefetch_related("texts"))
    sources, initial = {}, {}
    option_counts = {}
    for question in questions:
        texts = {text.language: text for text in question.texts.all()}
        sources[question.pk] = texts.get(SOURCE_LANGUAGE)
        option_counts[question.pk] = len(sources[question.pk].option_list) if sources[question.pk] else 0
        if lang in texts:
            initial[f"q{question.pk}_text"] = texts[lang].text
            initial[f"q{question.pk}_options"] = texts[lang].options
    current = survey.texts.filter(language=lang).first()
    if current:
        initial |= {"title": current.title, "intro": current.intro}
    form = TranslationForm(request.POST or None, questions=questions, option_counts=option_counts, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_translate(
                actor=request.user,
                survey=survey,
                language=lang,
                title=form.cleaned_data["title"],
                intro=form.cleaned_data["intro"],
                questions=form.question_texts(),
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
            status = 422
        else:
            messages.success(request, _("The translation has been saved."))
            return redirect("participation:survey_detail", survey_id=survey.pk)
    source = survey.texts.filter(language=SOURCE_LANGUAGE).first()
    rows = [
        {
            "question": question,
            "source": sources[question.pk],
            "text_field": form[f"q{question.pk}_text"],
            "options_field": form[f"q{question.pk}_options"] if f"q{question.pk}_options" in form.fields else None,
        }
        for question in questions
    ]
    context = {
        "survey": survey,
        "form": form,
        "rows": rows,
        "source": source,
        "lang": lang,
        "rtl": is_rtl(lang),
        "language_name": dict((language.code, language.name) for language in portal_languages())[lang],
    }
    return render(request, "participation/translation_form.html", context, status=status)


@require_POST
@require_perm(Perm.PARTICIPATION_MANAGE)
def survey_status(request, survey_id):
    survey = _survey(request, survey_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.survey_set_status(actor=request.user, survey=survey, status=form.cleaned_data["status"])
        except ParticipationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The survey's status has been changed."))
    else:
        messages.error(request, _("This survey cannot change to that status."))
    return redirect("participation:survey_detail", survey_id=survey.pk)


@require_perm(Perm.PARTICIPATION_MANAGE)
def survey_tokens(request, survey_id):
    """Hand out single-use codes: shown once, on the answer to the POST, and never again."""
    survey = _survey(request, survey_id)
    form = TokenForm(request.POST or None)
    codes: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.tokens_issue(
                actor=request.user, survey=survey, count=form.cleaned_data["count"], label=form.cleaned_data["label"]
            )
        except ParticipationError as error:
            form.add_error(None, str(error))
            status = 422
    results = selectors.survey_results(survey)
    context = {
        "survey": survey,
        "title": selectors.survey_title(survey),
        "form": form,
        "codes": codes,
        "issued": results.tokens_issued,
        "used": results.tokens_used,
        "links": [
            (language, request.build_absolute_uri(reverse("portal:feedback", args=[language.code, survey.slug])))
            for language in portal_languages()
        ],
    }
    response = render(request, "participation/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _charts(survey):
    results = selectors.survey_results(survey)
    charts = []
    for number, result in enumerate(results.questions, start=1):
        if not result.cells:
            continue
        chart = bar_chart(
            title=f"{number}. {result.text}",
            categories=result.labels,
            series=[Series(label=_("Answers"), values=tuple(Datum.from_cell(cell) for cell in result.cells))],
            unit=_("Number of answers"),
            chart_id=f"question-{result.question.pk}",
        )
        charts.append((result, chart))
    return results, charts


@require_perm(Perm.PARTICIPATION_MANAGE)
def survey_results(request, survey_id):
    survey = _survey(request, survey_id)
    results, charts = _charts(survey)
    context = {
        "survey": survey,
        "title": selectors.survey_title(survey),
        "results": results,
        "charts": charts,
        "free_texts": [result for result in results.questions if result.question.kind == QuestionKind.TEXT],
    }
    return render(request, "participation/results.html", context)


@require_perm(Perm.PARTICIPATION_MANAGE)
def results_download(request, survey_id, question_id, fmt):
    survey = _survey(request, survey_id)
    _results, charts = _charts(survey)
    chart = next((chart for result, chart in charts if result.question.pk == question_id), None)
    if chart is None or fmt not in ("csv", "xlsx"):
        raise Http404
    name = f"umfrage-{survey.pk}-frage-{question_id}.{fmt}"
    if fmt == "csv":
        response = HttpResponse("\ufeff" + table_csv(chart.table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            table_xlsx(chart.table), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
