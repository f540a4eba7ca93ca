"""The municipal remit: in which municipalities a user may act.

District-wide roles act in the whole district; every other role acts in the municipalities named on their
account (with the members of a named Samtgemeinde). This is the one place that says so: selectors filter
with `RemitQuerySet.in_remit`, forms offer `territory.selectors.municipalities_for_user`, and services refuse
a municipality outside the remit with `remit_require`, so no path (page, API, command) can place a record
where its author may not act.
"""

from dataclasses import dataclass
from typing import Any, Self

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Remit:
    """The municipalities a user may act in; `municipality_ids` is None for the whole district."""

    municipality_ids: frozenset[int] | None

    @property
    def district_wide(self) -> bool:
        return self.municipality_ids is None

    def includes(self, municipality_id: int | None) -> bool:
        if self.municipality_ids is None:
            return True
        return municipality_id is not None and municipality_id in self.municipality_ids

    def q(self, field: str) -> models.Q:
        """The filter on `field` (a foreign key to Municipality, or a path to one). Call it only for a remit
        that is not district-wide: an empty Q combined with `|` would narrow instead of widen."""
        if self.municipality_ids is None:
            raise ValueError("a district-wide remit has no municipal filter")
        return models.Q(**{f"{field}__in": self.municipality_ids})


DISTRICT = Remit(None)
NOWHERE = Remit(frozenset())


def remit_for_user(user: Any) -> Remit:
    """Which municipalities this user may act in (none for an anonymous or inactive account)."""
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return NOWHERE
    if user.is_district_wide:
        return DISTRICT
    return Remit(frozenset(user.municipality_ids()))


class OutsideRemit(PermissionDenied):
    """A write that would place a record in a municipality where its author may not act."""

    def __init__(self, message: str | None = None):
        self.message = message or _("This municipality is outside your remit.")
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


def remit_require(actor: Any, municipality_id: int | None) -> None:
    """Refuse a municipality outside the acting user's remit; a user with a municipal remit must name one, since
    a record without a municipality would be visible only to district-wide roles and lost to its author.

    Writes by the system (the demo loader, the worker, a request from the public portal) have no user and no
    remit to keep to."""
    if not getattr(actor, "is_authenticated", False):
        return
    remit = remit_for_user(actor)
    if remit.district_wide:
        return
    if municipality_id is None:
        raise OutsideRemit(_("Choose one of your municipalities."))
    if not remit.includes(municipality_id):
        raise OutsideRemit()


def assignee_require(assignee: Any, municipality_id: int | None) -> None:
    """Refuse to give work on a record (an appointment, a case, a task) to a staff member whose remit does not
    cover the record's municipality: they could not open the person, yet their home page would list them.

    Unlike `remit_require` this holds for writes by the system too: the demo loader keeps the same rule."""
    if assignee is None:
        return
    if not remit_for_user(assignee).includes(municipality_id):
        name = assignee.get_full_name() or assignee.get_username()
        raise OutsideRemit(
            _("%(name)s does not work in this person's municipality; choose someone whose remit covers it.")
            % {"name": name}
        )


class RemitQuerySet(models.QuerySet):
    """Querysets of models that belong to a municipality. The model names the path to it in `REMIT_FIELD`
    (for example "municipality", "home_municipality" or "person__municipality")."""

    def in_remit(self, user_or_remit: Any, *, via: str | None = None) -> Self:
        remit = user_or_remit if isinstance(user_or_remit, Remit) else remit_for_user(user_or_remit)
        if remit.district_wide:
            return self
        return self.filter(remit.q(via or self.model.REMIT_FIELD))


# Models with a foreign key to Municipality that hold no record someone acts on within a remit, with the reason.
REMIT_EXEMPT: dict[str, str] = {
    "network.organisation": "a directory entry; its municipality says where it is based, it is read district-wide",
    "casework.location": "a place where appointments are held, open to every caseworker",
    "language.traveltime": "minutes between two municipalities, no one's record",
    "accounts.user": "a staff account: its municipalities are what defines the remit",
}


def models_without_remit(candidates: Any) -> list[str]:
    """Labels of models that point at a municipality but declare no `REMIT_FIELD` and no exemption: a new
    model of that kind must say how it is scoped before the suite passes."""
    from wegweiser.territory.models import Municipality

    missing = []
    for model in candidates:
        points_at_municipality = any(
            field.is_relation and field.related_model is Municipality and not field.auto_created
            for field in model._meta.get_fields()
        )
        if points_at_municipality and not hasattr(model, "REMIT_FIELD") and model._meta.label_lower not in REMIT_EXEMPT:
            missing.append(model._meta.label_lower)
    return missing
