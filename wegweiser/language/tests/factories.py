from datetime import time, timedelta

import factory
from django.utils import timezone

from wegweiser.language.models import (
    Enrolment,
    EnrolmentStatus,
    Learner,
    Level,
    Offer,
    OfferKind,
    OfferSession,
    OfferStatus,
)
from wegweiser.network.tests.factories import OrganisationFactory
from wegweiser.territory.tests.factories import MunicipalityFactory


class OfferFactory(factory.django.DjangoModelFactory):
    """An active weekly offer; its sessions are not generated (use services.offer_create for that)."""

    class Meta:
        model = Offer

    title = factory.Sequence(lambda n: f"Deutschtreff {n}")
    kind = OfferKind.DEUTSCHTREFF
    provider = factory.SubFactory(OrganisationFactory)
    status = OfferStatus.ACTIVE
    municipality = factory.SubFactory(MunicipalityFactory)
    venue_name = "Gemeindehaus"
    levels = factory.LazyFunction(lambda: [Level.A1, Level.A2])
    capacity = 12
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=150))
    weekdays = factory.LazyFunction(lambda: [1, 3])
    start_time = time(17, 0)
    end_time = time(18, 30)


class LearnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Learner

    first_name = factory.Sequence(lambda n: f"Olena{n}")
    last_name = factory.Sequence(lambda n: f"Kovalenko{n}")
    home_municipality = factory.SubFactory(MunicipalityFactory)
    level = Level.A1
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3, 4])


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    learner = factory.SubFactory(LearnerFactory)
    offer = factory.SubFactory(OfferFactory)
    status = EnrolmentStatus.ENROLLED
    seat_kind = factory.LazyAttribute(lambda e: e.offer.seat_kind if e.offer else "")
    requested_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=20))
    enrolled_at = factory.LazyAttribute(lambda e: e.requested_at if e.status == EnrolmentStatus.ENROLLED else None)


class OfferSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferSession

    offer = factory.SubFactory(OfferFactory)
    date = factory.LazyFunction(timezone.localdate)
    start_time = time(17, 0)
    end_time = time(18, 30)
