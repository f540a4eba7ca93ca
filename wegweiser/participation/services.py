"""The only writers of surveys, questions, codes and responses.

A staff write is audited on the survey. A response from the portal is audited too, but an anonymous one names
only its survey: the entry carries no response id, no token, and its actor is the portal, so neither the log nor
the tables lead from a code (or a visitor) to what was answered.
"""

import hashlib
import secrets
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record
from wegweiser.participation.models import (
    CHOICE_KINDS,
    SCALE_POINTS,
    Answer,
    Question,
    QuestionKind,
    QuestionText,
    Response,
    Survey,
    SurveyStatus,
    SurveyText,
    SurveyToken,
)
from wegweiser.territory.remit import remit_require

PURPOSE = "participation"
SOURCE_LANGUAGE = "de"
PORTAL_ACTOR = "portal visitor"
# No 0/O, 1/I/L: a code is read off paper and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MAX_CODES = 500


class ParticipationError(Exception):
    """A rule of surveys, in the reader's language."""


def code_hash(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def _today() -> date:
    return timezone.localdate()


def _require_editable(survey: Survey) -> None:
    if survey.status != SurveyStatus.DRAFT:
        raise ParticipationError(_("Only a draft survey can be changed."))


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    slug: str,
    kind: str,
    title: str,
    intro: str = "",
    anonymous: bool = True,
    one_per_person: bool = False,
    offer_id: int | None = None,
    municipality_id: int | None = None,
    opens_on: date | None = None,
    closes_on: date | None = None,
) -> Survey:
    remit_require(actor, municipality_id)
    survey = Survey.objects.create(
        slug=slug,
        kind=kind,
        anonymous=anonymous,
        one_per_person=one_per_person,
        offer_id=offer_id,
        municipality_id=municipality_id,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    SurveyText.objects.create(survey=survey, language=SOURCE_LANGUAGE, title=title.strip(), intro=intro.strip())
    audit_record(actor=actor, action=AuditAction.CREATE, obj=survey, purpose=PURPOSE, municipality_id=municipality_id)
    return survey


@transaction.atomic
def survey_update(*, actor: Any, survey: Survey, **fields: Any) -> Survey:
    """Change the survey's settings (a draft only: answers already given were given to the survey as it was)."""
    _require_editable(survey)
    remit_require(actor, fields.get("municipality_id", survey.municipality_id))
    changed = [name for name, value in fields.items() if getattr(survey, name) != value]
    for name, value in fields.items():
        setattr(survey, name, value)
    survey.full_clean(exclude=["created_by", "municipality"])
    survey.save()
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=survey,
            purpose=PURPOSE,
            changed_fields=changed,
            municipality_id=survey.municipality_id,
        )
    return survey


@transaction.atomic
def survey_translate(
    *, actor: Any, survey: Survey, language: str, title: str, intro: str, questions: Mapping[int, tuple[str, str]]
) -> None:
    """The survey's texts in `language`: its title and intro and, per question id, (text, options one per line).
    An empty text removes that translation (the visitor then reads German with a notice)."""
    _require_editable(survey)
    changed = []
    if _write(
        SurveyText,
        {"survey": survey, "language": language},
        title=title.strip(),
        intro=intro.strip(),
        remove=not title.strip(),
    ):
        changed.append(f"text:{language}")
    for question in survey.questions.all():
        text, options = questions.get(question.pk, ("", ""))
        if _write(
            QuestionText,
            {"question": question, "language": language},
            text=text.strip(),
            options=_clean_options(options),
            remove=not text.strip(),
        ):
            changed.append(f"question:{question.pk}:{language}")
    if changed:
        audit_record(actor=actor, action=AuditAction.UPDATE, obj=survey, purpose=PURPOSE, changed_fields=changed)


def _clean_options(options: str) -> str:
    return "\n".join(line.strip() for line in options.splitlines() if line.strip())


def _write(model, keys: dict, *, remove: bool, **values: str) -> bool:
    row = model.objects.filter(**keys).first()
    if remove:
        if row is None or keys.get("language") == SOURCE_LANGUAGE:
            return False
        row.delete()
        return True
    if row is None:
        model.objects.create(**keys, **values)
        return True
    if all(getattr(row, name) == value for name, value in values.items()):
        return False
    for name, value in values.items():
        setattr(row, name, value)
    row.save()
    return True


@transaction.atomic
def question_add(
    *, actor: Any, survey: Survey, kind: str, text: str, options: str = "", required: bool = False
) -> Question:
    """A new question with its German text; a choice question needs two options or more (one per line)."""
    _require_editable(survey)
    cleaned = _clean_options(options) if kind in CHOICE_KINDS else ""
    if kind in CHOICE_KINDS and len(cleaned.splitlines()) < 2:
        raise ParticipationError(_("A choice question needs at least two options, one per line."))
    position = survey.questions.count() + 1
    question = Question.objects.create(survey=survey, kind=kind, required=required, position=position)
    QuestionText.objects.create(question=question, language=SOURCE_LANGUAGE, text=text.strip(), options=cleaned)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=survey, purpose=PURPOSE, changed_fields=[f"question:{question.pk}"]
    )
    return question


@transaction.atomic
def survey_set_status(*, actor: Any, survey: Survey, status: str) -> Survey:
    """Open a draft (it needs a question), close an open survey; a closed survey stays closed."""
    allowed = {SurveyStatus.DRAFT: SurveyStatus.OPEN, SurveyStatus.OPEN: SurveyStatus.CLOSED}
    if allowed.get(survey.status) != status:
        raise ParticipationError(_("This survey cannot change to that status."))
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise ParticipationError(_("Add a question before opening the survey."))
    survey.status = status
    survey.save(update_fields=["status"])
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=survey, purpose=PURPOSE, changed_fields=["status"], summary=status
    )
    return survey


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


@transaction.atomic
def tokens_issue(*, actor: Any, survey: Survey, count: int, label: str = "") -> list[str]:
    """`count` new single-use codes; the plain codes are returned once and never stored."""
    if not 1 <= count <= MAX_CODES:
        raise ParticipationError(_("Between 1 and 500 codes at a time."))
    if survey.status == SurveyStatus.CLOSED:
        raise ParticipationError(_("The survey is closed."))
    codes = [_new_code() for _ in range(count)]
    SurveyToken.objects.bulk_create(
        [
            SurveyToken(survey=survey, token_hash=code_hash(code), label=label.strip(), issued_on=_today())
            for code in codes
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=survey,
        purpose=PURPOSE,
        changed_fields=["tokens"],
        summary=str(count),
    )
    return codes


def survey_is_open(survey: Survey, today: date | None = None) -> bool:
    today = today or _today()
    return (
        survey.status == SurveyStatus.OPEN
        and (survey.opens_on is None or survey.opens_on <= today)
        and (survey.closes_on is None or today <= survey.closes_on)
    )


@transaction.atomic
def response_submit(*, survey_id: int, language: str, answers: Mapping[int, Any], code: str = "") -> None:
    """Store one answered form from the portal. `answers` maps a question id to an option index (single choice),
    a list of them (multiple), a scale point or a text; questions left out are unanswered.

    Returns nothing, not even the response: the visitor's confirmation page needs no handle on it."""
    survey = Survey.objects.select_for_update().get(pk=survey_id)
    if not survey_is_open(survey):
        raise ParticipationError(_("This survey is not open."))
    token = None
    if survey.one_per_person:
        token = SurveyToken.objects.select_for_update().filter(survey=survey, token_hash=code_hash(code)).first()
        if token is None:
            raise ParticipationError(_("This code is not valid for this survey."))
        if token.used:
            raise ParticipationError(_("This code has already been used."))
        # Only the fact: no time, no reference to the response.
        SurveyToken.objects.filter(pk=token.pk).update(used=True)
    rows = _answer_rows(survey, answers)
    response = Response.objects.create(
        survey=survey,
        submitted_on=_today(),
        language=language,
        token=None if survey.anonymous else token,
    )
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    if survey.anonymous:
        audit_record(
            actor=PORTAL_ACTOR,
            action=AuditAction.CREATE,
            object_type="participation.survey",
            object_id=survey.pk,
            purpose=PURPOSE,
            summary="anonymous response",
            municipality_id=survey.municipality_id,
        )
    else:
        audit_record(
            actor=PORTAL_ACTOR,
            action=AuditAction.CREATE,
            obj=response,
            purpose=PURPOSE,
            municipality_id=survey.municipality_id,
        )


def _answer_rows(survey: Survey, answers: Mapping[int, Any]) -> list[Answer]:
    rows: list[Answer] = []
    for question in survey.questions.prefetch_related("texts"):
        value = answers.get(question.pk)
        empty = value in (None, "", [], ())
        if empty:
            if question.required:
                raise ParticipationError(_("Please answer every question marked as required."))
            continue
        if question.kind == QuestionKind.TEXT:
            rows.append(Answer(question=question, text=str(value).strip()[:5000]))
            continue
        options = _option_count(question)
        values = list(value) if question.kind == QuestionKind.MULTIPLE else [value]
        for item in dict.fromkeys(int(v) for v in values):
            valid = item in SCALE_POINTS if question.kind == QuestionKind.SCALE else 0 <= item < options
            if not valid:
                raise ParticipationError(_("An answer is not one of the options."))
            rows.append(Answer(question=question, choice=item))
    return rows


def _option_count(question: Question) -> int:
    for text in question.texts.all():
        if text.language == SOURCE_LANGUAGE:
            return len(text.option_list)
    return 0
