"""The portal's forms: the finder's filters, the appointment request (with its spam checks) and the staff editors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.language import public as language_public
from wegweiser.portal import abuse
from wegweiser.portal.models import InfoPage
from wegweiser.territory.models import Municipality

TIME_OF_DAY_CHOICES = [
    ("", _("any time")),
    ("morning", _("morning")),
    ("afternoon", _("afternoon")),
    ("evening", _("evening")),
]

TOPIC_CHOICES = [
    ("residence", _("Residence and papers")),
    ("language", _("German courses")),
    ("work", _("Work and recognition of qualifications")),
    ("school_kita", _("School and Kita")),
    ("health", _("Health")),
    ("housing", _("Housing")),
    ("other", _("Something else")),
]


def _municipalities():
    return Municipality.objects.local().order_by("name")


class FinderForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Where"), queryset=Municipality.objects.none(), required=False, empty_label=_("whole district")
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    weekday = forms.TypedChoiceField(label=_("Day"), required=False, coerce=int, empty_value=None)
    time_of_day = forms.ChoiceField(label=_("Time of day"), choices=TIME_OF_DAY_CHOICES, required=False)
    childcare = forms.BooleanField(label=_("with childcare"), required=False)
    places_free = forms.BooleanField(label=_("only with places free"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _municipalities()
        self.fields["kind"].choices = [("", _("all kinds")), *language_public.offer_kinds()]
        self.fields["level"].choices = [("", _("all levels")), *language_public.offer_levels()]
        self.fields["weekday"].choices = [("", _("any day")), *language_public.weekdays()]


class AppointmentRequestForm(forms.Form):
    topic = forms.ChoiceField(label=_("What is it about?"), choices=TOPIC_CHOICES)
    preferred_days = forms.TypedMultipleChoiceField(
        label=_("Which days suit you?"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    municipality = forms.ModelChoiceField(
        label=_("Where do you live?"), queryset=Municipality.objects.none(), required=False, empty_label=_("not given")
    )
    language = forms.ChoiceField(label=_("Your language"))
    interpreter_needed = forms.BooleanField(label=_("I need an interpreter"), required=False)
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact_method = forms.ChoiceField(
        label=_("How may we contact you?"),
        choices=[("phone", _("by phone")), ("email", _("by e-mail"))],
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    consent = forms.BooleanField(
        label=_("I agree that the Migrationszentrum contacts me about this request in the way I chose.")
    )
    # Spam checks: a field people never see, and when the form was shown (signed).
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, language_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = _municipalities()
        self.fields["language"].choices = language_choices
        self.fields["preferred_days"].choices = language_public.weekdays()[:5]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if not self.is_bound:
            self.initial["shown"] = abuse.time_token()
        self.spam_reason = ""

    def clean(self):
        data = super().clean()
        if data.get("website"):
            self.spam_reason = "honeypot"
        else:
            self.spam_reason = abuse.time_check(self.data.get("shown", ""))
        if self.spam_reason:
            raise forms.ValidationError(
                _("Your request could not be sent. Please wait a moment and send the form again."), code="spam"
            )
        method = data.get("contact_method")
        if method == "phone" and not data.get("phone"):
            self.add_error("phone", _("Please give a phone number."))
        if method == "email" and not data.get("email"):
            self.add_error("email", _("Please give an e-mail address."))
        return data


class InfoPageForm(forms.Form):
    slug = forms.SlugField(label=_("Address (in the link)"), max_length=80)
    parent = forms.ModelChoiceField(
        label=_("Parent page"), queryset=InfoPage.objects.none(), required=False, empty_label=_("top level")
    )
    position = forms.IntegerField(label=_("Position"), min_value=0, initial=0)
    published = forms.BooleanField(label=_("Published"), required=False, initial=True)
    title = forms.CharField(label=_("Title (German)"), max_length=200)
    body = forms.CharField(label=_("Text (German)"), widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args, pages, page=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = pages.exclude(pk=page.pk) if page else pages
        self.page = page
        if page is not None:
            self.fields["slug"].disabled = True

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.page is None and InfoPage.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A page with this address exists."))
        return slug


class TranslationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 14}))
    in_review = forms.BooleanField(label=_("Still to be reviewed (for example a machine translation)"), required=False)
    # The hash of the German text shown beside the form: the translation was made from that text.
    source_hash = forms.CharField(widget=forms.HiddenInput, max_length=64)
