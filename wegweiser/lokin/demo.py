"""Demo LokIn: the 2026 programme with 350,000 EUR, its allocation fixed, and applications of a few
municipalities in different states (draft, submitted, changes requested, approved with instalments, rejected).
Written through the services (audited as the demo loader); idempotent."""

from datetime import date
from decimal import Decimal

from wegweiser.lokin import services
from wegweiser.lokin.models import AllocationRow, Programme
from wegweiser.territory.models import District, Municipality

ACTOR = "demo"
YEAR = 2026


def load_demo(*, out, **options) -> None:
    district = District.objects.order_by("pk").first()
    if district is None:
        out.write("lokin: no district yet; demo programme skipped")
        return
    if Programme.objects.filter(district=district, year=YEAR).exists():
        out.write("lokin: demo programme exists")
        return
    towns = list(Municipality.objects.filter(district=district).local().order_by("name"))
    if len(towns) < 5:
        out.write("lokin: too few municipalities; demo programme skipped")
        return
    programme = services.programme_create(
        actor=ACTOR,
        district=district,
        year=YEAR,
        budget=Decimal("350000.00"),
        funding_rate=Decimal("90"),
        application_deadline=date(YEAR, 3, 31),
        interim_report_due=date(YEAR, 9, 30),
        final_report_due=date(YEAR + 1, 3, 31),
        weights={"population": Decimal("2"), "foreign_residents": Decimal("1")},
        base_amount=Decimal("4000.00"),
        floor=Decimal("6000.00"),
        cap=Decimal("30000.00"),
    )
    for index, town in enumerate(towns):
        # plausible, generated: a foreign share of 7 to 15 % of the register's population
        share = Decimal(7 + (index * 5) % 9) / 100
        services.indicator_set(
            actor=ACTOR,
            programme=programme,
            municipality=town,
            indicator="foreign_residents",
            value=(Decimal(town.population or 10000) * share).quantize(Decimal("1")),
            source="Demo-Daten: Ausländerbehörde (erzeugt)",
            reference_date=date(YEAR - 1, 12, 31),
        )
    services.allocation_fix(actor=ACTOR, programme=programme)
    allocated = {
        row.municipality_id: row.amount for row in AllocationRow.objects.filter(allocation__programme=programme)
    }

    def apply(town, title, staff):
        application = services.application_create(
            actor=ACTOR,
            programme=programme,
            municipality=town,
            title=title,
            measures="Sprechstunde im Rathaus; Netzwerktreffen Ehrenamt; Willkommensmappe",
            goals="Neu Zugewanderte finden in den ersten drei Monaten Beratung und Deutschangebote.",
            target_groups="Neu Zugewanderte, Ehrenamtliche, Vereine",
            staff_hours=Decimal("19.5"),
            own_funds=Decimal("2500.00"),
            costs=[
                ("staff", YEAR, staff),
                ("events", YEAR, Decimal("1200.00")),
                ("interpreting", YEAR, Decimal("800.00")),
            ],
        )
        return application

    by_name = {town.name: town for town in towns}
    chosen = [
        by_name.get(name)
        for name in ("Melle", "Bramsche", "Georgsmarienhütte", "Bad Essen", "Dissen am Teutoburger Wald")
    ]
    chosen = [town for town in chosen if town] or towns[:5]
    chosen = (chosen + [t for t in towns if t not in chosen])[:5]
    submitted = date(YEAR, 2, 15)

    approved = apply(chosen[0], "Integrationsmanagement Melle 2026", Decimal("15000.00"))
    services.application_submit(actor=ACTOR, application=approved, today=submitted)
    amount = min(allocated[chosen[0].pk], Decimal("17000.00"))
    services.application_approve(actor=ACTOR, application=approved, amount=amount)
    half = (amount / 2).quantize(Decimal("0.01"))
    first = services.instalment_schedule(actor=ACTOR, application=approved, due_date=date(YEAR, 4, 1), amount=half)
    services.instalment_schedule(actor=ACTOR, application=approved, due_date=date(YEAR, 10, 1), amount=amount - half)
    services.instalment_advance(actor=ACTOR, instalment=first)
    services.instalment_advance(actor=ACTOR, instalment=first)

    changes = apply(chosen[1], "Koordinierung Integration", Decimal("14000.00"))
    services.application_submit(actor=ACTOR, application=changes, today=submitted)
    services.application_request_changes(
        actor=ACTOR, application=changes, reason="Bitte die Personalkosten nach Stunden aufschlüsseln."
    )

    submitted_only = apply(chosen[2], "Lokales Integrationsnetzwerk", Decimal("12000.00"))
    services.application_submit(actor=ACTOR, application=submitted_only, today=submitted)

    rejected = apply(chosen[3], "Sommerfest", Decimal("3000.00"))
    services.application_submit(actor=ACTOR, application=rejected, today=submitted)
    services.application_reject(
        actor=ACTOR, application=rejected, reason="Eine einmalige Veranstaltung ist kein Integrationsmanagement."
    )

    apply(chosen[4], "Integrationslotsen (Entwurf)", Decimal("9000.00"))
    out.write(f"lokin: programme {YEAR} with 350,000 EUR over {len(towns)} municipalities, 5 applications")
