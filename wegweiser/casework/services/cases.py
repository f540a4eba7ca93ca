"""Cases and what is done in them: needs, goals, tasks, notes and documents."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.models import User
from wegweiser.audit.models import AuditAction
from wegweiser.casework.models import (
    Case,
    CaseStatus,
    CaseTask,
    Document,
    Goal,
    GoalStatus,
    Need,
    NeedArea,
    Note,
    Person,
    Urgency,
)
from wegweiser.casework.services._common import (
    CASE_FIELDS,
    PURPOSE_CASE_WORK,
    CaseworkError,
    DocumentRejected,
    EditConflict,
    NeedsConflict,
    _actor,
    _audit,
)
from wegweiser.core.uploads import UploadRejected, upload_check
from wegweiser.territory.remit import assignee_require

# --- Cases -----------------------------------------------------------------------------------------------


@transaction.atomic
def case_open(*, actor: Any, person: Person, caseworker: User | None = None, summary: str = "") -> Case:
    if person.merged_into_id:
        raise CaseworkError(_("This record has been merged; open the case on the remaining record."))
    assignee_require(caseworker, person.municipality_id)
    case = Case.objects.create(
        person=person,
        caseworker=caseworker,
        summary=summary,
        opened_on=timezone.localdate(),
        updated_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, case, PURPOSE_CASE_WORK)
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, expected_version: int, **fields: Any) -> Case:
    """Change status, situation or caseworker; refused with EditConflict if someone saved in between."""
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValueError(f"unknown case fields: {sorted(unknown)}")
    current = Case.objects.select_for_update().get(pk=case.pk)
    if current.version != expected_version:
        raise EditConflict(current=current, submitted=fields)
    changed = [name for name, value in fields.items() if getattr(current, name) != value]
    if not changed:
        return current
    if "caseworker" in changed:
        assignee_require(fields["caseworker"], current.person.municipality_id)
    for name in changed:
        setattr(current, name, fields[name])
    if "status" in changed:
        if current.status == CaseStatus.CLOSED:
            current.closed_on = timezone.localdate()
        else:
            current.closed_on = None
            current.retention_flagged_on = None
        changed += ["closed_on"]
    current.version += 1
    current.updated_by = _actor(actor)
    current.save()
    _audit(actor, AuditAction.UPDATE, current, PURPOSE_CASE_WORK, changed_fields=changed)
    return current


@transaction.atomic
def needs_assess(
    *, actor: Any, case: Case, assessments: dict[str, tuple[str, str]], expected_version: int
) -> list[Need]:
    """Record the needs assessment: per area an urgency and a short description; "no need" removes the area.

    Made on the case's version `expected_version`; raises NeedsConflict if the case moved on since. A change
    of the needs is a change of the case: it moves the case to its next version.
    """
    for area, (urgency, _description) in assessments.items():
        if area not in NeedArea.values or urgency not in Urgency.values:
            raise CaseworkError(_("Unknown need area or urgency."))
    current = Case.objects.select_for_update().select_related("person").get(pk=case.pk)
    if current.version != expected_version:
        raise NeedsConflict(current=current, submitted=assessments)
    existing = {need.area: need for need in current.needs.all()}
    kept, changed_any = [], False
    for area, (urgency, description) in assessments.items():
        need = existing.get(area)
        if urgency == Urgency.NONE:
            if need is not None:
                _audit(actor, AuditAction.DELETE, need, PURPOSE_CASE_WORK, person=current.person)
                need.delete()
                changed_any = True
            continue
        if need is None:
            need = Need.objects.create(
                case=current, area=area, urgency=urgency, description=description, assessed_by=_actor(actor)
            )
            _audit(actor, AuditAction.CREATE, need, PURPOSE_CASE_WORK, person=current.person)
            changed_any = True
        elif (need.urgency, need.description) != (urgency, description):
            changed = [n for n, v in (("urgency", urgency), ("description", description)) if getattr(need, n) != v]
            need.urgency, need.description, need.assessed_by = urgency, description, _actor(actor)
            need.save()
            _audit(actor, AuditAction.UPDATE, need, PURPOSE_CASE_WORK, person=current.person, changed_fields=changed)
            changed_any = True
        kept.append(need)
    if changed_any:
        current.version += 1
        current.updated_by = _actor(actor)
        current.save(update_fields=["version", "updated_by", "updated_at"])
        case.version = current.version
    return kept


@transaction.atomic
def goal_add(*, actor: Any, case: Case, area: str, description: str, target_date: date | None = None) -> Goal:
    goal = Goal.objects.create(
        case=case, area=area, description=description, target_date=target_date, created_by=_actor(actor)
    )
    _audit(actor, AuditAction.CREATE, goal, PURPOSE_CASE_WORK, person=case.person)
    return goal


@transaction.atomic
def goal_set_status(*, actor: Any, goal: Goal, status: str) -> Goal:
    if status not in GoalStatus.values:
        raise CaseworkError(_("Unknown status."))
    goal.status = status
    goal.save(update_fields=["status"])
    _audit(actor, AuditAction.UPDATE, goal, PURPOSE_CASE_WORK, person=goal.case.person, changed_fields=["status"])
    return goal


@transaction.atomic
def task_add(
    *, actor: Any, case: Case, title: str, owner: User, due_on: date | None = None, goal: Goal | None = None
) -> CaseTask:
    if goal is not None and goal.case_id != case.pk:
        raise CaseworkError(_("The goal belongs to another case."))
    assignee_require(owner, case.person.municipality_id)
    task = CaseTask.objects.create(
        case=case, title=title, owner=owner, due_on=due_on, goal=goal, created_by=_actor(actor)
    )
    _audit(actor, AuditAction.CREATE, task, PURPOSE_CASE_WORK, person=case.person)
    return task


@transaction.atomic
def task_complete(*, actor: Any, task: CaseTask) -> CaseTask:
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        _audit(actor, AuditAction.UPDATE, task, PURPOSE_CASE_WORK, person=task.case.person, changed_fields=["done_at"])
    return task


@transaction.atomic
def note_add(*, actor: Any, case: Case, text: str, confidential: bool = False) -> Note:
    if not text.strip():
        raise CaseworkError(_("The note is empty."))
    note = Note.objects.create(case=case, author=_actor(actor), text=text.strip(), confidential=confidential)
    _audit(actor, AuditAction.CREATE, note, PURPOSE_CASE_WORK, person=case.person)
    return note


def document_check(*, filename: str, content: bytes) -> str:
    """The content type of an acceptable document; raise DocumentRejected for a wrong type or size (the rule is
    `core.uploads.upload_check`, shared with LokIn's report attachments)."""
    try:
        return upload_check(filename=filename, content=content)
    except UploadRejected as error:
        raise DocumentRejected(str(error)) from error


@transaction.atomic
def document_upload(*, actor: Any, case: Case, kind: str, filename: str, content: bytes) -> Document:
    content_type = document_check(filename=filename, content=content)
    document = Document.objects.create(
        case=case,
        kind=kind,
        filename=filename[-255:],
        content_type=content_type,
        size=len(content),
        content=content,
        uploaded_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, document, PURPOSE_CASE_WORK, person=case.person)
    return document
