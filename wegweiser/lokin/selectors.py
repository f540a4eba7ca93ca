"""LokIn reads. Who sees what: district roles the whole programme, a municipal manager their municipality."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext, gettext_noop

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.core.publication import Publication, publish_table
from wegweiser.lokin import allocation as arithmetic
from wegweiser.lokin.models import (
    AllocationRow,
    Application,
    ApplicationStatus,
    Consultation,
    CostCategory,
    FollowUp,
    Indicator,
    IndicatorInput,
    Instalment,
    InstalmentStatus,
    Programme,
    ReportAttachment,
    ReportCost,
    ReportStatus,
    Settlement,
    UseReport,
)
from wegweiser.territory.models import Municipality

REGISTER_SOURCE = gettext_noop("territory register (population)")  # kept in the working; translated when shown
ZERO = Decimal("0.00")


def programmes_for_user(user: Any) -> QuerySet[Programme]:
    if not user_can(user, Perm.LOKIN_VIEW):
        return Programme.objects.none()
    return Programme.objects.all()


def applications_for_user(user: Any) -> QuerySet[Application]:
    if not user_can(user, Perm.LOKIN_VIEW):
        return Application.objects.none()
    return Application.objects.in_remit(user).select_related("programme", "municipality")


def concept_grants(*, first_year: int, last_year: int, municipality_id: int | None = None) -> QuerySet[Application]:
    """The grants (approved applications) of the programmes from `first_year` to `last_year`, for the
    Integrationskonzept: a measure names the grant that funds it. The concept reads LokIn only here."""
    grants = Application.objects.filter(
        status=ApplicationStatus.APPROVED, programme__year__gte=first_year, programme__year__lte=last_year
    )
    if municipality_id is not None:
        grants = grants.filter(municipality_id=municipality_id)
    return grants.select_related("programme", "municipality").order_by("municipality__name", "programme__year", "pk")


def allocation_rows_for_user(user: Any, programme: Programme) -> QuerySet[AllocationRow]:
    """The fixed allocation table is a published decision: every LokIn reader sees all of it."""
    if not user_can(user, Perm.LOKIN_VIEW):
        return AllocationRow.objects.none()
    return AllocationRow.objects.filter(allocation__programme=programme).select_related("municipality")


def allocation_table_for_user(user: Any, programme: Programme) -> list[AllocationRow]:
    """The fixed allocation as the programme page shows it: each row with its indicators in the reader's words
    (`indicator_items`)."""
    rows = list(allocation_rows_for_user(user, programme))
    for row in rows:
        row.indicator_items = working_items(row)
    return rows


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
    spent: Decimal = Decimal("0.00")  # by settled grants, as their accepted final reports say
    returned: Decimal = Decimal("0.00")
    carried_over: Decimal = Decimal("0.00")
    settled_approved: Decimal = Decimal("0.00")

    @property
    def reconciles(self) -> bool:
        """What settled grants were approved is what they spent plus what was returned or carried over."""
        return self.settled_approved == self.spent + self.returned + self.carried_over

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
    settlements = Settlement.objects.filter(application__programme=programme)
    if municipality_id is not None:
        settlements = settlements.filter(application__municipality_id=municipality_id)
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
        **_settled(settlements, zero, cent),
    )


def _settled(settlements: QuerySet[Settlement], zero: Decimal, cent: Decimal) -> dict[str, Decimal]:
    sums = settlements.aggregate(
        spent=Sum("spent"),
        returned=Sum("unspent", filter=Q(disposition="return")),
        carried_over=Sum("unspent", filter=Q(disposition="carry_over")),
        settled_approved=Sum("application__approved_amount"),
    )
    return {name: (value or zero).quantize(cent) for name, value in sums.items()}


# Use-of-funds reports


def reports_for_user(user: Any) -> QuerySet[UseReport]:
    if not user_can(user, Perm.LOKIN_VIEW):
        return UseReport.objects.none()
    return UseReport.objects.in_remit(user).select_related("application__programme", "application__municipality")


@dataclass(frozen=True)
class PlanRow:
    category: str
    label: str
    planned: Decimal
    spent: Decimal

    @property
    def difference(self) -> Decimal:
        return self.spent - self.planned


def report_plan_rows(report: UseReport) -> list[PlanRow]:
    """Spending per cost category against the plan (all the grant's planned years together)."""
    labels = dict(CostCategory.choices)
    planned: dict[str, Decimal] = {}
    for cost in report.application.planned_costs.all():
        planned[cost.category] = planned.get(cost.category, ZERO) + cost.amount
    spent = {cost.category: cost.amount for cost in report.costs.all()}
    categories = [c for c in CostCategory.values if c in planned or c in spent]
    return [PlanRow(c, str(labels[c]), planned.get(c, ZERO), spent.get(c, ZERO)) for c in categories]


def late_reports(programme: Programme, today: date) -> QuerySet[UseReport]:
    """Reports of the programme past their due date and not (again) with the district."""
    return (
        UseReport.objects.filter(
            application__programme=programme,
            due_date__lt=today,
            status__in=[ReportStatus.DRAFT, ReportStatus.SENT_BACK],
        )
        .select_related("application__municipality")
        .order_by("due_date", "application__municipality__name")
    )


def _counted_reports(programme: Programme) -> dict[int, UseReport]:
    """Per grant the report that counts for the overview: the accepted final report, else the accepted interim."""
    chosen: dict[int, UseReport] = {}
    accepted = UseReport.objects.filter(application__programme=programme, status=ReportStatus.ACCEPTED)
    for report in accepted.order_by("application_id", "kind"):  # "final" sorts before "interim"
        chosen.setdefault(report.application_id, report)
    return chosen


@dataclass(frozen=True)
class Overview:
    municipalities: list[Municipality]
    categories: list[tuple[str, str]]
    spent: dict[tuple[int, str], Decimal]  # (municipality, category) -> EUR
    spent_by_municipality: dict[int, Decimal]
    approved_by_municipality: dict[int, Decimal]
    people: Publication  # people reached per municipality, with the district total
    total_spent: Decimal


def report_overview(programme: Programme) -> Overview:
    """What the programme's money achieved, from accepted reports: spending per municipality and cost category,
    the approved amounts beside it, and the people reached (published under the one publication rule)."""
    chosen = _counted_reports(programme)
    spent: dict[tuple[int, str], Decimal] = {}
    for cost in ReportCost.objects.filter(report__in=list(chosen.values())).select_related("report__application"):
        key = (cost.report.application.municipality_id, cost.category)
        spent[key] = spent.get(key, ZERO) + cost.amount
    by_municipality: dict[int, Decimal] = {}
    for (municipality_id, _category), amount in spent.items():
        by_municipality[municipality_id] = by_municipality.get(municipality_id, ZERO) + amount
    approved: dict[int, Decimal] = {}
    for application in Application.objects.filter(programme=programme, status=ApplicationStatus.APPROVED):
        approved[application.municipality_id] = approved.get(application.municipality_id, ZERO) + (
            application.approved_amount or ZERO
        )
    municipalities = list(Municipality.objects.filter(district=programme.district).local().order_by("name"))
    people_counts = {m.pk: 0 for m in municipalities}
    for report in chosen.values():
        municipality_id = report.application.municipality_id
        if municipality_id in people_counts:
            people_counts[municipality_id] += report.people_reached
    people = publish_table(people_counts, by={"district": lambda key: "district"})
    labels = dict(CostCategory.choices)
    categories = [(c, str(labels[c])) for c in programme.eligible_categories]
    return Overview(
        municipalities=municipalities,
        categories=categories,
        spent=spent,
        spent_by_municipality=by_municipality,
        approved_by_municipality=approved,
        people=people,
        total_spent=sum(spent.values(), start=ZERO),
    )


# Advice log


def consultations_for_user(user: Any) -> QuerySet[Consultation]:
    """Consultations in the user's remit: the district sees all, a manager only their municipality's."""
    if not user_can(user, Perm.LOKIN_VIEW):
        return Consultation.objects.none()
    return Consultation.objects.in_remit(user).select_related("municipality").prefetch_related("follow_ups")


def follow_ups_for_user(user: Any) -> QuerySet[FollowUp]:
    if not user_can(user, Perm.LOKIN_VIEW):
        return FollowUp.objects.none()
    return FollowUp.objects.in_remit(user).select_related("consultation__municipality")


def municipalities_in_remit(user: Any) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=user.municipality_ids())


def report_attachments_for_user(user: Any) -> QuerySet[ReportAttachment]:
    if not user_can(user, Perm.LOKIN_VIEW):
        return ReportAttachment.objects.none()
    return ReportAttachment.objects.in_remit(user)


def working_items(row: AllocationRow) -> list[dict[str, Any]]:
    """A fixed row's indicators as the reader reads them: the indicator's name and the register's source in the
    reader's language (the working itself keeps the keys and texts it was decided with)."""
    labels = dict(Indicator.choices)
    return [
        {
            **item,
            "label": str(labels.get(item.get("indicator"), item.get("indicator"))),
            "source": gettext(item["source"]) if item.get("source") == REGISTER_SOURCE else item.get("source"),
        }
        for item in row.working.get("indicators", [])
    ]
