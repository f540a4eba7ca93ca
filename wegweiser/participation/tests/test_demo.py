"""The demo district gets a Deutschtreff feedback survey in five languages with answers, and an open survey, once."""

import io

import pytest

from wegweiser.participation import selectors
from wegweiser.participation.demo import SLUG, load_demo
from wegweiser.participation.models import Response, Survey, SurveyText
from wegweiser.territory.demo import load_demo as load_territory

pytestmark = pytest.mark.django_db


def test_the_demo_loads_once_in_five_languages_with_results_to_chart():
    out = io.StringIO()
    load_territory(out=out)
    load_demo(out=out)
    load_demo(out=out)
    assert "participation: demo surveys exist" in out.getvalue()
    survey = Survey.objects.get(slug=SLUG)
    assert set(SurveyText.objects.filter(survey=survey).values_list("language", flat=True)) == {
        "de", "en", "uk", "ru", "ar"
    }  # fmt: skip
    assert Response.objects.filter(survey=survey, token__isnull=True).count() == 9
    results = selectors.survey_results(survey)
    assert results.responses.value == 9
    assert results.tokens_used == 9
    assert results.questions[0].cells[4].shown  # five said 5
    assert selectors.visitor_survey("ankommen-im-landkreis", "ar") is not None
