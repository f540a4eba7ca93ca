from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.integrationskonzept.models import CommentGroup, CommentStatus, MeasureStatus, SubGoalStatus


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
