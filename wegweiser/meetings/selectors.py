"""Meetings reads, scoped by who asks: district-wide roles see every body; a municipal manager the bodies of
their municipalities and the district-wide ones; a partner or course provider the bodies their organisation is
a member of. Meetings, items, decisions and follow-ups are seen through their body."""

from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.core.followups import overdue_q
from wegweiser.meetings.models import AgendaItem, Body, Decision, FollowUp, Meeting
from wegweiser.territory.remit import remit_for_user


def _bodies_q(user: Any) -> Q | None:
    """The filter on the bodies this user reads; None for all of them."""
    remit = remit_for_user(user)
    if remit.district_wide:
        return None
    if user_can(user, Perm.MEETINGS_EDIT):
        return Q(municipality__isnull=True) | remit.q("municipality")
    if user.organisation_id:
        return Q(members=user.organisation_id)
    return Q(pk__in=[])


def _scoped(queryset: QuerySet, user: Any, path: str) -> QuerySet:
    """`queryset` cut to the bodies the user reads, reached through `path` ("" for bodies themselves)."""
    if not user_can(user, Perm.MEETINGS_VIEW):
        return queryset.none()
    where = _bodies_q(user)
    if where is None:
        return queryset
    if not path:
        return queryset.filter(where).distinct()
    # Through the bodies' ids: a member filter joined into the rows could repeat them.
    return queryset.filter(**{f"{path}__in": Body.objects.filter(where).values("pk")})


def bodies_for_user(user: Any) -> QuerySet[Body]:
    return _scoped(Body.objects.select_related("municipality"), user, "")


def may_edit_body(user: Any, body: Body) -> bool:
    """Whether the user keeps this body's meetings: the edit permission and its municipality in their remit
    (a district-wide body only for district-wide roles)."""
    return user_can(user, Perm.MEETINGS_EDIT) and remit_for_user(user).includes(body.municipality_id)


def bodies_to_edit_for_user(user: Any) -> QuerySet[Body]:
    if not user_can(user, Perm.MEETINGS_EDIT):
        return Body.objects.none()
    remit = remit_for_user(user)
    bodies = Body.objects.select_related("municipality")
    return bodies if remit.district_wide else bodies.filter(remit.q("municipality"))


def meetings_for_user(user: Any) -> QuerySet[Meeting]:
    return _scoped(Meeting.objects.select_related("body"), user, "body")


def meetings_upcoming(user: Any, now: datetime) -> QuerySet[Meeting]:
    return meetings_for_user(user).filter(starts_at__gte=now).order_by("starts_at", "pk")


def meetings_past(user: Any, now: datetime) -> QuerySet[Meeting]:
    return meetings_for_user(user).filter(starts_at__lt=now).order_by("-starts_at", "-pk")


def meeting_page(user: Any, meeting_id: int) -> Meeting:
    """One meeting with its agenda, decisions and follow-ups read in four queries; DoesNotExist outside the
    user's bodies."""
    follow_ups = FollowUp.objects.select_related("decision", "owner_organisation")
    items = AgendaItem.objects.prefetch_related("decisions", Prefetch("follow_ups", queryset=follow_ups))
    return (
        meetings_for_user(user)
        .select_related("body__municipality", "approved_by")
        .prefetch_related(Prefetch("items", queryset=items))
        .get(pk=meeting_id)
    )


def agenda_items_for_user(user: Any) -> QuerySet[AgendaItem]:
    return _scoped(AgendaItem.objects.select_related("meeting__body"), user, "meeting__body")


def decisions_for_user(user: Any) -> QuerySet[Decision]:
    return _scoped(Decision.objects.select_related("item__meeting__body"), user, "item__meeting__body")


def follow_ups_for_user(user: Any) -> QuerySet[FollowUp]:
    return _scoped(
        FollowUp.objects.select_related("item__meeting__body", "owner_organisation"), user, "item__meeting__body"
    )


def open_follow_ups(user: Any, *, owner: str = "", overdue_only: bool = False) -> QuerySet[FollowUp]:
    """Open follow-ups across the user's meetings, the most urgent first; `owner` narrows to owners whose name
    contains it."""
    rows = follow_ups_for_user(user).filter(done=False)
    if owner.strip():
        rows = rows.filter(owner__icontains=owner.strip())
    if overdue_only:
        rows = rows.filter(overdue_q())
    return rows.order_by("due_date", "pk")


def follow_up_owners(user: Any) -> list[str]:
    """The owners of open follow-ups, for the filter's choices."""
    return sorted(set(follow_ups_for_user(user).filter(done=False).values_list("owner", flat=True)))
