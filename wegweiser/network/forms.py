from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.core.codes import language_choices
from wegweiser.network.answers import answer_languages
from wegweiser.network.models import (
    Organisation,
    OrganisationContact,
    OrganisationKind,
    Volunteer,
    VolunteerRoleKind,
    Weekday,
)
from wegweiser.network.services import PUBLIC_FIELDS
from wegweiser.territory.models import Municipality
from wegweiser.territory.selectors import municipalities_for_user


class OrganisationForm(forms.ModelForm):
    """The whole entry, as the district's staff edit it."""

    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        required=False,
        help_text=_("Languages in which the organisation can serve people."),
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = [
            "name",
            "kind",
            "municipality",
            "address",
            "email",
            "phone",
            "website",
            "services",
            "opening_hours",
            "by_appointment_only",
            "step_free",
            "accessibility",
            "municipalities_served",
            "is_active",
            "is_public",
        ]
        widgets = {
            "services": forms.Textarea(attrs={"rows": 3}),
            "opening_hours": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()
        local = Municipality.objects.local().order_by("name")
        self.fields["municipality"].queryset = local
        self.fields["municipalities_served"].queryset = local
        if self.instance.pk and not self.is_bound:
            self.initial.setdefault("languages", self.instance.language_codes)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Organisation.objects.filter(name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("An organisation with this name exists already."))
        return name

    def values(self) -> dict:
        """The cleaned data for the services (which write the entry, never the form)."""
        return dict(self.cleaned_data)


class OwnEntryForm(OrganisationForm):
    """An organisation's own account: the public fields only; saving proposes the change for review."""

    class Meta(OrganisationForm.Meta):
        fields = [name for name in PUBLIC_FIELDS if name != "languages"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = OrganisationKind.choices


class ContactForm(forms.ModelForm):
    class Meta:
        model = OrganisationContact
        fields = ["name", "function", "email", "phone"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class VolunteerForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(label=_("Languages"), required=False)

    class Meta:
        model = Volunteer
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "preferred_language",
            "municipality",
            "municipalities",
            "travel_km",
            "skills",
            "consent_to_contact",
            "organisation",
        ]
        widgets = {"skills": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = language_choices()
        self.fields["preferred_language"] = forms.ChoiceField(
            label=_("Language of mails"),
            choices=[("", _("German")), *[(c, n) for c, n in answer_languages() if c != "de"]],
            required=False,
            help_text=_("Requests to the volunteer and their answer page come in this language."),
        )
        self.fields["municipality"].queryset = municipalities_for_user(user).order_by("name")
        self.fields["municipalities"].queryset = Municipality.objects.local().order_by("name")
        if self.instance.pk and not self.is_bound:
            self.initial["languages"] = self.instance.language_codes


class VolunteerRoleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Role"), choices=VolunteerRoleKind.choices)
    police_certificate_on = forms.DateField(
        label=_("Extended police certificate issued on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Needed for homework help and mentoring, where volunteers meet children."),
    )


class AvailabilityForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    starts_at = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            raise forms.ValidationError(_("The time slot must end after it starts."))
        return data


class HoursForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=VolunteerRoleKind.choices)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class NeedForm(forms.Form):
    """A need described for a search of candidates (not stored)."""

    role = forms.ChoiceField(label=_("Role"), choices=VolunteerRoleKind.choices)
    language = forms.ChoiceField(label=_("Language"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=[("", "–"), *Weekday.choices], coerce=int, required=False, empty_value=None
    )
    starts_at = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["municipality"].queryset = Municipality.objects.local().order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            raise forms.ValidationError(_("The time slot must end after it starts."))
        return data


class StoredNeedForm(forms.Form):
    """A need stored for the coordinator to follow (`services.need_create`)."""

    role = forms.ChoiceField(label=_("Role"), choices=VolunteerRoleKind.choices)
    language = forms.ChoiceField(label=_("Language"))
    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.none())
    weekday = forms.TypedChoiceField(
        label=_("Weekday"), choices=[("", "–"), *Weekday.choices], coerce=int, required=False, empty_value=None
    )
    starts_at = forms.TimeField(label=_("From"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the coordinators only; the volunteer's answer page does not show it."),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["municipality"].queryset = municipalities_for_user(user).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            raise forms.ValidationError(_("The time slot must end after it starts."))
        return data
