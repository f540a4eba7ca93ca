from wegweiser.network.models import Organisation, OrganisationKind
from wegweiser.network.services import organisation_create
from wegweiser.territory.models import Municipality

DEMO_ORGANISATIONS = [
    ("VHS Osnabrücker Land", OrganisationKind.COURSE_PROVIDER, "Melle"),
    ("Deutschtreff-Netzwerk Ehrenamt", OrganisationKind.CLUB, "Bramsche"),
    ("Caritas Migrationsberatung", OrganisationKind.COUNSELLING, "Georgsmarienhütte"),
    ("Jugendmigrationsdienst", OrganisationKind.COUNSELLING, "Quakenbrück"),
    ("MaßArbeit kAöR (Jobcenter)", OrganisationKind.JOBCENTER, "Bad Iburg"),
    ("IQ Anerkennungsberatung", OrganisationKind.COUNSELLING, "Bersenbrück"),
    ("Familienzentrum Kita Regenbogen", OrganisationKind.KITA_SCHOOL, "Belm"),
    ("Ukrainischer Verein Osnabrücker Land", OrganisationKind.MIGRANT_ORGANISATION, "Dissen am Teutoburger Wald"),
]


def load_demo(*, out, **options) -> None:
    created = 0
    for name, kind, town in DEMO_ORGANISATIONS:
        if Organisation.objects.filter(name=name).exists():
            continue
        municipality = Municipality.objects.filter(name__startswith=town).first()
        organisation_create(actor=None, name=name, kind=kind, municipality=municipality, email="", phone="")
        created += 1
    out.write(f"network: {created} demo organisations added")
