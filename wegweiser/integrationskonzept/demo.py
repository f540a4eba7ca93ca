"""The demo district's integration concept: "Migration und Integration 2018-2022" (adopted, in evaluation's
reach) with its nine fields of action, goals, measures and indicators (some following demo Lagebild figures),
and a successor draft copied from it. Built through the services; idempotent."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.models import ConceptVersion, MeasureStatus, Responsible, VersionStatus
from wegweiser.network.models import Organisation
from wegweiser.territory.models import District, Municipality

TITLE = "Migration und Integration 2018-2022"
ACTOR = "demo"

# (field of action, [(goal, [(sub-goal, measure, output, responsible, indicator or None)])])
# responsible: "district", "town" (a municipality, in turn) or "org" (an organisation, in turn).
PLAN = [
    (
        "Ankommen in den Kommunen",
        [
            (
                "Neuzugewanderte finden in jeder Kommune eine Anlaufstelle",
                [
                    (
                        "Jede Kommune hat eine Ansprechperson für Integration",
                        "Integrationslotsen in den Rathäusern",
                        "eine Ansprechperson je Kommune",
                        "town",
                        ("Kommunen mit Ansprechperson", "Kommunen", 9, 21, None),
                    ),
                    (
                        "Willkommensmappen in den Herkunftssprachen",
                        "Willkommensmappe",
                        "Mappe in 6 Sprachen",
                        "district",
                        None,
                    ),
                ],
            )
        ],
    ),
    (
        "Erstorientierung",
        [
            (
                "Orientierung in den ersten Wochen",
                [
                    (
                        "Erstorientierungskurse wohnortnah",
                        "Erstorientierungskurse",
                        "12 Kurse im Jahr",
                        "org",
                        ("Teilnehmende an Erstorientierungskursen", "Personen", 180, 400, None),
                    ),
                ],
            )
        ],
    ),
    (
        "Passgenaue Beratung",
        [
            (
                "Beratung aus einer Hand im Migrationszentrum",
                [
                    (
                        "Fallmanagement mit Integrationsplan",
                        "Migrationszentrum: Integrationspläne",
                        "Integrationsplan je Fall",
                        "district",
                        ("Fälle mit Integrationsplan", "%", 35, 80, None),
                    ),
                ],
            )
        ],
    ),
    (
        "Spracherwerb",
        [
            (
                "Deutsch lernen ohne lange Wartezeit",
                [
                    (
                        "Die Wartezeit auf einen Integrationskurs sinkt",
                        "Kurskoordination mit den Trägern",
                        "Kursplanung nach Bedarf",
                        "org",
                        ("Wartezeit auf einen Integrationskurs", "Wochen", 14, 6, None),
                    ),
                    ("Deutschtreffs in allen Kommunen", "Deutschtreffs", "ein Deutschtreff je Kommune", "town", None),
                ],
            ),
            (
                "Kinderbetreuung während des Kurses",
                [
                    (
                        "Kursbegleitende Kinderbetreuung",
                        "Kinderbetreuung an Kursorten",
                        "Betreuung an 5 Kursorten",
                        "org",
                        None,
                    ),
                ],
            ),
        ],
    ),
    (
        "Bildungssystem",
        [
            (
                "Frühe Bildung für alle Kinder",
                [
                    (
                        "Mehr Kita-Plätze für Kinder unter drei",
                        "Kita-Ausbau mit den Kommunen",
                        "neue Krippengruppen",
                        "town",
                        (
                            "Kita-Plätze für Kinder unter 3",
                            "Plätze",
                            None,
                            None,
                            ("EIGEN-KITA", "kita_plaetze", "ALTER=unter 3"),
                        ),
                    ),
                    (
                        "Weniger Kinder unter drei auf der Warteliste",
                        "Kita-Platzvergabe aus einer Hand",
                        "zentrale Vormerkung",
                        "district",
                        (
                            "Kinder unter 3 auf einer Kita-Warteliste",
                            "Kinder",
                            None,
                            None,
                            ("EIGEN-KITA", "kita_warteliste", "ALTER=unter 3"),
                        ),
                    ),
                ],
            )
        ],
    ),
    (
        "Einstieg in die Berufsausbildung",
        [
            (
                "Junge Geflüchtete beginnen eine Ausbildung",
                [
                    (
                        "Ausbildungspatenschaften",
                        "Ausbildungspaten",
                        "40 Patenschaften im Jahr",
                        "org",
                        ("Junge Geflüchtete in Ausbildung", "Personen", 120, 300, None),
                    ),
                ],
            )
        ],
    ),
    (
        "Vermittlung in Arbeit",
        [
            (
                "Anerkennung und Arbeit",
                [
                    (
                        "Anerkennungsberatung",
                        "Anerkennungsberatung im Migrationszentrum",
                        "Beratung zu Berufsabschlüssen",
                        "district",
                        ("Beratene Anerkennungsverfahren", "Verfahren", 150, 350, None),
                    ),
                ],
            )
        ],
    ),
    (
        "Gesellschaftliche und politische Teilhabe",
        [
            (
                "Migrantinnen und Migranten wirken mit",
                [
                    (
                        "Migrantenorganisationen im Integrationsbeirat",
                        "Integrationsbeirat",
                        "vier Sitzungen im Jahr",
                        "district",
                        None,
                    ),
                    ("Ehrenamt in Vereinen", "Vereinslotsen", "Lotsen in 10 Vereinen", "town", None),
                ],
            )
        ],
    ),
    (
        "Interreligiöser Dialog",
        [
            (
                "Begegnung der Religionsgemeinschaften",
                [
                    ("Runder Tisch der Religionen", "Runder Tisch der Religionen", "zwei Treffen im Jahr", "org", None),
                ],
            )
        ],
    ),
]


def _figure_start_and_end(link, district_key):
    from wegweiser.lagebild.selectors import observation_series

    table, variable, breakdown = link
    series = observation_series(
        table_code=table, measure_code=variable, region_key=district_key, breakdown_key=breakdown
    )
    return series


def load_demo(*, out, **options) -> None:
    if ConceptVersion.objects.filter(title=TITLE).exists():
        out.write("integrationskonzept: demo concept exists")
        return
    district = District.objects.first()
    towns = list(Municipality.objects.local().exclude(ags=None).order_by("name"))
    organisations = list(Organisation.objects.order_by("name"))
    if district is None or not towns:
        out.write("integrationskonzept: no district yet; demo concept skipped")
        return
    with transaction.atomic():
        version = _build(district, towns, organisations)
        successor = services.concept_version_copy(
            actor=ACTOR, source=version, title="Migration und Integration 2024-2028", period_start=2024, period_end=2028
        )
    out.write(
        f"integrationskonzept: demo concept with {len(PLAN)} fields of action and its successor draft {successor.pk}"
    )


def _build(district, towns, organisations) -> ConceptVersion:
    version = services.concept_version_create(actor=ACTOR, title=TITLE, period_start=2018, period_end=2022)
    turn = {"town": 0, "org": 0}
    for field_title, goals in PLAN:
        field = services.field_create(actor=ACTOR, version=version, title=field_title)
        for goal_title, subs in goals:
            goal = services.goal_create(actor=ACTOR, field_of_action=field, title=goal_title)
            for sub_title, measure_title, output, responsible, indicator_spec in subs:
                sub = services.sub_goal_create(actor=ACTOR, goal=goal, title=sub_title)
                indicator = _indicator(sub, indicator_spec, district) if indicator_spec else None
                kwargs = {"responsible": Responsible.DISTRICT_OFFICE}
                if responsible == "town":
                    kwargs = {"responsible": Responsible.MUNICIPALITY, "municipality": towns[turn["town"] % len(towns)]}
                    turn["town"] += 1
                elif responsible == "org" and organisations:
                    organisation = organisations[turn["org"] % len(organisations)]
                    kwargs = {"responsible": Responsible.ORGANISATION, "organisation": organisation}
                    turn["org"] += 1
                index = turn["town"] + turn["org"]
                services.measure_create(
                    actor=ACTOR,
                    sub_goal=sub,
                    title=measure_title,
                    output=output,
                    indicator=indicator,
                    starts_on=date(2018, 4, 1),
                    ends_on=date(2020 + index % 3, 12, 31),
                    budget=Decimal(5000 * (1 + index % 4)).quantize(Decimal("0.01")),
                    grant_note="LokIn 2021" if responsible == "town" else "",
                    status=[MeasureStatus.DONE, MeasureStatus.RUNNING, MeasureStatus.PLANNED][index % 3],
                    **kwargs,
                )
    services.concept_version_transition(actor=ACTOR, version=version, status=VersionStatus.CONSULTATION)
    services.concept_version_transition(
        actor=ACTOR,
        version=version,
        status=VersionStatus.ADOPTED,
        council_decision_date=date(2018, 3, 12),
        council_decision_number="KT/2018/031 (Demo)",
    )
    return version


def _indicator(sub, spec, district):
    title, unit, baseline, target, link = spec
    if link is not None:
        series = _figure_start_and_end(link, district.ags)
        if not series:
            return None
        start = next((value for day, value, _s in series if day.year == 2017), series[0][1])
        falling = "warteliste" in link[1]
        target_value = (start * Decimal("0.6") if falling else start * Decimal("1.3")).quantize(Decimal(1))
        return services.indicator_create(
            actor=ACTOR,
            sub_goal=sub,
            title=title,
            unit=unit,
            baseline=start,
            baseline_date=date(2017, 12, 31),
            target=target_value,
            target_date=date(2022, 12, 31),
            lagebild=(link[0], link[1], district.ags, link[2]),
        )
    indicator = services.indicator_create(
        actor=ACTOR,
        sub_goal=sub,
        title=title,
        unit=unit,
        baseline=Decimal(baseline),
        baseline_date=date(2017, 12, 31),
        target=Decimal(target),
        target_date=date(2022, 12, 31),
    )
    # Hand-entered values each year, each with its source; some on track, some behind.
    step = (Decimal(target) - Decimal(baseline)) / 5
    pace = Decimal("1.1") if sub.pk % 2 else Decimal("0.6")
    for offset, year in enumerate(range(2018, 2023), start=1):
        services.indicator_value_record(
            actor=ACTOR,
            indicator=indicator,
            value=(Decimal(baseline) + step * offset * pace).quantize(Decimal("0.1")),
            observed_on=date(year, 12, 31),
            source="Jahresbericht Integration (Demo)",
        )
    return indicator
