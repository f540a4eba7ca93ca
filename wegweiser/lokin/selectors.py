"""LokIn reads. Who sees what: district roles the whole programme, a municipal manager their municipality."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.lokin import allocation as arithmetic
from wegweiser.lokin.models import (
    AllocationRow,
    Application,
    ApplicationStatus,
    IndicatorInput,
    Instalment,
    InstalmentStatus,
    Programme,
)
from wegweiser.territory.models import Municipality

REGISTER_SOURCE = "territory register (population)"


def programmes_for_user(user: Any) -> QuerySet[Programme]:
    if not user_can(user, Perm.LOKIN_VIEW):
        return Programme.objects.none()
    return Programme.objects.all()


def applications_for_user(user: Any) -> QuerySet[Application]:
    if not user_can(user, Perm.LOKIN_VIEW):
        return Application.objects.none()
    return Application.objects.in_remit(user).select_related("programme", "municipality")


def allocation_rows_for_user(user: Any, programme: Programme) -> QuerySet[AllocationRow]:
    """The fixed allocation table is a published decision: every LokIn reader sees all of it."""
    if not user_can(user, Perm.LOKIN_VIEW):
        return AllocationRow.objects.none()
    return AllocationRow.objects.filter(allocation__programme=programme).select_related("municipality")


def instalments_for_user(user: Any) -> QuerySet[Instalment]:
    if not user_can(user, Perm.LOKIN_VIEW):
        return Instalment.objects.none()
    return Instalment.objects.in_remit(user).select_related("application__municipality")


def allocation_inputs(
    programme: Programme,
) -> tuple[dict[str, Municipality], list[arithmetic.MunicipalityInput]]:
    """The allocation's input per municipality of the district: entered indicator values, and the register's
    population where none was entered."""
    municipalities = {
        m.ags or m.regional_key: m
        for m in Municipality.objects.filter(district=programme.district).local().order_by("regional_key")
    }
    entered: dict[int, dict[str, arithmetic.IndicatorValue]] = {}
    for row in IndicatorInput.objects.filter(programme=programme):
        entered.setdefault(row.municipality_id, {})[row.indicator] = arithmetic.IndicatorValue(
            row.value, row.source, row.reference_date
        )
    inputs = []
    for key, municipality in municipalities.items():
        values = dict(entered.get(municipality.pk, {}))
        if "population" not in values and municipality.population is not None:
            values["population"] = arithmetic.IndicatorValue(Decimal(municipality.population), REGISTER_SOURCE)
        inputs.append(arithmetic.MunicipalityInput(key=key, name=municipality.name, indicators=values))
    return municipalities, inputs


def allocation_variants(programme: Programme, variants: dict[str, dict]) -> dict[str, arithmetic.Allocation]:
    """The programme's rule and what-if variants of it, computed from today's inputs (nothing is stored)."""
    from wegweiser.lokin.services import programme_rule

    _municipalities, inputs = allocation_inputs(programme)
    result = {"": arithmetic.allocate(programme.budget, inputs, programme_rule(programme))}
    for name, overrides in variants.items():
        result[name] = arithmetic.allocate(programme.budget, inputs, programme_rule(programme, **overrides))
    return result


@dataclass(frozen=True)
class Ledger:
    budget: Decimal
    allocated: Decimal
    approved: Decimal
    scheduled: Decimal
    released: Decimal
    paid: Decimal

    @property
    def unapproved(self) -> Decimal:
        return self.budget - self.approved

    @property
    def unpaid(self) -> Decimal:
        return self.approved - self.paid


def programme_ledger(programme: Programme, *, municipality_id: int | None = None) -> Ledger:
    """The programme's books (or one municipality's part of them)."""
    applications = Application.objects.filter(programme=programme)
    rows = AllocationRow.objects.filter(allocation__programme=programme)
    instalments = Instalment.objects.filter(application__programme=programme)
    if municipality_id is not None:
        applications = applications.filter(municipality_id=municipality_id)
        rows = rows.filter(municipality_id=municipality_id)
        instalments = instalments.filter(application__municipality_id=municipality_id)
    sums = instalments.aggregate(
        scheduled=Sum("amount"),
        released=Sum("amount", filter=Q(status__in=[InstalmentStatus.RELEASED, InstalmentStatus.PAID])),
        paid=Sum("amount", filter=Q(status=InstalmentStatus.PAID)),
    )
    zero = Decimal("0.00")
    cent = Decimal("0.01")  # SQLite sums decimals without their places
    return Ledger(
        budget=programme.budget,
        allocated=(rows.aggregate(total=Sum("amount"))["total"] or zero).quantize(cent),
        approved=(
            applications.filter(status=ApplicationStatus.APPROVED).aggregate(total=Sum("approved_amount"))["total"]
            or zero
        ).quantize(cent),
        scheduled=(sums["scheduled"] or zero).quantize(cent),
        released=(sums["released"] or zero).quantize(cent),
        paid=(sums["paid"] or zero).quantize(cent),
    )
