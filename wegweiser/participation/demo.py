"""Demo participation: feedback on a Deutschtreff in five languages, answered with single-use codes by nine
attendees (anonymous), and an open district-wide survey anyone may answer. Through the services; idempotent."""

from django.db import transaction

from wegweiser.language import public as language_public
from wegweiser.participation import services
from wegweiser.participation.models import QuestionKind, Survey, SurveyKind, SurveyStatus

ACTOR = "demo"
SLUG = "deutschtreff-feedback"

QUESTIONS = [
    (QuestionKind.SCALE, "Wie gefällt Ihnen der Deutschtreff?", "", True),
    (QuestionKind.MULTIPLE, "Was hilft Ihnen am meisten?", "Gespräche\nSpiele\nHilfe bei Briefen\nNeue Leute", False),
    (QuestionKind.SINGLE, "Passt die Uhrzeit?", "ja\neher nicht\nnein", False),
    (QuestionKind.TEXT, "Was sollen wir ändern?", "", False),
]

TRANSLATIONS = {
    "en": ("Your feedback on the Deutschtreff", [
        ("How do you like the Deutschtreff?", ""),
        ("What helps you most?", "Conversations\nGames\nHelp with letters\nMeeting people"),
        ("Does the time suit you?", "yes\nnot really\nno"),
        ("What should we change?", ""),
    ]),
    "uk": ("Ваш відгук про Deutschtreff", [
        ("Як вам подобається Deutschtreff?", ""),
        ("Що вам найбільше допомагає?", "Розмови\nІгри\nДопомога з листами\nНові люди"),
        ("Чи підходить вам час?", "так\nне зовсім\nні"),
        ("Що нам змінити?", ""),
    ]),
    "ru": ("Ваш отзыв о Deutschtreff", [
        ("Как вам нравится Deutschtreff?", ""),
        ("Что вам больше всего помогает?", "Разговоры\nИгры\nПомощь с письмами\nНовые люди"),
        ("Вам подходит время?", "да\nне очень\nнет"),
        ("Что нам изменить?", ""),
    ]),
    "ar": ("رأيك في Deutschtreff", [
        ("ما مدى إعجابك بـ Deutschtreff؟", ""),
        ("ما الذي يساعدك أكثر؟", "المحادثات\nالألعاب\nالمساعدة في الرسائل\nالتعرّف على أناس جدد"),
        ("هل يناسبك الوقت؟", "نعم\nليس تمامًا\nلا"),
        ("ماذا نغيّر؟", ""),
    ]),
}  # fmt: skip

# (language, scale, helps, time, text): generated, plausible
ANSWERS = [
    ("ar", 5, [0, 3], 0, "وقت أطول من فضلكم"),
    ("ar", 4, [0], 0, ""),
    ("ar", 5, [2], 1, "مساعدة في رسائل مكتب العمل"),
    ("uk", 5, [0, 1], 0, "Більше розмов, будь ласка"),
    ("uk", 4, [0], 0, ""),
    ("uk", 3, [2, 3], 2, "Краще ввечері"),
    ("ru", 5, [0], 0, ""),
    ("de", 4, [0, 3], 0, "Gern auch im Sommer"),
    ("en", 5, [0, 1], 0, ""),
]


def load_demo(*, out, **options) -> None:
    if Survey.objects.filter(slug=SLUG).exists():
        out.write("participation: demo surveys exist")
        return
    with transaction.atomic():
        _load(out)


def _load(out) -> None:
    offers = language_public.public_offers(kind="deutschtreff") or language_public.public_offers()
    offer = offers[0] if offers else None
    survey = services.survey_create(
        actor=ACTOR,
        slug=SLUG,
        kind=SurveyKind.OFFER_FEEDBACK if offer else SurveyKind.SURVEY,
        title="Ihre Meinung zum Deutschtreff",
        intro="Vier kurze Fragen. Sie können in jeder Sprache antworten.",
        anonymous=True,
        one_per_person=True,
        offer_id=offer.id if offer else None,
        municipality_id=offer.municipality_id if offer else None,
    )
    questions = [
        services.question_add(actor=ACTOR, survey=survey, kind=kind, text=text, options=options, required=required)
        for kind, text, options, required in QUESTIONS
    ]
    for language, (title, texts) in TRANSLATIONS.items():
        services.survey_translate(
            actor=ACTOR,
            survey=survey,
            language=language,
            title=title,
            intro="",
            questions={question.pk: texts[index] for index, question in enumerate(questions)},
        )
    services.survey_set_status(actor=ACTOR, survey=survey, status=SurveyStatus.OPEN)
    codes = services.tokens_issue(actor=ACTOR, survey=survey, count=15, label="Deutschtreff")
    for code, (language, scale, helps, time, text) in zip(codes, ANSWERS, strict=False):
        services.response_submit(
            survey_id=survey.pk,
            language=language,
            answers={questions[0].pk: scale, questions[1].pk: helps, questions[2].pk: time, questions[3].pk: text},
            code=code,
        )
    district = services.survey_create(
        actor=ACTOR,
        slug="ankommen-im-landkreis",
        kind=SurveyKind.SURVEY,
        title="Wie gut sind Sie im Landkreis angekommen?",
        intro="Ihre Antworten sind anonym.",
    )
    services.question_add(
        actor=ACTOR, survey=district, kind=QuestionKind.SCALE, text="Wie gut finden Sie sich zurecht?", required=True
    )
    services.question_add(actor=ACTOR, survey=district, kind=QuestionKind.TEXT, text="Was fehlt Ihnen?")
    services.survey_set_status(actor=ACTOR, survey=district, status=SurveyStatus.OPEN)
    out.write(f"participation: Deutschtreff feedback with {len(ANSWERS)} answers, one district-wide survey open")
