from django import forms
from django.utils.translation import gettext_lazy as _

MAX_REGISTER_BYTES = 5 * 1024 * 1024


class RegisterUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register extract (CSV)"),
        help_text=_("The GV-ISys extract of the municipality register for your district, as CSV, at most 5 MB."),
    )
    population_date = forms.DateField(
        label=_("Reference date of the population figures"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("As stated by the source, for example 31.12.2019."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_REGISTER_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(_("Upload a CSV file (.csv or .txt)."))
        return upload
