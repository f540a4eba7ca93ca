from wegweiser.network.models import Organisation, OrganisationKind
from wegweiser.network.services import organisation_create
from wegweiser.territory.models import Municipality

# name, kind, based in, languages, served (name prefixes), services, opening hours, by appointment only, step-free
DEMO_ORGANISATIONS = [
    (
        "VHS Osnabrücker Land",
        OrganisationKind.COURSE_PROVIDER,
        "Melle",
        ["de", "en"],
        ["Melle", "Bissendorf"],
        "Integrationskurse, Berufssprachkurse, Alphabetisierung",
        "Mo–Do 8–16 Uhr",
        False,
        True,
    ),
    (
        "Deutschtreff-Netzwerk Ehrenamt",
        OrganisationKind.CLUB,
        "Bramsche",
        ["de", "ar", "uk"],
        ["Bramsche"],
        "Deutschtreffs, Begleitung zu Ämtern",
        "Mi 15–18 Uhr",
        False,
        False,
    ),
    (
        "Caritas Migrationsberatung",
        OrganisationKind.COUNSELLING,
        "Georgsmarienhütte",
        ["de", "ar", "fa", "ru"],
        ["Georgsmarienhütte", "Hasbergen", "Hagen"],
        "Migrationsberatung für Erwachsene (MBE)",
        "Di und Do 9–12 Uhr",
        True,
        True,
    ),
    (
        "Jugendmigrationsdienst",
        OrganisationKind.COUNSELLING,
        "Quakenbrück",
        ["de", "ar", "tr"],
        ["Quakenbrück", "Badbergen"],
        "Beratung für junge Menschen bis 27",
        "Mo–Fr 9–15 Uhr",
        False,
        True,
    ),
    (
        "MaßArbeit kAöR (Jobcenter)",
        OrganisationKind.JOBCENTER,
        "Bad Iburg",
        ["de", "en", "uk"],
        [],
        "Arbeitsvermittlung, Leistungen nach SGB II",
        "Mo–Fr 8–12:30 Uhr",
        True,
        True,
    ),
    (
        "IQ Anerkennungsberatung",
        OrganisationKind.COUNSELLING,
        "Bersenbrück",
        ["de", "en", "ar"],
        [],
        "",
        "",
        True,
        True,
    ),
    ("Familienzentrum Kita Regenbogen", OrganisationKind.KITA, "Belm", ["de", "tr"], ["Belm"], "", "", False, True),
    (
        "Ukrainischer Verein Osnabrücker Land",
        OrganisationKind.MIGRANT_ORGANISATION,
        "Dissen am Teutoburger Wald",
        ["uk", "ru", "de"],
        ["Dissen", "Bad Rothenfelde", "Glandorf"],
        "Elterncafé, Hausaufgabenhilfe, Begleitung zu Terminen",
        "Sa 10–14 Uhr",
        False,
        False,
    ),
    (
        "Ausländerbehörde Landkreis Osnabrück",
        OrganisationKind.IMMIGRATION_OFFICE,
        "Melle",
        ["de", "en"],
        [],
        "Aufenthaltstitel",
        "",
        True,
        True,
    ),
    (
        "Syrisch-Deutscher Kulturverein",
        OrganisationKind.MIGRANT_ORGANISATION,
        "Bramsche",
        ["ar", "ku", "de"],
        ["Bramsche", "Wallenhorst"],
        "Übersetzungshilfe, Frauentreff",
        "Fr 16–19 Uhr",
        False,
        False,
    ),
]


def _municipality(prefix: str):
    return Municipality.objects.local().filter(name__startswith=prefix).first()


def load_demo(*, out, **options) -> None:
    created = 0
    for name, kind, town, languages, served, offer, hours, appointment_only, step_free in DEMO_ORGANISATIONS:
        if Organisation.objects.filter(name=name).exists():
            continue
        organisation_create(
            actor=None,
            name=name,
            kind=kind,
            municipality=_municipality(town),
            email="",
            phone="",
            languages=languages,
            municipalities_served=[m for m in (_municipality(prefix) for prefix in served) if m],
            services=offer,
            opening_hours=hours,
            by_appointment_only=appointment_only,
            step_free=step_free,
            is_public=True,
        )
        created += 1
    out.write(f"network: {created} demo organisations added")
