from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wegweiser.core.validators import DateWithin
from wegweiser.meetings.models import BodyKind, Decision
from wegweiser.network.models import Organisation
from wegweiser.territory.remit import remit_for_user
from wegweiser.territory.selectors import municipalities_for_user

# Meetings are kept from 2000 on and planned up to five years ahead; follow-ups are due within the same span.
FIRST_YEAR = 2000
YEARS_AHEAD = 5
DUE_DATES = DateWithin(FIRST_YEAR, years_ahead=YEARS_AHEAD)

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _within_years(value: Any) -> None:
    if value is None:
        return
    DateWithin(FIRST_YEAR, years_ahead=YEARS_AHEAD)(timezone.localtime(value).date())


class BodyForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=None, required=False, help_text=_("Empty for a district-wide body.")
    )
    members = forms.ModelMultipleChoiceField(
        label=_("Member organisations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Members' accounts read the body's meetings."),
    )

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = Organisation.objects.filter(is_active=True).order_by("name")
        if editing:
            del self.fields["municipality"]
            return
        self.fields["municipality"].queryset = municipalities_for_user(user).order_by("name")
        if not remit_for_user(user).district_wide:
            # Only the district keeps district-wide bodies; a municipal manager names one of theirs.
            self.fields["municipality"].required = True
            self.fields["municipality"].help_text = ""


class MeetingForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=None)
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_WIDGET, validators=[_within_years])
    place = forms.CharField(label=_("Place"), max_length=300)

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class MeetingEditForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME_WIDGET, validators=[_within_years])
    place = forms.CharField(label=_("Place"), max_length=300)
    present = forms.CharField(
        label=_("Present"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Organisations or offices present, one a line."),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    papers = forms.CharField(
        label=_("Papers"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Documents for this item, one a line."),
    )


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=pgettext_lazy("record of a meeting", "Minutes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    votes_for = forms.IntegerField(label=_("Votes for"), required=False, min_value=0, max_value=1000)
    votes_against = forms.IntegerField(label=_("Votes against"), required=False, min_value=0, max_value=1000)
    abstentions = forms.IntegerField(label=_("Abstentions"), required=False, min_value=0, max_value=1000)


class FollowUpForm(forms.Form):
    text = forms.CharField(label=pgettext_lazy("meetings", "Follow-up"), max_length=500)
    owner = forms.CharField(
        label=_("Owner"),
        max_length=200,
        required=False,
        help_text=_("A person's name or an office; leave empty when an organisation below does it."),
    )
    owner_organisation = forms.ModelChoiceField(label=_("Owner organisation"), queryset=None, required=False)
    due_date = forms.DateField(label=_("Due date"), widget=DATE_WIDGET, validators=[DUE_DATES])
    decision = forms.ModelChoiceField(label=_("From the decision"), queryset=None, required=False)

    def __init__(self, *args: Any, item: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("name")
        self.fields["decision"].queryset = Decision.objects.filter(item=item)
        self.fields["decision"].label_from_instance = lambda decision: decision.text[:80]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not (cleaned.get("owner") or "").strip() and not cleaned.get("owner_organisation"):
            self.add_error("owner", _("Name who does it: a person or an organisation."))
        return cleaned


class ApproveForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that the body approved these minutes; the meeting can no longer be changed afterwards."),
        required=True,
    )


class OwnerFilterForm(forms.Form):
    owner = forms.CharField(
        label=_("Owner"), max_length=200, required=False, widget=forms.TextInput(attrs={"list": "follow-up-owners"})
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
