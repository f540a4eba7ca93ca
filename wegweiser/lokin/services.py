"""LokIn writes: programme, allocation, applications, decisions and payments. Each writes its audit entry in the
same transaction. Approvals and instalments lock the programme row first, so two decisions racing for the last
euros of a budget are serialised: the second sees the first and is refused."""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.core.followups import follow_up_mark_done
from wegweiser.core.uploads import UploadRejected, upload_check
from wegweiser.lokin import allocation as arithmetic
from wegweiser.lokin.models import (
    AllocationRow,
    Application,
    ApplicationComment,
    ApplicationStatus,
    ApplicationVersion,
    Consultation,
    CostCategory,
    FixedAllocation,
    FollowUp,
    IndicatorInput,
    Instalment,
    InstalmentStatus,
    PlannedCost,
    Programme,
    ReminderKind,
    ReportAttachment,
    ReportCost,
    ReportKind,
    ReportReminder,
    ReportStatus,
    ReportVersion,
    Settlement,
    UseReport,
)
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import remit_require

PURPOSE = "lokin"
ZERO = Decimal("0.00")


def _require(actor: Any, perm: Perm) -> None:
    # Writes by the system (demo loader, worker) have no user.
    if getattr(actor, "is_authenticated", False) and not user_can(actor, perm):
        raise PermissionDenied


def _money(value: Any) -> Decimal:
    amount = Decimal(value)
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(_("Amounts must be in whole cents."))
    return amount.quantize(Decimal("0.01"))


# Programme and allocation


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    district: Any,
    year: int,
    budget: Decimal,
    application_deadline: date,
    funding_rate: Decimal = Decimal("100"),
    eligible_categories: list[str] | None = None,
    weights: dict[str, Decimal] | None = None,
    base_amount: Decimal = ZERO,
    floor: Decimal | None = None,
    cap: Decimal | None = None,
    interim_report_due: date | None = None,
    final_report_due: date | None = None,
) -> Programme:
    _require(actor, Perm.LOKIN_MANAGE)
    categories = eligible_categories if eligible_categories is not None else list(CostCategory.values)
    unknown = set(categories) - set(CostCategory.values)
    if unknown:
        raise ValidationError(_("Unknown cost category."))
    programme = Programme.objects.create(
        district=district,
        year=year,
        budget=_money(budget),
        funding_rate=funding_rate,
        eligible_categories=categories,
        application_deadline=application_deadline,
        weights={key: str(Decimal(w)) for key, w in (weights or {"population": Decimal(1)}).items()},
        base_amount=_money(base_amount),
        floor=None if floor is None else _money(floor),
        cap=None if cap is None else _money(cap),
        interim_report_due=interim_report_due,
        final_report_due=final_report_due,
    )
    audit_record(actor=actor, action=AuditAction.CREATE, obj=programme, purpose=PURPOSE, summary=str(year))
    return programme


@transaction.atomic
def indicator_set(
    *,
    actor: Any,
    programme: Programme,
    municipality: Municipality,
    indicator: str,
    value: Decimal,
    source: str,
    reference_date: date,
) -> IndicatorInput:
    _require(actor, Perm.LOKIN_MANAGE)
    row, _created = IndicatorInput.objects.update_or_create(
        programme=programme,
        municipality=municipality,
        indicator=indicator,
        defaults={"value": Decimal(value), "source": source, "reference_date": reference_date},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if _created else AuditAction.UPDATE,
        obj=row,
        purpose=PURPOSE,
        summary=indicator,
        municipality_id=municipality.pk,
    )
    return row


def programme_rule(programme: Programme, **overrides: Any) -> arithmetic.Rule:
    """The programme's rule, or a what-if variant of it (`weights`, `base`, `floor`, `cap` overridden)."""
    values = {
        "weights": {key: Decimal(w) for key, w in programme.weights.items()},
        "base": programme.base_amount,
        "floor": programme.floor,
        "cap": programme.cap,
    }
    values.update(overrides)
    return arithmetic.Rule(**values)


@transaction.atomic
def allocation_fix(*, actor: Any, programme: Programme) -> FixedAllocation:
    """Compute the allocation under the programme's rule and keep it, with its working, as decided."""
    from wegweiser.lokin.selectors import allocation_inputs

    _require(actor, Perm.LOKIN_MANAGE)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if FixedAllocation.objects.filter(programme=programme).exists():
        raise ValidationError(_("The allocation of this programme has already been fixed."))
    municipalities, inputs = allocation_inputs(programme)
    rule = programme_rule(programme)
    try:
        result = arithmetic.allocate(programme.budget, inputs, rule)
    except arithmetic.AllocationImpossible as error:
        raise ValidationError(str(error)) from error
    fixed = FixedAllocation.objects.create(
        programme=programme,
        rule={
            "weights": programme.weights,
            "base": str(rule.base),
            "floor": None if rule.floor is None else str(rule.floor),
            "cap": None if rule.cap is None else str(rule.cap),
        },
        tie_order=result.tie_order,
        total=result.total,
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        decided_at=timezone.now(),
    )
    AllocationRow.objects.bulk_create(
        AllocationRow(allocation=fixed, municipality=municipalities[row.key], amount=row.amount, working=_working(row))
        for row in result.rows
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=fixed, purpose=PURPOSE, summary=f"{programme.year} {result.total}"
    )
    return fixed


def _working(row: arithmetic.Row) -> dict:
    return {
        "score": f"{float(row.score):.10f}",
        "exact_amount": str(row.exact_amount),
        "bound": row.bound,
        "extra_cent": row.extra_cent,
        "indicators": [
            {
                "indicator": w.indicator,
                "value": str(w.value),
                "source": w.source,
                "reference_date": w.reference_date.isoformat() if w.reference_date else None,
                "district_total": str(w.district_total),
                "share": f"{float(w.share):.10f}",
                "weight": f"{float(w.weight):.10f}",
            }
            for w in row.indicators
        ],
    }


# Applications


def _snapshot(application: Application) -> dict:
    return {
        "title": application.title,
        "measures": application.measures,
        "goals": application.goals,
        "target_groups": application.target_groups,
        "staff_hours": str(application.staff_hours),
        "own_funds": str(application.own_funds),
        "third_party_funds": str(application.third_party_funds),
        "planned_costs": [
            {"category": c.category, "year": c.year, "amount": str(c.amount)} for c in application.planned_costs.all()
        ],
    }


APPLICATION_FIELDS = ("title", "measures", "goals", "target_groups", "staff_hours", "own_funds", "third_party_funds")


def _set_costs(application: Application, costs: list[tuple[str, int, Decimal]], programme: Programme) -> None:
    for category, _year, _amount in costs:
        if category not in programme.eligible_categories:
            raise ValidationError(_("This cost category is not eligible in this programme."))
    application.planned_costs.all().delete()
    PlannedCost.objects.bulk_create(
        PlannedCost(application=application, category=category, year=year, amount=_money(amount))
        for category, year, amount in costs
    )


@transaction.atomic
def application_create(
    *,
    actor: Any,
    programme: Programme,
    municipality: Municipality,
    costs: list[tuple[str, int, Decimal]] = (),
    **fields: Any,
) -> Application:
    _require(actor, Perm.LOKIN_APPLY)
    remit_require(actor, municipality.pk)
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    application = Application.objects.create(
        programme=programme,
        municipality=municipality,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    _set_costs(application, list(costs), programme)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=application, purpose=PURPOSE)
    return application


def _version_freeze(version_model: type, parent_field: str, parent: Any, snapshot: dict, actor: Any) -> None:
    """Number the next version of an application or report and keep what it says now; the caller has locked
    the row, so two submissions cannot take the same number."""
    parent.version += 1
    parent.save(update_fields=["version"])
    version_model.objects.create(
        **{parent_field: parent},
        number=parent.version,
        snapshot=snapshot,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _version(application: Application, actor: Any) -> None:
    _version_freeze(ApplicationVersion, "application", application, _snapshot(application), actor)


def _locked_application(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_update(
    *, actor: Any, application: Application, costs: list[tuple[str, int, Decimal]] | None = None, **fields: Any
) -> Application:
    """Change a draft, or an application the district sent back; a change after submission is a new version."""
    _require(actor, Perm.LOKIN_APPLY)
    application = _locked_application(application)
    remit_require(actor, application.municipality_id)
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED):
        raise ValidationError(_("This application can no longer be changed."))
    unknown = set(fields) - set(APPLICATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    for name, value in fields.items():
        setattr(application, name, value)
    application.save(update_fields=list(fields) or None)
    if costs is not None:
        _set_costs(application, list(costs), application.programme)
    if application.status == ApplicationStatus.CHANGES_REQUESTED:
        _version(application, actor)
    changed = list(fields) + (["planned_costs"] if costs is not None else [])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application, purpose=PURPOSE, changed_fields=changed)
    return application


@transaction.atomic
def application_submit(*, actor: Any, application: Application, today: date | None = None) -> Application:
    _require(actor, Perm.LOKIN_APPLY)
    application = _locked_application(application)
    remit_require(actor, application.municipality_id)
    today = today or timezone.localdate()
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED):
        raise ValidationError(_("This application has already been submitted."))
    if application.status == ApplicationStatus.DRAFT and today > application.programme.application_deadline:
        raise ValidationError(_("The application deadline has passed."))
    if not application.planned_costs.exists():
        raise ValidationError(_("Plan at least one cost before submitting."))
    first = application.status == ApplicationStatus.DRAFT
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = timezone.now()
    application.save(update_fields=["status", "submitted_at"])
    if first:
        _version(application, actor)
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application, purpose=PURPOSE, changed_fields=["status"])
    return application


@transaction.atomic
def application_comment(*, actor: Any, application: Application, text: str) -> ApplicationComment:
    if not (user_can(actor, Perm.LOKIN_MANAGE) or user_can(actor, Perm.LOKIN_APPLY)):
        raise PermissionDenied
    remit_require(actor, application.municipality_id)
    if not text.strip():
        raise ValidationError(_("Write a comment."))
    comment = ApplicationComment.objects.create(application=application, author=actor, text=text.strip())
    audit_record(actor=actor, action=AuditAction.CREATE, obj=comment, purpose=PURPOSE)
    return comment


def _decide(application: Application, actor: Any, status: str, reason: str = "") -> None:
    application.status = status
    application.decision_reason = reason
    application.decided_by = actor if getattr(actor, "is_authenticated", False) else None
    application.decided_at = timezone.now()
    application.save(update_fields=["status", "decision_reason", "decided_by", "decided_at", "approved_amount"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=application, purpose=PURPOSE, changed_fields=["status"])


@transaction.atomic
def application_request_changes(*, actor: Any, application: Application, reason: str) -> Application:
    _require(actor, Perm.LOKIN_MANAGE)
    application = _locked_application(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be sent back."))
    if not reason.strip():
        raise ValidationError(_("Say what should change."))
    _decide(application, actor, ApplicationStatus.CHANGES_REQUESTED, reason.strip())
    return application


@transaction.atomic
def application_reject(*, actor: Any, application: Application, reason: str) -> Application:
    _require(actor, Perm.LOKIN_MANAGE)
    application = _locked_application(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be rejected."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for the rejection."))
    _decide(application, actor, ApplicationStatus.REJECTED, reason.strip())
    return application


class LedgerRefusal(ValidationError):
    """An approval or instalment the books cannot hold (beyond the allocation, the budget or the approval)."""


@transaction.atomic
def application_approve(*, actor: Any, application: Application, amount: Decimal) -> Application:
    """Approve with an amount. The programme row is locked first, so concurrent approvals are checked one after
    the other against what is already approved."""
    _require(actor, Perm.LOKIN_MANAGE)
    amount = _money(amount)
    if amount <= 0:
        raise ValidationError(_("The approved amount must be more than zero."))
    programme = Programme.objects.select_for_update().get(pk=application.programme_id)
    application = _locked_application(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted application can be approved."))
    row = AllocationRow.objects.filter(
        allocation__programme=programme, municipality_id=application.municipality_id
    ).first()
    if row is None:
        raise LedgerRefusal(_("Fix the allocation before approving applications."))
    approved = Application.objects.filter(programme=programme, status=ApplicationStatus.APPROVED)
    in_municipality = approved.filter(municipality_id=application.municipality_id).aggregate(
        total=Sum("approved_amount")
    )["total"] or Decimal("0")
    if in_municipality + amount > row.amount:
        raise LedgerRefusal(
            _("%(amount)s EUR exceeds what is left of this municipality's allocation (%(left)s EUR).")
            % {"amount": amount, "left": row.amount - in_municipality}
        )
    in_programme = approved.aggregate(total=Sum("approved_amount"))["total"] or Decimal("0")
    if in_programme + amount > programme.budget:
        raise LedgerRefusal(
            _("%(amount)s EUR exceeds what is left of the programme budget (%(left)s EUR).")
            % {"amount": amount, "left": programme.budget - in_programme}
        )
    application.approved_amount = amount
    _decide(application, actor, ApplicationStatus.APPROVED)
    for kind, due in (
        (ReportKind.INTERIM, programme.interim_report_due),
        (ReportKind.FINAL, programme.final_report_due),
    ):
        if due is not None:
            report_schedule(actor=actor, application=application, kind=kind, due_date=due)
    return application


# Payments


@transaction.atomic
def instalment_schedule(*, actor: Any, application: Application, due_date: date, amount: Decimal) -> Instalment:
    _require(actor, Perm.LOKIN_MANAGE)
    amount = _money(amount)
    if amount <= 0:
        raise ValidationError(_("An instalment must be more than zero."))
    Programme.objects.select_for_update().get(pk=application.programme_id)
    application = _locked_application(application)
    if application.status != ApplicationStatus.APPROVED:
        raise LedgerRefusal(_("Only an approved grant can be paid."))
    planned = application.instalments.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    if planned + amount > application.approved_amount:
        raise LedgerRefusal(
            _("%(amount)s EUR exceeds what is left of the approved amount (%(left)s EUR).")
            % {"amount": amount, "left": application.approved_amount - planned}
        )
    instalment = Instalment.objects.create(application=application, due_date=due_date, amount=amount)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=instalment, purpose=PURPOSE, summary=str(amount))
    return instalment


@transaction.atomic
def instalment_advance(*, actor: Any, instalment: Instalment) -> Instalment:
    """Planned -> released -> paid."""
    _require(actor, Perm.LOKIN_MANAGE)
    instalment = Instalment.objects.select_for_update().get(pk=instalment.pk)
    now = timezone.now()
    if instalment.status == InstalmentStatus.PLANNED:
        instalment.status, instalment.released_at = InstalmentStatus.RELEASED, now
    elif instalment.status == InstalmentStatus.RELEASED:
        instalment.status, instalment.paid_at = InstalmentStatus.PAID, now
    else:
        raise ValidationError(_("This instalment has already been paid."))
    instalment.save(update_fields=["status", "released_at", "paid_at"])
    audit_record(actor=actor, action=AuditAction.UPDATE, obj=instalment, purpose=PURPOSE, changed_fields=["status"])
    return instalment


# Use-of-funds reports

REPORT_OPEN = (ReportStatus.DRAFT, ReportStatus.SENT_BACK)


@transaction.atomic
def report_schedule(*, actor: Any, application: Application, kind: str, due_date: date) -> UseReport:
    """Ask an approved grant for a report by a date (the programme's, or one set for this grant); a report already
    asked for gets the new date."""
    _require(actor, Perm.LOKIN_MANAGE)
    if application.status != ApplicationStatus.APPROVED:
        raise ValidationError(_("Only an approved grant reports on its use of funds."))
    if kind not in ReportKind.values:
        raise ValidationError(_("Unknown kind of report."))
    report, created = UseReport.objects.select_for_update().get_or_create(
        application=application, kind=kind, defaults={"due_date": due_date}
    )
    if not created:
        if report.status == ReportStatus.ACCEPTED:
            raise ValidationError(_("This report has already been accepted."))
        report.due_date = due_date
        report.save(update_fields=["due_date"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=report,
        purpose=PURPOSE,
        summary=f"{kind} {due_date.isoformat()}",
        municipality_id=application.municipality_id,
    )
    return report


def _locked_report(report: UseReport) -> UseReport:
    return UseReport.objects.select_for_update().select_related("application__programme").get(pk=report.pk)


@transaction.atomic
def report_update(
    *,
    actor: Any,
    report: UseReport,
    measures_delivered: str,
    people_reached: int,
    costs: list[tuple[str, Decimal]],
) -> UseReport:
    """The municipality fills in its report while it is a draft or sent back: spending per cost category (eligible
    in the programme), the measures delivered and the people reached."""
    _require(actor, Perm.LOKIN_APPLY)
    report = _locked_report(report)
    remit_require(actor, report.application.municipality_id)
    if report.status not in REPORT_OPEN:
        raise ValidationError(_("This report can no longer be changed."))
    if people_reached < 0:
        raise ValidationError(_("Enter a number of zero or more."))
    eligible = report.application.programme.eligible_categories
    for category, _amount in costs:
        if category not in eligible:
            raise ValidationError(_("This cost category is not eligible in this programme."))
    report.measures_delivered = measures_delivered.strip()
    report.people_reached = people_reached
    report.save(update_fields=["measures_delivered", "people_reached"])
    report.costs.all().delete()
    ReportCost.objects.bulk_create(
        ReportCost(report=report, category=category, amount=_money(amount)) for category, amount in costs
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        purpose=PURPOSE,
        changed_fields=["measures_delivered", "people_reached", "costs"],
        municipality_id=report.application.municipality_id,
    )
    return report


def _report_snapshot(report: UseReport) -> dict:
    return {
        "measures_delivered": report.measures_delivered,
        "people_reached": report.people_reached,
        "costs": [{"category": c.category, "amount": str(c.amount)} for c in report.costs.all()],
    }


@transaction.atomic
def report_submit(*, actor: Any, report: UseReport) -> UseReport:
    _require(actor, Perm.LOKIN_APPLY)
    report = _locked_report(report)
    remit_require(actor, report.application.municipality_id)
    if report.status not in REPORT_OPEN:
        raise ValidationError(_("This report has already been submitted."))
    if not report.costs.exists():
        raise ValidationError(_("Report the spending of at least one cost category before submitting."))
    report.status = ReportStatus.SUBMITTED
    report.submitted_at = timezone.now()
    report.save(update_fields=["status", "submitted_at"])
    _version_freeze(ReportVersion, "report", report, _report_snapshot(report), actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        purpose=PURPOSE,
        changed_fields=["status"],
        municipality_id=report.application.municipality_id,
    )
    return report


def _review(report: UseReport, actor: Any, status: str, reason: str) -> UseReport:
    report.status = status
    report.decision_reason = reason
    report.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    report.reviewed_at = timezone.now()
    report.save(update_fields=["status", "decision_reason", "reviewed_by", "reviewed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=report,
        purpose=PURPOSE,
        changed_fields=["status"],
        municipality_id=report.application.municipality_id,
    )
    return report


@transaction.atomic
def report_accept(*, actor: Any, report: UseReport) -> UseReport:
    _require(actor, Perm.LOKIN_MANAGE)
    report = _locked_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be accepted."))
    return _review(report, actor, ReportStatus.ACCEPTED, "")


@transaction.atomic
def report_send_back(*, actor: Any, report: UseReport, reason: str) -> UseReport:
    _require(actor, Perm.LOKIN_MANAGE)
    report = _locked_report(report)
    if report.status != ReportStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted report can be sent back."))
    if not reason.strip():
        raise ValidationError(_("Say what should change."))
    return _review(report, actor, ReportStatus.SENT_BACK, reason.strip())


# Reminders (the worker's chore)

REMINDER_DAYS_BEFORE = 14


def _report_managers(report: UseReport) -> list[Any]:
    """The active municipal managers working in the report's municipality (directly or by its Samtgemeinde)."""
    from wegweiser.accounts.models import User
    from wegweiser.accounts.roles import Role

    municipality = report.application.municipality
    ids = {municipality.pk} | ({municipality.samtgemeinde_id} if municipality.samtgemeinde_id else set())
    return list(
        User.objects.filter(role=Role.MUNICIPAL_MANAGER, is_active=True, municipalities__in=ids)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _reminder_text(report: UseReport, kind: str) -> tuple[str, str]:
    values = {
        "report": report.get_kind_display(),
        "title": report.application.title,
        "day": date_format(report.due_date),
    }
    if kind == ReminderKind.BEFORE:
        subject = _("LokIn: %(report)s due on %(day)s") % values
        body = (
            _(
                'Hello,\n\nthe %(report)s for "%(title)s" is due on %(day)s. Please fill it in and submit it to the '
                "district in Wegweiser.\n\nThe district's integration office"
            )
            % values
        )
    else:
        subject = _("LokIn: %(report)s overdue since %(day)s") % values
        body = (
            _(
                'Hello,\n\nthe %(report)s for "%(title)s" was due on %(day)s and has not reached the district yet. '
                "Please submit it in Wegweiser as soon as you can.\n\nThe district's integration office"
            )
            % values
        )
    return subject, body


@transaction.atomic
def report_reminders_send(*, today: date | None = None) -> int:
    """Remind the municipality of each open report once `REMINDER_DAYS_BEFORE` days before its due date and once
    after it has passed; at most one reminder of each kind per report, however often the worker runs. How many
    reminders were recorded."""
    today = today or timezone.localdate()
    sent = 0
    open_reports = (
        UseReport.objects.select_for_update(of=("self",))
        .filter(status__in=REPORT_OPEN)
        .select_related("application__municipality")
    )
    for report in open_reports:
        if report.due_date < today:
            kind = ReminderKind.AFTER
        elif report.due_date <= today + timedelta(days=REMINDER_DAYS_BEFORE):
            kind = ReminderKind.BEFORE
        else:
            continue
        if ReportReminder.objects.filter(report=report, kind=kind).exists():
            continue
        managers = _report_managers(report)
        for manager in managers:
            with translation.override(manager.preferred_language or "de"):
                subject, body = _reminder_text(report, kind)
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[manager.email])
        reminder = ReportReminder.objects.create(
            report=report, kind=kind, recipients=len(managers), sent_at=timezone.now()
        )
        audit_record(
            actor=None,
            action=AuditAction.CREATE,
            obj=reminder,
            purpose=PURPOSE,
            summary=f"{kind} {len(managers)}",
            municipality_id=report.application.municipality_id,
        )
        sent += 1
    return sent


def report_reminders_send_by_the_worker() -> int:
    return report_reminders_send()


# Advice log


@transaction.atomic
def consultation_record(
    *,
    actor: Any,
    municipality: Municipality,
    held_on: date,
    topic: str,
    participants: str,
    agreements: str = "",
    follow_ups: list[tuple[str, str, date]] = (),
) -> Consultation:
    """The district records a consultation with a municipality, with its follow-ups (text, owner, due date)."""
    _require(actor, Perm.LOKIN_MANAGE)
    if not topic.strip():
        raise ValidationError(_("Give the topic."))
    consultation = Consultation.objects.create(
        municipality=municipality,
        held_on=held_on,
        topic=topic.strip(),
        participants=participants.strip(),
        agreements=agreements.strip(),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    FollowUp.objects.bulk_create(
        FollowUp(consultation=consultation, text=text.strip(), owner=owner.strip(), due_date=due)
        for text, owner, due in follow_ups
        if text.strip()
    )
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=consultation, purpose=PURPOSE, municipality_id=municipality.pk
    )
    return consultation


@transaction.atomic
def follow_up_set_done(*, actor: Any, follow_up: FollowUp, done: bool) -> FollowUp:
    """Mark a follow-up done or open again: the district, or a manager of the consultation's municipality."""
    if not (user_can(actor, Perm.LOKIN_MANAGE) or user_can(actor, Perm.LOKIN_APPLY)):
        raise PermissionDenied
    follow_up = follow_up_mark_done(
        FollowUp.objects.select_related("consultation"),
        follow_up.pk,
        done=done,
        check=lambda row: remit_require(actor, row.consultation.municipality_id),
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=follow_up,
        purpose=PURPOSE,
        changed_fields=["done"],
        municipality_id=follow_up.consultation.municipality_id,
    )
    return follow_up


@transaction.atomic
def report_attach(*, actor: Any, report: UseReport, filename: str, content: bytes) -> ReportAttachment:
    """Attach a receipt to a report while the municipality may still change it (PDF, JPEG or PNG, size-limited)."""
    _require(actor, Perm.LOKIN_APPLY)
    report = _locked_report(report)
    remit_require(actor, report.application.municipality_id)
    if report.status not in REPORT_OPEN:
        raise ValidationError(_("This report can no longer be changed."))
    try:
        content_type = upload_check(filename=filename, content=content)
    except UploadRejected as error:
        raise ValidationError(str(error)) from error
    attachment = ReportAttachment.objects.create(
        report=report,
        filename=filename[-255:],
        content_type=content_type,
        size=len(content),
        content=content,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=attachment,
        purpose=PURPOSE,
        summary=attachment.filename,
        municipality_id=report.application.municipality_id,
    )
    return attachment


# Year end


@transaction.atomic
def programme_settle(*, actor: Any, programme: Programme) -> int:
    """Close the books of each approved grant whose final report the district accepted: the unspent rest of the
    approved amount is returned or carried over, as the programme says. Grants settled already, or without an
    accepted final report, are left; how many were settled. Each settlement is audited."""
    _require(actor, Perm.LOKIN_MANAGE)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    settled = 0
    grants = Application.objects.filter(programme=programme, status=ApplicationStatus.APPROVED, settlement__isnull=True)
    for application in grants:
        final = UseReport.objects.filter(
            application=application, kind=ReportKind.FINAL, status=ReportStatus.ACCEPTED
        ).first()
        if final is None:
            continue
        spent = min(sum((cost.amount for cost in final.costs.all()), start=ZERO), application.approved_amount)
        settlement = Settlement.objects.create(
            application=application,
            spent=spent,
            unspent=application.approved_amount - spent,
            disposition=programme.unspent_funds,
            settled_at=timezone.now(),
        )
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=settlement,
            purpose=PURPOSE,
            summary=f"{settlement.unspent} {settlement.disposition}",
            municipality_id=application.municipality_id,
        )
        settled += 1
    return settled
