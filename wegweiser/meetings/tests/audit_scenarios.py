"""For the audit coverage test (audit/registry.py): the meetings services writing each DECISION model."""

from datetime import date

from wegweiser.accounts.roles import Role
from wegweiser.meetings import services
from wegweiser.meetings.tests.factories import held_meeting, moment, municipal_body, planned_meeting


def meeting_planned_edited_held_approved(world):
    actor = world.user(Role.INTEGRATION_OFFICE)
    meeting = services.meeting_create(
        actor=actor, body=municipal_body(world), starts_at=moment(2026, 5, 4), place="Rathaus"
    )
    services.meeting_update(actor=actor, meeting=meeting, starts_at=moment(2026, 5, 4, 19), place="Rathaus", present="")
    services.body_update(actor=actor, body=meeting.body, name="Runder Tisch Melle", kind="round_table", members=[])
    first = services.agenda_item_add(actor=actor, meeting=meeting, title="Bericht")
    services.agenda_item_add(actor=actor, meeting=meeting, title="Verschiedenes")
    services.agenda_item_update(actor=actor, item=first, title="Bericht der VHS")
    services.agenda_item_move(actor=actor, item=first, step=1)
    follow_up = services.follow_up_add(actor=actor, item=first, text="Tun", owner="Amt", due_date=date(2026, 6, 1))
    services.follow_up_set_done(actor=actor, follow_up=follow_up, done=True)
    services.follow_up_delete(actor=actor, follow_up=follow_up)
    services.meeting_mark_held(actor=actor, meeting=meeting)
    services.minutes_approve(actor=actor, meeting=meeting)


def decision_recorded_and_deleted(world):
    actor = world.user(Role.MUNICIPAL_MANAGER)
    meeting = planned_meeting(world, municipal_body(world), starts_at=moment(2026, 1, 5))
    item = meeting.items.first()
    decision = services.decision_record(actor=actor, item=item, text="Beschlossen", votes_for=3, abstentions=1)
    services.follow_up_add(
        actor=actor, item=item, decision=decision, text="Tun", owner="Amt", due_date=date(2026, 2, 1)
    )
    services.decision_delete(actor=actor, decision=decision)


def decision_deleted_with_its_item(world):
    meeting = held_meeting(world)
    services.agenda_item_delete(actor=world.user(Role.DISTRICT_ADMIN), item=meeting.items.get(position=2))


SCENARIOS = {
    "meetings.meeting": meeting_planned_edited_held_approved,
    "meetings.decision": [decision_recorded_and_deleted, decision_deleted_with_its_item],
}
