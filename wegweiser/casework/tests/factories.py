from datetime import timedelta

import factory
from django.utils import timezone

from wegweiser.casework.models import (
    Appointment,
    Case,
    Consent,
    ConsentForm,
    ConsentPurpose,
    Location,
    Person,
    Referral,
    ShortageOccupation,
)
from wegweiser.casework.names import person_name_key
from wegweiser.core.partial_dates import PartialDate
from wegweiser.territory.tests.factories import MunicipalityFactory


class PersonFactory(factory.django.DjangoModelFactory):
    """A person as the services would store them (the name key is computed the same way)."""

    class Meta:
        model = Person

    given_names = factory.Sequence(lambda n: ["Oleksandr", "Yuliia", "Mohammed", "Fatima", "Ahmad"][n % 5])
    family_names = factory.Sequence(lambda n: f"Testperson{chr(97 + n % 26)}{chr(97 + n // 26 % 26)}")
    given_names_original = ""
    family_names_original = ""
    birth_date = factory.LazyFunction(lambda: PartialDate(1990))
    municipality = factory.SubFactory(MunicipalityFactory)
    nationalities = factory.LazyFunction(lambda: ["UA"])
    languages = factory.LazyFunction(lambda: [{"code": "uk", "level": "native"}])
    preferred_language = "uk"
    name_key = factory.LazyAttribute(
        lambda p: person_name_key(p.given_names, p.family_names, p.given_names_original, p.family_names_original)
    )


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    opened_on = factory.LazyFunction(timezone.localdate)


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    name = factory.Sequence(lambda n: f"Migrationszentrum Standort {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    person = factory.SubFactory(PersonFactory)
    location = factory.SubFactory(LocationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(minute=0, second=0, microsecond=0))
    ends_at = factory.LazyAttribute(lambda a: a.starts_at + timedelta(minutes=30))
    topic = "Beratung"


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    purpose = ConsentPurpose.SHARE_PARTNER
    given_on = factory.LazyFunction(timezone.localdate)
    form = ConsentForm.WRITTEN
    language = "uk"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    person = factory.SubFactory(PersonFactory)
    offer_kind = "language"
    message = "Sucht einen Integrationskurs am Vormittag."


class ShortageOccupationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShortageOccupation
        django_get_or_create = ("title",)

    title = "Pflegefachkraft"
    keywords = "nurse, nursing, Krankenpflege, медсестра"
    recognition_required = True
