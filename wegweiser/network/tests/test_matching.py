"""The matching order and its reasons (network/matching.py, no database)."""

import datetime

from wegweiser.network import matching
from wegweiser.network.matching import Candidate, Need, Slot, rank

MELLE, BRAMSCHE = 1, 2
TUESDAY_AFTERNOON = Slot(1, datetime.time(15), datetime.time(17))


def volunteer(number, name, languages, home, *, helps_in=(), roles=("mentor",), consent=True, slots=()):
    return Candidate(
        volunteer_id=number,
        name=name,
        languages=frozenset(languages),
        municipality_id=home,
        helps_in=frozenset(helps_in),
        roles=frozenset(roles),
        consent_to_contact=consent,
        slots=tuple(slots),
    )


NEED = Need(role="mentor", language="uk", municipality_id=MELLE, slots=(TUESDAY_AFTERNOON,))


def test_language_before_place_before_time():
    candidates = [
        volunteer(1, "Anna", ["de"], MELLE, slots=[TUESDAY_AFTERNOON]),  # bridge language only, at home, time
        volunteer(2, "Bohdan", ["uk"], BRAMSCHE, slots=[TUESDAY_AFTERNOON]),  # language, far away
        volunteer(3, "Iryna", ["uk", "ru"], MELLE, slots=[Slot(1, datetime.time(16), datetime.time(18))]),
        volunteer(4, "Oksana", ["uk"], MELLE, slots=[TUESDAY_AFTERNOON]),  # language, home, two hours
        volunteer(5, "Taras", ["uk"], BRAMSCHE, helps_in=[MELLE]),  # language, helps in Melle, no time
    ]
    ranked = rank(NEED, candidates)
    assert [r.candidate.name for r in ranked] == ["Oksana", "Iryna", "Taras", "Bohdan", "Anna"]
    assert ranked[0].reasons == (matching.LANGUAGE_EXACT, matching.PLACE_HOME, matching.TIME_OVERLAP)
    assert ranked[0].overlap_minutes == 120
    assert ranked[1].overlap_minutes == 60
    assert ranked[2].reasons == (matching.LANGUAGE_EXACT, matching.PLACE_SERVED, matching.TIME_NONE)
    assert ranked[3].reasons[1] == matching.PLACE_FAR
    assert ranked[4].reasons[0] == matching.LANGUAGE_BRIDGE


def test_who_cannot_take_the_need_is_left_out():
    candidates = [
        volunteer(1, "Without consent", ["uk"], MELLE, consent=False),
        volunteer(2, "Other role", ["uk"], MELLE, roles=["interpreter"]),
        volunteer(3, "No shared language", ["ar"], MELLE),
        volunteer(4, "Fits", ["uk"], MELLE),
    ]
    assert [r.candidate.name for r in rank(NEED, candidates)] == ["Fits"]


def test_equal_candidates_keep_a_stable_order_by_name():
    candidates = [volunteer(2, "Zoya", ["uk"], MELLE), volunteer(1, "Alla", ["uk"], MELLE)]
    assert [r.candidate.name for r in rank(NEED, candidates)] == ["Alla", "Zoya"]


def test_every_reason_has_words():
    codes = {value for name, value in vars(matching).items() if name.isupper() and isinstance(value, str)}
    assert codes <= set(matching.REASON_TEXT)


def test_candidates_from_the_database_leave_out_blocked_roles_and_other_remits(world):
    from wegweiser.accounts.roles import Role
    from wegweiser.network import services
    from wegweiser.network.selectors import volunteer_candidates_for_user

    def make(first, municipality, certificate):
        created = services.volunteer_create(
            actor=None,
            first_name=first,
            last_name="Test",
            municipality=municipality,
            languages=["uk"],
            consent_to_contact=True,
        )
        services.volunteer_role_set(actor=None, volunteer=created, kind="mentor", police_certificate_on=certificate)
        services.availability_add(
            actor=None, volunteer=created, weekday=1, starts_at=datetime.time(15), ends_at=datetime.time(17)
        )
        return created

    make("Current", world.municipality, datetime.date.today() - datetime.timedelta(days=30))
    make("Expired", world.municipality, datetime.date(2015, 1, 1))
    make("Elsewhere", world.other_municipality, datetime.date.today() - datetime.timedelta(days=30))
    need = Need(role="mentor", language="uk", municipality_id=world.municipality.pk, slots=(TUESDAY_AFTERNOON,))
    manager = volunteer_candidates_for_user(world.user(Role.MUNICIPAL_MANAGER), need)
    assert [r.candidate.name for r in manager] == ["Current Test"]
    office = volunteer_candidates_for_user(world.user(Role.INTEGRATION_OFFICE), need)
    assert [r.candidate.name for r in office] == ["Current Test", "Elsewhere Test"]
    assert office[1].reasons[1] == matching.PLACE_FAR


def test_the_coordinator_sees_the_candidates_in_order_with_their_reasons(world, client):
    from django.urls import reverse

    from wegweiser.accounts.roles import Role
    from wegweiser.network import services

    for first, languages, home in [("Mariam", ["ar", "de"], world.municipality), ("Iryna", ["uk"], world.municipality)]:
        created = services.volunteer_create(
            actor=None,
            first_name=first,
            last_name="Test",
            municipality=home,
            languages=languages,
            consent_to_contact=True,
        )
        services.volunteer_role_set(actor=None, volunteer=created, kind="interpreter")
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    page = client.get(
        reverse("network:volunteer_match"),
        {"role": "interpreter", "language": "uk", "municipality": world.municipality.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    iryna, mariam = page.index("Iryna Test"), page.index("Mariam Test")
    assert iryna < mariam
    assert "speaks the language needed; lives in the municipality" in page
    assert "shares a bridge language only" in page
