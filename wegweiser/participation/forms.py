"""Staff forms (survey, question, translations, codes) and the visitor's form built from a survey's questions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.core.validators import DateWithin
from wegweiser.language import public as language_public
from wegweiser.participation.models import CHOICE_KINDS, QuestionKind, Survey, SurveyKind, SurveyStatus
from wegweiser.participation.selectors import VisitorSurvey
from wegweiser.participation.services import MAX_CODES
from wegweiser.portal import abuse
from wegweiser.territory.remit import remit_for_user
from wegweiser.territory.selectors import municipalities_for_user

_DATES = [DateWithin(2020, years_ahead=5)]


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title (German)"), max_length=200)
    intro = forms.CharField(label=_("Introduction (German)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    slug = forms.SlugField(label=_("Address (in the link)"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=SurveyKind.choices)
    offer_id = forms.TypedChoiceField(label=_("Offer"), required=False, coerce=int, empty_value=None)
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None, required=False)
    anonymous = forms.BooleanField(
        label=_("Anonymous (answers cannot be tied to a person)"), required=False, initial=True
    )
    one_per_person = forms.BooleanField(label=_("One answer per person (with single-use codes)"), required=False)
    opens_on = forms.DateField(
        label=_("Opens on"), required=False, validators=_DATES, widget=forms.DateInput(attrs={"type": "date"})
    )
    closes_on = forms.DateField(
        label=_("Closes on"), required=False, validators=_DATES, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, survey: Survey | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["municipality"].queryset = municipalities_for_user(user)
        if remit_for_user(user).district_wide:
            self.fields["municipality"].empty_label = _("whole district")
        else:
            self.fields["municipality"].required = True
        self.fields["offer_id"].choices = [("", _("no offer"))] + [
            (offer.id, f"{offer.title} ({offer.municipality})") for offer in language_public.public_offers()
        ]
        if survey is not None:
            self.fields["slug"].disabled = True

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.survey is None and Survey.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A survey with this address exists."))
        return slug

    def clean(self):
        data = super().clean()
        if data.get("kind") == SurveyKind.OFFER_FEEDBACK and not data.get("offer_id"):
            self.add_error("offer_id", _("Choose the offer the feedback is about."))
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The survey cannot close before it opens."))
        return data


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of question"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Question (German)"), max_length=500)
    options = forms.CharField(
        label=_("Options (German, one per line)"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)

    def clean(self):
        data = super().clean()
        lines = [line for line in (data.get("options") or "").splitlines() if line.strip()]
        if data.get("kind") in CHOICE_KINDS and len(lines) < 2:
            self.add_error("options", _("A choice question needs at least two options, one per line."))
        return data


class TranslationForm(forms.Form):
    """The survey's title and intro and each question in one language; options one per line, in the German
    order and as many as in German."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    intro = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, questions, option_counts: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.option_counts = option_counts
        for question in questions:
            self.fields[f"q{question.pk}_text"] = forms.CharField(
                label=_("Question %(number)s") % {"number": question.position}, max_length=500, required=False
            )
            if question.kind in CHOICE_KINDS:
                self.fields[f"q{question.pk}_options"] = forms.CharField(
                    label=_("Options of question %(number)s") % {"number": question.position},
                    widget=forms.Textarea(attrs={"rows": 4}),
                    required=False,
                )

    def clean(self):
        data = super().clean()
        for question in self.questions:
            if question.kind not in CHOICE_KINDS or not data.get(f"q{question.pk}_text"):
                continue
            lines = [line for line in (data.get(f"q{question.pk}_options") or "").splitlines() if line.strip()]
            if len(lines) != self.option_counts.get(question.pk, 0):
                self.add_error(f"q{question.pk}_options", _("Give as many options as the German question has."))
        return data

    def question_texts(self) -> dict[int, tuple[str, str]]:
        data = self.cleaned_data
        return {q.pk: (data.get(f"q{q.pk}_text", ""), data.get(f"q{q.pk}_options", "")) for q in self.questions}


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[(SurveyStatus.OPEN, _("Open")), (SurveyStatus.CLOSED, _("Closed"))])


class TokenForm(forms.Form):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=MAX_CODES, initial=10)
    label = forms.CharField(label=_("For (a group, never a name)"), max_length=100, required=False)


class FeedbackForm(forms.Form):
    """The visitor's form: one field per question, the code where one answer per person is kept, and the
    portal's spam checks (a honeypot, the signed time the form was shown)."""

    website = forms.CharField(label=_("Leave this field empty"), required=False)
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, survey: VisitorSurvey, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        if survey.needs_code:
            self.fields["code"] = forms.CharField(
                label=_("Your code (on the note you were given)"),
                max_length=20,
                widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
            )
        for question in survey.questions:
            name = f"q{question.id}"
            common = {"label": question.text, "required": question.required}
            if question.kind == QuestionKind.TEXT:
                field = forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)
            elif question.kind == QuestionKind.MULTIPLE:
                field = forms.TypedMultipleChoiceField(
                    choices=question.options, coerce=int, widget=forms.CheckboxSelectMultiple, **common
                )
            else:
                field = forms.TypedChoiceField(
                    choices=question.options, coerce=int, empty_value=None, widget=forms.RadioSelect, **common
                )
            field.question = question
            self.fields[name] = field
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        # The spam checks last, after the questions.
        self.order_fields([name for name in self.fields if name not in ("website", "shown")] + ["website", "shown"])
        if not self.is_bound:
            self.initial["shown"] = abuse.time_token()
        self.spam_reason = ""

    def clean(self):
        data = super().clean()
        self.spam_reason = "honeypot" if data.get("website") else abuse.time_check(self.data.get("shown", ""))
        if self.spam_reason:
            raise forms.ValidationError(
                _("Your answers could not be sent. Please wait a moment and send the form again."), code="spam"
            )
        return data

    def answers(self) -> dict[int, object]:
        return {q.id: self.cleaned_data.get(f"q{q.id}") for q in self.survey.questions}
