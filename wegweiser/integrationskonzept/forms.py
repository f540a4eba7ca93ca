from django import forms
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from wegweiser.integrationskonzept.models import (
    CommentGroup,
    CommentStatus,
    Direction,
    Indicator,
    MeasureStatus,
    Responsible,
    SubGoalStatus,
)
from wegweiser.network.models import Organisation
from wegweiser.territory.models import Municipality


class CopyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    period_start = forms.IntegerField(label=_("From (year)"), min_value=2000, max_value=2100)
    period_end = forms.IntegerField(label=_("To (year)"), min_value=2000, max_value=2100)


class TransitionForm(forms.Form):
    status = forms.CharField(max_length=20)
    council_decision_date = forms.DateField(label=_("Council decision of"), required=False)
    council_decision_number = forms.CharField(label=_("Council decision number"), max_length=50, required=False)


class MeasureStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)


class AssessForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SubGoalStatus.choices)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class IndicatorValueForm(forms.Form):
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)
    observed_on = forms.DateField(label=_("As of"))
    source = forms.CharField(label=_("Source of the value"), max_length=300)


class CommentForm(forms.Form):
    group = forms.ChoiceField(label=_("I comment as"), choices=CommentGroup.choices)
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int, required=False, empty_value=None)
    text = forms.CharField(label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    # Left empty by people; bots fill every field. Hidden from view and from screen readers.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].choices = [("", _("The concept as a whole"))] + [(g.pk, str(g)) for g in goals]


class ModerateForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[(s, label) for s, label in CommentStatus.choices if s != CommentStatus.RECEIVED],
    )
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    decline_reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=2000)
    changed_goal = forms.TypedChoiceField(label=_("Goal it changed"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, goals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["changed_goal"].choices = [("", _("none"))] + [(g.pk, str(g)) for g in goals]


# --- Editing the tree (issue 21) ------------------------------------------------------------------------------


class FieldForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SubGoalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)


class GrantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(municipality)s · LokIn %(year)s: %(title)s (approved %(amount)s EUR)") % {
            "municipality": obj.municipality.name,
            "year": obj.programme.year,
            "title": obj.title,
            "amount": formats.number_format(obj.approved_amount or 0, 2, use_l10n=True, force_grouping=True),
        }


class MeasureForm(forms.Form):
    """The measure as planned; the responsible party is exactly one of the three kinds, and the kind decides
    which of the two lists counts (the other is ignored)."""

    title = forms.CharField(label=_("What is done"), max_length=300)
    output = forms.CharField(label=_("Output"), max_length=300, help_text=_("What the measure produces."))
    indicator = forms.ModelChoiceField(
        label=_("Indicator its output moves"), queryset=Indicator.objects.none(), required=False
    )
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Responsible.choices, widget=forms.RadioSelect)
    municipality = forms.ModelChoiceField(
        label=_("Responsible municipality"), queryset=Municipality.objects.none(), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects.none(), required=False
    )
    starts_on = forms.DateField(label=_("Starts"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Ends"), widget=forms.DateInput(attrs={"type": "date"}))
    budget = forms.DecimalField(label=_("Budget (EUR)"), max_digits=12, decimal_places=2, min_value=0, required=False)
    grant = GrantChoiceField(
        label=_("LokIn grant that funds it"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_("The approved grants of the municipalities in the concept's years."),
    )
    grant_note = forms.CharField(
        label=_("Funding note"),
        max_length=100,
        required=False,
        help_text=_("Other funding, in words, where no LokIn grant funds the measure."),
    )

    def __init__(self, *args, indicators, municipalities, organisations, grants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators
        self.fields["municipality"].queryset = municipalities
        self.fields["organisation"].queryset = organisations
        self.fields["grant"].queryset = grants

    def clean(self):
        data = super().clean()
        kind = data.get("responsible")
        if kind == Responsible.MUNICIPALITY and not data.get("municipality"):
            self.add_error("municipality", _("Choose the responsible municipality."))
        if kind == Responsible.ORGANISATION and not data.get("organisation"):
            self.add_error("organisation", _("Choose the responsible organisation."))
        grant = data.get("grant")
        if grant is not None and (
            kind != Responsible.MUNICIPALITY or grant.municipality_id != getattr(data.get("municipality"), "pk", None)
        ):
            self.add_error("grant", _("Choose a grant of the responsible municipality."))
        if kind != Responsible.MUNICIPALITY:
            data["municipality"] = None
        if kind != Responsible.ORGANISATION:
            data["organisation"] = None
        return data


class IndicatorSource(models.TextChoices):
    HAND = "hand", _("Entered by hand")
    LAGEBILD = "lagebild", _("Follows a Lagebild figure")


class IndicatorForm(forms.Form):
    title = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=16, decimal_places=4)
    baseline_date = forms.DateField(label=_("Baseline date"), widget=forms.DateInput(attrs={"type": "date"}))
    target = forms.DecimalField(label=_("Target"), max_digits=16, decimal_places=4)
    target_date = forms.DateField(label=_("Target date"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.ChoiceField(
        label=_("Values"), choices=IndicatorSource.choices, widget=forms.RadioSelect, initial=IndicatorSource.HAND
    )
    lagebild_table = forms.ChoiceField(label=_("Lagebild table"), required=False)
    lagebild_variable = forms.CharField(
        label=_("Lagebild variable"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"list": "lagebild-variables"}),
    )
    lagebild_region = forms.CharField(
        label=_("Lagebild region key"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"list": "lagebild-regions", "inputmode": "numeric"}),
    )
    lagebild_breakdown = forms.CharField(
        label=_("Lagebild breakdown"), max_length=500, required=False, help_text=_("Empty for the total.")
    )

    def __init__(self, *args, tables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lagebild_table"].choices = [("", "–")] + [(code, label) for code, label in tables]

    def clean(self):
        data = super().clean()
        names = ("lagebild_table", "lagebild_variable", "lagebild_region")
        if data.get("source") == IndicatorSource.LAGEBILD:
            for name in names:
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Name the table, variable and region of the figure."))
            data["lagebild"] = tuple((data.get(name) or "").strip() for name in (*names, "lagebild_breakdown"))
        else:
            data["lagebild"] = None
        return data

    def service_kwargs(self) -> dict:
        keys = ("title", "unit", "direction", "baseline", "baseline_date", "target", "target_date", "lagebild")
        return {key: self.cleaned_data[key] for key in keys}
