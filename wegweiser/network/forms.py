from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.core.codes import language_choices
from wegweiser.network.models import Organisation, OrganisationContact, OrganisationKind
from wegweiser.network.services import PUBLIC_FIELDS
from wegweiser.territory.models import Municipality


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
