"""The demo district gets its Migrationsbeirat with one held meeting (minutes approved) and one planned, once."""

import io

import pytest

from wegweiser.meetings.demo import NAME, load_demo
from wegweiser.meetings.models import Decision, FollowUp, Meeting, MeetingStatus

pytestmark = pytest.mark.django_db


def test_the_migrationsbeirat_loads_once_with_a_held_and_a_planned_meeting(world):
    out = io.StringIO()
    load_demo(out=out)
    load_demo(out=out)
    assert "meetings: demo Migrationsbeirat exists" in out.getvalue()
    meetings = Meeting.objects.filter(body__name=NAME).order_by("starts_at")
    assert [meeting.status for meeting in meetings] == [MeetingStatus.APPROVED, MeetingStatus.PLANNED]
    held = meetings[0]
    assert all(item.minutes for item in held.items.all())
    assert Decision.objects.filter(item__meeting=held).count() == 1
    follow_ups = FollowUp.objects.filter(item__meeting=held)
    assert follow_ups.count() == 2
    assert sum(follow_up.overdue for follow_up in follow_ups) == 1
    assert meetings[1].items.count() == 2
