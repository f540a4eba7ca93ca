"""Aggregates for the Lagebild: counts per municipality, Samtgemeinde and district, small numbers suppressed,
no personal data.

The rule itself (`core.publication.publish_table`) is tested in core/tests/test_publication.py."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.casework.models import Need
from wegweiser.casework.selectors import casework_aggregates
from wegweiser.casework.tests.factories import CaseFactory, PersonFactory
from wegweiser.core.publication import CELLS, SECONDARY, SMALL, Cell, Publication
from wegweiser.territory.models import MunicipalityKind
from wegweiser.territory.tests.factories import MunicipalityFactory


def persons(municipality, nationalities, count):
    for _index in range(count):
        PersonFactory(municipality=municipality, nationalities=nationalities)


def test_counts_below_five_are_suppressed_per_municipality(world):
    for _index in range(6):
        case = CaseFactory(person=PersonFactory(municipality=world.municipality, nationalities=["UA"]))
        Need.objects.create(case=case, area="language", urgency="high")
    persons(world.municipality, ["ER"], 2)
    CaseFactory(
        person=PersonFactory(municipality=world.other_municipality, nationalities=["SY", "TR"]), status="closed"
    )
    figures = casework_aggregates()
    assert set(figures) == {"persons", "cases", "open_needs"}
    assert all(isinstance(figure, Publication) for figure in figures.values())
    melle, bramsche = world.municipality.pk, world.other_municipality.pk
    # Bramsche's single person is hidden; the district's 9 minus Melle's 8 would give it away, so Melle's total is
    # hidden too (the district's stays).
    assert figures["persons"].values("municipality") == {melle: None, bramsche: None}
    assert figures["persons"]["municipality"][bramsche] == Cell(None, SMALL)
    assert figures["persons"]["municipality"][melle].reason == SECONDARY
    # 8 persons minus 6 Ukrainians would give away the 2 Eritreans: the Ukrainians are hidden too, and with them
    # the district's Ukrainians (all of them in Melle).
    assert figures["persons"].values("nationality_by_municipality") == {
        (melle, "UA"): None,
        (melle, "ER"): None,
        (bramsche, "SY"): None,
        (bramsche, "TR"): None,
    }
    assert figures["persons"]["nationality"]["UA"] == Cell(None, SECONDARY, protects=(CELLS, (melle, ("UA",))))
    assert figures["persons"]["nationality_by_municipality"][(melle, "ER")] == Cell(None, SMALL)
    assert figures["persons"].values("district") == {"district": 9}
    # The district's 7 cases minus Melle's 6 open ones would give Bramsche's one closed case.
    assert figures["cases"].values(CELLS) == {(melle, "open"): None, (bramsche, "closed"): None}
    assert figures["cases"].values("district") == {"district": 7}
    assert figures["open_needs"].values(CELLS) == {(melle, "language"): 6}


def test_a_samtgemeinde_minus_its_other_member_does_not_give_a_small_member_away(world):
    """Bippen's 3 people are hidden; Fürstenau's 40 would give them away as the Samtgemeinde's 43 minus 40,
    so Fürstenau is hidden too, while the Samtgemeinde and the district stay shown."""
    samtgemeinde = MunicipalityFactory(
        district=world.district, name="SG Fürstenau", kind=MunicipalityKind.SAMTGEMEINDE, ags=None
    )
    bippen = MunicipalityFactory(district=world.district, name="Bippen", samtgemeinde=samtgemeinde)
    fuerstenau = MunicipalityFactory(district=world.district, name="Fürstenau", samtgemeinde=samtgemeinde)
    persons(bippen, ["UA"], 3)
    persons(fuerstenau, ["UA"], 40)
    persons(world.municipality, ["UA"], 20)
    figures = casework_aggregates()["persons"]
    assert figures.values("municipality") == {bippen.pk: None, fuerstenau.pk: None, world.municipality.pk: 20}
    assert figures["municipality"][fuerstenau.pk].reason == SECONDARY
    assert figures.values("samtgemeinde") == {samtgemeinde.pk: 43}
    assert figures.values("district") == {"district": 63}
    # A remit of the Samtgemeinde (with its members) sees the Samtgemeinde and its members, hidden as above.
    theirs = casework_aggregates(municipality_ids={samtgemeinde.pk, bippen.pk, fuerstenau.pk})["persons"]
    assert theirs.values("municipality") == {bippen.pk: None, fuerstenau.pk: None}
    assert theirs.values("samtgemeinde") == {samtgemeinde.pk: 43}
    assert theirs["district"] == {}


def test_a_remit_sees_its_part_of_the_district_s_suppression(world):
    """The municipal manager's Melle is cut out of the district's publication, not published on its own: a
    Melle count hidden to protect Bramsche stays hidden for them too."""
    persons(world.municipality, ["UA"], 9)
    persons(world.municipality, ["SY"], 6)
    persons(world.other_municipality, ["SY"], 2)
    whole = casework_aggregates()["persons"]
    mine = casework_aggregates(municipality_ids={world.municipality.pk})["persons"]
    assert set(mine["municipality"]) == {world.municipality.pk}
    assert mine["district"] == {}
    assert mine["nationality"] == {}
    assert mine["nationality_by_municipality"] == {
        key: cell for key, cell in whole["nationality_by_municipality"].items() if key[0] == world.municipality.pk
    }
    # Alone, Melle's Syrians (6) would be shown; the district's 8 Syrians minus them would give Bramsche's 2.
    assert mine["nationality_by_municipality"][(world.municipality.pk, "SY")].reason == SECONDARY


def test_aggregates_hold_only_numbers(world):
    PersonFactory(municipality=world.municipality)
    PersonFactory(municipality=world.other_municipality)
    figures = casework_aggregates(municipality_ids={world.municipality.pk})
    for figure in figures.values():
        for grouping in [CELLS, *figure.groupings]:
            assert all(cell.value is None or isinstance(cell.value, int) for cell in figure[grouping].values())


def test_a_single_hidden_count_hides_the_next_smallest_one_too(world):
    for nationality, count in (("UA", 9), ("SY", 6), ("ER", 2)):
        persons(world.municipality, [nationality], count)
    figures = casework_aggregates()["persons"]
    melle = world.municipality.pk
    assert figures.values("municipality") == {melle: 17}
    assert figures.values("nationality_by_municipality") == {(melle, "UA"): 9, (melle, "SY"): None, (melle, "ER"): None}


def test_hidden_counts_that_would_all_be_one_drop_the_total(world):
    for nationality in ("UA", "SY", "ER", "AF", "IQ"):
        PersonFactory(municipality=world.municipality, nationalities=[nationality])
    figures = casework_aggregates()["persons"]
    assert figures.values("municipality") == {world.municipality.pk: None}
    assert set(figures.values("nationality_by_municipality").values()) == {None}


def test_a_person_with_two_nationalities_counts_under_each(world):
    persons(world.municipality, ["UA", "RU"], 6)
    persons(world.municipality, ["UA"], 7)
    figures = casework_aggregates()["persons"]
    melle = world.municipality.pk
    assert figures.values("municipality") == {melle: 13}
    assert figures.values("nationality_by_municipality") == {(melle, "RU"): 6, (melle, "UA"): 13}


def test_the_counting_is_done_in_the_database(world):
    for _index in range(12):
        CaseFactory(person=PersonFactory(municipality=world.municipality, nationalities=["UA"]))
    with CaptureQueriesContext(connection) as queries:
        casework_aggregates()
    counting = [query["sql"] for query in queries if "casework_" in query["sql"]]
    assert len(counting) == 3
    assert all("GROUP BY" in sql and "COUNT(" in sql for sql in counting)
    assert len(queries) == 4  # and the Samtgemeinden of the municipalities


def test_the_api_gives_a_municipal_manager_melle_as_the_district_publishes_it(world, client_as):
    persons(world.municipality, ["UA"], 9)
    persons(world.municipality, ["SY"], 6)
    persons(world.other_municipality, ["SY"], 2)
    response = client_as(Role.MUNICIPAL_MANAGER).get(reverse("api:casework_aggregates"))
    assert response.status_code == 200
    assert response.json() == [
        {
            "municipality_id": world.municipality.pk,
            "persons": None,  # the district minus Melle would give Bramsche
            "cases_by_status": {},
            "open_needs_by_area": {},
            # Melle's 15 minus its 9 Ukrainians would give its Syrians, and the district's Syrians minus those
            # Bramsche's 2: Melle's Ukrainians are hidden in the district's publication, so here too.
            "persons_by_nationality": {"SY": None, "UA": None},
        }
    ]
