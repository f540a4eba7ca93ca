"""The demo district's German offers load quickly, realistically and only once."""

import io

import pytest

from wegweiser.accounts.demo import load_demo as load_accounts
from wegweiser.casework import demo as casework_demo
from wegweiser.casework.models import Person
from wegweiser.language.demo import DEMO_OFFERS, FROM_PERSONS, LEARNERS, load_demo
from wegweiser.language.models import (
    AbsenceFlag,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Offer,
    OfferPause,
    OfferStatus,
)
from wegweiser.network.demo import load_demo as load_organisations
from wegweiser.territory.demo import load_demo as load_territory

pytestmark = pytest.mark.django_db


def test_demo_offers_learners_and_registers_load_once(monkeypatch, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    monkeypatch.setattr(casework_demo, "DEMO_PERSONS", 800)
    out = io.StringIO()
    load_territory(out=out)
    load_organisations(out=out)
    load_accounts(out=out)
    casework_demo.load_demo(out=out)  # runs before language's demo (INSTALLED_APPS order)
    load_demo(out=out)
    assert Offer.objects.count() == len(DEMO_OFFERS)
    paused = Offer.objects.filter(status=OfferStatus.PAUSED)
    assert paused.count() == sum(1 for row in DEMO_OFFERS if row[-1])
    assert OfferPause.objects.filter(resumed_on=None).count() == paused.count()
    assert not Enrolment.objects.filter(offer__in=paused, status=EnrolmentStatus.ENROLLED).exists()
    assert Learner.objects.count() == LEARNERS
    # Most learners are persons of the Migrationszentrum, enrolled from their record.
    linked = Learner.objects.filter(person__isnull=False).select_related("person")
    assert linked.count() == int(LEARNERS * FROM_PERSONS)
    for learner in linked:
        assert (learner.first_name, learner.last_name) == (learner.person.given_names, learner.person.family_names)
        assert learner.home_municipality_id == learner.person.municipality_id
    assert linked.filter(caseworker__isnull=False).exists()
    assert Person.objects.filter(learners__isnull=False).count() == linked.count()
    waiting = Enrolment.objects.filter(status=EnrolmentStatus.WAITING).count()
    assert waiting > 100
    assert Offer.objects.filter(title="Deutschtreff Melle-Gesmold", status=OfferStatus.PAUSED).exists()
    assert Attendance.objects.exists()
    for offer in Offer.objects.with_counts():
        assert offer.enrolled_count <= offer.capacity
    flags = AbsenceFlag.objects.count()

    load_demo(out=out)
    assert Offer.objects.count() == len(DEMO_OFFERS)
    assert Learner.objects.count() == LEARNERS
    assert AbsenceFlag.objects.count() == flags
