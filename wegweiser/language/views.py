from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.accounts.roles import Role
from wegweiser.audit.services import audit_read
from wegweiser.casework.models import CaseStatus
from wegweiser.casework.selectors import persons_for_user
from wegweiser.jobs.services import job_enqueue
from wegweiser.language import selectors, services
from wegweiser.language.explain import proposal_reason_text, travel_source_text
from wegweiser.language.forms import (
    EnrolForm,
    LearnerForm,
    NoteForm,
    OfferForm,
    PauseForm,
    PlacementStartForm,
    ProposalChangeForm,
    ReactivateForm,
    ReasonForm,
    TravelMatrixForm,
    learner_initial_from_person,
)
from wegweiser.language.models import (
    EnrolmentStatus,
    Level,
    OfferKind,
    OfferStatus,
    PlacementRunStatus,
    ProposalDecision,
    TravelMatrixUpload,
    TravelTime,
)
from wegweiser.language.services import LanguageError
from wegweiser.language.tasks import placement_run
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import OutsideRemit, remit_for_user
from wegweiser.territory.selectors import municipalities_for_user

PAGE_SIZE = 50
RUNS_PER_PAGE = 30
SESSIONS_SHOWN = 30


def _offer_filters(request):
    return {
        "q": request.GET.get("q", "").strip(),
        "kind": request.GET.get("kind", ""),
        "status": request.GET.get("status", ""),
        "level": request.GET.get("level", ""),
    }


@require_perm(Perm.OFFERS_VIEW)
def offer_list(request):
    filters = _offer_filters(request)
    offers = selectors.offers_for_user(request.user).with_counts().order_by("municipality__name", "title", "id")
    if filters["q"]:
        offers = offers.filter(Q(title__icontains=filters["q"]) | Q(municipality__name__icontains=filters["q"]))
    if filters["kind"]:
        offers = offers.filter(kind=filters["kind"])
    if filters["status"]:
        offers = offers.filter(status=filters["status"])
    if filters["level"]:
        offers = offers.filter(selectors.offers_teaching(filters["level"]))
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "language/offer_list.html",
        {
            "page": page,
            "offers": page.object_list,
            "filters": filters,
            "kinds": OfferKind.choices,
            "statuses": OfferStatus.choices,
            "levels": Level.choices,
            "can_manage": user_can(request.user, Perm.OFFERS_MANAGE),
        },
    )


def _offer(request, offer_id):
    return get_object_or_404(selectors.offers_for_user(request.user), pk=offer_id)


@require_perm(Perm.OFFERS_VIEW)
def offer_detail(request, offer_id: int):
    offer = _offer(request, offer_id)
    sees_people = user_can(request.user, Perm.ENROLMENTS_MANAGE)
    context = {
        "offer": offer,
        # The schedule around today: two weeks back (for late registers) and what comes.
        "sessions": offer.sessions.filter(date__gte=timezone.localdate() - timedelta(days=14))[:SESSIONS_SHOWN],
        "pauses": offer.pauses.select_related("paused_by", "resumed_by"),
        "enrolled": selectors.enrolled_count(offer),
        "waiting": selectors.waiting_list(offer) if sees_people else None,
        "participants": selectors.participants(offer) if sees_people else None,
        "sees_people": sees_people,
        "can_coordinate": user_can(request.user, Perm.OFFERS_COORDINATE),
        "can_manage": user_can(request.user, Perm.OFFERS_MANAGE),
        "can_take_attendance": user_can(request.user, Perm.ATTENDANCE_TAKE),
        "withdraw_form": ReasonForm(),
        "runs": offer.placement_runs.all()[:5] if user_can(request.user, Perm.PLACEMENT_RUN) else [],
    }
    if sees_people:
        context["waiting_count"] = len(context["waiting"])
        if context["waiting"] or context["participants"]:
            # The page names the offer's learners: one read entry on the offer for the page.
            audit_read(
                actor=request.user,
                obj=offer,
                purpose=services.PURPOSE_ENROLMENT,
                municipality_id=offer.municipality_id,
                summary="learners of the offer shown",
            )
    return render(request, "language/offer_detail.html", context)


def _offer_form_view(request, offer=None):
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if offer is None:
                offer = services.offer_create(actor=request.user, **data)
                messages.success(request, _("The offer has been created with its sessions."))
            else:
                offer = services.offer_update(actor=request.user, offer=offer, **data)
                messages.success(request, _("The offer has been saved."))
        except LanguageError as error:
            form.add_error(None, str(error))
        else:
            return redirect("language:offer_detail", offer_id=offer.pk)
    return render(request, "language/offer_form.html", {"form": form, "offer": offer})


@require_perm(Perm.OFFERS_MANAGE)
def offer_create(request):
    return _offer_form_view(request)


@require_perm(Perm.OFFERS_MANAGE)
def offer_edit(request, offer_id: int):
    return _offer_form_view(request, _offer(request, offer_id))


@require_perm(Perm.OFFERS_COORDINATE)
def offer_pause(request, offer_id: int):
    offer = _offer(request, offer_id)
    form = PauseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_pause(actor=request.user, offer=offer, reason=form.cleaned_data["reason"])
        except LanguageError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The offer is paused. Its history shows the pause."))
        return redirect("language:offer_detail", offer_id=offer.pk)
    return render(request, "language/offer_pause.html", {"offer": offer, "form": form})


def _reactivation_report(result) -> str:
    """What re-activation did, each count in its own plural; coordinators are mentioned only when told."""
    parts = [
        _("The offer is active again."),
        ngettext(
            "%(count)s person from its waiting list has a seat.",
            "%(count)s people from its waiting list have their seat.",
            result.enrolled_from_waiting_list,
        )
        % {"count": result.enrolled_from_waiting_list},
        ngettext(
            "%(count)s person waiting nearby is proposed for the free seats.",
            "%(count)s people waiting nearby are proposed for the free seats.",
            result.proposed,
        )
        % {"count": result.proposed},
    ]
    if result.notified:
        parts.append(
            ngettext(
                "%(count)s coordinator has been told by email.",
                "%(count)s coordinators have been told by email.",
                len(result.notified),
            )
            % {"count": len(result.notified)}
        )
    return " ".join(parts)


@require_perm(Perm.OFFERS_COORDINATE)
def offer_reactivate(request, offer_id: int):
    offer = _offer(request, offer_id)
    form = ReactivateForm(request.POST or None, offer=offer)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.offer_reactivate(actor=request.user, offer=offer, **form.cleaned_data)
        except LanguageError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _reactivation_report(result))
            return redirect("language:offer_detail", offer_id=offer.pk)
    return render(request, "language/offer_reactivate.html", {"offer": offer, "form": form})


@require_perm(Perm.OFFERS_COORDINATE)
@require_POST
def session_cancel(request, session_id: int):
    session = get_object_or_404(
        selectors.OfferSession.objects.filter(offer__in=selectors.offers_for_user(request.user)), pk=session_id
    )
    form = ReasonForm(request.POST)
    if form.is_valid():
        services.session_cancel(actor=request.user, session=session, reason=form.cleaned_data["reason"])
        messages.success(request, _("The session is cancelled."))
    else:
        messages.error(request, _("Say why the session is cancelled."))
    return redirect("language:offer_detail", offer_id=session.offer_id)


# Registers (attendance)


@require_perm(Perm.ATTENDANCE_TAKE)
def session_list(request):
    # Today first: the register someone opens at the door is today's, not one from last week at item 31.
    today = timezone.localdate()
    sessions = list(selectors.upcoming_sessions_for_user(request.user, around=today))
    context = {
        "sessions": sessions,
        "today_sessions": [session for session in sessions if session.date == today],
        "coming_sessions": [session for session in sessions if session.date > today],
        "earlier_sessions": [session for session in reversed(sessions) if session.date < today],
    }
    return render(request, "language/session_list.html", context)


@require_perm(Perm.ATTENDANCE_TAKE)
def session_register(request, session_id: int):
    session = get_object_or_404(selectors.sessions_for_user(request.user), pk=session_id)
    rows = selectors.register_rows(session)
    return render(
        request,
        "language/session_register.html",
        {
            "session": session,
            "rows": rows,
            "present": sum(1 for _enrolment, mark in rows if mark),
            "open": not session.cancelled and session.is_past,
        },
    )


@require_perm(Perm.ATTENDANCE_TAKE)
@require_POST
def attendance_set(request, session_id: int, enrolment_id: int):
    session = get_object_or_404(selectors.sessions_for_user(request.user), pk=session_id)
    enrolment = get_object_or_404(selectors.participants(session.offer), pk=enrolment_id)
    present = request.POST.get("present") == "1"
    error = ""
    try:
        services.attendance_set(actor=request.user, session=session, enrolment=enrolment, present=present)
    except LanguageError as exc:
        error = str(exc)
    if request.htmx:
        mark = session.attendances.filter(enrolment=enrolment).values_list("present", flat=True).first()
        return render(
            request,
            "language/session_register.html#row",
            {"session": session, "enrolment": enrolment, "mark": mark, "open": not error, "error": error},
        )
    if error:
        messages.error(request, error)
    return redirect("language:session_register", session_id=session.pk)


# Learners and enrolments


@require_perm(Perm.ENROLMENTS_MANAGE)
def learner_list(request):
    query = request.GET.get("q", "").strip()
    level = request.GET.get("level", "")
    municipality = request.GET.get("municipality", "")
    only_waiting = request.GET.get("waiting", "1") == "1"
    learners = selectors.learners_for_user(request.user)
    if only_waiting:
        learners = learners.filter(pk__in=selectors.waiting_learners().values("pk"))
    if query:
        learners = learners.filter(Q(first_name__icontains=query) | Q(last_name__icontains=query))
    if level:
        learners = learners.filter(level=level)
    if municipality.isdigit():
        learners = learners.filter(home_municipality_id=int(municipality))
    page = Paginator(learners.order_by("last_name", "first_name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "language/learner_list.html",
        {
            "page": page,
            "query": query,
            "level": level,
            "municipality": municipality,
            "only_waiting": only_waiting,
            "levels": Level.choices,
            "municipalities": municipalities_for_user(request.user),
        },
    )


def _learner(request, learner_id):
    return get_object_or_404(selectors.learners_for_user(request.user), pk=learner_id)


def _learner_opened(request, learner):
    """The learner's record is on the page: that is a read of personal data."""
    audit_read(
        actor=request.user,
        obj=learner,
        purpose=services.PURPOSE_ENROLMENT,
        municipality_id=learner.home_municipality_id,
    )
    return learner


@require_perm(Perm.ENROLMENTS_MANAGE)
def learner_create(request):
    form = LearnerForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        caseworker = request.user if request.user.role == Role.CASEWORKER else None
        learner = services.learner_create(actor=request.user, caseworker=caseworker, **form.cleaned_data)
        messages.success(request, _("The learner has been added. Now choose an offer or the general waiting list."))
        return redirect("language:learner_detail", learner_id=learner.pk)
    return render(request, "language/learner_form.html", {"form": form})


@require_perm(Perm.ENROLMENTS_MANAGE)
def learner_create_for_person(request, person_id: int):
    """The enrolment flow started from a person's page in the Migrationszentrum: a new learner, pre-filled from
    the person's record and linked to it. Only a person the user may open can be linked."""
    person = get_object_or_404(persons_for_user(request.user), pk=person_id)
    if person.merged_into_id:
        return redirect("language:learner_create_for_person", person_id=person.merged_into_id)
    existing = selectors.learner_for_person(request.user, person)
    if existing is not None:
        messages.info(request, _("This person has a learner record already; choose an offer here."))
        return redirect("language:learner_detail", learner_id=existing.pk)
    initial = learner_initial_from_person(person)
    form = LearnerForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            learner = services.learner_create(
                actor=request.user,
                person=person,
                caseworker=_caseworker_for(request.user, person, form.cleaned_data.get("home_municipality")),
                **form.cleaned_data,
            )
        except (LanguageError, OutsideRemit) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The learner has been added. Now choose an offer or the general waiting list."))
            return redirect("language:learner_detail", learner_id=learner.pk)
    elif request.method == "GET":
        audit_read(
            actor=request.user,
            obj=person,
            purpose=services.PURPOSE_ENROLMENT,
            municipality_id=person.municipality_id,
            summary="pre-filled a German course enrolment",
        )
    return render(
        request,
        "language/learner_form.html",
        {"form": form, "person": person, "german_level": person.language_level("de")},
    )


def _caseworker_for(user, person, home_municipality):
    """Who hears of repeated absence: the caseworker enrolling, else the caseworker of the person's open case,
    as long as their remit covers where the learner lives (the service refuses anyone else)."""
    if user.role == Role.CASEWORKER:
        return user
    case = person.cases.exclude(status=CaseStatus.CLOSED).exclude(caseworker=None).order_by("-opened_on").first()
    if case is None or not remit_for_user(case.caseworker).includes(getattr(home_municipality, "pk", None)):
        return None
    return case.caseworker


@require_perm(Perm.ENROLMENTS_MANAGE)
def learner_edit(request, learner_id: int):
    learner = _learner(request, learner_id)
    if request.method == "GET":
        _learner_opened(request, learner)
    form = LearnerForm(request.POST or None, instance=learner, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.learner_update(actor=request.user, learner=learner, **form.cleaned_data)
        messages.success(request, _("The learner has been saved."))
        return redirect("language:learner_detail", learner_id=learner.pk)
    return render(request, "language/learner_form.html", {"form": form, "learner": learner})


@require_perm(Perm.ENROLMENTS_MANAGE)
def learner_detail(request, learner_id: int):
    learner = _learner_opened(request, _learner(request, learner_id))
    enrolments = learner.enrolments.select_related("offer", "offer__municipality").order_by("-requested_at", "-id")
    flags = selectors.absence_flags_for_user(request.user, only_open=False).filter(enrolment__learner=learner)
    return render(
        request,
        "language/learner_detail.html",
        {
            "learner": learner,
            "enrolments": enrolments,
            "flags": flags,
            "enrol_form": EnrolForm(offers=selectors.offers_for_user(request.user), learner=learner),
            "withdraw_form": ReasonForm(),
            # The person's record is linked only for users who may open it.
            "person_visible": learner.person_id is not None
            and persons_for_user(request.user).filter(pk=learner.person_id).exists(),
        },
    )


@require_perm(Perm.ENROLMENTS_MANAGE)
@require_POST
def learner_enrol(request, learner_id: int):
    learner = _learner(request, learner_id)
    form = EnrolForm(request.POST, offers=selectors.offers_for_user(request.user), learner=learner)
    if form.is_valid():
        try:
            enrolment = services.enrolment_create(actor=request.user, learner=learner, offer=form.cleaned_data["offer"])
        except LanguageError as error:
            messages.error(request, str(error))
        else:
            if enrolment.status == EnrolmentStatus.ENROLLED:
                messages.success(request, _("Enrolled: %(offer)s.") % {"offer": enrolment.offer.title})
            elif enrolment.offer is None:
                messages.success(request, _("On the general waiting list; the placement engine looks for a seat."))
            else:
                position = next(
                    entry.position
                    for entry in selectors.waiting_list(enrolment.offer)
                    if entry.enrolment.pk == enrolment.pk
                )
                messages.success(
                    request,
                    _("On the waiting list of %(offer)s, position %(position)s.")
                    % {"offer": enrolment.offer.title, "position": position},
                )
    else:
        messages.error(request, _("Choose an offer from the list."))
    return redirect("language:learner_detail", learner_id=learner.pk)


@require_perm(Perm.ENROLMENTS_MANAGE)
@require_POST
def enrolment_withdraw(request, enrolment_id: int):
    enrolment = get_object_or_404(selectors.enrolments_for_user(request.user), pk=enrolment_id)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.enrolment_withdraw(actor=request.user, enrolment=enrolment, reason=form.cleaned_data["reason"])
        except LanguageError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Withdrawn. A freed seat has gone to the first person waiting."))
    else:
        messages.error(request, _("Say why the person withdraws."))
    target = request.POST.get("next", "")
    if target == "offer" and enrolment.offer_id:
        return redirect("language:offer_detail", offer_id=enrolment.offer_id)
    return redirect("language:learner_detail", learner_id=enrolment.learner_id)


# Repeated absence


@require_perm(Perm.ENROLMENTS_MANAGE)
def absence_list(request):
    mine = request.GET.get("mine", "1" if request.user.role == Role.CASEWORKER else "0") == "1"
    # "Mine" are the same learners as on the caseworker's home page: own learners and those of own open cases.
    flags = (selectors.absence_flags_for_caseworker if mine else selectors.absence_flags_for_user)(request.user)
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "language/absence_list.html",
        {
            "page": page,
            "flags": page.object_list,
            "mine": mine,
            "form": NoteForm(),
            "limit": services.ABSENCES_IN_A_ROW,
        },
    )


@require_perm(Perm.ENROLMENTS_MANAGE)
@require_POST
def absence_resolve(request, flag_id: int):
    flag = get_object_or_404(selectors.absence_flags_for_user(request.user), pk=flag_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.absence_flag_resolve(actor=request.user, flag=flag, note=form.cleaned_data["note"])
        messages.success(request, _("Marked as followed up."))
    return redirect("language:absence_list")


# Placement


@require_perm(Perm.PLACEMENT_RUN)
def placement_list(request):
    if not remit_for_user(request.user).district_wide:
        raise Http404
    form = PlacementStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = job_enqueue(
            task=placement_run,
            kind="language.placement",
            label=_("Placement of waiting learners"),
            actor=request.user,
            result_url=reverse("language:placement_list"),
            max_minutes=form.cleaned_data["max_minutes"],
        )
        return redirect("jobs:detail", job_id=job.pk)
    page = Paginator(selectors.placement_runs_for_user(request.user), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "language/placement_list.html", {"form": form, "page": page, "runs": page.object_list})


def _run(request, run_id):
    return get_object_or_404(selectors.placement_runs_for_user(request.user), pk=run_id)


@require_perm(Perm.PLACEMENT_RUN)
def placement_detail(request, run_id: int):
    run = _run(request, run_id)
    # The run's page names the learners proposed; the read is recorded on the run (one entry a page, not one
    # per learner: a coordinator opens it many times while deciding).
    audit_read(actor=request.user, obj=run, purpose=services.PURPOSE_PLACEMENT)
    show = request.GET.get("show", "pending")
    proposals = selectors.proposals_for_run(run)
    if show == "pending":
        proposals = proposals.filter(decision=ProposalDecision.PENDING, offer__isnull=False)
    elif show == "unplaced":
        proposals = proposals.filter(offer__isnull=True)
    elif show == "decided":
        proposals = proposals.exclude(decision=ProposalDecision.PENDING)
    page = Paginator(proposals, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_proposal_row(proposal) for proposal in page.object_list]
    counts = {
        # The paginator has counted the pending proposals already when they are the list shown.
        "pending": page.paginator.count
        if show == "pending"
        else run.proposals.filter(decision=ProposalDecision.PENDING, offer__isnull=False).count(),
        "unplaced": run.learners - run.placed,
    }
    return render(
        request,
        "language/placement_detail.html",
        {
            "run": run,
            "page": page,
            "rows": rows,
            "show": show,
            "counts": counts,
            "open": run.status == PlacementRunStatus.OPEN,
        },
    )


def _proposal_row(proposal):
    return {
        "proposal": proposal,
        "reason": proposal_reason_text(proposal),
        "source": travel_source_text(proposal.travel_source),
    }


@require_perm(Perm.PLACEMENT_RUN)
def proposal_change_form(request, run_id: int, proposal_id: int):
    """The choice of another offer for one proposal, asked for when needed: into the proposal's card (htmx) or
    as a page of its own. Only offers with a free seat at the learner's level, nearest first."""
    run = _run(request, run_id)
    proposal = get_object_or_404(selectors.proposals_for_run(run), pk=proposal_id)
    audit_read(
        actor=request.user,
        obj=proposal.learner,
        purpose=services.PURPOSE_PLACEMENT,
        municipality_id=proposal.learner.home_municipality_id,
    )
    context = {
        "run": run,
        "proposal": proposal,
        "options": selectors.other_offers_for_learner(proposal.learner, exclude_offer_id=proposal.offer_id),
        "open": run.status == PlacementRunStatus.OPEN and proposal.decision == ProposalDecision.PENDING,
    }
    template = "language/proposal_change.html"
    return render(request, f"{template}#change_form" if request.htmx else template, context)


@require_perm(Perm.PLACEMENT_RUN)
@require_POST
def proposal_decide(request, run_id: int, proposal_id: int):
    run = _run(request, run_id)
    proposal = get_object_or_404(selectors.proposals_for_run(run), pk=proposal_id)
    decision = request.POST.get("decision", "")
    offer = None
    error = ""
    if decision == ProposalDecision.CHANGED:
        form = ProposalChangeForm(request.POST, offers=selectors.offers_with_a_free_seat())
        if form.is_valid():
            offer = form.cleaned_data["offer"]
        else:
            error = _("Choose an offer with a free seat.")
    if not error:
        try:
            proposal = services.proposal_decide(actor=request.user, proposal=proposal, decision=decision, offer=offer)
        except LanguageError as exc:
            error = str(exc)
    if request.htmx:
        proposal = selectors.proposals_for_run(run).get(pk=proposal.pk)
        return render(
            request,
            "language/placement_detail.html#proposal",
            {
                "row": _proposal_row(proposal),
                "run": run,
                "open": True,
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Decision saved."))
    return redirect("language:placement_detail", run_id=run.pk)


@require_perm(Perm.PLACEMENT_RUN)
@require_POST
def placement_close(request, run_id: int):
    run = _run(request, run_id)
    services.placement_run_close(actor=request.user, run=run)
    messages.success(request, _("The placement run is closed."))
    return redirect("language:placement_list")


# Travel times


@require_perm(Perm.TRAVEL_MATRIX_MANAGE)
def travel_matrix(request):
    form = TravelMatrixForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        matrix = form.matrix
        if matrix.problems:
            problems = [str(problem) for problem in matrix.problems[:200]]
            form.add_error(
                "file",
                _("%(count)s problems in the file; nothing was loaded.") % {"count": len(matrix.problems)},
            )
        else:
            upload = services.travel_matrix_replace(
                actor=request.user, filename=form.cleaned_data["file"].name, rows=matrix.rows
            )
            messages.success(
                request,
                _("The travel-time matrix has been loaded: %(pairs)s pairs of municipalities.")
                % {"pairs": upload.pairs},
            )
            return redirect("language:travel_matrix")
    return render(
        request,
        "language/travel_matrix.html",
        {
            "form": form,
            "problems": problems,
            "upload": TravelMatrixUpload.objects.first(),
            "pairs": TravelTime.objects.count(),
            "municipalities": Municipality.objects.local().exclude(ags=None).count(),
        },
    )
