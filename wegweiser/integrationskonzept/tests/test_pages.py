"""The concept's pages through HTTP: the tree, the status with the council's decision, the public comment page
in the newcomers' languages, moderation, the municipality's measures, the board and the evaluation PDF."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.models import Comment, CommentStatus, MeasureStatus, VersionStatus
from wegweiser.integrationskonzept.tests.factories import build_concept

pytestmark = pytest.mark.django_db


def _client(client, world, role):
    client.force_login(world.user(role))
    return client


def test_the_tree_shows_fields_goals_measures_and_indicators(client, world):
    version, *_ = build_concept(municipality=world.municipality)
    page = _client(client, world, Role.MUNICIPAL_MANAGER).get(reverse("konzept:version", args=[version.pk]))
    text = page.content.decode()
    assert "Sprache" in text
    assert "Deutschtreff im Rathaus" in text
    assert "Wartezeit auf einen Integrationskurs" in text
    assert "Record value" not in text  # managers do not edit the plan


def test_a_planner_opens_the_consultation_and_records_the_adoption(client, world):
    version, *_ = build_concept()
    c = _client(client, world, Role.INTEGRATION_OFFICE)
    url = reverse("konzept:version_status", args=[version.pk])
    c.post(url, {"status": "consultation"})
    version.refresh_from_db()
    assert version.status == VersionStatus.CONSULTATION
    page = c.post(url, {"status": "adopted"}, follow=True)
    assert "council" in page.content.decode()
    version.refresh_from_db()
    assert version.status == VersionStatus.CONSULTATION
    c.post(url, {"status": "adopted", "council_decision_date": "2024-06-20", "council_decision_number": "KT/2024/17"})
    version.refresh_from_db()
    assert version.status == VersionStatus.ADOPTED
    assert version.council_decision_number == "KT/2024/17"


@pytest.mark.parametrize(
    ("language", "direction", "button"), [("uk", "ltr", "Надіслати коментар"), ("ar", "rtl", "إرسال التعليق")]
)
def test_the_public_comment_page_speaks_the_newcomer_s_language(client, world, language, direction, button):
    version, *_ = build_concept()
    services.concept_version_transition(actor="test", version=version, status=VersionStatus.CONSULTATION)
    page = client.get(reverse("konzept:consultation", args=[version.pk, language]))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'lang="{language}"' in text
    assert f'dir="{direction}"' in text
    assert button in text


def test_a_newcomer_comments_without_login_and_a_bot_is_kept_out(client, world):
    version, _f, goal, *_ = build_concept()
    services.concept_version_transition(actor="test", version=version, status=VersionStatus.CONSULTATION)
    url = reverse("konzept:consultation", args=[version.pk, "uk"])
    client.post(url, {"group": "newcomer", "goal": str(goal.pk), "text": "Потрібно більше курсів"})
    client.post(url, {"group": "citizen", "text": "Buy now", "website": "http://spam.example"})
    comment = Comment.objects.get()
    assert (comment.group, comment.language, comment.goal) == ("newcomer", "uk", goal)
    assert comment.status == CommentStatus.RECEIVED


def test_a_draft_not_in_consultation_has_no_public_page(client, world):
    version, *_ = build_concept()
    assert client.get(reverse("konzept:consultation", args=[version.pk, "de"])).status_code == 404
    services.concept_version_transition(actor="test", version=version, status=VersionStatus.CONSULTATION)
    assert client.get(reverse("konzept:consultation", args=[version.pk, "xx"])).status_code == 404


def test_the_planner_answers_and_the_answer_is_published(client, world):
    version, _f, goal, *_ = build_concept()
    services.concept_version_transition(actor="test", version=version, status=VersionStatus.CONSULTATION)
    comment = services.comment_submit(version=version, group="newcomer", language="uk", text="Більше курсів")
    c = _client(client, world, Role.INTEGRATION_OFFICE)
    listing = c.get(reverse("konzept:comments", args=[version.pk])).content.decode()
    assert "Більше курсів" in listing
    assert "Neuzugewanderte Person" in listing
    prefix = f"c{comment.pk}"
    c.post(
        reverse("konzept:comment_moderate", args=[comment.pk]),
        {
            f"{prefix}-status": "answered",
            f"{prefix}-answer": "Wir planen zwei Kurse mehr.",
            f"{prefix}-changed_goal": str(goal.pk),
        },
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.ANSWERED
    assert comment.changed_goal == goal
    client.logout()
    public = client.get(reverse("konzept:consultation", args=[version.pk, "uk"])).content.decode()
    assert "Wir planen zwei Kurse mehr." in public


def test_the_participation_summary_names_groups_never_people(client, world):
    version, *_ = build_concept()
    services.concept_version_transition(actor="test", version=version, status=VersionStatus.CONSULTATION)
    for _n in range(6):
        services.comment_submit(version=version, group="newcomer", language="uk", text="...")
    services.comment_submit(version=version, group="municipality", language="de", text="...")
    page = _client(client, world, Role.INTEGRATION_OFFICE).get(reverse("konzept:comments", args=[version.pk]))
    text = page.content.decode()
    assert "Neuzugewanderte Person: 6" in text
    assert "Kommune: 1" not in text


def test_a_municipality_marks_its_measure_done_and_cannot_touch_another_s(client, world):
    _v, *_rest, (own, _office) = build_concept(municipality=world.municipality)
    *_x, (foreign, _o) = build_concept(municipality=world.other_municipality, title="Anderes")
    c = _client(client, world, Role.MUNICIPAL_MANAGER)
    listing = c.get(reverse("konzept:measures")).content.decode()
    assert "Deutschtreff im Rathaus" in listing
    assert listing.count("measure-") >= 1
    answer = c.post(reverse("konzept:measure_status", args=[own.pk]), {"status": "done"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert f'id="measure-{own.pk}"' in answer.content.decode()
    assert c.post(reverse("konzept:measure_status", args=[foreign.pk]), {"status": "done"}).status_code == 404
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.status == MeasureStatus.DONE
    assert foreign.status == MeasureStatus.PLANNED


def test_the_evaluation_pdf_shows_the_assessment_and_the_measure_done(client, world):
    from datetime import date
    from decimal import Decimal

    version, _f, _g, sub, indicator, (own, _office) = build_concept(municipality=world.municipality)
    services.measure_status_update(actor="test", measure=own, status=MeasureStatus.DONE)
    services.indicator_value_record(
        actor="test", indicator=indicator, value=Decimal(9), observed_on=date(2025, 1, 1), source="BAMF"
    )
    services.sub_goal_assess(actor="test", sub_goal=sub, status="partly", evidence="Wartezeit 9 Wochen")
    page = _client(client, world, Role.INTEGRATION_OFFICE).get(reverse("konzept:report_pdf", args=[version.pk]))
    assert page.status_code == 200
    assert page.content.startswith(b"%PDF")
    from wegweiser.integrationskonzept.report import report_typst

    source = report_typst(version, today=date(2026, 1, 1))
    assert "Deutschtreff im Rathaus" in source
    assert str(MeasureStatus.DONE.label) in source
    assert "Wartezeit 9 Wochen" in source
    assert "<svg" in source


def test_the_board_page_lists_what_is_overdue(client, world):
    version, *_ = build_concept(municipality=world.municipality)
    page = _client(client, world, Role.DISTRICT_ADMIN).get(reverse("konzept:board", args=[version.pk]))
    assert page.status_code == 200
    assert "Deutschtreff im Rathaus" in page.content.decode()  # ended 31.12.2025, still planned
