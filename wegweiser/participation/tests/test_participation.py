"""Surveys end to end through HTTP and the services: anonymity, one answer per code, translations with their
German fallback, the portal's spam rules, results under the publication rule, the remit, the Lagebild's figure."""

import io
import time
from pathlib import Path

import pytest
from babel.messages.extract import extract
from django.db import models
from django.urls import reverse
from django.utils.translation.template import templatize

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.core.i18n import KEYWORDS, app_dirs, is_translated, po_path, read_catalog
from wegweiser.core.publication import SMALL
from wegweiser.participation import selectors, services
from wegweiser.participation.models import Answer, Response, SurveyStatus, SurveyToken
from wegweiser.participation.services import ParticipationError, code_hash
from wegweiser.participation.tests.factories import answer, questions, survey
from wegweiser.portal import abuse
from wegweiser.territory.remit import OutsideRemit

pytestmark = pytest.mark.django_db


def _form(made, *, scale="4", liked=("0",), text="", **extra):
    scale_q, multiple_q, text_q = questions(made)
    return {
        f"q{scale_q.pk}": scale,
        f"q{multiple_q.pk}": list(liked),
        f"q{text_q.pk}": text,
        "shown": abuse.time_token(time.time() - 30),
        **extra,
    }


def _url(made, lang="ar"):
    return reverse("portal:feedback", kwargs={"lang": lang, "slug": made.slug})


# --- Anonymity ------------------------------------------------------------------------------------------------


def test_an_anonymous_answer_cannot_be_tied_to_its_code_nor_to_anything_in_the_audit_log(client, world):
    made = survey(municipality=world.municipality, one_per_person=True)
    codes = services.tokens_issue(actor=world.user(Role.INTEGRATION_OFFICE), survey=made, count=3, label="Mittwoch")
    before = set(AuditEntry.objects.values_list("pk", flat=True))

    page = client.post(_url(made), _form(made, text="مكان جميل", code=codes[1].lower()))

    assert page.status_code == 200
    assert "مكان جميل" not in page.content.decode()  # the confirmation echoes nothing
    response = Response.objects.get(survey=made)
    token = SurveyToken.objects.get(token_hash=code_hash(codes[1]))
    assert token.used
    assert response.token_id is None
    # No column of a response or an answer names a token, an account, an address or a moment within the day.
    for model in (Response, Answer):
        for field in model._meta.concrete_fields:
            assert not isinstance(field, models.DateTimeField), field
            if field.is_relation:
                assert field.related_model._meta.label_lower in {
                    "participation.survey",
                    "participation.response",
                    "participation.question",
                    "participation.surveytoken",
                }
    assert Response._meta.get_field("id").get_internal_type() == "UUIDField"  # no insertion order to join on
    assert Answer._meta.get_field("id").get_internal_type() == "UUIDField"
    assert not any(
        isinstance(f, models.DateTimeField | models.DateField) and f.name != "issued_on"
        for f in SurveyToken._meta.concrete_fields
    )  # a used code keeps no moment of use
    entries = AuditEntry.objects.exclude(pk__in=before)
    assert entries.count() == 1
    entry = entries.get()
    assert (entry.object_type, entry.object_id, entry.actor_id) == ("participation.survey", str(made.pk), None)
    secrets_ = {str(response.pk), response.pk.hex, codes[1], codes[1].replace("-", ""), token.token_hash}
    secrets_ |= {str(pk) for pk in Answer.objects.filter(response=response).values_list("pk", flat=True)}
    for entry in AuditEntry.objects.all():
        assert entry.object_type not in {"participation.response", "participation.answer", "participation.surveytoken"}
        written = " ".join([entry.object_id, entry.summary, str(entry.changed_fields), entry.actor_label])
        assert not any(value in written for value in secrets_), entry


def test_a_named_survey_keeps_the_code_with_the_answer(world):
    made = survey(municipality=world.municipality, one_per_person=True, anonymous=False)
    [code] = services.tokens_issue(actor="test", survey=made, count=1)
    answer(made, code=code)
    response = Response.objects.get(survey=made)
    assert response.token.token_hash == code_hash(code)
    assert AuditEntry.objects.filter(object_type="participation.response", object_id=str(response.pk)).exists()


def test_codes_are_kept_as_fingerprints_only_and_shown_once(client, client_as, world):
    made = survey(municipality=world.municipality, one_per_person=True)
    client_as(Role.MUNICIPAL_MANAGER)
    url = reverse("participation:survey_tokens", kwargs={"survey_id": made.pk})
    page = client.post(url, {"count": 4, "label": "Kurs A"})
    shown = [
        line.split("<code>")[1].split("</code>")[0] for line in page.content.decode().split("<li>") if "<code>" in line
    ]
    assert len(shown) == 4
    assert "no-store" in page["Cache-Control"]
    stored = set(SurveyToken.objects.filter(survey=made).values_list("token_hash", flat=True))
    assert stored == {code_hash(code) for code in shown}
    assert not any(code in " ".join(stored) for code in shown)
    again = client.get(url).content.decode()
    assert not any(code in again for code in shown)


# --- One answer per person ------------------------------------------------------------------------------------


def test_a_code_answers_once_and_only_for_its_own_survey(client, world):
    made = survey(municipality=world.municipality, one_per_person=True)
    other = survey(municipality=world.municipality, one_per_person=True)
    [code] = services.tokens_issue(actor="test", survey=made, count=1)
    [foreign] = services.tokens_issue(actor="test", survey=other, count=1)

    assert client.post(_url(made, "de"), _form(made, code=code)).status_code == 200
    again = client.post(_url(made, "de"), _form(made, code=code))
    assert again.status_code == 422
    assert "schon benutzt" in again.content.decode()
    wrong = client.post(_url(made, "de"), _form(made, code=foreign))
    assert wrong.status_code == 422
    assert "gilt nicht" in wrong.content.decode()
    missing = client.post(_url(made, "de"), _form(made))
    assert missing.status_code == 200
    assert "p-error" in missing.content.decode()
    assert Response.objects.filter(survey=made).count() == 1


def test_a_survey_without_codes_needs_none_and_refuses_answers_when_closed(world):
    made = survey()
    answer(made)
    services.survey_set_status(actor="test", survey=made, status=SurveyStatus.CLOSED)
    with pytest.raises(ParticipationError, match="not open"):
        answer(made)
    assert Response.objects.filter(survey=made).count() == 1


def test_answers_outside_the_options_and_missing_required_answers_are_refused(world):
    made = survey()
    with pytest.raises(ParticipationError, match="not one of the options"):
        answer(made, liked=(7,))
    with pytest.raises(ParticipationError, match="not one of the options"):
        answer(made, scale=6)
    with pytest.raises(ParticipationError, match="required"):
        answer(made, scale=None)
    assert not Response.objects.exists()


# --- Languages ------------------------------------------------------------------------------------------------


def test_the_form_speaks_arabic_right_to_left_and_falls_back_to_german_with_a_notice(client, world):
    made = survey(languages=("ar",))
    arabic = client.get(_url(made, "ar")).content.decode()
    assert 'dir="rtl"' in arabic
    assert "رأيك في Deutschtreff" in arabic
    assert "كيف تقيّم اللقاء؟" in arabic
    assert "لم يُترجم بعد" not in arabic  # no notice: all of it is in Arabic
    russian = client.get(_url(made, "ru")).content.decode()
    assert "Ihre Meinung zum Deutschtreff" in russian
    assert "Wie gefällt Ihnen das Treffen?" in russian
    assert "ещё не переведена" in russian


def test_a_translation_with_other_options_than_the_german_is_not_shown(world):
    made = survey(languages=(), open_it=False)
    _scale, multiple, _text = questions(made)
    services.survey_translate(
        actor="test",
        survey=made,
        language="uk",
        title="Опитування",
        intro="",
        questions={multiple.pk: ("Що вам сподобалося?", "Розмова\nЛюди")},
    )
    services.survey_set_status(actor="test", survey=made, status=SurveyStatus.OPEN)
    visitor = selectors.visitor_survey(made.slug, "uk")
    shown = next(question for question in visitor.questions if question.id == multiple.pk)
    assert shown.fallback
    assert shown.text == "Was gefällt Ihnen?"
    assert [label for _i, label in shown.options] == ["Gespräch", "Leute", "Ort"]
    assert visitor.title == "Опитування"
    assert visitor.fallback


def test_answers_come_in_any_language(client, world):
    made = survey(languages=("uk",))
    client.post(_url(made, "uk"), _form(made, text="Більше розмов, bitte mehr Zeit, وقت أطول"))
    assert Answer.objects.get(question=questions(made)[2]).text == "Більше розмов, bitte mehr Zeit, وقت أطول"
    assert Response.objects.get().language == "uk"


def test_public_strings_are_translated_into_every_portal_language():
    catalogues: dict[str, set[str]] = {}
    for language in ("en", "uk", "ru", "ar"):
        catalogues[language] = {
            message.id if isinstance(message.id, str) else message.id[0]
            for app in app_dirs()
            if po_path(app, language).exists()
            for message in read_catalog(po_path(app, language), language)
            if message.id and is_translated(message)
        }
    folder = Path(__file__).resolve().parent.parent / "templates" / "participation" / "public"
    wanted = set()
    for template in folder.glob("*.html"):
        source = templatize(template.read_text(encoding="utf-8"))
        found = extract("python", io.BytesIO(source.encode()), keywords=KEYWORDS, options={"encoding": "utf-8"})
        wanted |= {message if isinstance(message, str) else message[0] for _l, message, _c, _x in found}
    wanted |= {
        "Leave this field empty",
        "Your code (on the note you were given)",
        "This code has already been used.",
        "This code is not valid for this survey.",
        "This survey is not open.",
        "Your opinion",
        "Too many answers from your connection. Please try again in an hour.",
        "Your answers could not be sent. Please wait a moment and send the form again.",
    }
    assert wanted
    for language, catalogue in catalogues.items():
        assert wanted <= catalogue, (language, sorted(wanted - catalogue))


# --- Spam -----------------------------------------------------------------------------------------------------


def test_the_honeypot_and_the_time_check_refuse_and_store_nothing(client, world):
    made = survey()
    assert "p-error" in client.post(_url(made), _form(made, website="http://spam")).content.decode()
    client.post(_url(made), _form(made) | {"shown": abuse.time_token(time.time() - 1)})
    client.post(_url(made), _form(made) | {"shown": abuse.time_token(time.time() - 3 * 60 * 60)})
    client.post(_url(made), _form(made) | {"shown": "forged"})
    assert not Response.objects.exists()


def test_the_rate_limit_refuses_a_sixth_answer_within_the_hour(client, world):
    made = survey()
    for _ in range(5):
        assert client.post(_url(made), _form(made)).status_code == 200
    refused = client.post(_url(made), _form(made))
    assert refused.status_code == 429
    assert Response.objects.count() == 5


def test_with_codes_every_attendee_on_one_connection_gets_in_and_only_wrong_codes_are_limited(client, world):
    made = survey(one_per_person=True)
    codes = services.tokens_issue(actor="test", survey=made, count=7)
    for code in codes:
        assert client.post(_url(made), _form(made, code=code)).status_code == 200
    assert Response.objects.count() == 7
    statuses = [client.post(_url(made), _form(made, code="AAAA-BBBB-CCCC")).status_code for _ in range(6)]
    assert statuses == [422] * 5 + [429]


def test_the_public_pages_need_no_script_and_stay_small(client, world):
    made = survey()
    page = client.get(_url(made))
    assert b"<script" not in page.content
    assert len(page.content) < 200_000
    listing = client.get(reverse("portal:feedback_list", kwargs={"lang": "ar"})).content.decode()
    assert made.slug in listing
    coded = survey(one_per_person=True)
    assert coded.slug not in client.get(reverse("portal:feedback_list", kwargs={"lang": "de"})).content.decode()
    assert client.get(_url(survey(open_it=False))).status_code == 404


# --- Results --------------------------------------------------------------------------------------------------


def test_results_of_fewer_than_five_people_are_not_published_free_texts_included(client, client_as, world):
    made = survey(municipality=world.municipality)
    for _ in range(3):
        answer(made, text="Mehr Zeit")
    results = selectors.survey_results(made)
    assert results.responses.reason == SMALL
    assert all(not cell.shown for question in results.questions for cell in question.cells)
    client_as(Role.MUNICIPAL_MANAGER)
    page = client.get(reverse("participation:survey_results", kwargs={"survey_id": made.pk})).content.decode()
    assert "Mehr Zeit" not in page
    assert "<svg" in page


def test_results_show_counts_of_five_and_more_and_hide_the_small_ones(client, client_as, world):
    made = survey(municipality=world.municipality)
    for scale in [5, 5, 5, 5, 5, 4, 4, 3]:
        answer(made, scale=scale, liked=(0, 1) if scale == 5 else (2,), text=f"Idee {scale}")
    results = selectors.survey_results(made)
    assert results.responses.value == 8
    scale = results.questions[0]
    assert [cell.value for cell in scale.cells] == [0, 0, None, None, 5]  # zeros are shown
    assert {scale.cells[2].reason, scale.cells[3].reason} == {SMALL}
    liked = results.questions[1]
    assert [cell.value for cell in liked.cells] == [5, 5, None]
    assert len(results.questions[2].texts) == 8
    # A single small count beside a shown total would be given away by it: the smallest other count is hidden too.
    lone = survey(municipality=world.municipality)
    for scale in [5, 5, 5, 5, 5, 5, 2]:
        answer(lone, scale=scale)
    cells = selectors.survey_results(lone).questions[0].cells
    assert cells[1].reason == SMALL
    assert cells[4].protects is not None
    client_as(Role.INTEGRATION_OFFICE)
    page = client.get(reverse("participation:survey_results", kwargs={"survey_id": made.pk})).content.decode()
    assert page.count("<svg") == 2
    assert "Idee 3" in page
    scale_q = questions(made)[0]
    csv = client.get(
        reverse(
            "participation:survey_results_download",
            kwargs={"survey_id": made.pk, "question_id": scale_q.pk, "fmt": "csv"},
        )
    ).content.decode()
    assert csv.splitlines()[1:] == [
        "1;0",
        "2;0",
        "3;Ausgeblendet: weniger als 5 Personen",
        "4;Ausgeblendet: weniger als 5 Personen",
        "5;5",
    ]


def test_the_lagebild_figure_counts_responses_per_survey_and_municipality_under_the_rule(world):
    local = survey(municipality=world.municipality)
    district = survey()
    for _ in range(6):
        answer(local)
    for _ in range(2):
        answer(district)
    publication = selectors.participation_aggregates()
    assert publication.cells[(district.pk, selectors.DISTRICT)].reason == SMALL
    # 8 in the district less 6 in Melle would give the 2 away: Melle's 6 is hidden too.
    assert publication.cells[(local.pk, world.municipality.pk)].protects == ("cells", (district.pk, selectors.DISTRICT))
    for _ in range(3):
        answer(district)
    publication = selectors.participation_aggregates()
    assert publication.values("municipality") == {world.municipality.pk: 6, selectors.DISTRICT: 5}
    assert publication.values("district") == {selectors.DISTRICT: 11}


# --- Staff pages and the remit --------------------------------------------------------------------------------


def test_a_manager_builds_a_survey_in_the_browser_flow_and_opens_it(client, client_as, world):
    client_as(Role.MUNICIPAL_MANAGER)
    created = client.post(
        reverse("participation:survey_create"),
        {
            "title": "Deutschtreff Melle",
            "slug": "treff-melle",
            "kind": "survey",
            "anonymous": "on",
            "municipality": world.municipality.pk,
        },
    )
    assert created.status_code == 302
    made = selectors.surveys_for_user(world.user(Role.MUNICIPAL_MANAGER)).get(slug="treff-melle")
    detail = reverse("participation:survey_detail", kwargs={"survey_id": made.pk})
    client.post(
        reverse("participation:question_create", kwargs={"survey_id": made.pk}),
        {"kind": "single", "text": "Kommen Sie wieder?", "options": "ja\nnein"},
    )
    question = made.questions.get()
    client.post(
        reverse("participation:survey_translate", kwargs={"survey_id": made.pk, "lang": "ar"}),
        {"title": "ديوتشتريف ميله", f"q{question.pk}_text": "هل ستعود؟", f"q{question.pk}_options": "نعم\nلا"},
    )
    client.post(reverse("participation:survey_status", kwargs={"survey_id": made.pk}), {"status": "open"})
    made.refresh_from_db()
    assert made.status == SurveyStatus.OPEN
    assert made.anonymous
    assert "هل ستعود؟" in client.get(_url(made, "ar")).content.decode()
    assert "ديوتشتريف" in client.get(detail).content.decode() or made.texts.filter(language="ar").exists()
    # An open survey is no longer edited: the answers were given to it as it was.
    refused = client.post(
        reverse("participation:question_create", kwargs={"survey_id": made.pk}), {"kind": "text", "text": "Noch etwas?"}
    )
    assert refused.status_code == 422
    assert made.questions.count() == 1


def test_a_manager_cannot_place_a_survey_outside_their_remit_nor_see_one(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    with pytest.raises(OutsideRemit):
        services.survey_create(
            actor=manager, slug="x", kind="survey", title="X", municipality_id=world.other_municipality.pk
        )
    with pytest.raises(OutsideRemit):
        services.survey_create(actor=manager, slug="y", kind="survey", title="Y")
    foreign = survey(municipality=world.other_municipality)
    district = survey()
    mine = survey(municipality=world.municipality)
    assert set(selectors.surveys_for_user(manager)) == {mine}
    assert {foreign, district, mine} <= set(selectors.surveys_for_user(world.user(Role.INTEGRATION_OFFICE)))


def test_feedback_on_an_offer_names_the_offer(client, world):
    from wegweiser.language.tests.factories import OfferFactory

    offer = OfferFactory(title="Deutschtreff Melle-Mitte", provider=world.provider, municipality=world.municipality)
    made = survey(kind="offer_feedback", offer_id=offer.pk, municipality=world.municipality)
    assert "Deutschtreff Melle-Mitte" in client.get(_url(made, "de")).content.decode()
