"""The language pages on a 360 px phone screen: nothing sticks out sideways."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.language.models import (
    AbsenceFlag,
    EnrolmentStatus,
    Level,
    OfferKind,
    OfferPause,
    PlacementProposal,
    PlacementRun,
)
from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory, OfferSessionFactory
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"
LONG_TITLE = "Integrationskurs mit Alphabetisierung und Kinderbetreuung Melle-Gesmold (Vormittagsgruppe)"


def _log_in(page, username):
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"]')
    page.wait_for_load_state()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_language_pages_fit_a_360_px_screen(page, journey):
    world = build_world()
    today = timezone.localdate()
    offer = OfferFactory(
        title=LONG_TITLE,
        kind=OfferKind.INTEGRATION_COURSE,
        provider=world.provider,
        municipality=world.municipality,
        venue_name="Bürgerzentrum und Familienbildungsstätte Gesmold",
        venue_address="Schlossstraße 12a, 49326 Melle-Gesmold",
        levels=["alpha", Level.A1, Level.A2, Level.B1],
        support_languages=["uk", "ar", "fa", "ti"],
        contact_email="deutschkurse.vormittag@volkshochschule-melle.example",
        start_time=time(8, 30),
        end_time=time(12, 45),
        weekdays=[0, 1, 2, 3, 4],
    )
    session = OfferSessionFactory(offer=offer, date=today, start_time=time(8, 30), end_time=time(12, 45))
    for day in range(1, 10):
        OfferSessionFactory(offer=offer, date=today + timedelta(days=day))
    OfferPause.objects.create(
        offer=offer,
        paused_on=today - timedelta(days=60),
        reason="Genug Plätze in den Deutschtreffs der Nachbargemeinden während der Renovierung des Bürgerzentrums",
        resumed_on=today - timedelta(days=30),
    )
    enrolments = [
        EnrolmentFactory(
            offer=offer,
            learner=LearnerFactory(
                first_name="Oleksandra-Valentyna",
                last_name=f"Shevchenko-Bondarenko{index}",
                home_municipality=world.municipality,
                phone="+49 151 12345678",
                caseworker=world.user(Role.CASEWORKER),
            ),
        )
        for index in range(3)
    ]
    for enrolment in enrolments:
        AbsenceFlag.objects.create(enrolment=enrolment, missed_in_a_row=3, last_missed_on=today)
    other = OfferFactory(title=f"{LONG_TITLE} II", municipality=world.other_municipality, levels=[Level.A1])
    run = PlacementRun.objects.create(
        max_minutes=45,
        method="min-cost flow",
        learners=2,
        offers=2,
        seats=20,
        placed=1,
        total_travel_minutes=20,
        solve_seconds=0.01,
        travel_source="estimate+matrix",
    )
    proposals = []
    for index, proposed in enumerate((other, None)):
        learner = LearnerFactory(
            first_name="Mohammad-Abdulrahman",
            last_name=f"Al-Hashimi-Rahimzadeh{index}",
            home_municipality=world.municipality,
            level=Level.A1,
        )
        EnrolmentFactory(learner=learner, offer=None, status=EnrolmentStatus.WAITING)
        proposals.append(
            PlacementProposal.objects.create(
                run=run,
                learner=learner,
                offer=proposed,
                travel_minutes=38 if proposed else None,
                travel_source="estimate" if proposed else "",
                reason="placed_not_nearest" if proposed else "no_seat_in_reach",
                details={"level": "A1", "max_minutes": 45, "nearest_minutes": 15, "offers_in_reach": True},
                waiting_days=120,
            )
        )
    page.set_viewport_size({"width": 360, "height": 740})
    pages = [
        ("planung", "offer-list", "/language/offers/"),
        ("planung", "offer-detail", f"/language/offers/{offer.pk}/"),
        ("planung", "absence-list", "/language/absences/?mine=0"),
        ("planung", "placement-run", f"/language/placement/{run.pk}/?show=all"),
        ("kurs", "session-register", f"/language/sessions/{session.pk}/"),
    ]
    logged_in = None
    for username, label, path in pages:
        if username != logged_in:
            _log_in(page, username)
            logged_in = username
        page.goto(path)
        if label == "placement-run":
            # The choice of another offer, opened in the proposal's card, fits as well.
            card = page.locator(f"#proposal-{proposals[0].pk}")
            card.get_by_role("link", name="Anderes Angebot").click()
            card.locator(".change-options").wait_for()
        journey.snap(f"{label}-360px")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{label} is {width} px wide"
