from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.audit.models import AuditAction
from wegweiser.audit.templatetags.audit_display import audit_record_type


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("User"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("all"))] + AuditAction.choices)
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    person = forms.IntegerField(
        label=_("Person (record number)"),
        required=False,
        min_value=1,
        help_text=_("Also finds the entries on the person's cases, appointments, referrals, courses and documents."),
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labelled = sorted((audit_record_type(t), t) for t in object_types)
        self.fields["object_type"].choices = [("", _("all"))] + [(t, label) for label, t in labelled]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date lies before the start date."))
        return data
