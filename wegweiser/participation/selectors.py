"""Reads: the surveys a member of staff may work on, a survey as a visitor reads it (in their language, German
where a translation is missing), the results under the publication rule, and the aggregate for the Lagebild."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from wegweiser.core.publication import Cell, Publication, publish_table
from wegweiser.participation.models import (
    CHOICE_KINDS,
    SCALE_POINTS,
    Answer,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyStatus,
    SurveyToken,
)
from wegweiser.participation.services import SOURCE_LANGUAGE, survey_is_open

DISTRICT = "district"


def surveys_for_user(user: Any) -> QuerySet[Survey]:
    """The surveys in the user's remit (a district-wide survey only for district-wide roles)."""
    return Survey.objects.in_remit(user).select_related("municipality").prefetch_related("texts")


def _text_in(rows, language: str):
    by_language = {row.language: row for row in rows}
    chosen = by_language.get(language)
    return (chosen, False) if chosen is not None else (by_language.get(SOURCE_LANGUAGE), language != SOURCE_LANGUAGE)


def survey_title(survey: Survey, language: str = SOURCE_LANGUAGE) -> str:
    text, _fallback = _text_in(survey.texts.all(), language)
    return text.title if text else survey.slug


@dataclass(frozen=True)
class VisitorQuestion:
    id: int
    kind: str
    required: bool
    text: str
    options: tuple[tuple[int, str], ...]  # (index, label)
    language: str  # the language the text is shown in
    fallback: bool


@dataclass(frozen=True)
class VisitorSurvey:
    id: int
    slug: str
    title: str
    intro: str
    language: str
    fallback: bool  # some text is shown in German because its translation is missing
    anonymous: bool
    needs_code: bool
    offer_id: int | None
    questions: tuple[VisitorQuestion, ...]


def _visitor_question(question: Question, language: str) -> VisitorQuestion:
    texts = list(question.texts.all())
    text, fallback = _text_in(texts, language)
    source, _ = _text_in(texts, SOURCE_LANGUAGE)
    labels = text.option_list if text else []
    source_labels = source.option_list if source else []
    if len(labels) != len(source_labels):  # a translation with other options than the German ones is not used
        labels, fallback = source_labels, language != SOURCE_LANGUAGE
        text = source
    if question.kind == QuestionKind.SCALE:
        options = tuple((point, str(point)) for point in SCALE_POINTS)
    else:
        options = tuple(enumerate(labels)) if question.kind in CHOICE_KINDS else ()
    return VisitorQuestion(
        id=question.pk,
        kind=question.kind,
        required=question.required,
        text=text.text if text else "",
        options=options,
        language=text.language if text else SOURCE_LANGUAGE,
        fallback=fallback,
    )


def visitor_survey(slug: str, language: str) -> VisitorSurvey | None:
    """An open survey as the portal shows it, or None (unknown, draft, closed or outside its dates)."""
    survey = Survey.objects.filter(slug=slug).prefetch_related("texts", "questions__texts").first()
    if survey is None or not survey_is_open(survey):
        return None
    text, fallback = _text_in(survey.texts.all(), language)
    questions = tuple(_visitor_question(question, language) for question in survey.questions.all())
    return VisitorSurvey(
        id=survey.pk,
        slug=survey.slug,
        title=text.title if text else survey.slug,
        intro=text.intro if text else "",
        language=text.language if text else SOURCE_LANGUAGE,
        fallback=fallback or any(question.fallback for question in questions),
        anonymous=survey.anonymous,
        needs_code=survey.one_per_person,
        offer_id=survey.offer_id,
        questions=questions,
    )


def open_public_surveys(language: str) -> list[tuple[str, str]]:
    """(slug, title) of the open surveys anyone may answer without a code, for the portal's feedback page."""
    surveys = Survey.objects.filter(status=SurveyStatus.OPEN, one_per_person=False).prefetch_related("texts")
    return [(survey.slug, survey_title(survey, language)) for survey in surveys if survey_is_open(survey)]


# --- Results ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    text: str
    labels: tuple[str, ...]
    cells: tuple[Cell, ...]  # per label, under the publication rule
    texts: tuple[str, ...]  # free-text answers, only when the survey's total may be shown


@dataclass(frozen=True)
class SurveyResults:
    responses: Cell
    tokens_issued: int
    tokens_used: int
    questions: tuple[QuestionResult, ...]


def survey_results(survey: Survey) -> SurveyResults:
    """Per question the number answering each option, published under the one rule: a count of 1 to 4 is
    hidden, and so is every figure of a survey answered by fewer than 5 people, free texts included."""
    total = Response.objects.filter(survey=survey).count()
    total_cell = publish_table({"responses": total}).cells["responses"]
    counts = Counter(
        (row["question_id"], row["choice"])
        for row in Answer.objects.filter(response__survey=survey, choice__isnull=False).values("question_id", "choice")
    )
    results = []
    for question in survey.questions.prefetch_related("texts"):
        text, _ = _text_in(question.texts.all(), SOURCE_LANGUAGE)
        if question.kind == QuestionKind.SCALE:
            keys = list(SCALE_POINTS)
            labels = tuple(str(point) for point in SCALE_POINTS)
        elif question.kind in CHOICE_KINDS:
            labels = tuple(text.option_list if text else ())
            keys = list(range(len(labels)))
        else:
            keys, labels = [], ()
        cells: tuple[Cell, ...] = ()
        if keys:
            base = {key: counts.get((question.pk, key), 0) for key in keys}
            # One answer per respondent: the options add up to the people answering, published beside them.
            by = {"answered": lambda key: "answered"} if question.kind != QuestionKind.MULTIPLE else {}
            publication = publish_table(base, by=by)
            cells = tuple(
                publication.cells[key] if total_cell.shown else Cell(None, total_cell.reason or "small") for key in keys
            )
        texts: tuple[str, ...] = ()
        if question.kind == QuestionKind.TEXT and total_cell.shown:
            texts = tuple(
                Answer.objects.filter(question=question)
                .exclude(text="")
                .order_by("text")
                .values_list("text", flat=True)
            )
        results.append(
            QuestionResult(question=question, text=text.text if text else "", labels=labels, cells=cells, texts=texts)
        )
    tokens = SurveyToken.objects.filter(survey=survey).aggregate(
        issued=Count("pk"), used=Count("pk", filter=Q(used=True))
    )
    return SurveyResults(
        responses=total_cell,
        tokens_issued=tokens["issued"],
        tokens_used=tokens["used"],
        questions=tuple(results),
    )


# --- The Lagebild's indicator ------------------------------------------------------------------------------


def participation_aggregates() -> Publication:
    """Responses per survey and municipality (DISTRICT for a district-wide survey), with their sums per
    municipality and for the district, under the publication rule: base key (survey id, municipality id or
    DISTRICT); groupings "municipality" and "district"."""
    rows = (
        Response.objects.values("survey_id", "survey__municipality_id")
        .annotate(count=Count("pk"))
        .order_by("survey_id")
    )
    counts = {(row["survey_id"], row["survey__municipality_id"] or DISTRICT): row["count"] for row in rows}
    return publish_table(
        counts,
        by={
            "municipality": lambda key: key[1],
            "district": lambda key: DISTRICT,
        },
    )


@dataclass(frozen=True)
class ParticipationFigures:
    """The Lagebild's view of participation: the published responses per survey and municipality (DISTRICT for
    a district-wide survey) and each survey's title in the reader's language (German where it has none)."""

    responses: Publication
    titles: dict[int, str]


def participation_figures(language: str) -> ParticipationFigures:
    responses = participation_aggregates()
    survey_ids = {key[0] for key in responses.cells}
    surveys = Survey.objects.filter(pk__in=survey_ids).prefetch_related("texts")
    return ParticipationFigures(
        responses=responses,
        titles={survey.pk: survey_title(survey, language) for survey in surveys},
    )
