from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.core.spreadsheet import spreadsheet_xlsx
from wegweiser.lokin import allocation as arithmetic
from wegweiser.lokin import documents, selectors, services
from wegweiser.lokin.forms import (
    ApplicationForm,
    AttachmentForm,
    CommentForm,
    ConfirmForm,
    ConsultationForm,
    Decision,
    DecisionForm,
    InstalmentForm,
    ProgrammeForm,
    ReportDueForm,
    ReportForm,
    ReportReview,
    ReportReviewForm,
)
from wegweiser.lokin.models import ApplicationStatus, ReportStatus


@require_perm(Perm.LOKIN_VIEW)
def programme_list(request):
    programmes = selectors.programmes_for_user(request.user)
    context = {
        "programmes": programmes,
        "may_apply": user_can(request.user, Perm.LOKIN_APPLY),
        "may_manage": user_can(request.user, Perm.LOKIN_MANAGE),
    }
    return render(request, "lokin/programme_list.html", context)


@require_perm(Perm.LOKIN_MANAGE)
def programme_create(request):
    """The district sets up a year's programme; its allocation is fixed afterwards on the programme's page."""
    from wegweiser.lagebild.services import installation_district

    existing = set(selectors.programmes_for_user(request.user).values_list("year", flat=True))
    form = ProgrammeForm(request.POST or None, existing_years=existing)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                actor=request.user,
                district=installation_district(),
                year=data["year"],
                budget=data["budget"],
                funding_rate=data["funding_rate"],
                eligible_categories=list(data["eligible_categories"]),
                application_deadline=data["application_deadline"],
                interim_report_due=data["interim_report_due"],
                final_report_due=data["final_report_due"],
                weights=data["weights"],
                base_amount=data["base_amount"],
                floor=data["floor"],
                cap=data["cap"],
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The programme has been set up. Check the allocation and fix it."))
            return redirect("lokin:programme", programme_id=programme.pk)
    return render(request, "lokin/programme_form.html", {"form": form}, status=422 if form.errors else 200)


@require_perm(Perm.LOKIN_VIEW)
def programme_detail(request, programme_id: int):
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    rows = selectors.allocation_table_for_user(request.user, programme)
    applications = (
        selectors.applications_for_user(request.user).filter(programme=programme).order_by("municipality__name", "pk")
    )
    district_wide = user_can(request.user, Perm.LOKIN_MANAGE)
    context = {
        "programme": programme,
        "rows": rows,
        "applications": applications,
        "ledger": selectors.programme_ledger(programme) if district_wide else None,
        "may_apply": user_can(request.user, Perm.LOKIN_APPLY),
        "may_manage": district_wide,
        "fixed": bool(rows),
    }
    return render(request, "lokin/programme_detail.html", context)


@require_perm(Perm.LOKIN_VIEW)
def allocation_xlsx(request, programme_id: int):
    """The fixed allocation table with its working, formula-safe through `core.spreadsheet`."""
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    rows = selectors.allocation_table_for_user(request.user, programme)
    table = [
        [
            _("Municipality key"),
            _("Municipality"),
            _("Amount (EUR)"),
            _("Exact amount (EUR)"),
            _("Bound"),
            _("Indicator"),
            _("Value"),
            _("Source"),
            _("Reference date"),
        ]
    ]
    for row in rows:
        # The reader's words for indicator and source, as on the page; the row's working keeps the decided keys.
        indicators = row.indicator_items or [{}]
        for index, item in enumerate(indicators):
            table.append(
                [
                    row.municipality.ags or row.municipality.regional_key,
                    row.municipality.name,
                    row.amount if index == 0 else None,
                    Decimal(row.working["exact_amount"]) if index == 0 else None,
                    row.working.get("bound", "") if index == 0 else "",
                    item.get("label", ""),
                    Decimal(item["value"]) if item.get("value") else None,
                    item.get("source", ""),
                    item.get("reference_date") or "",
                ]
            )
    content = spreadsheet_xlsx(table, sheet_title=_("Allocation"), text_columns=[0])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="lokin-{programme.year}-verteilung.xlsx"'
    return response


def _refusal(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _application(request, application_id: int):
    """An application in the user's remit; another municipality's is not found (404)."""
    return get_object_or_404(
        selectors.applications_for_user(request.user).prefetch_related("planned_costs"), pk=application_id
    )


@require_perm(Perm.LOKIN_APPLY)
def application_create(request, programme_id: int):
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    form = ApplicationForm(request.POST or None, programme=programme, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                actor=request.user,
                programme=programme,
                municipality=form.cleaned_data["municipality"],
                costs=form.costs(),
                **form.fields_data(),
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The draft application has been saved."))
            return redirect("lokin:application", application_id=application.pk)
    return render(request, "lokin/application_form.html", {"form": form, "programme": programme})


@require_perm(Perm.LOKIN_APPLY)
def application_edit(request, application_id: int):
    application = _application(request, application_id)
    if application.status not in (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED):
        messages.error(request, _("This application can no longer be changed."))
        return redirect("lokin:application", application_id=application.pk)
    form = ApplicationForm(
        request.POST or None, instance=application, programme=application.programme, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(
                actor=request.user, application=application, costs=form.costs(), **form.fields_data()
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The application has been saved."))
            return redirect("lokin:application", application_id=application.pk)
    context = {"form": form, "programme": application.programme, "application": application}
    return render(request, "lokin/application_form.html", context)


@require_perm(Perm.LOKIN_VIEW)
def decision_letter_pdf(request, application_id: int):
    """The decision letter of an approved or rejected application (the municipality's and the district's)."""
    application = _application(request, application_id)
    try:
        pdf = documents.render_decision_letter_pdf(application, today=timezone.localdate())
    except documents.NoDecision:
        raise Http404 from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="lokin-bescheid-{application.pk}.pdf"'
    return response


@require_perm(Perm.LOKIN_VIEW)
def application_detail(
    request, application_id: int, *, decision_form=None, instalment_form=None, due_form=None, status=200
):
    application = _application(request, application_id)
    may_manage = user_can(request.user, Perm.LOKIN_MANAGE)
    may_apply = user_can(request.user, Perm.LOKIN_APPLY)
    open_for_change = application.status in (ApplicationStatus.DRAFT, ApplicationStatus.CHANGES_REQUESTED)
    context = {
        "application": application,
        "programme": application.programme,
        "costs": list(application.planned_costs.all()),
        "planned_total": application.planned_total(),
        "comments": application.comments.select_related("author"),
        "versions": application.versions.all(),
        "instalments": application.instalments.all(),
        "may_change": may_apply and open_for_change,
        "may_comment": may_manage or may_apply,
        "comment_form": CommentForm(),
        "decision_form": decision_form
        or (DecisionForm() if may_manage and application.status == ApplicationStatus.SUBMITTED else None),
        "instalment_form": instalment_form
        or (InstalmentForm() if may_manage and application.status == ApplicationStatus.APPROVED else None),
        "may_manage": may_manage,
        "reports": application.reports.all(),
        "due_form": due_form
        or (ReportDueForm() if may_manage and application.status == ApplicationStatus.APPROVED else None),
    }
    return render(request, "lokin/application_detail.html", context, status=status)


@require_POST
@require_perm(Perm.LOKIN_APPLY)
def application_submit(request, application_id: int):
    application = _application(request, application_id)
    try:
        services.application_submit(actor=request.user, application=application)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The application has been submitted to the district."))
    return redirect("lokin:application", application_id=application.pk)


@require_POST
@require_perm(Perm.LOKIN_VIEW)
def application_comment(request, application_id: int):
    application = _application(request, application_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.application_comment(actor=request.user, application=application, text=form.cleaned_data["text"])
        except ValidationError as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("The comment has been added."))
    else:
        messages.error(request, _("Write a comment."))
    return redirect("lokin:application", application_id=application.pk)


@require_POST
@require_perm(Perm.LOKIN_MANAGE)
def application_decide(request, application_id: int):
    """Request changes, reject with a reason, or approve with an amount; a refusal (the ledger's too) is shown as
    the form's error on the application page."""
    application = _application(request, application_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        decision, reason = form.cleaned_data["decision"], form.cleaned_data["reason"] or ""
        try:
            if decision == Decision.APPROVE:
                services.application_approve(
                    actor=request.user, application=application, amount=form.cleaned_data["amount"]
                )
                messages.success(request, _("The application has been approved."))
            elif decision == Decision.REJECT:
                services.application_reject(actor=request.user, application=application, reason=reason)
                messages.success(request, _("The application has been rejected."))
            else:
                services.application_request_changes(actor=request.user, application=application, reason=reason)
                messages.success(request, _("The application has been sent back for changes."))
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            return redirect("lokin:application", application_id=application.pk)
    return application_detail(request, application_id, decision_form=form, status=422)


@require_POST
@require_perm(Perm.LOKIN_MANAGE)
def instalment_schedule(request, application_id: int):
    application = _application(request, application_id)
    form = InstalmentForm(request.POST)
    if form.is_valid():
        try:
            services.instalment_schedule(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The instalment has been scheduled."))
            return redirect("lokin:application", application_id=application.pk)
    return application_detail(request, application_id, instalment_form=form, status=422)


@require_POST
@require_perm(Perm.LOKIN_MANAGE)
def instalment_advance(request, instalment_id: int):
    instalment = get_object_or_404(selectors.instalments_for_user(request.user), pk=instalment_id)
    try:
        services.instalment_advance(actor=request.user, instalment=instalment)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The instalment is now: %(status)s.") % {"status": _status_label(instalment)})
    return redirect("lokin:application", application_id=instalment.application_id)


def _status_label(instalment) -> str:
    instalment.refresh_from_db(fields=["status"])
    return str(instalment.get_status_display())


@require_perm(Perm.LOKIN_MANAGE)
def allocation_fix(request, programme_id: int):
    """Fixing the allocation cannot be undone: the page shows what would be fixed and asks for confirmation."""
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    if hasattr(programme, "fixed_allocation"):
        messages.error(request, _("The allocation of this programme has already been fixed."))
        return redirect("lokin:programme", programme_id=programme.pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.allocation_fix(actor=request.user, programme=programme)
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The allocation has been fixed."))
            return redirect("lokin:programme", programme_id=programme.pk)
    preview = None
    try:
        preview = selectors.allocation_variants(programme, {})[""]
    except arithmetic.AllocationImpossible as error:
        form.add_error(None, str(error))
    context = {"programme": programme, "form": form, "preview": preview}
    return render(request, "lokin/allocation_fix.html", context)


# Use-of-funds reports


def _report(request, report_id: int):
    """A report in the user's remit; another municipality's is not found (404)."""
    return get_object_or_404(
        selectors.reports_for_user(request.user).prefetch_related("costs", "application__planned_costs"),
        pk=report_id,
    )


@require_POST
@require_perm(Perm.LOKIN_MANAGE)
def report_schedule(request, application_id: int):
    """The district sets a grant's own due date for a report (or asks for one the programme has no date for)."""
    application = _application(request, application_id)
    form = ReportDueForm(request.POST)
    if form.is_valid():
        try:
            services.report_schedule(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The report's due date has been set."))
            return redirect("lokin:application", application_id=application.pk)
    return application_detail(request, application_id, due_form=form, status=422)


@require_perm(Perm.LOKIN_VIEW)
def report_detail(request, report_id: int, *, review_form=None, status=200):
    report = _report(request, report_id)
    may_manage = user_can(request.user, Perm.LOKIN_MANAGE)
    rows = selectors.report_plan_rows(report)
    context = {
        "report": report,
        "application": report.application,
        "programme": report.application.programme,
        "rows": rows,
        "planned_total": sum((row.planned for row in rows), start=Decimal("0.00")),
        "spent_total": sum((row.spent for row in rows), start=Decimal("0.00")),
        "versions": report.versions.all(),
        "attachments": report.attachments.defer("content"),
        "attachment_form": AttachmentForm(),
        "may_change": user_can(request.user, Perm.LOKIN_APPLY) and report.status in services.REPORT_OPEN,
        "review_form": review_form
        or (ReportReviewForm() if may_manage and report.status == ReportStatus.SUBMITTED else None),
    }
    return render(request, "lokin/report_detail.html", context, status=status)


@require_perm(Perm.LOKIN_APPLY)
def report_edit(request, report_id: int):
    report = _report(request, report_id)
    if report.status not in services.REPORT_OPEN:
        messages.error(request, _("This report can no longer be changed."))
        return redirect("lokin:report", report_id=report.pk)
    form = ReportForm(request.POST or None, report=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(
                actor=request.user,
                report=report,
                measures_delivered=form.cleaned_data["measures_delivered"],
                people_reached=form.cleaned_data["people_reached"],
                costs=form.costs(),
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The report has been saved."))
            return redirect("lokin:report", report_id=report.pk)
    return render(request, "lokin/report_form.html", {"form": form, "report": report})


@require_POST
@require_perm(Perm.LOKIN_APPLY)
def report_submit(request, report_id: int):
    report = _report(request, report_id)
    try:
        services.report_submit(actor=request.user, report=report)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The report has been submitted to the district."))
    return redirect("lokin:report", report_id=report.pk)


@require_POST
@require_perm(Perm.LOKIN_MANAGE)
def report_review(request, report_id: int):
    report = _report(request, report_id)
    form = ReportReviewForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == ReportReview.ACCEPT:
                services.report_accept(actor=request.user, report=report)
                messages.success(request, _("The report has been accepted."))
            else:
                services.report_send_back(actor=request.user, report=report, reason=form.cleaned_data["reason"])
                messages.success(request, _("The report has been sent back."))
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            return redirect("lokin:report", report_id=report.pk)
    return report_detail(request, report_id, review_form=form, status=422)


@require_perm(Perm.LOKIN_MANAGE)
def report_overview(request, programme_id: int):
    """The district's overview of a programme's reports: who is late, and what the money achieved per
    municipality and cost category (accepted reports)."""
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    overview = selectors.report_overview(programme)
    rows = [
        {
            "municipality": municipality,
            "approved": overview.approved_by_municipality.get(municipality.pk),
            "spent": [(label, overview.spent.get((municipality.pk, key))) for key, label in overview.categories],
            "spent_total": overview.spent_by_municipality.get(municipality.pk),
            "people": overview.people.cells[municipality.pk],
        }
        for municipality in overview.municipalities
        if municipality.pk in overview.approved_by_municipality
    ]
    context = {
        "programme": programme,
        "late": selectors.late_reports(programme, timezone.localdate()),
        "reports": selectors.reports_for_user(request.user)
        .filter(application__programme=programme)
        .order_by("application__municipality__name", "kind"),
        "overview": overview,
        "rows": rows,
        "people_total": overview.people["district"]["district"],
    }
    return render(request, "lokin/report_overview.html", context)


@require_perm(Perm.LOKIN_MANAGE)
def programme_report_pdf(request, programme_id: int):
    """The year's programme report: the books and what the money achieved per municipality."""
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    response = HttpResponse(
        documents.render_programme_report_pdf(programme, today=timezone.localdate()), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="lokin-{programme.year}-bericht.pdf"'
    return response


@require_perm(Perm.LOKIN_MANAGE)
def payments_xlsx(request, programme_id: int):
    """The programme's approvals and their instalments, money to the cent, through `core.spreadsheet`."""
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    table = [
        [
            _("Municipality key"),
            _("Municipality"),
            _("Application"),
            _("Approved amount (EUR)"),
            _("Due date"),
            _("Instalment (EUR)"),
            _("Status"),
        ]
    ]
    approved = (
        selectors.applications_for_user(request.user)
        .filter(programme=programme, status=ApplicationStatus.APPROVED)
        .prefetch_related("instalments")
        .order_by("municipality__name", "pk")
    )
    for application in approved:
        municipality = application.municipality
        first = [municipality.ags or municipality.regional_key, municipality.name, application.title]
        instalments = list(application.instalments.all()) or [None]
        for index, instalment in enumerate(instalments):
            table.append(
                [
                    *first,
                    application.approved_amount if index == 0 else None,
                    instalment.due_date.isoformat() if instalment else "",
                    instalment.amount if instalment else None,
                    str(instalment.get_status_display()) if instalment else "",
                ]
            )
    content = spreadsheet_xlsx(table, sheet_title=_("Payments"), text_columns=[0])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="lokin-{programme.year}-zahlungen.xlsx"'
    return response


# Advice log


@require_perm(Perm.LOKIN_VIEW)
def consultation_list(request):
    consultations = selectors.consultations_for_user(request.user)
    context = {"consultations": consultations, "may_record": user_can(request.user, Perm.LOKIN_MANAGE)}
    return render(request, "lokin/consultation_list.html", context)


@require_perm(Perm.LOKIN_MANAGE)
def consultation_create(request):
    form = ConsultationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_record(
                actor=request.user,
                municipality=data["municipality"],
                held_on=data["held_on"],
                topic=data["topic"],
                participants=data["participants"],
                agreements=data["agreements"],
                follow_ups=form.follow_ups(),
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The consultation has been recorded."))
            return redirect("lokin:consultations")
    return render(request, "lokin/consultation_form.html", {"form": form})


@require_POST
@require_perm(Perm.LOKIN_VIEW)
def follow_up_toggle(request, follow_up_id: int):
    follow_up = get_object_or_404(selectors.follow_ups_for_user(request.user), pk=follow_up_id)
    services.follow_up_set_done(actor=request.user, follow_up=follow_up, done=not follow_up.done)
    messages.success(request, _("The follow-up has been updated."))
    return redirect("lokin:consultations")


# Municipal workspace


# The Lagebild's charts a municipality plans with first: its foreign residents and its Kita places.
WORKSPACE_CHARTS = ("foreign_share", "kita")


@require_perm(Perm.LOKIN_APPLY)
def workspace(request):
    """The municipal manager's page for their municipality: its grants, the reports it owes, the follow-ups
    still open, the concept's measures it is responsible for, its German courses with the people waiting by
    level (published counts), and its directory entries, each through its own app's read interface."""
    from wegweiser.integrationskonzept.selectors import measures_for_user
    from wegweiser.lagebild import dashboard, indicators
    from wegweiser.language import public as language_public
    from wegweiser.language.selectors import language_waiting_and_seats, waiting_and_seats_rows
    from wegweiser.network.selectors import organisations_search

    municipalities = sorted(selectors.municipalities_in_remit(request.user), key=lambda municipality: municipality.name)
    ids = [municipality.pk for municipality in municipalities]
    figures = indicators.own_figures_for_user(request.user, today=timezone.localdate())
    lagebild_charts = []
    for municipality in municipalities:
        region = indicators.region_by_key(municipality.ags) if municipality.ags else None
        for key in WORKSPACE_CHARTS if region is not None else ():
            lagebild_charts += [
                (region, key, chart) for key, chart in dashboard.region_charts(region, figures, only=key)
            ]
    context = {
        "municipalities": municipalities,
        "lagebild_charts": lagebild_charts,
        "offers": [offer for pk in ids for offer in language_public.public_offers(municipality_id=pk)],
        "waiting": waiting_and_seats_rows(language_waiting_and_seats(municipality_ids=set(ids))) if ids else [],
        "organisations": [
            organisation
            for pk in ids
            for organisation in organisations_search(municipality_id=pk).filter(municipality_id=pk)[:25]
        ],
        "grants": selectors.applications_for_user(request.user)
        .filter(status=ApplicationStatus.APPROVED)
        .order_by("-programme__year", "municipality__name"),
        "reports_due": selectors.reports_for_user(request.user)
        .filter(status__in=services.REPORT_OPEN)
        .order_by("due_date"),
        "follow_ups": selectors.follow_ups_for_user(request.user).filter(done=False).order_by("due_date"),
        "measures": measures_for_user(request.user).exclude(municipality=None).order_by("ends_on", "pk")[:20],
        "today": timezone.localdate(),
    }
    return render(request, "lokin/workspace.html", context)


@require_POST
@require_perm(Perm.LOKIN_APPLY)
def report_attach(request, report_id: int):
    report = _report(request, report_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.report_attach(actor=request.user, report=report, filename=upload.name, content=upload.read())
        except ValidationError as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("The file has been attached."))
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect("lokin:report", report_id=report.pk)


@require_perm(Perm.LOKIN_VIEW)
def report_attachment(request, attachment_id: int):
    attachment = get_object_or_404(selectors.report_attachments_for_user(request.user), pk=attachment_id)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="lokin-beleg-{attachment.pk}.{attachment.filename.rsplit(".", 1)[-1]}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@require_perm(Perm.LOKIN_MANAGE)
def programme_settle(request, programme_id: int):
    """Close the year: settle every grant whose final report has been accepted."""
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    count = services.programme_settle(actor=request.user, programme=programme)
    messages.success(request, _("%(count)s grants settled.") % {"count": count})
    return redirect("lokin:programme", programme_id=programme.pk)
