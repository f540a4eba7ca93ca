import datetime

from wegweiser.network.models import Organisation, OrganisationKind, Volunteer, VolunteerRoleKind
from wegweiser.network.services import (
    availability_add,
    hours_log,
    organisation_create,
    volunteer_create,
    volunteer_role_set,
)
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


# first, last, lives in, languages, skills, roles with certificate date (None: none needed or missing), slots
DEMO_VOLUNTEERS = [
    (
        "Iryna",
        "Bondarenko",
        "Melle",
        ["uk", "ru", "de"],
        "Lehrerin, Mathe-Nachhilfe",
        [(VolunteerRoleKind.MENTOR, datetime.date(2022, 2, 1)), (VolunteerRoleKind.INTERPRETER, None)],
        [(1, 15, 18), (3, 15, 18)],
    ),
    (
        "Mariam",
        "Haddad",
        "Bramsche",
        ["ar", "de", "en"],
        "Pflegekraft, begleitet zu Ärzten",
        [(VolunteerRoleKind.ACCOMPANYING, None), (VolunteerRoleKind.INTERPRETER, None)],
        [(0, 9, 12)],
    ),
    (
        "Klaus",
        "Meyer",
        "Bramsche",
        ["de"],
        "Rentner, leitet einen Deutschtreff",
        [(VolunteerRoleKind.DEUTSCHTREFF_HOST, None)],
        [(2, 16, 18)],
    ),
    (
        "Elena",
        "Wagner",
        "Georgsmarienhütte",
        ["de", "ru"],
        "Studentin",
        [(VolunteerRoleKind.HOMEWORK_HELP, datetime.date(2021, 12, 20))],
        [(1, 14, 16), (4, 14, 16)],
    ),
    (
        "Ahmad",
        "Rahimi",
        "Quakenbrück",
        ["fa", "ps", "de"],
        "Elektriker",
        [(VolunteerRoleKind.HOMEWORK_HELP, None)],
        [(5, 10, 13)],
    ),
]


def _load_volunteers() -> int:
    created = 0
    for first, last, town, languages, skills, roles, slots in DEMO_VOLUNTEERS:
        if Volunteer.objects.filter(first_name=first, last_name=last).exists():
            continue
        home = _municipality(town)
        if home is None:
            continue
        volunteer = volunteer_create(
            actor=None,
            first_name=first,
            last_name=last,
            municipality=home,
            municipalities=[home],
            languages=languages,
            skills=skills,
            travel_km=15,
            consent_to_contact=True,
        )
        for kind, certificate in roles:
            volunteer_role_set(actor=None, volunteer=volunteer, kind=kind, police_certificate_on=certificate)
        for weekday, start, end in slots:
            availability_add(
                actor=None,
                volunteer=volunteer,
                weekday=weekday,
                starts_at=datetime.time(start),
                ends_at=datetime.time(end),
            )
        hours_log(actor=None, volunteer=volunteer, role=roles[0][0], day=datetime.date(2026, 11, 4), minutes=120)
        created += 1
    return created


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
    volunteers = _load_volunteers()
    out.write(f"network: {created} demo organisations and {volunteers} volunteers added")
