"""Repeated absence in German courses reaches the caseworker's home page: the learners they look after (as
the learner's caseworker, or through an open case of the person), within their remit, in bounded queries."""

from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.permissions import ROLE_PERMISSIONS, Perm
from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.casework.models import CaseStatus
from wegweiser.casework.tests.factories import CaseFactory, PersonFactory
from wegweiser.language import services as language_services
from wegweiser.language.models import AbsenceFlag
from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory, OfferSessionFactory

SECTION = "Missed German sessions"


def _flag(learner, *, last_missed_on=None, offer=None):
    enrolment = EnrolmentFactory(learner=learner, **({"offer": offer} if offer else {}))
    return AbsenceFlag.objects.create(
        enrolment=enrolment, missed_in_a_row=3, last_missed_on=last_missed_on or timezone.localdate()
    )


def _person_with_case(municipality, caseworker, *, status=CaseStatus.OPEN):
    person = PersonFactory(municipality=municipality)
    CaseFactory(person=person, caseworker=caseworker, status=status)
    return person


def _rows(response):
    return [flag for flag, _link in response.context["absences"]["rows"]]


def test_a_caseworker_sees_the_missed_sessions_of_the_learners_they_look_after(world, client_as):
    caseworker = world.user(Role.CASEWORKER)
    colleague = UserFactory(username="beratung2", role=Role.CASEWORKER)
    here = world.municipality

    # Flagged by the register itself: three sessions missed in a row.
    offer = OfferFactory(provider=world.provider, municipality=here, title="Deutschtreff Melle")
    mine = LearnerFactory(first_name="Olena", last_name="Own", home_municipality=here, caseworker=caseworker)
    enrolment = EnrolmentFactory(learner=mine, offer=offer)
    for weeks in (2, 1, 0):
        session = OfferSessionFactory(offer=offer, date=timezone.localdate() - timedelta(days=7 * weeks))
        language_services.attendance_set(
            actor=world.user(Role.COURSE_PROVIDER), session=session, enrolment=enrolment, present=False
        )
    # No caseworker named on the learner record, but the person's case is the caseworker's (on hold is not closed).
    through_case = LearnerFactory(
        first_name="Taras",
        last_name="Case",
        home_municipality=here,
        person=_person_with_case(here, caseworker, status=CaseStatus.ON_HOLD),
    )
    flag_through_case = _flag(through_case, last_missed_on=date(2026, 3, 9))
    # Not theirs: a colleague's learner, a colleague's case, a closed case, and an absence already followed up.
    _flag(LearnerFactory(last_name="Colleague", home_municipality=here, caseworker=colleague))
    _flag(LearnerFactory(last_name="ColleagueCase", home_municipality=here, person=_person_with_case(here, colleague)))
    closed = _person_with_case(here, caseworker, status=CaseStatus.CLOSED)
    _flag(LearnerFactory(last_name="Closed", home_municipality=here, person=closed))
    followed_up = _flag(LearnerFactory(last_name="FollowedUp", home_municipality=here, caseworker=caseworker))
    language_services.absence_flag_resolve(actor=caseworker, flag=followed_up, note="Called")

    response = client_as(Role.CASEWORKER).get(reverse("casework:home"))
    html = response.content.decode()
    own_flag = AbsenceFlag.objects.get(enrolment=enrolment)
    assert _rows(response) == [flag_through_case, own_flag]  # newest first
    assert SECTION in html
    for name in ("Colleague", "ColleagueCase", "Closed", "FollowedUp"):
        assert f" {name}<" not in html
    # A learner with a person record leads to the person's page, one without to the learner's page.
    assert f'href="{reverse("casework:person_detail", args=[through_case.person_id])}">Taras Case</a>' in html
    assert f'href="{reverse("language:learner_detail", args=[mine.pk])}">Olena Own</a>' in html
    assert "Deutschtreff Melle" in html
    assert ">03/09/2026<" in html  # the short date of the reader's language
    assert reverse("language:absence_list") in html
    assert "Show all missed sessions" not in html

    # "Show all" leads to the absence list's "my learners" tab, which holds the same people.
    listed = client_as(Role.CASEWORKER).get(reverse("language:absence_list"), {"mine": "1"})
    assert list(listed.context["flags"]) == [flag_through_case, own_flag]

    client = client_as(Role.CASEWORKER)
    client.force_login(colleague)
    seen_by_colleague = _rows(client.get(reverse("casework:home")))
    assert {flag.enrolment.learner.last_name for flag in seen_by_colleague} == {"Colleague", "ColleagueCase"}


def test_the_last_missed_date_is_shown_as_a_german_office_writes_it(world, client_as):
    learner = LearnerFactory(home_municipality=world.municipality, caseworker=world.user(Role.CASEWORKER))
    _flag(learner, last_missed_on=date(2026, 3, 9))
    client = client_as(Role.CASEWORKER)
    html = client.get(reverse("casework:home"), headers={"Accept-Language": "de"}).content.decode()
    assert "Fehlzeiten im Deutschkurs" in html
    assert ">09.03.2026<" in html


def test_a_municipal_manager_sees_no_missed_sessions_from_another_municipality(world, client_as):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    theirs = _flag(LearnerFactory(last_name="Melle", home_municipality=world.municipality, caseworker=manager))
    # Named as caseworker, or owning the person's open case, but the learner lives outside the manager's remit.
    _flag(LearnerFactory(last_name="Outside", home_municipality=world.other_municipality, caseworker=manager))
    elsewhere = _person_with_case(world.other_municipality, manager)
    _flag(LearnerFactory(last_name="OutsideCase", home_municipality=world.other_municipality, person=elsewhere))
    # Living here, with a person record in the other municipality: listed, but the link goes to the learner page.
    moved = _flag(
        LearnerFactory(
            last_name="Moved",
            home_municipality=world.municipality,
            person=_person_with_case(elsewhere.municipality, manager),
        )
    )

    response = client_as(Role.MUNICIPAL_MANAGER).get(reverse("casework:home"))
    html = response.content.decode()
    assert set(_rows(response)) == {theirs, moved}
    assert "Outside<" not in html
    assert "OutsideCase" not in html
    assert reverse("casework:person_detail", args=[moved.enrolment.learner.person_id]) not in html
    assert reverse("language:learner_detail", args=[moved.enrolment.learner_id]) in html


def test_the_section_is_absent_for_a_role_that_may_not_see_absences(world, client_as, monkeypatch):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    _flag(LearnerFactory(last_name="Hidden", home_municipality=world.municipality, caseworker=manager))
    client = client_as(Role.MUNICIPAL_MANAGER)
    assert SECTION in client.get(reverse("casework:home")).content.decode()

    # Every role that opens this page may manage enrolments today; a role that opens it without that permission
    # must not see the section.
    monkeypatch.setitem(
        ROLE_PERMISSIONS, Role.MUNICIPAL_MANAGER, ROLE_PERMISSIONS[Role.MUNICIPAL_MANAGER] - {Perm.ENROLMENTS_MANAGE}
    )
    response = client.get(reverse("casework:home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["absences"] is None
    assert SECTION not in html
    assert "Hidden" not in html
    assert reverse("language:absence_list") not in html


def test_without_missed_sessions_the_section_says_so(world, client_as):
    html = client_as(Role.CASEWORKER).get(reverse("casework:home")).content.decode()
    assert SECTION in html
    assert "None of your learners has missed several sessions in a row." in html


def test_the_home_page_reads_missed_sessions_in_the_same_number_of_queries_for_1_or_15(
    world, client_as, django_assert_max_num_queries
):
    caseworker = world.user(Role.CASEWORKER)

    def flag_another():
        # Each with its own offer, provider, person and case, so a missing join would cost a query per row.
        return _flag(
            LearnerFactory(
                home_municipality=world.municipality, person=_person_with_case(world.municipality, caseworker)
            ),
            offer=OfferFactory(municipality=world.municipality),
        )

    flag_another()
    client = client_as(Role.CASEWORKER)
    with CaptureQueriesContext(connection) as one:
        response = client.get(reverse("casework:home"))
    assert len(_rows(response)) == 1
    assert len(one) <= 14

    newest = [flag_another() for _index in range(14)][-1]
    with django_assert_max_num_queries(len(one)):
        response = client.get(reverse("casework:home"))
    rows = _rows(response)
    assert len(rows) == 10
    assert rows[0] == newest
    assert "Show all missed sessions" in response.content.decode()
