"""Demo data for Deutsch lernen: Deutschtreffs and courses in the real municipalities of Landkreis Osnabrück
(some Deutschtreffs paused), a few hundred learners enrolled or waiting, and three weeks of registers.

Most learners are demo persons of the Migrationszentrum (casework's demo runs first), enrolled from their
record as a caseworker would: name, home, contact, language and level come from the person. The others were
registered by a course provider and have no person record.

Written through the services (so every write is audited, as in real use); idempotent: nothing is added when
the first demo offer exists.
"""

import random
from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wegweiser.accounts.models import User
from wegweiser.casework.models import Case, CaseStatus, Person
from wegweiser.core.codes import CEFR_RANK
from wegweiser.core.partial_dates import PartialDate
from wegweiser.language import services
from wegweiser.language.forms import learner_initial_from_person
from wegweiser.language.models import (
    Enrolment,
    EnrolmentStatus,
    LearnerSource,
    Level,
    Offer,
    OfferKind,
    OfferSession,
    OfferStatus,
)
from wegweiser.network.models import Organisation
from wegweiser.territory.models import Municipality

VHS = "VHS Osnabrücker Land"
NETWORK = "Deutschtreff-Netzwerk Ehrenamt"
CARITAS = "Caritas Migrationsberatung"
JMD = "Jugendmigrationsdienst"
KITA = "Familienzentrum Kita Regenbogen"
UKRAINIAN = "Ukrainischer Verein Osnabrücker Land"

MON, TUE, WED, THU, FRI, SAT = range(6)
WORKDAYS = [MON, TUE, WED, THU, FRI]

# title, kind, provider, municipality (name prefix), levels, seats, weekdays, start, end, childcare,
# support languages, cost, paused
# fmt: off
DEMO_OFFERS = [
    ("Deutschtreff Bramsche Hasetor", "deutschtreff", NETWORK, "Bramsche", ["alpha", "A1", "A2"], 15, [TUE, THU], (10, 0), (11, 30), True, ["uk", "ar"], "0", False),
    ("Deutschtreff Melle-Mitte", "deutschtreff", VHS, "Melle", ["A1", "A2", "B1"], 14, [MON, WED], (17, 0), (18, 30), False, ["uk"], "0", False),
    ("Deutschtreff Melle-Gesmold", "deutschtreff", VHS, "Melle", ["A1", "A2"], 10, [THU], (16, 0), (17, 30), False, ["uk", "ru"], "0", True),
    ("Deutschtreff Georgsmarienhütte", "deutschtreff", NETWORK, "Georgsmarienhütte", ["A1", "A2"], 16, [MON], (10, 0), (12, 0), False, ["ar", "fa"], "0", False),
    ("Deutschtreff Quakenbrück", "deutschtreff", NETWORK, "Quakenbrück", ["A1", "A2"], 12, [WED], (15, 0), (16, 30), False, ["uk"], "0", True),
    ("Deutschtreff Bersenbrück", "deutschtreff", NETWORK, "Bersenbrück", ["A1", "A2"], 12, [TUE], (17, 0), (18, 30), False, [], "0", True),
    ("Deutschtreff Fürstenau", "deutschtreff", NETWORK, "Fürstenau", ["A1", "A2", "B1"], 10, [FRI], (10, 0), (11, 30), False, ["ar"], "0", False),
    ("Deutschtreff Ankum", "deutschtreff", NETWORK, "Ankum", ["A1"], 10, [MON], (18, 0), (19, 30), False, [], "0", True),
    ("Deutschtreff Bad Iburg", "deutschtreff", NETWORK, "Bad Iburg", ["A1", "A2"], 12, [THU], (10, 0), (11, 30), False, ["uk"], "0", False),
    ("Deutschtreff Dissen", "deutschtreff", UKRAINIAN, "Dissen", ["A1", "A2"], 15, [SAT], (10, 0), (12, 0), False, ["uk", "ru"], "0", False),
    ("Deutschtreff Wallenhorst", "deutschtreff", NETWORK, "Wallenhorst", ["A1", "A2"], 12, [WED], (10, 0), (11, 30), False, ["ar", "tr"], "0", False),
    ("Deutschtreff Belm im Familienzentrum", "deutschtreff", KITA, "Belm", ["A1"], 10, [TUE], (9, 0), (10, 30), True, ["ar", "ku"], "0", False),
    ("Deutschtreff Bohmte", "deutschtreff", NETWORK, "Bohmte", ["A1", "A2"], 10, [MON], (15, 0), (16, 30), False, [], "0", True),
    ("Deutschtreff Hasbergen", "deutschtreff", NETWORK, "Hasbergen", ["A1", "A2"], 10, [THU], (17, 0), (18, 30), False, ["fa"], "0", False),
    ("Deutschtreff Bad Essen", "deutschtreff", NETWORK, "Bad Essen", ["A1", "A2"], 10, [WED], (17, 0), (18, 30), False, [], "0", False),
    ("Deutschtreff Hilter", "deutschtreff", NETWORK, "Hilter", ["A1", "A2"], 10, [TUE], (10, 0), (11, 30), False, ["uk"], "0", False),
    ("Deutschtreff Ostercappeln", "deutschtreff", NETWORK, "Ostercappeln", ["A1"], 8, [FRI], (15, 0), (16, 30), False, [], "0", True),
    ("Integrationskurs A1–B1 Melle", "integration_course", VHS, "Melle", ["A1", "A2", "B1"], 20, WORKDAYS, (8, 30), (12, 45), False, [], "0", False),
    ("Integrationskurs A1–B1 Bramsche", "integration_course", VHS, "Bramsche", ["A1", "A2", "B1"], 20, [MON, TUE, WED, THU], (8, 30), (12, 45), False, ["ar"], "0", False),
    ("Integrationskurs A1–B1 Georgsmarienhütte", "integration_course", VHS, "Georgsmarienhütte", ["A1", "A2", "B1"], 20, WORKDAYS, (13, 0), (17, 15), False, [], "0", False),
    ("Integrationskurs A1–B1 Quakenbrück", "integration_course", VHS, "Quakenbrück", ["A1", "A2"], 18, WORKDAYS, (8, 30), (12, 45), False, ["uk"], "0", False),
    ("Berufssprachkurs B1–B2 Pflege", "job_course", VHS, "Georgsmarienhütte", ["B1", "B2"], 16, [TUE, THU], (17, 0), (20, 0), False, [], "0", False),
    ("Berufssprachkurs B2–C1 Technik", "job_course", VHS, "Melle", ["B2", "C1"], 14, [MON, WED], (17, 0), (20, 0), False, [], "0", False),
    ("Alphabetisierungskurs Bramsche", "literacy", VHS, "Bramsche", ["alpha"], 12, WORKDAYS, (9, 0), (12, 0), True, ["ar", "fa", "ti"], "0", False),
    ("Alphabetisierungskurs Melle", "literacy", VHS, "Melle", ["alpha"], 10, [MON, WED, FRI], (9, 0), (12, 0), False, ["ar"], "0", False),
    ("Frauenkurs mit Kinderbetreuung Belm", "women", CARITAS, "Belm", ["A1", "A2"], 14, [TUE, THU], (9, 0), (11, 30), True, ["ar", "fa", "uk"], "0", False),
    ("Frauenkurs Bersenbrück", "women", CARITAS, "Bersenbrück", ["A1"], 12, [MON, WED], (9, 0), (11, 30), True, ["ar"], "0", False),
    ("Elternkurs Wallenhorst", "parents", KITA, "Wallenhorst", ["A1", "A2"], 12, [WED], (9, 0), (11, 0), True, ["tr", "ar"], "0", False),
    ("Jugendintegrationskurs Quakenbrück", "youth", JMD, "Quakenbrück", ["A1", "A2", "B1"], 16, WORKDAYS, (8, 0), (12, 30), False, [], "0", False),
    ("Online-Kurs A2–B1 am Abend", "online", VHS, "Melle", ["A2", "B1"], 20, [MON, WED], (19, 0), (20, 30), False, [], "49.00", False),
]
# fmt: on

# fmt: off
GIVEN = {
    "uk": ["Olena", "Iryna", "Oksana", "Mariia", "Yuliia", "Nataliia", "Tetiana", "Svitlana", "Viktoriia", "Kateryna", "Andrii", "Oleksandr", "Dmytro", "Serhii", "Bohdan"],
    "ar": ["Ahmad", "Mohammed", "Fatima", "Aya", "Rania", "Omar", "Khaled", "Lina", "Hussein", "Noor", "Yasmin", "Samir"],
    "fa": ["Zahra", "Mariam", "Ali", "Farid", "Shabnam", "Habiba", "Mohammad Reza", "Nilofar", "Jawad", "Parwana"],
    "tr": ["Ayşe", "Emine", "Mehmet", "Hasan", "Elif", "Zeynep"],
    "ti": ["Semhar", "Yonas", "Filmon", "Senait", "Tesfay", "Helen"],
    "ru": ["Anna", "Elena", "Sergei", "Irina", "Pavel"],
}
FAMILY = {
    "uk": ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Koval", "Oliinyk", "Lysenko", "Marchenko", "Rudenko", "Savchenko", "Moroz", "Petrenko"],
    "ar": ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Ibrahim", "Hamdan", "Darwish", "Mansour", "Youssef"],
    "fa": ["Haidari", "Ahmadi", "Rahimi", "Karimi", "Sultani", "Noori", "Hashimi", "Wardak"],
    "tr": ["Yılmaz", "Kaya", "Demir", "Çelik"],
    "ti": ["Tesfamariam", "Berhane", "Ghebremedhin", "Haile"],
    "ru": ["Ivanova", "Smirnov", "Popova", "Volkov"],
}
# fmt: on
LANGUAGE_WEIGHTS = {"uk": 45, "ar": 22, "fa": 15, "tr": 5, "ti": 7, "ru": 6}
LEVEL_WEIGHTS = {Level.ALPHA: 8, Level.A1: 45, Level.A2: 22, Level.B1: 15, Level.B2: 7, Level.C1: 3}
LEARNERS = 300
# Share of the learners who are demo persons of the Migrationszentrum (when there are enough of them).
FROM_PERSONS = 0.7


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def load_demo(*, out, **options) -> None:
    if Offer.objects.filter(title=DEMO_OFFERS[0][0]).exists():
        out.write("language: demo offers exist")
        return
    towns = list(Municipality.objects.local().exclude(ags=None))
    providers = {organisation.name: organisation for organisation in Organisation.objects.all()}
    if not towns or VHS not in providers:
        out.write("language: no municipalities or providers yet; demo data skipped")
        return
    rng = random.Random(4)  # noqa: S311 - demo data, reproducible
    with transaction.atomic():
        offers = _offers(rng, towns, providers)
        learners = _learners(rng, towns)
        _pause(offers)
        _enrol(rng, offers, learners)
        _registers(rng, offers)
    out.write(
        f"language: {len(offers)} demo offers, {len(learners)} learners, "
        f"{Enrolment.objects.filter(status=EnrolmentStatus.WAITING).count()} waiting"
    )


def _town(towns, prefix):
    return next(town for town in towns if town.name.startswith(prefix))


def _offers(rng, towns, providers) -> list[Offer]:
    today = timezone.localdate()
    offers = []
    for title, kind, provider, town, levels, seats, days, start, end, childcare, support, cost, paused in DEMO_OFFERS:
        municipality = _town(towns, town)
        planned = title.endswith("Georgsmarienhütte") and kind == OfferKind.INTEGRATION_COURSE
        starts_on = today + timedelta(days=21) if planned else today - timedelta(days=rng.randint(35, 120))
        offer = services.offer_create(
            actor=None,
            title=title,
            kind=kind,
            provider=providers[provider],
            status=OfferStatus.PLANNED if planned else OfferStatus.ACTIVE,
            municipality=municipality,
            venue_name=_venue(kind),
            venue_address="",
            latitude=_jitter(rng, municipality.latitude),
            longitude=_jitter(rng, municipality.longitude),
            accessible=rng.random() < 0.6,
            levels=levels,
            capacity=seats,
            childcare=childcare,
            support_languages=support,
            cost=Decimal(cost),
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=7 * rng.choice([20, 26, 30])),
            weekdays=days,
            start_time=time(*start),
            end_time=time(*end),
            contact_email="",
        )
        offer.demo_paused = paused
        offers.append(offer)
    return offers


def _venue(kind: str) -> str:
    return {
        OfferKind.DEUTSCHTREFF: "Gemeindehaus",
        OfferKind.PARENTS: "Familienzentrum",
        OfferKind.ONLINE: "online",
        OfferKind.YOUTH: "Jugendzentrum",
    }.get(kind, "VHS-Kursraum")


def _jitter(rng, value):
    if value is None:
        return None
    return (Decimal(value) + Decimal(rng.uniform(-0.004, 0.004))).quantize(Decimal("0.000001"))


def _days(rng) -> list[int]:
    days = sorted(rng.sample(WORKDAYS, rng.choice([2, 3, 3, 4, 5])))
    if rng.random() < 0.15:
        days.append(SAT)
    return days


def _learners(rng, towns):
    persons = _persons_learning_german(rng, towns, int(LEARNERS * FROM_PERSONS))
    # Absences are told to the caseworker of the person's open case.
    case_caseworker = dict(
        Case.objects.filter(person__in=persons, caseworker__isnull=False)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("opened_on")
        .values_list("person_id", "caseworker_id")
    )
    caseworkers = User.objects.in_bulk(set(case_caseworker.values()))
    learners = []
    for person in persons:
        initial = learner_initial_from_person(person)
        learners.append(
            services.learner_create(
                actor=None,
                person=person,
                first_name=initial["first_name"],
                last_name=initial["last_name"],
                home_municipality=person.municipality,
                level=initial.get("level") or _pick(rng, LEVEL_WEIGHTS),
                weekdays=_days(rng),
                needs_childcare=rng.random() < 0.2,
                has_car=rng.random() < 0.15,
                phone=initial["phone"],
                email=initial["email"],
                preferred_language=initial["preferred_language"],
                caseworker=caseworkers.get(case_caseworker.get(person.pk)),
            )
        )
    weights = [town.population or 1000 for town in towns]
    for _ in range(LEARNERS - len(learners)):
        language = _pick(rng, LANGUAGE_WEIGHTS)
        learners.append(
            services.learner_create(
                actor=None,
                source=LearnerSource.PROVIDER,
                first_name=rng.choice(GIVEN[language]),
                last_name=rng.choice(FAMILY[language]),
                home_municipality=rng.choices(towns, weights=weights)[0],
                level=_pick(rng, LEVEL_WEIGHTS),
                weekdays=_days(rng),
                needs_childcare=rng.random() < 0.2,
                has_car=rng.random() < 0.15,
                phone=f"0151 {rng.randint(1000000, 9999999)}",
                preferred_language=language,
            )
        )
    return learners


def _persons_learning_german(rng, towns, wanted: int) -> list[Person]:
    """Adult demo persons living in the district whose German is below B2 and who are no learners yet."""
    adult_born_before = PartialDate(timezone.localdate().year - 17)
    candidates = [
        person
        for person in Person.objects.active()
        .filter(municipality__in=towns, learners__isnull=True, birth_date__lt=adult_born_before)
        .select_related("municipality")
        .order_by("pk")
        if CEFR_RANK.get(person.language_level("de") or "none", 0) < CEFR_RANK["B2"]
    ]
    return rng.sample(candidates, min(wanted, len(candidates)))


def _enrol(rng, offers, learners) -> None:
    """The oldest requests first, so the waiting lists are in a believable order."""
    now = timezone.now()
    requests = sorted(
        ((now - timedelta(days=rng.randint(1, 240), hours=rng.randint(0, 23)), learner) for learner in learners),
        key=lambda item: item[0],
    )
    by_town: dict[int, list[Offer]] = {}
    for offer in offers:
        by_town.setdefault(offer.municipality_id, []).append(offer)
    for at, learner in requests:
        nearby = [offer for offer in by_town.get(learner.home_municipality_id, []) if learner.level in offer.levels]
        offer = rng.choice(nearby) if nearby and rng.random() < 0.8 else None
        services.enrolment_create(actor=None, learner=learner, offer=offer, at=at)


def _pause(offers) -> None:
    today = timezone.localdate()
    for offer in offers:
        if offer.demo_paused:
            services.offer_pause(
                actor=None,
                offer=offer,
                reason="Die Kurse in der Nähe hatten genug Plätze.",
                paused_on=today - timedelta(days=21),
            )


def _registers(rng, offers) -> None:
    """Three weeks of registers for the active offers in Melle and Bramsche; a few people miss three times in a
    row."""
    today = timezone.localdate()
    active = [
        offer
        for offer in offers
        if offer.status == OfferStatus.ACTIVE
        and not offer.demo_paused
        and offer.municipality.name.startswith(("Melle", "Bramsche"))
    ]
    for offer in active:
        sessions = list(
            OfferSession.objects.filter(offer=offer, cancelled=False, date__lt=today, date__gte=today - timedelta(21))
        )[-3:]
        enrolments = list(Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED))
        often_absent = {enrolment.pk for enrolment in enrolments if rng.random() < 0.1}
        for session in sessions:
            for enrolment in enrolments:
                present = enrolment.pk not in often_absent and rng.random() < 0.85
                services.attendance_set(actor=None, session=session, enrolment=enrolment, present=present)
