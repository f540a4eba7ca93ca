"""Meetings writes. Each checks that the actor may edit the body (Perm.MEETINGS_EDIT, and the body's municipality
in their remit: a district-wide body only for district-wide roles), locks the meeting row so that nothing
slips in while its minutes are approved, and writes its audit entry in the same transaction. A meeting whose
minutes are approved is read-only; only its follow-ups are still marked done, since that happens later."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.core.followups import follow_up_mark_done
from wegweiser.meetings.models import AgendaItem, Body, Decision, FollowUp, Meeting, MeetingStatus
from wegweiser.network.models import Organisation
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import remit_require

PURPOSE = "meetings"


def _require_edit(actor: Any, municipality_id: int | None) -> None:
    # Writes by the system (the demo loader) have no user.
    if not getattr(actor, "is_authenticated", False):
        return
    if not user_can(actor, Perm.MEETINGS_EDIT):
        raise PermissionDenied
    remit_require(actor, municipality_id)


def _audit(actor: Any, action: AuditAction, obj: Any, body: Body, **extra: Any) -> None:
    audit_record(actor=actor, action=action, obj=obj, purpose=PURPOSE, municipality_id=body.municipality_id, **extra)


def _meeting_to_change(actor: Any, meeting_id: int) -> Meeting:
    """The meeting, locked, after the actor's right to edit it and its being still open are checked."""
    meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting_id)
    _require_edit(actor, meeting.body.municipality_id)
    if meeting.read_only:
        raise ValidationError(_("The minutes of this meeting are approved; it can no longer be changed."))
    return meeting


def _text(value: str, message: str) -> str:
    if not (value or "").strip():
        raise ValidationError(message)
    return value.strip()


# Bodies


@transaction.atomic
def body_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    municipality: Municipality | None = None,
    members: Iterable[Organisation] = (),
) -> Body:
    _require_edit(actor, municipality.pk if municipality else None)
    body = Body.objects.create(name=_text(name, _("Give the body's name.")), kind=kind, municipality=municipality)
    body.members.set(list(members))
    _audit(actor, AuditAction.CREATE, body, body)
    return body


@transaction.atomic
def body_update(*, actor: Any, body: Body, name: str, kind: str, members: Iterable[Organisation]) -> Body:
    body = Body.objects.select_for_update().get(pk=body.pk)
    _require_edit(actor, body.municipality_id)
    body.name = _text(name, _("Give the body's name."))
    body.kind = kind
    body.save(update_fields=["name", "kind"])
    body.members.set(list(members))
    _audit(actor, AuditAction.UPDATE, body, body, changed_fields=["name", "kind", "members"])
    return body


# Meetings


@transaction.atomic
def meeting_create(*, actor: Any, body: Body, starts_at: datetime, place: str) -> Meeting:
    _require_edit(actor, body.municipality_id)
    meeting = Meeting.objects.create(body=body, starts_at=starts_at, place=_text(place, _("Give the place.")))
    _audit(actor, AuditAction.CREATE, meeting, body)
    return meeting


@transaction.atomic
def meeting_update(*, actor: Any, meeting: Meeting, starts_at: datetime, place: str, present: str = "") -> Meeting:
    meeting = _meeting_to_change(actor, meeting.pk)
    meeting.starts_at = starts_at
    meeting.place = _text(place, _("Give the place."))
    meeting.present = present.strip()
    meeting.save(update_fields=["starts_at", "place", "present"])
    _audit(actor, AuditAction.UPDATE, meeting, meeting.body, changed_fields=["starts_at", "place", "present"])
    return meeting


@transaction.atomic
def meeting_mark_held(*, actor: Any, meeting: Meeting) -> Meeting:
    """The meeting took place: its minutes may now be approved."""
    meeting = _meeting_to_change(actor, meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("This meeting is already marked as held."))
    meeting.status = MeetingStatus.HELD
    meeting.save(update_fields=["status"])
    _audit(actor, AuditAction.UPDATE, meeting, meeting.body, changed_fields=["status"])
    return meeting


@transaction.atomic
def minutes_approve(*, actor: Any, meeting: Meeting) -> Meeting:
    """The body approves the minutes: from now on the meeting, its agenda, minutes, decisions and follow-ups
    stay as they are (follow-ups are still marked done)."""
    meeting = _meeting_to_change(actor, meeting.pk)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError(_("Only the minutes of a meeting that has been held can be approved."))
    if not meeting.items.exists():
        raise ValidationError(_("A meeting without agenda items has no minutes to approve."))
    meeting.status = MeetingStatus.APPROVED
    meeting.approved_at = timezone.now()
    meeting.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    meeting.save(update_fields=["status", "approved_at", "approved_by"])
    _audit(actor, AuditAction.UPDATE, meeting, meeting.body, changed_fields=["status", "approved_at", "approved_by"])
    return meeting


# Agenda and minutes


@transaction.atomic
def agenda_item_add(*, actor: Any, meeting: Meeting, title: str, presenter: str = "", papers: str = "") -> AgendaItem:
    meeting = _meeting_to_change(actor, meeting.pk)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        title=_text(title, _("Give the item's title.")),
        presenter=presenter.strip(),
        papers=papers.strip(),
    )
    _audit(actor, AuditAction.CREATE, item, meeting.body)
    return item


@transaction.atomic
def agenda_item_update(
    *, actor: Any, item: AgendaItem, title: str, presenter: str = "", papers: str = ""
) -> AgendaItem:
    meeting = _meeting_to_change(actor, item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)
    item.title = _text(title, _("Give the item's title."))
    item.presenter = presenter.strip()
    item.papers = papers.strip()
    item.save(update_fields=["title", "presenter", "papers"])
    _audit(actor, AuditAction.UPDATE, item, meeting.body, changed_fields=["title", "presenter", "papers"])
    return item


@transaction.atomic
def agenda_item_move(*, actor: Any, item: AgendaItem, step: int) -> AgendaItem:
    """Move an item one place up (`step` -1) or down (+1) by swapping it with its neighbour; at either end
    nothing changes."""
    meeting = _meeting_to_change(actor, item.meeting_id)
    items = list(meeting.items.order_by("position", "pk"))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index + (1 if step > 0 else -1)
    if not 0 <= other < len(items):
        return items[index]
    items[index], items[other] = items[other], items[index]
    for position, row in enumerate(items, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
            _audit(actor, AuditAction.UPDATE, row, meeting.body, changed_fields=["position"])
    return items[other]


@transaction.atomic
def agenda_item_delete(*, actor: Any, item: AgendaItem) -> None:
    """Delete an item with its minutes, decisions and follow-ups; the ones after it move up."""
    meeting = _meeting_to_change(actor, item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)
    for decision in item.decisions.all():
        _audit(actor, AuditAction.DELETE, decision, meeting.body)
    _audit(actor, AuditAction.DELETE, item, meeting.body)
    item.delete()
    for position, row in enumerate(meeting.items.order_by("position", "pk"), start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
            _audit(actor, AuditAction.UPDATE, row, meeting.body, changed_fields=["position"])


@transaction.atomic
def minutes_write(*, actor: Any, item: AgendaItem, minutes: str) -> AgendaItem:
    meeting = _meeting_to_change(actor, item.meeting_id)
    item = AgendaItem.objects.get(pk=item.pk)
    item.minutes = minutes.strip()
    item.save(update_fields=["minutes"])
    _audit(actor, AuditAction.UPDATE, item, meeting.body, changed_fields=["minutes"])
    return item


# Decisions and follow-ups


@transaction.atomic
def decision_record(
    *,
    actor: Any,
    item: AgendaItem,
    text: str,
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
) -> Decision:
    meeting = _meeting_to_change(actor, item.meeting_id)
    if meeting.status == MeetingStatus.PLANNED and meeting.starts_at > timezone.now():
        raise ValidationError(_("A decision can be recorded only once the meeting has begun."))
    votes = [votes_for, votes_against, abstentions]
    if any(value is not None and value < 0 for value in votes):
        raise ValidationError(_("Votes cannot be negative."))
    decision = Decision.objects.create(
        item=item,
        text=_text(text, _("Write down what was decided.")),
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    _audit(actor, AuditAction.CREATE, decision, meeting.body)
    return decision


@transaction.atomic
def decision_delete(*, actor: Any, decision: Decision) -> None:
    meeting = _meeting_to_change(actor, decision.item.meeting_id)
    _audit(actor, AuditAction.DELETE, decision, meeting.body)
    Decision.objects.get(pk=decision.pk).delete()


@transaction.atomic
def follow_up_add(
    *,
    actor: Any,
    item: AgendaItem,
    text: str,
    due_date: date,
    owner: str = "",
    owner_organisation: Organisation | None = None,
    decision: Decision | None = None,
) -> FollowUp:
    """A follow-up of an item (and of one of its decisions); the owner is a name, or an organisation of the
    directory whose name is then kept as the owner too."""
    meeting = _meeting_to_change(actor, item.meeting_id)
    if decision is not None and decision.item_id != item.pk:
        raise ValidationError(_("The decision belongs to another agenda item."))
    owner = (owner or "").strip() or (owner_organisation.name if owner_organisation else "")
    follow_up = FollowUp.objects.create(
        item=item,
        decision=decision,
        text=_text(text, _("Say what is to be done.")),
        owner=_text(owner, _("Name who does it: a person or an organisation.")),
        owner_organisation=owner_organisation,
        due_date=due_date,
    )
    _audit(actor, AuditAction.CREATE, follow_up, meeting.body)
    return follow_up


@transaction.atomic
def follow_up_set_done(*, actor: Any, follow_up: FollowUp, done: bool) -> FollowUp:
    """Mark a follow-up done or open again; allowed after the minutes are approved, since it happens later."""

    def check(row: FollowUp) -> None:
        _require_edit(actor, row.item.meeting.body.municipality_id)

    row = follow_up_mark_done(
        FollowUp.objects.select_related("item__meeting__body"), follow_up.pk, done=done, check=check
    )
    _audit(actor, AuditAction.UPDATE, row, row.item.meeting.body, changed_fields=["done"])
    return row


@transaction.atomic
def follow_up_delete(*, actor: Any, follow_up: FollowUp) -> None:
    meeting = _meeting_to_change(actor, follow_up.item.meeting_id)
    _audit(actor, AuditAction.DELETE, follow_up, meeting.body)
    FollowUp.objects.get(pk=follow_up.pk).delete()
