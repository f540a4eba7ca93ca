"""Meetings made through the services, as the pages make them."""

from datetime import date, datetime

from django.utils import timezone

from wegweiser.meetings import services
from wegweiser.meetings.models import Body, BodyKind, Meeting

ACTOR = "test"


def moment(year: int, month: int, day: int, hour: int = 18) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))


def district_body(world, **overrides) -> Body:
    """The district's Migrationsbeirat; the world's partner is a member, the other partner is not."""
    values = {"name": "Migrationsbeirat", "kind": BodyKind.ADVISORY_COUNCIL, "members": [world.partner]}
    return services.body_create(actor=ACTOR, **(values | overrides))


def municipal_body(world, municipality=None, **overrides) -> Body:
    values = {"name": "Runder Tisch", "kind": BodyKind.ROUND_TABLE, "municipality": municipality or world.municipality}
    return services.body_create(actor=ACTOR, **(values | overrides))


def planned_meeting(world, body: Body | None = None, starts_at: datetime | None = None) -> Meeting:
    body = body or district_body(world)
    meeting = services.meeting_create(
        actor=ACTOR, body=body, starts_at=starts_at or moment(2030, 3, 4), place="Kreishaus, Raum 1"
    )
    services.agenda_item_add(actor=ACTOR, meeting=meeting, title="Begrüßung")
    services.agenda_item_add(actor=ACTOR, meeting=meeting, title="Sprachkurse", presenter="VHS", papers="Vorlage 1")
    return meeting


def held_meeting(world, body: Body | None = None) -> Meeting:
    """A meeting in the past, held, with minutes, a decision and a follow-up on its second item."""
    meeting = planned_meeting(world, body, starts_at=moment(2026, 2, 10))
    services.meeting_mark_held(actor=ACTOR, meeting=meeting)
    item = meeting.items.get(position=2)
    services.minutes_write(actor=ACTOR, item=item, minutes="Die VHS berichtet über Wartelisten.")
    decision = services.decision_record(
        actor=ACTOR, item=item, text="Der Beirat empfiehlt einen Abendkurs.", votes_for=9, votes_against=1
    )
    services.follow_up_add(
        actor=ACTOR, item=item, decision=decision, text="Raum anfragen", owner="Frau Demir", due_date=date(2026, 3, 1)
    )
    return Meeting.objects.get(pk=meeting.pk)
