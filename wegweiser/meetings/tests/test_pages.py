"""Meetings pages through HTTP (staff pages come in German): lists, the meeting page, the forms, confirmation before deleting, approval."""

from datetime import date

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.meetings import services
from wegweiser.meetings.models import AgendaItem, Decision, FollowUp, Meeting, MeetingStatus
from wegweiser.meetings.tests.factories import district_body, held_meeting, moment, municipal_body, planned_meeting

pytestmark = pytest.mark.django_db


def test_the_list_splits_upcoming_from_past_meetings(client_as, world):
    body = district_body(world)
    held_meeting(world, body)
    planned_meeting(world, body)
    client = client_as(Role.PARTNER)
    upcoming = client.get(reverse("meetings:meetings")).content.decode()
    assert "04.03.2030" in upcoming
    assert "10.02.2026" not in upcoming
    past = client.get(reverse("meetings:meetings"), {"when": "past"}).content.decode()
    assert "10.02.2026" in past
    assert "04.03.2030" not in past
    assert "Sitzung planen" not in past


def test_a_meeting_is_planned_with_its_agenda_minutes_decision_and_follow_up(client_as, world):
    body = municipal_body(world)
    client = client_as(Role.MUNICIPAL_MANAGER)
    response = client.post(
        reverse("meetings:meeting_create"), {"body": body.pk, "starts_at": "2026-01-20T18:00", "place": "Rathaus"}
    )
    meeting = Meeting.objects.get(body=body)
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:meeting", args=[meeting.pk])
    client.post(reverse("meetings:item_add", args=[meeting.pk]), {"title": "Wohnraum", "presenter": "Frau Ay"})
    item = meeting.items.get()
    client.post(reverse("meetings:item_minutes", args=[item.pk]), {"minutes": "Drei neue Wohnungen."})
    client.post(
        reverse("meetings:decision_add", args=[item.pk]),
        {"text": "Wir bitten den Landkreis um Prüfung.", "votes_for": "7", "votes_against": "0", "abstentions": "2"},
    )
    decision = Decision.objects.get(item=item)
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (7, 0, 2)
    client.post(
        reverse("meetings:follow_up_add", args=[item.pk]),
        {"text": "Anfrage schreiben", "owner": "Frau Ay", "due_date": "2026-02-01", "decision": decision.pk},
    )
    follow_up = FollowUp.objects.get(item=item)
    assert follow_up.decision == decision
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    for text in ("Wohnraum", "Drei neue Wohnungen.", "Wir bitten den Landkreis um Prüfung.", "Anfrage schreiben"):
        assert text in page
    assert "dafür 7, dagegen 0, Enthaltungen 2" in page


def test_a_refused_form_says_why(client_as, world):
    meeting = planned_meeting(world, municipal_body(world))
    item = meeting.items.first()
    client = client_as(Role.INTEGRATION_OFFICE)
    response = client.post(reverse("meetings:decision_add", args=[item.pk]), {"text": "Zu früh"})
    assert response.status_code == 400
    assert "erst eingetragen werden, wenn die Sitzung begonnen hat" in response.content.decode()
    response = client.post(
        reverse("meetings:follow_up_add", args=[item.pk]), {"text": "x", "owner": "", "due_date": "2026-02-01"}
    )
    assert response.status_code == 400
    assert "Nennen Sie, wer es übernimmt" in response.content.decode()


def test_deleting_asks_first(client_as, world):
    meeting = planned_meeting(world, municipal_body(world))
    item = meeting.items.last()
    client = client_as(Role.MUNICIPAL_MANAGER)
    question = client.get(reverse("meetings:item_delete", args=[item.pk]))
    assert question.status_code == 200
    assert "Das Löschen kann nicht rückgängig gemacht werden." in question.content.decode()
    assert AgendaItem.objects.filter(pk=item.pk).exists()
    client.post(reverse("meetings:item_delete", args=[item.pk]))
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_the_items_move_up_and_down(client_as, world):
    meeting = planned_meeting(world, municipal_body(world))
    second = meeting.items.get(position=2)
    client_as(Role.MUNICIPAL_MANAGER).post(reverse("meetings:item_move", args=[second.pk]), {"step": "up"})
    assert list(meeting.items.values_list("title", flat=True)) == ["Sprachkurse", "Begrüßung"]


def test_approving_needs_the_confirmation_and_then_the_meeting_is_read_only(client_as, world):
    meeting = held_meeting(world, municipal_body(world))
    client = client_as(Role.MUNICIPAL_MANAGER)
    url = reverse("meetings:minutes_approve", args=[meeting.pk])
    assert client.post(url, {}).status_code == 400
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.HELD
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).status == MeetingStatus.APPROVED
    page = client.get(reverse("meetings:meeting", args=[meeting.pk])).content.decode()
    assert 'id="read-only"' in page
    assert "Protokoll schreiben" not in page
    assert "Als erledigt markieren" in page
    item = meeting.items.get(position=2)
    response = client.post(reverse("meetings:item_minutes", args=[item.pk]), {"minutes": "später"})
    assert response.status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).minutes == "Die VHS berichtet über Wartelisten."
    follow_up = item.follow_ups.get()
    client.post(reverse("meetings:follow_up_toggle", args=[follow_up.pk]))
    assert FollowUp.objects.get(pk=follow_up.pk).done


def test_open_follow_ups_are_listed_with_overdue_marked_and_filtered_by_owner(client_as, world):
    meeting = held_meeting(world)  # "Raum anfragen", Frau Demir, due 1 March 2026
    item = meeting.items.first()

    services.follow_up_add(actor="test", item=item, text="Flyer drucken", owner="VHS", due_date=date(2030, 1, 1))
    done = services.follow_up_add(actor="test", item=item, text="Erledigt", owner="VHS", due_date=date(2026, 1, 1))
    services.follow_up_set_done(actor="test", follow_up=done, done=True)
    client = client_as(Role.PARTNER)
    page = client.get(reverse("meetings:follow_ups")).content.decode()
    assert "Raum anfragen" in page
    assert "Flyer drucken" in page
    assert "Erledigt" not in page
    assert page.count("badge--warning") == 1
    only_demir = client.get(reverse("meetings:follow_ups"), {"owner": "demir"}).content.decode()
    assert "Raum anfragen" in only_demir
    assert "Flyer drucken" not in only_demir
    overdue = client.get(reverse("meetings:follow_ups"), {"overdue": "on"}).content.decode()
    assert "Raum anfragen" in overdue
    assert "Flyer drucken" not in overdue
    # A member reads but does not mark done: that is the body's keepers' work.
    follow_up = FollowUp.objects.get(text="Raum anfragen")
    assert client.post(reverse("meetings:follow_up_toggle", args=[follow_up.pk])).status_code == 403


def test_another_municipality_meeting_is_not_found(client_as, world):
    foreign = planned_meeting(world, municipal_body(world, world.other_municipality), starts_at=moment(2030, 1, 1))
    client = client_as(Role.MUNICIPAL_MANAGER)
    assert client.get(reverse("meetings:meeting", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("meetings:item_edit", args=[foreign.items.first().pk])).status_code == 404
