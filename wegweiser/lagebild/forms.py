from django import forms
from django.utils.translation import gettext_lazy as _

# A whole GENESIS flat file for every Kreis of Germany (12531-0043) is about 34 MB.
MAX_STATISTICS_BYTES = 60 * 1024 * 1024
EXTENSIONS = (".csv", ".txt", ".zip", ".xlsx")


class StatisticsUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Statistics file"),
        help_text=_(
            "A table from GENESIS-Online, the Regionalstatistik or the Land's statistical office (“Tabelle als "
            "CSV”, or the flat CSV, also zipped), or the template for the district's own figures (CSV or XLSX); "
            "at most 60 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_STATISTICS_BYTES:
            raise forms.ValidationError(_("The file is larger than 60 MB."))
        if not upload.name.lower().endswith(EXTENSIONS):
            raise forms.ValidationError(_("Upload a CSV, ZIP or XLSX file."))
        return upload
