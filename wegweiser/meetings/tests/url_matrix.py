"""Every meetings page as every role. The district (admin, integration office) keeps every body's meetings; a
municipal manager keeps their municipality's bodies and reads the district-wide ones; the partner organisation
reads the Migrationsbeirat it is a member of; the course provider, a member of nothing here, sees the lists
only. Another municipality's body is not found for the manager."""

from wegweiser.accounts.roles import Role
from wegweiser.meetings.tests.factories import district_body, held_meeting, municipal_body, planned_meeting
from wegweiser.testing.matrix import UrlCase, roles

READERS = roles(
    Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.MUNICIPAL_MANAGER, Role.PARTNER, Role.COURSE_PROVIDER
)
DISTRICT = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)
EDITORS = DISTRICT | roles(Role.MUNICIPAL_MANAGER)
# The district-wide Migrationsbeirat: the partner is a member, the manager reads it.
BEIRAT_READERS = EDITORS | roles(Role.PARTNER)


def _beirat_meeting(world) -> dict:
    return {"meeting_id": world.obj("meetings.beirat", planned_meeting).pk}


def _local(world):
    return world.obj("meetings.local", lambda w: planned_meeting(w, municipal_body(w)))


def _foreign(world):
    return world.obj("meetings.foreign", lambda w: planned_meeting(w, municipal_body(w, w.other_municipality)))


def _local_meeting(world) -> dict:
    return {"meeting_id": _local(world).pk}


def _foreign_meeting(world) -> dict:
    return {"meeting_id": _foreign(world).pk}


def _local_held(world):
    return world.obj("meetings.local_held", lambda w: held_meeting(w, municipal_body(w, name="Runder Tisch Melle")))


def _local_item(world) -> dict:
    return {"item_id": _local(world).items.order_by("position").last().pk}


def _foreign_item(world) -> dict:
    return {"item_id": _foreign(world).items.order_by("position").last().pk}


def _held_item(world):
    return _local_held(world).items.get(position=2)


def _decision(world) -> dict:
    return {"decision_id": _held_item(world).decisions.get().pk}


def _follow_up(world) -> dict:
    return {"follow_up_id": _held_item(world).follow_ups.get().pk}


def world_beirat_held(world):
    return world.obj("meetings.beirat_held", held_meeting)


def _beirat_follow_up(world) -> dict:
    meeting = world_beirat_held(world)
    return {"follow_up_id": meeting.items.get(position=2).follow_ups.get().pk}


def _body_id(body) -> dict:
    return {"body_id": body.pk}


CASES = [
    UrlCase("meetings:meetings", READERS),
    UrlCase("meetings:meetings", READERS, label="past", query="when=past&page=2"),
    UrlCase("meetings:follow_ups", READERS),
    UrlCase("meetings:follow_ups", READERS, label="filtered", query="owner=Demir&overdue=on"),
    UrlCase("meetings:body_create", EDITORS),
    UrlCase(
        "meetings:body_create",
        EDITORS,
        method="POST",
        data=lambda w: {"name": "Netzwerk Melle", "kind": "integration_network", "municipality": w.municipality.pk},
    ),
    UrlCase("meetings:body_edit", DISTRICT, kwargs=lambda w: _body_id(district_body(w))),
    UrlCase("meetings:body_edit", EDITORS, label="local", kwargs=lambda w: _body_id(_local(w).body)),
    UrlCase("meetings:body_edit", DISTRICT, label="foreign", kwargs=lambda w: _body_id(_foreign(w).body)),
    UrlCase(
        "meetings:body_edit",
        EDITORS,
        label="local",
        kwargs=lambda w: _body_id(_local(w).body),
        method="POST",
        data=lambda w: {"name": "Runder Tisch Integration", "kind": "round_table", "members": [w.partner.pk]},
    ),
    UrlCase("meetings:meeting_create", EDITORS),
    UrlCase(
        "meetings:meeting_create",
        EDITORS,
        method="POST",
        data=lambda w: {"body": _local(w).body.pk, "starts_at": "2030-05-06T18:00", "place": "Rathaus"},
    ),
    UrlCase("meetings:meeting", BEIRAT_READERS, kwargs=_beirat_meeting),
    UrlCase("meetings:meeting", EDITORS, label="local", kwargs=_local_meeting),
    UrlCase("meetings:meeting", DISTRICT, label="foreign", kwargs=_foreign_meeting),
    UrlCase("meetings:minutes_pdf", BEIRAT_READERS, kwargs=lambda w: {"meeting_id": world_beirat_held(w).pk}),
    UrlCase("meetings:minutes_pdf", DISTRICT, label="foreign", kwargs=_foreign_meeting),
    UrlCase("meetings:meeting_edit", EDITORS, kwargs=_local_meeting),
    UrlCase("meetings:meeting_edit", DISTRICT, label="beirat", kwargs=_beirat_meeting),
    UrlCase("meetings:meeting_edit", DISTRICT, label="foreign", kwargs=_foreign_meeting),
    UrlCase(
        "meetings:meeting_edit",
        EDITORS,
        kwargs=_local_meeting,
        method="POST",
        data=lambda w: {"starts_at": "2030-03-04T19:00", "place": "Rathaus", "present": "VHS\nCaritas"},
    ),
    UrlCase("meetings:meeting_mark_held", EDITORS, kwargs=_local_meeting, method="POST", data=lambda w: {}),
    UrlCase(
        "meetings:meeting_mark_held",
        DISTRICT,
        label="foreign",
        kwargs=_foreign_meeting,
        method="POST",
        data=lambda w: {},
    ),
    UrlCase("meetings:minutes_approve", EDITORS, kwargs=lambda w: {"meeting_id": _local_held(w).pk}),
    UrlCase(
        "meetings:minutes_approve",
        EDITORS,
        kwargs=lambda w: {"meeting_id": _local_held(w).pk},
        method="POST",
        data=lambda w: {"confirm": "on"},
    ),
    UrlCase("meetings:item_add", EDITORS, kwargs=_local_meeting),
    UrlCase(
        "meetings:item_add",
        EDITORS,
        kwargs=_local_meeting,
        method="POST",
        data=lambda w: {"title": "Verschiedenes", "presenter": "", "papers": ""},
    ),
    UrlCase("meetings:item_add", DISTRICT, label="foreign", kwargs=_foreign_meeting),
    UrlCase("meetings:item_edit", EDITORS, kwargs=_local_item),
    UrlCase(
        "meetings:item_edit",
        EDITORS,
        kwargs=_local_item,
        method="POST",
        data=lambda w: {"title": "Sprachkurse im Herbst", "presenter": "VHS", "papers": ""},
    ),
    UrlCase("meetings:item_edit", DISTRICT, label="foreign", kwargs=_foreign_item),
    UrlCase("meetings:item_minutes", EDITORS, kwargs=_local_item),
    UrlCase(
        "meetings:item_minutes",
        EDITORS,
        kwargs=_local_item,
        method="POST",
        data=lambda w: {"minutes": "Bericht zur Lage."},
    ),
    UrlCase("meetings:item_move", EDITORS, kwargs=_local_item, method="POST", data=lambda w: {"step": "up"}),
    UrlCase("meetings:item_delete", EDITORS, kwargs=_local_item),
    UrlCase("meetings:item_delete", EDITORS, kwargs=_local_item, method="POST", data=lambda w: {}),
    UrlCase("meetings:item_delete", DISTRICT, label="foreign", kwargs=_foreign_item),
    UrlCase("meetings:decision_add", EDITORS, kwargs=lambda w: {"item_id": _held_item(w).pk}),
    UrlCase(
        "meetings:decision_add",
        EDITORS,
        kwargs=lambda w: {"item_id": _held_item(w).pk},
        method="POST",
        data=lambda w: {"text": "Einstimmig beschlossen.", "votes_for": "", "votes_against": "", "abstentions": ""},
    ),
    UrlCase("meetings:decision_delete", EDITORS, kwargs=_decision),
    UrlCase("meetings:decision_delete", EDITORS, kwargs=_decision, method="POST", data=lambda w: {}),
    UrlCase("meetings:follow_up_add", EDITORS, kwargs=lambda w: {"item_id": _held_item(w).pk}),
    UrlCase(
        "meetings:follow_up_add",
        EDITORS,
        kwargs=lambda w: {"item_id": _held_item(w).pk},
        method="POST",
        data=lambda w: {
            "text": "Protokoll versenden",
            "owner": "",
            "owner_organisation": w.partner.pk,
            "due_date": "2026-12-01",
        },
    ),
    UrlCase("meetings:follow_up_toggle", EDITORS, kwargs=_follow_up, method="POST", data=lambda w: {}),
    UrlCase(
        "meetings:follow_up_toggle",
        DISTRICT,
        label="beirat",
        kwargs=_beirat_follow_up,
        method="POST",
        data=lambda w: {},
    ),
    UrlCase("meetings:follow_up_delete", EDITORS, kwargs=_follow_up),
    UrlCase("meetings:follow_up_delete", EDITORS, kwargs=_follow_up, method="POST", data=lambda w: {}),
]
