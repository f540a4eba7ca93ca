"""Surveys and feedback forms in the portal languages, and their answers.

An anonymous response keeps no link to a token, an account, an address or a moment finer than its day: its
primary key is random (no insertion order to join on), the token it used is only marked used (no time, no
reference), and its audit entry names the survey, not the response.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.territory.remit import RemitQuerySet


class SurveyKind(models.TextChoices):
    SURVEY = "survey", _("Survey")
    OFFER_FEEDBACK = "offer_feedback", _("Feedback on an offer")


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Survey(models.Model):
    REMIT_FIELD = "municipality"
    # What the district asks the public, and when it opens and closes: audited like a decision (it names its maker).
    DECISION = True

    slug = models.SlugField(_("Address (in the link)"), max_length=80, unique=True)
    kind = models.CharField(_("Kind"), max_length=20, choices=SurveyKind.choices, default=SurveyKind.SURVEY)
    # A language offer (plain id, read through `language.public`) for feedback on an offer.
    offer_id = models.PositiveIntegerField(_("Offer"), null=True, blank=True)
    anonymous = models.BooleanField(_("Anonymous"), default=True)
    # One answer per person: only with a single-use code handed out by staff.
    one_per_person = models.BooleanField(_("One answer per person (with a code)"), default=False)
    status = models.CharField(_("Status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opens_on = models.DateField(_("Opens on"), null=True, blank=True)
    closes_on = models.DateField(_("Closes on"), null=True, blank=True)
    # None: district-wide.
    municipality = models.ForeignKey(
        "territory.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="participation_survey_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.slug


class SurveyText(models.Model):
    """The survey's title and introduction in one language (German is the source)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=10)
    title = models.CharField(max_length=200)
    intro = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "language"], name="participation_one_text_per_lang")]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.language}"


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE = "scale", _("Scale 1 to 5")
    TEXT = "text", _("Free text")


CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
SCALE_POINTS = (1, 2, 3, 4, 5)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.position}"


class QuestionText(models.Model):
    """A question's wording and its options (one per line, in the German order) in one language."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=10)
    text = models.CharField(max_length=500)
    options = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "language"], name="participation_one_question_text_per_lang")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}:{self.language}"

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class SurveyToken(models.Model):
    """A single-use code for one answer. Only its hash is kept; `used` says no more than that it was used."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)  # a batch's name ("Deutschtreff Mittwoch"), no person
    issued_on = models.DateField()
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"token {self.pk}"


class Response(models.Model):
    """One submitted form. `token` is set only for a survey that is not anonymous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()  # the day only
    language = models.CharField(max_length=10)
    token = models.OneToOneField(SurveyToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        # No order by insertion exists to be read back; lists sort by something a reader can see.
        ordering = ["submitted_on", "id"]

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    """One answer: a chosen option (0-based, in the German order) or scale point, or free text in any language.
    A multiple-choice question has one row per chosen option."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.pk)
