"""The district's travel-time matrix (CSV): checked line by line, loaded all or nothing, with a fallback."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.language.models import TravelTime
from wegweiser.language.travel import TravelTimes, estimated_minutes
from wegweiser.language.travel_matrix import parse_travel_matrix

pytestmark = pytest.mark.django_db

AGS = {"03459020": 1, "03459008": 2}


def test_a_good_matrix_with_semicolons_and_decimal_commas():
    content = "von_ags;nach_ags;minuten_auto;minuten_oepnv\n03459020;03459008;28,5;65\n03459008;03459020;29;70\n"
    matrix = parse_travel_matrix(content.encode("cp1252"), AGS)
    assert not matrix.problems
    assert [(origin, destination, float(car), float(public)) for origin, destination, car, public in matrix.rows] == [
        (1, 2, 28.5, 65.0),
        (2, 1, 29.0, 70.0),
    ]


def test_every_problem_is_reported_with_line_and_field():
    content = (
        "from_ags,to_ags,car_minutes,public_transport_minutes\n"
        "03459020,03459008,28,65\n"
        "0345902,03459008,28,65\n"
        "03459020,09999999,28,65\n"
        "03459020,03459008,abc,-5\n"
        "03459020,03459008,30,60\n"
        "03459020,03459008\n"
    )
    with translation.override("en"):
        problems = [str(problem) for problem in parse_travel_matrix(content.encode(), AGS).problems]
    assert problems == [
        "Line 3, from_ags: “0345902” is not an 8-digit AGS.",
        "Line 4, to_ags: No municipality of the district has the AGS 09999999.",
        "Line 5, car_minutes: “abc” is not a number.",
        "Line 5, public_transport_minutes: -5 minutes is outside 0 to 600.",
        "Line 6: The same pair as on line 2.",
        "Line 7: 2 fields instead of 4.",
    ]


def test_a_missing_column_is_named():
    problems = parse_travel_matrix(b"from_ags,to_ags,car_minutes\n", AGS).problems
    assert [problem.field for problem in problems] == ["public_transport_minutes"]


def upload(client, text, name="matrix.csv"):
    return client.post(reverse("language:travel_matrix"), {"file": SimpleUploadedFile(name, text.encode())})


def test_upload_is_all_or_nothing(world, client_as):
    here, there = world.municipality, world.other_municipality
    client = client_as(Role.INTEGRATION_OFFICE)
    good = f"from_ags,to_ags,car_minutes,public_transport_minutes\n{here.ags},{there.ags},31,75\n"
    assert upload(client, good).status_code == 302
    assert TravelTime.objects.count() == 1
    bad = good + f"{there.ags},{here.ags},xx,75\n"
    response = upload(client, bad)
    assert response.status_code == 200
    assert "3, car_minutes" in response.content.decode()
    assert TravelTime.objects.count() == 1  # the old matrix stays untouched
    assert float(TravelTime.objects.get().car_minutes) == 31


def test_the_matrix_is_used_where_it_has_the_pair_else_the_estimate(world):
    here, there = world.municipality, world.other_municipality
    TravelTime.objects.create(origin=here, destination=there, car_minutes=31, public_transport_minutes=75)
    travel = TravelTimes.load()
    assert travel(here.pk, there.pk, True) == 31
    assert travel(here.pk, there.pk, False) == 75
    assert travel.source(here.pk, there.pk) == "matrix"
    assert travel.source(there.pk, here.pk) == "estimate"
    expected = estimated_minutes(
        float(there.latitude), float(there.longitude), float(here.latitude), float(here.longitude), has_car=False
    )
    assert travel(there.pk, here.pk, False) == pytest.approx(expected, abs=0.1)
