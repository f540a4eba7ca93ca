import factory

from wegweiser.territory.models import District, Municipality, MunicipalityKind


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("ags",)

    ags = "03459"
    name = "Landkreis Osnabrück"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    district = factory.SubFactory(DistrictFactory)
    # Gemeinde numbers from 100 up and associations from 9000 up: no real municipality of Landkreis Osnabrück
    # has them, so tests can load the real register beside factory-made municipalities.
    regional_key = factory.Sequence(lambda n: f"034599{n // 900 % 1000:03d}{n % 900 + 100:03d}")
    ags = factory.LazyAttribute(lambda m: m.regional_key[:5] + m.regional_key[-3:])
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    kind = MunicipalityKind.GEMEINDE
    population = 10000
    latitude = factory.Sequence(lambda n: 52.2 + (n % 20) * 0.02)
    longitude = factory.Sequence(lambda n: 7.9 + (n % 20) * 0.03)
