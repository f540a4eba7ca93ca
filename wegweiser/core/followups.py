"""Follow-ups: something agreed in a meeting that someone does by a date. LokIn's consultations and the
meetings of the network's bodies both keep them; the fields, their order, what "overdue" means and how a
follow-up is marked done are written here once.

The owner is text (a person's name, an office or an organisation's name), so a list can be filtered by it
whatever kind of owner it is.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class FollowUpBase(models.Model):
    """The fields every follow-up has; a concrete model adds what it comes from (a consultation, a meeting)."""

    text = models.CharField(_("follow-up"), max_length=500)
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        abstract = True
        # Open ones first, the most urgent at the top.
        ordering = ["done", "due_date", "pk"]

    def __str__(self) -> str:
        return self.text

    def is_overdue(self, today: date | None = None) -> bool:
        return follow_up_is_overdue(done=self.done, due_date=self.due_date, today=today)

    @property
    def overdue(self) -> bool:
        """For templates: open and past its due date today."""
        return self.is_overdue()


def follow_up_is_overdue(*, done: bool, due_date: date, today: date | None = None) -> bool:
    """A follow-up is overdue when it is still open after its due date (due today is not overdue yet)."""
    return not done and due_date < (today or timezone.localdate())


def overdue_q(today: date | None = None) -> models.Q:
    """The same rule as a filter, for lists that show the overdue ones only."""
    return models.Q(done=False, due_date__lt=today or timezone.localdate())


def follow_up_mark_done(
    queryset: models.QuerySet, pk: int, *, done: bool, check: Callable[[Any], None] | None = None
) -> Any:
    """Lock the follow-up, let `check(row)` refuse (remit, a closed meeting), then set `done`. Call it inside the
    service's transaction, which also writes the audit entry; returns the row as saved."""
    row = queryset.select_for_update().get(pk=pk)
    if check is not None:
        check(row)
    row.done = done
    row.save(update_fields=["done"])
    return row
