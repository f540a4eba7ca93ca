"""LokIn forms: the application with its planned costs (one field per eligible category and programme year), the
district's decision, instalments and the confirmation of the allocation. Money fields are Decimal in whole cents."""

from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.lokin.models import Application, CostCategory, Indicator, Programme, ReportKind
from wegweiser.territory.selectors import municipalities_for_user

CENTS = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class ApplicationForm(forms.ModelForm):
    """The application's text and funds, and a grid of planned costs: one amount per eligible category for the
    programme's year and the year after."""

    class Meta:
        model = Application
        fields = ["title", "measures", "goals", "target_groups", "staff_hours", "own_funds", "third_party_funds"]
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in ("measures", "goals", "target_groups")}

    def __init__(self, *args: Any, programme: Programme, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.programme = programme
        if self.instance.pk is None:
            self.fields["municipality"] = forms.ModelChoiceField(
                label=_("Municipality"), queryset=municipalities_for_user(user).order_by("name")
            )
            self.order_fields(["municipality", *self.Meta.fields])
        existing = {}
        if self.instance.pk is not None:
            existing = {(c.category, c.year): c.amount for c in self.instance.planned_costs.all()}
        labels = dict(CostCategory.choices)
        self.cost_keys = []
        for year in self.cost_years():
            for category in programme.eligible_categories:
                name = f"cost_{category}_{year}"
                self.fields[name] = forms.DecimalField(
                    label=_("%(category)s %(year)s (EUR)") % {"category": labels[category], "year": year},
                    required=False,
                    initial=existing.get((category, year)),
                    **CENTS,
                )
                self.cost_keys.append((name, category, year))

    def cost_years(self) -> list[int]:
        return [self.programme.year, self.programme.year + 1]

    def clean(self) -> dict:
        cleaned = super().clean()
        for name in ("staff_hours", "own_funds", "third_party_funds"):
            if cleaned.get(name) is not None and cleaned[name] < 0:
                self.add_error(name, _("Enter an amount of zero or more."))
        return cleaned

    def fields_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def costs(self) -> list[tuple[str, int, Decimal]]:
        return [
            (category, year, self.cleaned_data[name])
            for name, category, year in self.cost_keys
            if self.cleaned_data.get(name)
        ]

    def text_fields(self):
        return [self[name] for name in ["municipality", *self.Meta.fields] if name in self.fields]

    def cost_rows(self):
        """The cost grid for the template: one row per category, one cell per year."""
        labels = dict(CostCategory.choices)
        return [
            (labels[category], [self[f"cost_{category}_{year}"] for year in self.cost_years()])
            for category in self.programme.eligible_categories
        ]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class Decision(models.TextChoices):
    REQUEST_CHANGES = "request_changes", _("Request changes")
    REJECT = "reject", _("Reject")
    APPROVE = "approve", _("Approve with an amount")


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason or requested change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Needed when you request changes or reject."),
    )
    amount = forms.DecimalField(
        label=_("Approved amount (EUR)"),
        required=False,
        help_text=_("Needed when you approve."),
        **CENTS,
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in (Decision.REQUEST_CHANGES, Decision.REJECT) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason."))
        if decision == Decision.APPROVE and not cleaned.get("amount"):
            self.add_error("amount", _("Enter the approved amount."))
        return cleaned


class InstalmentForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label=_("Amount (EUR)"), **CENTS)


class ConfirmForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the fixed allocation cannot be changed or undone."), required=True
    )


class ReportForm(forms.Form):
    """The use-of-funds report: the measures delivered, the people reached and one amount spent per eligible cost
    category."""

    measures_delivered = forms.CharField(
        label=_("Measures delivered"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    people_reached = forms.IntegerField(label=_("People reached"), min_value=0)

    def __init__(self, *args: Any, report: Any, **kwargs: Any):
        existing = {c.category: c.amount for c in report.costs.all()}
        kwargs.setdefault(
            "initial", {"measures_delivered": report.measures_delivered, "people_reached": report.people_reached}
        )
        super().__init__(*args, **kwargs)
        labels = dict(CostCategory.choices)
        self.categories = list(report.application.programme.eligible_categories)
        for category in self.categories:
            self.fields[f"spent_{category}"] = forms.DecimalField(
                label=_("%(category)s spent (EUR)") % {"category": labels[category]},
                required=False,
                initial=existing.get(category),
                **CENTS,
            )

    def costs(self) -> list[tuple[str, Decimal]]:
        return [
            (category, self.cleaned_data[f"spent_{category}"])
            for category in self.categories
            if self.cleaned_data.get(f"spent_{category}") is not None
        ]


class ReportReview(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    SEND_BACK = "send_back", _("Send back with a reason")


class ReportReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Review"), choices=ReportReview.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Needed when you send the report back."),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("decision") == ReportReview.SEND_BACK and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason."))
        return cleaned


class ReportDueForm(forms.Form):
    # The application page also holds the instalment form's due date: the prefix keeps the two inputs' ids apart.
    prefix = "report"
    kind = forms.ChoiceField(label=_("Kind of report"), choices=ReportKind.choices)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))


class ConsultationForm(forms.Form):
    """A consultation with up to three follow-ups (text, owner, due date); empty follow-up rows are ignored."""

    FOLLOW_UP_ROWS = 3

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=None)
    held_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=300)
    participants = forms.CharField(label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    agreements = forms.CharField(
        label=_("Agreements"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities_for_user(user).order_by("name")
        for index in range(1, self.FOLLOW_UP_ROWS + 1):
            self.fields[f"follow_up_{index}"] = forms.CharField(
                label=_("Follow-up %(n)s") % {"n": index}, required=False, max_length=500
            )
            self.fields[f"owner_{index}"] = forms.CharField(
                label=_("Owner of follow-up %(n)s") % {"n": index}, required=False, max_length=200
            )
            self.fields[f"due_{index}"] = forms.DateField(
                label=_("Due date of follow-up %(n)s") % {"n": index},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def clean(self) -> dict:
        cleaned = super().clean()
        for index in range(1, self.FOLLOW_UP_ROWS + 1):
            if (cleaned.get(f"follow_up_{index}") or "").strip():
                if not (cleaned.get(f"owner_{index}") or "").strip():
                    self.add_error(f"owner_{index}", _("Name who does it."))
                if not cleaned.get(f"due_{index}"):
                    self.add_error(f"due_{index}", _("Give the due date."))
        return cleaned

    def follow_ups(self) -> list[tuple[str, str, Any]]:
        return [
            (self.cleaned_data[f"follow_up_{i}"], self.cleaned_data[f"owner_{i}"], self.cleaned_data[f"due_{i}"])
            for i in range(1, self.FOLLOW_UP_ROWS + 1)
            if (self.cleaned_data.get(f"follow_up_{i}") or "").strip()
        ]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."))

    def clean_file(self):
        """Refuse an oversized upload by its declared size, before anyone reads it into memory."""
        upload = self.cleaned_data["file"]
        if upload.size > settings.WEGWEISER_DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        return upload


class ProgrammeForm(forms.Form):
    """A year's programme: budget, funding rate, eligible costs, deadlines and the allocation rule (a base amount
    per municipality, indicator weights, floor and cap)."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    budget = forms.DecimalField(label=_("Budget (EUR)"), **CENTS)
    funding_rate = forms.DecimalField(
        label=_("Funding rate (%)"), max_digits=5, decimal_places=2, min_value=Decimal("0"), max_value=Decimal("100"),
        initial=Decimal("100"),
    )  # fmt: skip
    eligible_categories = forms.MultipleChoiceField(
        label=_("Eligible cost categories"), choices=CostCategory.choices, widget=forms.CheckboxSelectMultiple,
        initial=list(CostCategory.values),
    )  # fmt: skip
    application_deadline = forms.DateField(
        label=_("Application deadline"), widget=forms.DateInput(attrs={"type": "date"})
    )
    interim_report_due = forms.DateField(
        label=_("Interim report due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    final_report_due = forms.DateField(
        label=_("Final report due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    base_amount = forms.DecimalField(label=_("Base amount per municipality (EUR)"), initial=Decimal("0"), **CENTS)
    floor = forms.DecimalField(label=_("Floor per municipality (EUR)"), required=False, **CENTS)
    cap = forms.DecimalField(label=_("Cap per municipality (EUR)"), required=False, **CENTS)

    def __init__(self, *args: Any, existing_years: set[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.existing_years = existing_years
        for key, label in Indicator.choices:
            self.fields[f"weight_{key}"] = forms.DecimalField(
                label=_("Weight: %(indicator)s") % {"indicator": label}, required=False, max_digits=8,
                decimal_places=3, min_value=Decimal("0"), initial=Decimal("1") if key == Indicator.POPULATION else None,
            )  # fmt: skip

    def weight_fields(self):
        return [self[f"weight_{key}"] for key in Indicator.values]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year in self.existing_years:
            raise forms.ValidationError(_("A programme for %(year)s exists already.") % {"year": year})
        return year

    def clean(self):
        data = super().clean()
        floor, cap = data.get("floor"), data.get("cap")
        if floor is not None and cap is not None and floor > cap:
            self.add_error("cap", _("The cap must not be below the floor."))
        weights = {key: data.get(f"weight_{key}") for key in Indicator.values}
        data["weights"] = {key: weight for key, weight in weights.items() if weight}
        if not data["weights"] and not data.get("base_amount"):
            self.add_error(None, _("Give a base amount or at least one indicator weight, or nothing can be allocated."))
        return data
