"""Surveys made through the services, as staff would make them."""

import itertools

from wegweiser.participation import services
from wegweiser.participation.models import QuestionKind, Survey, SurveyKind, SurveyStatus

_numbers = itertools.count(1)

TRANSLATIONS = {
    "ar": {
        "title": "رأيك في Deutschtreff",
        "questions": ["كيف تقيّم اللقاء؟", "ما الذي أعجبك؟", "ماذا نغيّر؟"],
        "options": {1: "المحادثة\nالناس\nالمكان"},
    },
    "uk": {
        "title": "Ваша думка про Deutschtreff",
        "questions": ["Як ви оцінюєте зустріч?", "Що вам сподобалося?", "Що нам змінити?"],
        "options": {1: "Розмова\nЛюди\nМісце"},
    },
}


def survey(
    *,
    actor="test",
    municipality=None,
    anonymous=True,
    one_per_person=False,
    open_it=True,
    languages=("ar",),
    slug=None,
    kind=SurveyKind.SURVEY,
    offer_id=None,
) -> Survey:
    """A three-question survey (scale, multiple choice, free text) in German and the given languages."""
    made = services.survey_create(
        actor=actor,
        slug=slug or f"umfrage-{next(_numbers)}",
        kind=kind,
        title="Ihre Meinung zum Deutschtreff",
        intro="Drei kurze Fragen.",
        anonymous=anonymous,
        one_per_person=one_per_person,
        offer_id=offer_id,
        municipality_id=municipality.pk if municipality else None,
    )
    services.question_add(
        actor=actor, survey=made, kind=QuestionKind.SCALE, text="Wie gefällt Ihnen das Treffen?", required=True
    )
    services.question_add(
        actor=actor, survey=made, kind=QuestionKind.MULTIPLE, text="Was gefällt Ihnen?", options="Gespräch\nLeute\nOrt"
    )
    services.question_add(actor=actor, survey=made, kind=QuestionKind.TEXT, text="Was sollen wir ändern?")
    for language in languages:
        words = TRANSLATIONS[language]
        services.survey_translate(
            actor=actor,
            survey=made,
            language=language,
            title=words["title"],
            intro="",
            questions={
                question.pk: (words["questions"][index], words["options"].get(index, ""))
                for index, question in enumerate(made.questions.all())
            },
        )
    if open_it:
        services.survey_set_status(actor=actor, survey=made, status=SurveyStatus.OPEN)
    made.refresh_from_db()
    return made


def questions(made: Survey):
    scale, multiple, text = list(made.questions.all())
    return scale, multiple, text


def answer(made: Survey, *, scale=4, liked=(0,), text="", code="", language="de"):
    scale_q, multiple_q, text_q = questions(made)
    services.response_submit(
        survey_id=made.pk,
        language=language,
        answers={scale_q.pk: scale, multiple_q.pk: list(liked), text_q.pk: text},
        code=code,
    )
