"""Meetings pages. Objects are looked up through the reader's scoped querysets (another body's meeting is not
found); edit pages also need the body to be one the user keeps (`may_edit_body`, else 403), and the services
refuse again. A meeting whose minutes are approved shows no edit forms: its edit pages send back to it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.meetings import documents, selectors, services
from wegweiser.meetings.forms import (
    AgendaItemForm,
    ApproveForm,
    BodyForm,
    DecisionForm,
    FollowUpForm,
    MeetingEditForm,
    MeetingForm,
    MinutesForm,
    OwnerFilterForm,
)
from wegweiser.meetings.models import Meeting, MeetingStatus

PAGE_SIZE = 20


def _refusal(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def _require_keeper(request, body) -> None:
    if not selectors.may_edit_body(request.user, body):
        raise PermissionDenied


def _back(meeting_id: int, anchor: str = ""):
    url = reverse("meetings:meeting", args=[meeting_id])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _meeting_to_edit(request, meeting_id: int) -> Meeting:
    meeting = get_object_or_404(selectors.meetings_for_user(request.user), pk=meeting_id)
    _require_keeper(request, meeting.body)
    return meeting


def _read_only_refusal(request, meeting: Meeting):
    messages.error(request, _("The minutes of this meeting are approved; it can no longer be changed."))
    return _back(meeting.pk)


def _form_page(request, *, meeting: Meeting, form, heading: str, save, anchor: str = "", lead: str = ""):
    """Show `form` for a meeting; on a valid POST call `save(cleaned_data)` (a service) and go back to the
    meeting. The service's refusal is shown on the form."""
    if meeting.read_only:
        return _read_only_refusal(request, meeting)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("Saved."))
            return _back(meeting.pk, anchor)
    status = 400 if request.method == "POST" else 200
    context = {"meeting": meeting, "form": form, "heading": heading, "lead": lead}
    return render(request, "meetings/form.html", context, status=status)


def _delete_page(request, *, meeting: Meeting, row, question: str, delete, anchor: str = ""):
    """A confirmation step, then the service."""
    if meeting.read_only:
        return _read_only_refusal(request, meeting)
    if request.method == "POST":
        try:
            delete()
        except ValidationError as error:
            messages.error(request, _refusal(error))
        else:
            messages.success(request, _("Deleted."))
        return _back(meeting.pk, anchor)
    return render(request, "meetings/delete.html", {"meeting": meeting, "row": row, "question": question})


# Lists


@require_perm(Perm.MEETINGS_VIEW)
def meeting_list(request):
    now = timezone.now()
    past = request.GET.get("when") == "past"
    rows = selectors.meetings_past(request.user, now) if past else selectors.meetings_upcoming(request.user, now)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "past": past,
        "bodies": selectors.bodies_for_user(request.user).prefetch_related("members"),
        "may_edit": user_can(request.user, Perm.MEETINGS_EDIT),
        "keeps": {body.pk for body in selectors.bodies_to_edit_for_user(request.user)},
    }
    return render(request, "meetings/meeting_list.html", context)


@require_perm(Perm.MEETINGS_VIEW)
def follow_up_list(request):
    form = OwnerFilterForm(request.GET or None)
    owner, overdue = "", False
    if form.is_valid():
        owner, overdue = form.cleaned_data["owner"], form.cleaned_data["overdue"]
    rows = selectors.open_follow_ups(request.user, owner=owner, overdue_only=overdue)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "owners": selectors.follow_up_owners(request.user)}
    return render(request, "meetings/follow_up_list.html", context)


# Bodies


@require_perm(Perm.MEETINGS_EDIT)
def body_create(request):
    form = BodyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.body_create(
                actor=request.user,
                name=data["name"],
                kind=data["kind"],
                municipality=data["municipality"],
                members=data["members"],
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The body has been added."))
            return redirect("meetings:meetings")
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/body_form.html", {"form": form, "heading": _("New body")}, status=status)


@require_perm(Perm.MEETINGS_EDIT)
def body_edit(request, body_id: int):
    body = get_object_or_404(selectors.bodies_for_user(request.user), pk=body_id)
    _require_keeper(request, body)
    initial = {"name": body.name, "kind": body.kind, "members": list(body.members.all())}
    form = BodyForm(request.POST or None, initial=initial, user=request.user, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.body_update(
            actor=request.user, body=body, name=data["name"], kind=data["kind"], members=data["members"]
        )
        messages.success(request, _("Saved."))
        return redirect("meetings:meetings")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "heading": _("Edit the body"), "body": body}
    return render(request, "meetings/body_form.html", context, status=status)


# Meetings


@require_perm(Perm.MEETINGS_EDIT)
def meeting_create(request):
    bodies = selectors.bodies_to_edit_for_user(request.user)
    form = MeetingForm(request.POST or None, bodies=bodies, initial={"body": request.GET.get("body")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user, body=data["body"], starts_at=data["starts_at"], place=data["place"]
            )
        except ValidationError as error:
            form.add_error(None, _refusal(error))
        else:
            messages.success(request, _("The meeting has been planned. Add its agenda now."))
            return _back(meeting.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "heading": _("Plan a meeting"), "no_bodies": not bodies.exists()}
    return render(request, "meetings/meeting_form.html", context, status=status)


@require_perm(Perm.MEETINGS_VIEW)
def meeting_detail(request, meeting_id: int):
    try:
        meeting = selectors.meeting_page(request.user, meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None
    may_edit = selectors.may_edit_body(request.user, meeting.body) and not meeting.read_only
    context = {
        "meeting": meeting,
        "items": meeting.items.all(),
        "may_edit": may_edit,
        "may_mark_done": selectors.may_edit_body(request.user, meeting.body),
        "may_approve": may_edit and meeting.status == MeetingStatus.HELD,
        "may_mark_held": may_edit and meeting.status == MeetingStatus.PLANNED,
    }
    return render(request, "meetings/meeting_detail.html", context)


@require_perm(Perm.MEETINGS_VIEW)
def minutes_pdf(request, meeting_id: int):
    """The minutes as PDF for everyone who reads the meeting (marked as a draft until approved)."""
    try:
        meeting = selectors.meeting_page(request.user, meeting_id)
    except Meeting.DoesNotExist:
        raise Http404 from None
    response = HttpResponse(documents.render_minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="protokoll-{meeting.pk}.pdf"'
    return response


@require_perm(Perm.MEETINGS_EDIT)
def meeting_edit(request, meeting_id: int):
    meeting = _meeting_to_edit(request, meeting_id)
    initial = {"starts_at": timezone.localtime(meeting.starts_at), "place": meeting.place, "present": meeting.present}
    form = MeetingEditForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        meeting=meeting,
        form=form,
        heading=_("Edit the meeting"),
        save=lambda data: services.meeting_update(actor=request.user, meeting=meeting, **data),
    )


@require_POST
@require_perm(Perm.MEETINGS_EDIT)
def meeting_mark_held(request, meeting_id: int):
    meeting = _meeting_to_edit(request, meeting_id)
    try:
        services.meeting_mark_held(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, _("The meeting is marked as held; its minutes can be approved once complete."))
    return _back(meeting.pk)


@require_perm(Perm.MEETINGS_EDIT)
def minutes_approve(request, meeting_id: int):
    meeting = _meeting_to_edit(request, meeting_id)
    return _form_page(
        request,
        meeting=meeting,
        form=ApproveForm(request.POST or None),
        heading=_("Approve the minutes"),
        lead=_("Approved minutes are the body's record: agenda, minutes, decisions and follow-ups stay as they are."),
        save=lambda data: services.minutes_approve(actor=request.user, meeting=meeting),
    )


# Agenda items and minutes


def _item_to_edit(request, item_id: int):
    item = get_object_or_404(selectors.agenda_items_for_user(request.user), pk=item_id)
    _require_keeper(request, item.meeting.body)
    return item


@require_perm(Perm.MEETINGS_EDIT)
def item_add(request, meeting_id: int):
    meeting = _meeting_to_edit(request, meeting_id)
    return _form_page(
        request,
        meeting=meeting,
        form=AgendaItemForm(request.POST or None),
        heading=_("Add an agenda item"),
        anchor="agenda",
        save=lambda data: services.agenda_item_add(actor=request.user, meeting=meeting, **data),
    )


@require_perm(Perm.MEETINGS_EDIT)
def item_edit(request, item_id: int):
    item = _item_to_edit(request, item_id)
    initial = {"title": item.title, "presenter": item.presenter, "papers": item.papers}
    return _form_page(
        request,
        meeting=item.meeting,
        form=AgendaItemForm(request.POST or None, initial=initial),
        heading=_("Edit the agenda item"),
        anchor=f"item-{item.pk}",
        save=lambda data: services.agenda_item_update(actor=request.user, item=item, **data),
    )


@require_perm(Perm.MEETINGS_EDIT)
def item_minutes(request, item_id: int):
    item = _item_to_edit(request, item_id)
    return _form_page(
        request,
        meeting=item.meeting,
        form=MinutesForm(request.POST or None, initial={"minutes": item.minutes}),
        heading=_("Minutes of “%(title)s”") % {"title": item.title},
        anchor=f"item-{item.pk}",
        save=lambda data: services.minutes_write(actor=request.user, item=item, minutes=data["minutes"]),
    )


@require_POST
@require_perm(Perm.MEETINGS_EDIT)
def item_move(request, item_id: int):
    item = _item_to_edit(request, item_id)
    if item.meeting.read_only:
        return _read_only_refusal(request, item.meeting)
    step = -1 if request.POST.get("step") == "up" else 1
    services.agenda_item_move(actor=request.user, item=item, step=step)
    return _back(item.meeting_id, f"item-{item.pk}")


@require_perm(Perm.MEETINGS_EDIT)
def item_delete(request, item_id: int):
    item = _item_to_edit(request, item_id)
    return _delete_page(
        request,
        meeting=item.meeting,
        row=item,
        question=_("Delete this agenda item with its minutes, decisions and follow-ups?"),
        delete=lambda: services.agenda_item_delete(actor=request.user, item=item),
        anchor="agenda",
    )


# Decisions and follow-ups


@require_perm(Perm.MEETINGS_EDIT)
def decision_add(request, item_id: int):
    item = _item_to_edit(request, item_id)
    return _form_page(
        request,
        meeting=item.meeting,
        form=DecisionForm(request.POST or None),
        heading=_("Record a decision on “%(title)s”") % {"title": item.title},
        lead=_("Votes are optional: leave them empty for a decision taken by consensus."),
        anchor=f"item-{item.pk}",
        save=lambda data: services.decision_record(actor=request.user, item=item, **data),
    )


@require_perm(Perm.MEETINGS_EDIT)
def decision_delete(request, decision_id: int):
    decision = get_object_or_404(selectors.decisions_for_user(request.user), pk=decision_id)
    _require_keeper(request, decision.item.meeting.body)
    return _delete_page(
        request,
        meeting=decision.item.meeting,
        row=decision.text,
        question=_("Delete this decision?"),
        delete=lambda: services.decision_delete(actor=request.user, decision=decision),
        anchor=f"item-{decision.item_id}",
    )


@require_perm(Perm.MEETINGS_EDIT)
def follow_up_add(request, item_id: int):
    item = _item_to_edit(request, item_id)
    return _form_page(
        request,
        meeting=item.meeting,
        form=FollowUpForm(request.POST or None, item=item),
        heading=_("Add a follow-up to “%(title)s”") % {"title": item.title},
        anchor=f"item-{item.pk}",
        save=lambda data: services.follow_up_add(actor=request.user, item=item, **data),
    )


def _follow_up_to_edit(request, follow_up_id: int):
    follow_up = get_object_or_404(selectors.follow_ups_for_user(request.user), pk=follow_up_id)
    _require_keeper(request, follow_up.item.meeting.body)
    return follow_up


@require_POST
@require_perm(Perm.MEETINGS_EDIT)
def follow_up_toggle(request, follow_up_id: int):
    follow_up = _follow_up_to_edit(request, follow_up_id)
    services.follow_up_set_done(actor=request.user, follow_up=follow_up, done=not follow_up.done)
    messages.success(request, _("The follow-up has been updated."))
    if request.POST.get("next") == "list":
        return redirect("meetings:follow_ups")
    return _back(follow_up.item.meeting_id, f"item-{follow_up.item_id}")


@require_perm(Perm.MEETINGS_EDIT)
def follow_up_delete(request, follow_up_id: int):
    follow_up = _follow_up_to_edit(request, follow_up_id)
    return _delete_page(
        request,
        meeting=follow_up.item.meeting,
        row=follow_up.text,
        question=_("Delete this follow-up?"),
        delete=lambda: services.follow_up_delete(actor=request.user, follow_up=follow_up),
        anchor=f"item-{follow_up.item_id}",
    )
