"""Demo data for the Migrationszentrum: 2,500 newcomers in households, with cases, plans, appointments,
consents and referrals, spread over the district's municipalities.

Loaded in bulk (a few seconds) and only once; a later run only adds the coming days' appointments when they
are missing, so the front desk always has a day to show. Names come from `name_corpus` (realistic names in
their scripts) when it is there, otherwise from a short list below.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from wegweiser.accounts.models import User
from wegweiser.accounts.roles import Role
from wegweiser.casework.models import (
    Appointment,
    AppointmentKind,
    Case,
    CaseStatus,
    CaseTask,
    Consent,
    ConsentForm,
    ConsentPurpose,
    FamilyLink,
    Goal,
    Household,
    Location,
    Need,
    NeedArea,
    Note,
    OfferKind,
    Person,
    Qualification,
    RecognitionStatus,
    Referral,
    ReferralStatus,
    ResidenceStatus,
    ShortageOccupation,
    WorkExperience,
)
from wegweiser.casework.names import person_name_key
from wegweiser.core.partial_dates import PartialDate
from wegweiser.network.models import Organisation
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import remit_for_user

DEMO_PERSONS = 2500
SEED = 20260301

LOCATIONS = [
    ("Migrationszentrum Georgsmarienhütte", "Georgsmarienhütte", "Oeseder Straße 85"),
    ("Sprechstunde Rathaus Melle", "Melle", "Markt 22"),
    ("Sprechstunde Bramsche", "Bramsche", "Hasestraße 11"),
    ("Sprechstunde Quakenbrück", "Quakenbrück", "Marktstraße 1"),
]

SHORTAGE_OCCUPATIONS = [
    ("Pflegefachkraft", "81302", "nurse, nursing, Krankenpflege, Krankenschwester, Pflege, медсестра", True),
    ("Altenpfleger/in", "82102", "Altenpflege, elderly care, caregiver", True),
    ("Erzieher/in", "83112", "Kita, educator, teacher, Lehrer, вихователь", True),
    ("Berufskraftfahrer/in", "52122", "Lkw-Fahrer, truck driver, driver, Fahrer, водій", False),
    ("Elektroniker/in", "26212", "Elektriker, electrician, електрик", True),
    ("Anlagenmechaniker/in SHK", "34212", "Installateur, plumber, Sanitär, сантехнік", False),
    ("Koch/Köchin", "29302", "cook, chef, Küche, кухар", False),
    ("Zahnmedizinische/r Fachangestellte/r", "81112", "dental assistant, Zahnarzthelfer", True),
    ("Mechatroniker/in", "26112", "mechatronics, Kfz, mechanic, механік", False),
    ("Fachkraft für Lagerlogistik", "51312", "warehouse, Lager, logistics, склад", False),
    ("Softwareentwickler/in", "43412", "software, developer, Informatik, programmer, програміст", False),
]

# Origin key of name_corpus -> residence statuses (with weights), languages (when the corpus names none).
ORIGIN_FACTS = {
    "ukrainian": ([("temporary_protection", 9), ("skilled_worker", 1)], ["uk", "ru"]),
    "russian": ([("temporary_protection", 4), ("asylum_procedure", 3), ("skilled_worker", 3)], ["ru"]),
    "syrian": ([("recognised_refugee", 5), ("subsidiary_protection", 4), ("naturalised", 1)], ["ar"]),
    "iraqi": ([("subsidiary_protection", 4), ("asylum_procedure", 3), ("toleration", 2)], ["ar", "ckb"]),
    "afghan": ([("asylum_procedure", 4), ("toleration", 3), ("recognised_refugee", 3)], ["prs", "ps"]),
    "kurdish": ([("asylum_procedure", 4), ("recognised_refugee", 3), ("subsidiary_protection", 3)], ["kmr", "tr"]),
    "turkish": ([("asylum_procedure", 5), ("skilled_worker", 3), ("family_reunion", 2)], ["tr"]),
    "romanian": ([("eu_citizen", 1)], ["ro"]),
    "eritrean": ([("recognised_refugee", 6), ("asylum_procedure", 2), ("family_reunion", 2)], ["ti"]),
    "german": ([("naturalised", 1)], ["de"]),
}

QUALIFICATIONS = [
    ("academic", "Bachelor of Nursing", "Nursing"),
    ("vocational", "Elektriker", "Elektrotechnik"),
    ("academic", "Lehramt Grundschule", "Pädagogik"),
    ("academic", "Master Informatik", "Informatik"),
    ("vocational", "Koch", "Gastronomie"),
    ("vocational", "Kfz-Mechaniker", "Kfz-Technik"),
    ("academic", "Zahnmedizin", "Medizin"),
    ("school", "Abitur (Attestat)", ""),
]
OCCUPATIONS = ["Truck driver", "Warehouse worker", "Kindergarten teacher", "Cook", "Plumber", "Nurse", "Programmer"]
NOTES = [
    "Erstgespräch mit Dolmetscherin geführt; Unterlagen vollständig.",
    "Wohnungssuche läuft, Termin bei der Wohnungsbaugenossenschaft vereinbart.",
    "Integrationskurs beantragt, Wartezeit etwa acht Wochen.",
    "Kinder brauchen Kita-Platz; Anmeldung über das Kita-Portal erklärt.",
    "Anerkennungsverfahren besprochen, Zeugnisse werden übersetzt.",
]
GOALS = {
    NeedArea.LANGUAGE: "Sprachniveau B1 erreichen",
    NeedArea.HOUSING: "Eigene Wohnung finden",
    NeedArea.WORK: "Arbeitsaufnahme im erlernten Beruf",
    NeedArea.RECOGNITION: "Anerkennung des Abschlusses",
    NeedArea.CHILDREN: "Kita- bzw. Schulplatz für die Kinder",
    NeedArea.HEALTH: "Hausarzt finden",
    NeedArea.RESIDENCE: "Aufenthalt verlängern",
    NeedArea.BENEFITS: "Leistungen klären",
    NeedArea.PSYCHOSOCIAL: "Anbindung an psychosoziale Beratung",
}
OFFER_FOR_AREA = {
    NeedArea.LANGUAGE: (OfferKind.LANGUAGE, "VHS Osnabrücker Land"),
    NeedArea.CHILDREN: (OfferKind.KITA, "Familienzentrum Kita Regenbogen"),
    NeedArea.WORK: (OfferKind.JOBCENTER, "MaßArbeit kAöR (Jobcenter)"),
    NeedArea.RECOGNITION: (OfferKind.RECOGNITION, "IQ Anerkennungsberatung"),
    NeedArea.PSYCHOSOCIAL: (OfferKind.ADULT_MIGRATION, "Caritas Migrationsberatung"),
    NeedArea.BENEFITS: (OfferKind.ADULT_MIGRATION, "Caritas Migrationsberatung"),
}

# Used when name_corpus is not available: (given, family, given original, family original, origin, nationality)
FALLBACK_NAMES = [
    ("Oleksandr", "Shevchenko", "Олександр", "Шевченко", "ukrainian", "UA"),
    ("Yuliia", "Kovalenko", "Юлія", "Коваленко", "ukrainian", "UA"),
    ("Andrii", "Bondarenko", "Андрій", "Бондаренко", "ukrainian", "UA"),
    ("Mohammed", "Al-Khatib", "محمد", "الخطيب", "syrian", "SY"),
    ("Fatima", "Haddad", "فاطمة", "حداد", "syrian", "SY"),
    ("Ahmad", "Darwish", "أحمد", "درويش", "iraqi", "IQ"),
    ("Zahra", "Ahmadi", "زهرا", "احمدی", "afghan", "AF"),
    ("Farid", "Rahimi", "فرید", "رحیمی", "afghan", "AF"),
    ("Mehmet", "Yılmaz", "", "", "turkish", "TR"),
    ("Ayşe", "Çelik", "", "", "turkish", "TR"),
    ("Ioana", "Popescu", "", "", "romanian", "RO"),
    ("Ștefan", "Munteanu", "", "", "romanian", "RO"),
    ("Tesfaye", "Haile", "ተስፋዬ", "ሃይለ", "eritrean", "ER"),
    ("Selam", "Tesfamariam", "ሰላም", "ተስፋማርያም", "eritrean", "ER"),
]


def _generated_people(rng: random.Random) -> list[dict]:
    try:
        from wegweiser.testing.name_corpus import generate_persons
    except ImportError:
        generate_persons = None
    people = []
    if generate_persons is not None:
        for generated in generate_persons(DEMO_PERSONS, seed=SEED):
            birth = PartialDate(generated.birth_year, generated.birth_month, generated.birth_day)
            people.append(
                {
                    "given": generated.given_names,
                    "family": generated.family_name,
                    "given_original": generated.given_names_original,
                    "family_original": generated.family_name_original,
                    "origin": generated.origin,
                    "nationality": generated.nationality,
                    "sex": "female" if generated.sex == "f" else "male",
                    "birth": birth,
                    "household": generated.household,
                    "languages": list(getattr(generated, "languages", ())),
                }
            )
        return people
    household = 0
    for index in range(DEMO_PERSONS):
        if index % 3 == 0:
            household += 1
        given, family, given_original, family_original, origin, nationality = rng.choice(FALLBACK_NAMES)
        year = rng.randint(1960, 2020)
        birth = PartialDate(year) if rng.random() < 0.4 else PartialDate(year, rng.randint(1, 12), rng.randint(1, 28))
        people.append(
            {
                "given": given,
                "family": family,
                "given_original": given_original,
                "family_original": family_original,
                "origin": origin,
                "nationality": nationality,
                "sex": rng.choice(["female", "male"]),
                "birth": birth,
                "household": household,
            }
        )
    return people


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _shortage_list() -> int:
    added = 0
    for title, code, keywords, regulated in SHORTAGE_OCCUPATIONS:
        _occupation, created = ShortageOccupation.objects.get_or_create(
            title=title, defaults={"kldb_code": code, "keywords": keywords, "recognition_required": regulated}
        )
        added += created
    return added


def _locations() -> list[Location]:
    locations = []
    for name, town, address in LOCATIONS:
        municipality = Municipality.objects.filter(name__startswith=town).order_by("name").first()
        if municipality is None:
            continue
        location, _created = Location.objects.get_or_create(
            name=name, defaults={"municipality": municipality, "address": address}
        )
        locations.append(location)
    return locations


def _aware(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def _appointments_for_coming_days(rng: random.Random, caseworkers: list[User], locations: list[Location]) -> int:
    """Appointments for today and the next four weekdays wherever a caseworker has none yet."""
    persons = list(
        Person.objects.filter(cases__status=CaseStatus.OPEN).values_list("id", "preferred_language", "municipality_id")[
            :800
        ]
    )
    if not persons or not locations:
        return 0
    created = []
    today = timezone.localdate()
    days = [today + timedelta(days=offset) for offset in range(8)]
    days = [day for day in days if day.weekday() < 5 or day == today][:5]
    # Each person gets at most one of these appointments, so no one is booked twice at once.
    free = persons[:]
    rng.shuffle(free)
    for caseworker in caseworkers:
        remit = remit_for_user(caseworker)
        for day in days:
            start, end = _aware(day, time(0)), _aware(day + timedelta(days=1), time(0))
            if Appointment.objects.filter(caseworker=caseworker, starts_at__gte=start, starts_at__lt=end).exists():
                continue
            location = locations[(day.toordinal() + caseworker.pk) % len(locations)]
            slot = _aware(day, time(8, 30))
            while slot.hour < 16:
                # The same rule as the booking service: no one is given a person outside their remit.
                eligible = [index for index, row in enumerate(free) if remit.includes(row[2])]
                if rng.random() < 0.7 and eligible:
                    person_id, language, _municipality_id = free.pop(eligible[-1])
                    walk_in = rng.random() < 0.15
                    created.append(
                        Appointment(
                            person_id=person_id,
                            caseworker=caseworker,
                            location=location,
                            kind=AppointmentKind.WALK_IN if walk_in else AppointmentKind.BOOKED,
                            starts_at=slot,
                            ends_at=slot + timedelta(minutes=30),
                            topic=rng.choice(
                                ["Erstberatung", "Folgetermin", "Anerkennung", "Wohnung", "Kita", "Bescheid"]
                            ),
                            interpreter_language=language if language != "de" and rng.random() < 0.5 else "",
                        )
                    )
                slot += timedelta(minutes=30)
    Appointment.objects.bulk_create(created)
    return len(created)


@transaction.atomic
def _load_people(rng: random.Random, caseworkers: list[User], municipal: User | None) -> dict[str, int]:
    municipalities = list(Municipality.objects.local().exclude(population__isnull=True))
    weights = [m.population or 1 for m in municipalities]
    municipal_ids = municipal.municipality_ids() if municipal else set()
    people = _generated_people(rng)
    households = {key: Household() for key in {p["household"] for p in people}}
    Household.objects.bulk_create(households.values())
    home_of: dict[int, Municipality] = {}
    persons = []
    today = timezone.localdate()
    for index, data in enumerate(people):
        municipality = home_of.setdefault(data["household"], rng.choices(municipalities, weights=weights)[0])
        statuses, languages = ORIGIN_FACTS.get(data["origin"], ([("other", 1)], ["en"]))
        languages = data.get("languages") or languages
        status = _weighted(rng, statuses)
        arrival = today - timedelta(days=rng.randint(20, 6 * 365))
        german = rng.choice(["none", "A1", "A1", "A2", "B1", "B2", "C1"]) if data["origin"] != "german" else "native"
        spoken = [{"code": languages[0], "level": "native"}]
        if len(languages) > 1 and rng.random() < 0.5:
            spoken.append({"code": languages[1], "level": rng.choice(["B1", "B2", "C1", "native"])})
        if data["origin"] != "german":
            spoken.append({"code": "de", "level": german})
        phone = f"+49151{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.8 else ""
        persons.append(
            Person(
                given_names=data["given"],
                family_names=data["family"],
                given_names_original=data["given_original"],
                family_names_original=data["family_original"],
                name_key=person_name_key(
                    data["given"], data["family"], data["given_original"], data["family_original"]
                ),
                birth_date=data["birth"],
                sex=data["sex"],
                nationalities=[data["nationality"]],
                languages=spoken,
                preferred_language=languages[0],
                phone=phone,
                email=f"demo{index}@example.org" if rng.random() < 0.3 else "",
                street=f"{rng.choice(['Hauptstraße', 'Bahnhofstraße', 'Lindenweg', 'Am Markt', 'Schulstraße'])} {rng.randint(1, 80)}",
                postcode=municipality.postcode,
                town=municipality.name,
                municipality=municipality,
                residence_status=status,
                residence_valid_from=arrival if status not in {"naturalised", "eu_citizen"} else None,
                residence_valid_until=arrival + timedelta(days=3 * 365)
                if status
                in {
                    ResidenceStatus.TEMPORARY_PROTECTION,
                    ResidenceStatus.SUBSIDIARY_PROTECTION,
                    ResidenceStatus.TOLERATION,
                }
                else None,
                arrival_date=arrival,
                household=households[data["household"]],
            )
        )
    # SQLite and PostgreSQL both hand back the new ids from a bulk insert.
    Person.objects.bulk_create(persons, batch_size=1000)

    # Family: the first two adults of a household are partners, the younger ones their children.
    by_household: dict[int, list[Person]] = {}
    for person in persons:
        by_household.setdefault(person.household_id, []).append(person)
    links = []
    for members in by_household.values():
        adults = [m for m in members if m.birth_date and m.birth_date.year <= today.year - 18][:2]
        children = [m for m in members if m not in adults]
        if len(adults) == 2:
            links += [
                FamilyLink(person=adults[0], relative=adults[1], relation="spouse"),
                FamilyLink(person=adults[1], relative=adults[0], relation="spouse"),
            ]
        for parent in adults:
            for child in children:
                links += [
                    FamilyLink(person=parent, relative=child, relation="child"),
                    FamilyLink(person=child, relative=parent, relation="parent"),
                ]
    FamilyLink.objects.bulk_create(links, batch_size=2000)

    organisations = {o.name: o for o in Organisation.objects.all()}
    cases, qualifications, experience = [], [], []
    adults = [p for p in persons if p.birth_date and p.birth_date.year <= today.year - 18]
    for person in adults:
        if rng.random() < 0.7:
            closed = rng.random() < 0.2
            opened = today - timedelta(days=rng.randint(1, 700))
            in_their_town = municipal is not None and person.municipality_id in municipal_ids and rng.random() < 0.3
            cases.append(
                Case(
                    person=person,
                    caseworker=municipal if in_their_town else rng.choice(caseworkers),
                    status=CaseStatus.CLOSED if closed else rng.choice([CaseStatus.OPEN] * 5 + [CaseStatus.ON_HOLD]),
                    summary=rng.choice(NOTES),
                    opened_on=opened,
                    closed_on=min(today, opened + timedelta(days=rng.randint(30, 400))) if closed else None,
                )
            )
        if rng.random() < 0.35:
            kind, title, field = rng.choice(QUALIFICATIONS)
            qualifications.append(
                Qualification(
                    person=person,
                    kind=kind,
                    title=title,
                    field=field,
                    country=person.nationalities[0],
                    year=max(1975, (person.birth_date.year if person.birth_date else 1980) + rng.randint(18, 30)),
                    recognition_status=rng.choice(list(RecognitionStatus.values)),
                )
            )
        if rng.random() < 0.3:
            experience.append(
                WorkExperience(
                    person=person,
                    occupation=rng.choice(OCCUPATIONS),
                    years=rng.randint(1, 15),
                    country=person.nationalities[0],
                )
            )
    Case.objects.bulk_create(cases, batch_size=1000)
    Qualification.objects.bulk_create(qualifications)
    WorkExperience.objects.bulk_create(experience)

    needs, goals, tasks, notes, consents, referrals = [], [], [], [], [], []
    areas = list(NeedArea.values)
    for case in cases:
        chosen = rng.sample(areas, rng.randint(1, 3))
        for area in chosen:
            needs.append(
                Need(
                    case=case,
                    area=area,
                    urgency=rng.choice(["low", "medium", "medium", "high", "acute"]),
                    description="",
                )
            )
        main = chosen[0]
        goals.append(
            Goal(
                case=case, area=main, description=GOALS[main], target_date=today + timedelta(days=rng.randint(30, 300))
            )
        )
        if case.status != CaseStatus.CLOSED and case.caseworker_id:
            tasks.append(
                CaseTask(
                    case=case,
                    title=rng.choice(
                        [
                            "Antrag prüfen",
                            "Unterlagen anfordern",
                            "Rückruf Ausländerbehörde",
                            "Kita-Anmeldung begleiten",
                        ]
                    ),
                    owner_id=case.caseworker_id,
                    due_on=today + timedelta(days=rng.randint(-5, 20)),
                )
            )
        notes.append(
            Note(case=case, author_id=case.caseworker_id, text=rng.choice(NOTES), confidential=rng.random() < 0.1)
        )
        offer = OFFER_FOR_AREA.get(main)
        if offer and offer[1] in organisations and rng.random() < 0.5:
            organisation = organisations[offer[1]]
            given_on = case.opened_on + timedelta(days=rng.randint(0, 10))
            given_on = min(given_on, today)
            consents.append(
                Consent(
                    person=case.person,
                    purpose=ConsentPurpose.SHARE_PARTNER,
                    organisation=organisation,
                    given_on=given_on,
                    form=rng.choice(list(ConsentForm.values)),
                    language=case.person.preferred_language or "de",
                )
            )
            referrals.append(
                Referral(
                    person=case.person,
                    case=case,
                    organisation=organisation,
                    offer_kind=offer[0],
                    message="Bitte Kontakt aufnehmen; Termin mit Dolmetschung bevorzugt.",
                    status=rng.choice(
                        [ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.DONE, ReferralStatus.DECLINED]
                    ),
                    sent_by_id=case.caseworker_id,
                )
            )
    Need.objects.bulk_create(needs, batch_size=2000)
    Goal.objects.bulk_create(goals, batch_size=2000)
    CaseTask.objects.bulk_create(tasks, batch_size=2000)
    Note.objects.bulk_create(notes, batch_size=2000)
    Consent.objects.bulk_create(consents, batch_size=2000)
    Referral.objects.bulk_create(referrals, batch_size=2000)
    return {"persons": len(persons), "cases": len(cases), "referrals": len(referrals)}


def load_demo(*, out, **options) -> None:
    rng = random.Random(SEED)
    added_occupations = _shortage_list()
    locations = _locations()
    caseworkers = list(User.objects.filter(role=Role.CASEWORKER, is_active=True).order_by("pk"))
    municipal = User.objects.filter(role=Role.MUNICIPAL_MANAGER, is_active=True).order_by("pk").first()
    if not caseworkers:
        out.write("casework: no caseworker account, demo persons skipped")
        return
    counts = None
    if not Person.objects.exists():
        counts = _load_people(rng, caseworkers, municipal)
    staff = caseworkers + ([municipal] if municipal else [])
    appointments = _appointments_for_coming_days(rng, staff, locations)
    if counts:
        out.write(
            f"casework: {counts['persons']} persons, {counts['cases']} cases, {counts['referrals']} referrals, "
            f"{appointments} appointments, {added_occupations} shortage occupations added"
        )
    else:
        out.write(f"casework: demo persons exist; {appointments} appointments added for the coming days")
