from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Case, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegweiser.core.codes import display_phone
from wegweiser.core.validators import DateWithin
from wegweiser.language.models import (
    SUPPORT_LANGUAGES,
    Learner,
    Level,
    Offer,
    OfferStatus,
    Weekday,
)
from wegweiser.language.selectors import offers_teaching
from wegweiser.language.services import OFFER_FIELDS, LanguageError, offer_capacity_check
from wegweiser.language.travel_matrix import TravelMatrix, parse_travel_matrix
from wegweiser.network.models import Organisation
from wegweiser.territory.models import Municipality, MunicipalityKind
from wegweiser.territory.selectors import municipalities_for_user

MAX_MATRIX_BYTES = 5 * 1024 * 1024


def weekday_field(label, **kwargs) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label, choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple, **kwargs
    )


def _check_times(form: forms.Form, cleaned: dict) -> None:
    starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        form.add_error("ends_on", _("The last day lies before the first day."))
    start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
    if start_time and end_time and end_time <= start_time:
        form.add_error("end_time", _("The session ends before it starts."))


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


# An offer runs in the years the platform plans for: a last day of 31.12.9999 made the schedule walk past the
# end of the calendar (a 500 on re-activation) and would have planned sessions for eight thousand years.
OFFER_DAYS = DateWithin(2000, years_ahead=10)


def _bound_offer_days(form: forms.BaseForm) -> None:
    for name in ("starts_on", "ends_on"):
        if name in form.fields:
            form.fields[name].validators.append(OFFER_DAYS)


class OfferForm(forms.ModelForm):
    levels = forms.MultipleChoiceField(label=_("Levels"), choices=Level.choices, widget=forms.CheckboxSelectMultiple)
    weekdays = weekday_field(_("Weekdays"))
    support_languages = forms.MultipleChoiceField(
        label=_("Support languages"),
        choices=SUPPORT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Languages a teacher or volunteer can help in, for example a Ukrainian-speaking volunteer."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in OfferStatus.choices if value != OfferStatus.PAUSED],
        help_text=_("Pause and re-activate an offer with its own buttons, so that the history is kept."),
    )

    class Meta:
        model = Offer
        fields = list(OFFER_FIELDS)
        widgets = {"starts_on": DATE, "ends_on": DATE, "start_time": TIME, "end_time": TIME}
        help_texts = {"latitude": _("Leave empty to use the municipality's centre.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _bound_offer_days(self)
        self.fields["provider"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["municipality"].queryset = Municipality.objects.local()
        if self.instance.pk and self.instance.status == OfferStatus.PAUSED:
            # A paused offer is re-activated with its own action; here it stays paused.
            self.fields.pop("status")

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("An offer has at least one seat."))
        if self.instance.pk:
            # The service checks again under the offer's lock; here the refusal stands beside the field.
            try:
                offer_capacity_check(offer=self.instance, capacity=capacity)
            except LanguageError as error:
                raise forms.ValidationError(str(error)) from error
        return capacity

    def clean(self):
        cleaned = super().clean()
        _check_times(self, cleaned)
        return cleaned


class PauseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it paused?"),
        max_length=300,
        help_text=_("For example: the courses nearby have enough seats for now."),
    )


class ReactivateForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=DATE)
    ends_on = forms.DateField(label=_("Last day"), widget=DATE)
    weekdays = weekday_field(_("Weekdays"))
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("Until"), widget=TIME)
    max_minutes = forms.IntegerField(
        label=_("Offer the free seats to people waiting within (minutes)"),
        min_value=5,
        max_value=120,
        initial=45,
    )

    def __init__(self, *args, offer: Offer, **kwargs):
        today = timezone.localdate()
        kwargs.setdefault(
            "initial",
            {
                "starts_on": today + timedelta(days=2),
                # The planned last day stays, unless the pause ran past it.
                "ends_on": max(offer.ends_on, today + timedelta(days=2))
                if offer.ends_on
                else today + timedelta(days=2 + 7 * 26),
                "weekdays": offer.weekdays,
                "start_time": offer.start_time,
                "end_time": offer.end_time,
                "max_minutes": 45,
            },
        )
        super().__init__(*args, **kwargs)
        _bound_offer_days(self)

    def clean_starts_on(self):
        starts_on = self.cleaned_data["starts_on"]
        if starts_on < timezone.localdate():
            raise forms.ValidationError(_("The first day cannot lie in the past."))
        return starts_on

    def clean(self):
        cleaned = super().clean()
        _check_times(self, cleaned)
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("What was done?"),
        max_length=300,
        required=False,
        help_text=_("For example: called, the child was ill; comes again next week."),
    )


class LearnerForm(forms.ModelForm):
    weekdays = weekday_field(_("Days available"))

    class Meta:
        model = Learner
        fields = [
            "first_name",
            "last_name",
            "home_municipality",
            "level",
            "weekdays",
            "needs_childcare",
            "has_car",
            "phone",
            "email",
            "preferred_language",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_municipality"].queryset = municipalities_for_user(user)


# Languages of a person's record (ISO 639) that a course's support language covers under another code.
SUPPORT_LANGUAGE_FOR = {"prs": "fa", "kmr": "ku", "ckb": "ku", "apc": "ar", "acm": "ar", "aeb": "ar"}
# The course level to look for after the German a person has (CEFR); none: the person has no German yet.
NEXT_LEVEL = {"none": Level.A1, "A1": Level.A2, "A2": Level.B1, "B1": Level.B2, "B2": Level.C1}


def learner_initial_from_person(person: Any) -> dict[str, Any]:
    """A new learner's fields as far as the person's record tells them (for the enrolment form)."""
    support = {code for code, _label in SUPPORT_LANGUAGES}
    preferred = SUPPORT_LANGUAGE_FOR.get(person.preferred_language, person.preferred_language)
    initial = {
        "first_name": person.given_names[:150],
        "last_name": person.family_names[:150],
        "phone": display_phone(person.phone) if person.phone else "",
        "email": person.email,
        "preferred_language": preferred if preferred in support else "",
    }
    if person.municipality_id and person.municipality.kind != MunicipalityKind.SAMTGEMEINDE:
        initial["home_municipality"] = person.municipality_id
    level = NEXT_LEVEL.get(person.language_level("de"))
    if level:
        initial["level"] = level
    return initial


class EnrolForm(forms.Form):
    offer = forms.ModelChoiceField(
        label=_("Offer"),
        queryset=Offer.objects.none(),
        required=False,
        empty_label=_("– any suitable offer (general waiting list) –"),
        help_text=_(
            "Offers at the person's level, those in their home municipality first. With free seats the person is "
            "enrolled at once, otherwise put on the waiting list."
        ),
    )

    def __init__(self, *args, offers, learner, **kwargs):
        super().__init__(*args, **kwargs)
        home_first = Case(When(municipality_id=learner.home_municipality_id, then=0), default=1)
        self.fields["offer"].queryset = (
            offers.exclude(status=OfferStatus.ENDED)
            .filter(offers_teaching(learner.level))
            .select_related("municipality")
            .order_by(home_first, "municipality__name", "title")
        )
        self.fields["offer"].label_from_instance = lambda offer: (
            f"{offer.municipality.name}: {offer.title} ({', '.join(offer.levels)}; {offer.get_status_display()})"
        )


class PlacementStartForm(forms.Form):
    max_minutes = forms.IntegerField(
        label=_("Longest journey (minutes, one way)"), min_value=5, max_value=180, initial=45
    )


class ProposalChangeForm(forms.Form):
    offer = forms.ModelChoiceField(label=_("Other offer"), queryset=Offer.objects.none())

    def __init__(self, *args, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers
        self.fields["offer"].label_from_instance = lambda offer: (
            f"{offer.municipality.name}: {offer.title} ({', '.join(offer.levels)})"
        )


class TravelMatrixForm(forms.Form):
    file = forms.FileField(
        label=_("Travel-time matrix (CSV)"),
        help_text=_(
            "Columns from_ags, to_ags, car_minutes, public_transport_minutes (comma or semicolon separated), "
            "one line per pair of municipalities, at most 5 MB."
        ),
    )

    matrix: TravelMatrix | None = None

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_MATRIX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a CSV file (.csv or .txt)."))
        by_ags = dict(Municipality.objects.exclude(ags=None).values_list("ags", "id"))
        self.matrix = parse_travel_matrix(upload.read(), by_ags)
        return upload
