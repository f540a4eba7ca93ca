"""Demo meetings: the district's Migrationsbeirat with its member organisations, one meeting held with minutes,
decisions and follow-ups (minutes approved) and the next one planned with its agenda. Written through the
services (audited as the demo loader); idempotent."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from wegweiser.meetings import services
from wegweiser.meetings.models import Body, BodyKind
from wegweiser.network.models import Organisation, OrganisationKind

ACTOR = "demo"
NAME = "Migrationsbeirat des Landkreises"


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def load_demo(*, out, **options) -> None:
    if Body.objects.filter(name=NAME).exists():
        out.write("meetings: demo Migrationsbeirat exists")
        return
    members = Organisation.objects.filter(
        kind__in=[OrganisationKind.MIGRANT_ORGANISATION, OrganisationKind.WELFARE, OrganisationKind.RELIGIOUS_COMMUNITY]
    ).order_by("name")[:6]
    body = services.body_create(actor=ACTOR, name=NAME, kind=BodyKind.ADVISORY_COUNCIL, members=members)
    today = timezone.localdate()

    held = services.meeting_create(
        actor=ACTOR, body=body, starts_at=_at(today - timedelta(days=40), 17), place="Kreishaus, Sitzungssaal 2"
    )
    services.meeting_update(
        actor=ACTOR,
        meeting=held,
        starts_at=held.starts_at,
        place=held.place,
        present="\n".join(member.name for member in members) or "Integrationsbüro",
    )
    welcome = services.agenda_item_add(actor=ACTOR, meeting=held, title="Begrüßung und Genehmigung der Tagesordnung")
    services.minutes_write(actor=ACTOR, item=welcome, minutes="Die Tagesordnung wird ohne Änderungen genehmigt.")
    courses = services.agenda_item_add(
        actor=ACTOR,
        meeting=held,
        title="Wartelisten der Sprachkurse",
        presenter="Integrationsbüro",
        papers="Vorlage 12/2026: Wartende nach Niveau",
    )
    services.minutes_write(
        actor=ACTOR,
        item=courses,
        minutes="Das Integrationsbüro stellt die Wartelisten vor. Der Beirat fragt nach Abendkursen für Berufstätige.",
    )
    decision = services.decision_record(
        actor=ACTOR,
        item=courses,
        text="Der Beirat empfiehlt dem Kreisausschuss zwei zusätzliche Abendkurse ab dem Frühjahr.",
        votes_for=11,
        votes_against=0,
        abstentions=1,
    )
    services.follow_up_add(
        actor=ACTOR,
        item=courses,
        decision=decision,
        text="Empfehlung an den Kreisausschuss weiterleiten",
        owner="Integrationsbüro",
        due_date=today - timedelta(days=10),
    )
    owner = members[0] if members else None
    services.follow_up_add(
        actor=ACTOR,
        item=courses,
        text="Bedarf an Kinderbetreuung während der Kurse erfragen",
        owner="" if owner else "Integrationsbüro",
        owner_organisation=owner,
        due_date=today + timedelta(days=20),
    )
    services.meeting_mark_held(actor=ACTOR, meeting=held)
    services.minutes_approve(actor=ACTOR, meeting=held)

    planned = services.meeting_create(
        actor=ACTOR, body=body, starts_at=_at(today + timedelta(days=30), 17), place="Kreishaus, Sitzungssaal 2"
    )
    services.agenda_item_add(actor=ACTOR, meeting=planned, title="Bericht aus dem Migrationszentrum")
    services.agenda_item_add(
        actor=ACTOR, meeting=planned, title="Interkulturelle Woche", presenter="Sprecherin des Beirats"
    )
    out.write(f"meetings: {NAME} with {members.count()} members, one meeting held and one planned")
