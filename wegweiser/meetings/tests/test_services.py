"""Meetings services: audited writes, the remit, the order of the agenda, and read-only approved minutes."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.core.followups import follow_up_is_overdue
from wegweiser.meetings import selectors, services
from wegweiser.meetings.models import Decision, FollowUp, MeetingStatus
from wegweiser.meetings.tests.factories import district_body, held_meeting, moment, municipal_body, planned_meeting
from wegweiser.territory.remit import OutsideRemit

pytestmark = pytest.mark.django_db


def test_each_write_is_audited_with_the_body_municipality(world):
    actor = world.user(Role.MUNICIPAL_MANAGER)
    body = services.body_create(actor=actor, name="Runder Tisch", kind="round_table", municipality=world.municipality)
    meeting = services.meeting_create(actor=actor, body=body, starts_at=moment(2026, 1, 5), place="Rathaus")
    item = services.agenda_item_add(actor=actor, meeting=meeting, title="Bericht")
    decision = services.decision_record(actor=actor, item=item, text="Beschlossen", votes_for=4)
    entries = AuditEntry.objects.filter(actor=actor).order_by("pk")
    assert [(e.object_type, e.object_id, e.action) for e in entries] == [
        ("meetings.body", str(body.pk), "create"),
        ("meetings.meeting", str(meeting.pk), "create"),
        ("meetings.agendaitem", str(item.pk), "create"),
        ("meetings.decision", str(decision.pk), "create"),
    ]
    assert {e.municipality_id for e in entries} == {world.municipality.pk}


def test_a_manager_keeps_only_their_municipality_bodies(world):
    manager = world.user(Role.MUNICIPAL_MANAGER)
    with pytest.raises(OutsideRemit):
        services.body_create(actor=manager, name="X", kind="other", municipality=world.other_municipality)
    with pytest.raises(OutsideRemit):
        services.body_create(actor=manager, name="X", kind="other", municipality=None)
    beirat = district_body(world)
    with pytest.raises(OutsideRemit):
        services.meeting_create(actor=manager, body=beirat, starts_at=moment(2030, 1, 1), place="Kreishaus")
    with pytest.raises(PermissionDenied):
        services.meeting_create(
            actor=world.user(Role.PARTNER), body=beirat, starts_at=moment(2030, 1, 1), place="Kreishaus"
        )
    assert not beirat.meetings.exists()


def test_the_agenda_is_reordered_and_closes_up_after_a_deletion(world):
    meeting = planned_meeting(world)
    third = services.agenda_item_add(actor="test", meeting=meeting, title="Verschiedenes")
    services.agenda_item_move(actor="test", item=third, step=-1)
    assert list(meeting.items.values_list("title", flat=True)) == ["Begrüßung", "Verschiedenes", "Sprachkurse"]
    services.agenda_item_move(actor="test", item=meeting.items.get(title="Begrüßung"), step=-1)
    assert meeting.items.first().title == "Begrüßung"
    services.agenda_item_delete(actor="test", item=meeting.items.get(title="Begrüßung"))
    assert list(meeting.items.values_list("title", "position")) == [("Verschiedenes", 1), ("Sprachkurse", 2)]


def test_approved_minutes_are_read_only_but_follow_ups_are_still_marked_done(world):
    meeting = held_meeting(world)
    item = meeting.items.get(position=2)
    office = world.user(Role.INTEGRATION_OFFICE)
    services.minutes_approve(actor=office, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.APPROVED
    assert meeting.approved_by == office
    assert meeting.approved_at
    refusals = [
        lambda: services.minutes_write(actor=office, item=item, minutes="nachträglich"),
        lambda: services.agenda_item_add(actor=office, meeting=meeting, title="Neu"),
        lambda: services.decision_record(actor=office, item=item, text="Neu"),
        lambda: services.decision_delete(actor=office, decision=item.decisions.get()),
        lambda: services.follow_up_add(actor=office, item=item, text="Neu", owner="Amt", due_date=date(2026, 5, 1)),
        lambda: services.meeting_update(actor=office, meeting=meeting, starts_at=meeting.starts_at, place="Anders"),
        lambda: services.minutes_approve(actor=office, meeting=meeting),
    ]
    for refused in refusals:
        with pytest.raises(ValidationError, match="approved"):
            refused()
    item.refresh_from_db()
    assert item.minutes == "Die VHS berichtet über Wartelisten."
    assert Decision.objects.filter(item=item).count() == 1
    follow_up = item.follow_ups.get()
    services.follow_up_set_done(actor=office, follow_up=follow_up, done=True)
    assert FollowUp.objects.get(pk=follow_up.pk).done


def test_minutes_are_approved_only_for_a_held_meeting_with_an_agenda(world):
    meeting = planned_meeting(world)
    with pytest.raises(ValidationError, match="held"):
        services.minutes_approve(actor="test", meeting=meeting)
    empty = services.meeting_create(actor="test", body=meeting.body, starts_at=moment(2026, 1, 1), place="Kreishaus")
    services.meeting_mark_held(actor="test", meeting=empty)
    with pytest.raises(ValidationError, match="without agenda items"):
        services.minutes_approve(actor="test", meeting=empty)


def test_a_decision_waits_for_the_meeting_and_a_follow_up_needs_an_owner(world):
    meeting = planned_meeting(world)  # in 2030
    item = meeting.items.first()
    with pytest.raises(ValidationError, match="begun"):
        services.decision_record(actor="test", item=item, text="Zu früh")
    with pytest.raises(ValidationError, match="Name who does it"):
        services.follow_up_add(actor="test", item=item, text="Etwas", owner=" ", due_date=date(2030, 4, 1))
    made = services.follow_up_add(
        actor="test", item=item, text="Einladen", owner_organisation=world.partner, due_date=date(2030, 4, 1)
    )
    assert made.owner == world.partner.name
    other_item = meeting.items.last()
    held = held_meeting(world, municipal_body(world))
    decision = held.items.get(position=2).decisions.get()
    with pytest.raises(ValidationError, match="another agenda item"):
        services.follow_up_add(
            actor="test", item=other_item, decision=decision, text="x", owner="y", due_date=date(2030, 4, 1)
        )


def test_readers_see_their_bodies_only(world):
    beirat = held_meeting(world)
    local = planned_meeting(world, municipal_body(world))
    foreign = planned_meeting(world, municipal_body(world, world.other_municipality))
    seen = {role: set(selectors.meetings_for_user(world.user(role))) for role in Role}
    assert seen[Role.INTEGRATION_OFFICE] == {beirat, local, foreign}
    assert seen[Role.MUNICIPAL_MANAGER] == {beirat, local}
    assert seen[Role.PARTNER] == {beirat}
    assert seen[Role.COURSE_PROVIDER] == set()
    assert seen[Role.CASEWORKER] == set()
    assert not selectors.may_edit_body(world.user(Role.MUNICIPAL_MANAGER), beirat.body)
    assert selectors.may_edit_body(world.user(Role.MUNICIPAL_MANAGER), local.body)


def test_overdue_is_open_and_past_its_due_date():
    assert follow_up_is_overdue(done=False, due_date=date(2026, 3, 1), today=date(2026, 3, 2))
    assert not follow_up_is_overdue(done=False, due_date=date(2026, 3, 1), today=date(2026, 3, 1))
    assert not follow_up_is_overdue(done=True, due_date=date(2026, 3, 1), today=date(2026, 4, 1))
