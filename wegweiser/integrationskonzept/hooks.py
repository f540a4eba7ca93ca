"""How linked indicators follow the Lagebild without the Lagebild knowing about them.

A statistics import (page, job or command) creates `StatisticRelease` rows and their observations in one
transaction; deleting a release removes them. This module listens for those rows and, once the transaction
has committed (so every observation is there), calls `indicators_refresh_linked` for the table. The refresh
itself is an ordinary service; the signal only schedules it, so no domain logic lives in the receiver.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _schedule_refresh(sender, instance, **kwargs) -> None:
    from wegweiser.integrationskonzept.services import indicators_refresh_linked

    table_code = instance.table.code

    transaction.on_commit(lambda: indicators_refresh_linked(table_code=table_code, actor="lagebild"))


def connect() -> None:
    from wegweiser.lagebild.models import StatisticRelease

    post_save.connect(_schedule_refresh, sender=StatisticRelease, dispatch_uid="konzept_follow_lagebild_save")
    post_delete.connect(_schedule_refresh, sender=StatisticRelease, dispatch_uid="konzept_follow_lagebild_delete")
