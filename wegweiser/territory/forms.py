from collections import Counter

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wegweiser.territory.models import MunicipalityKind

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


# Short words for the kind, as they follow a name in a list ("Neuenkirchen (Samtgemeinde)").
KIND_WORDS = {
    MunicipalityKind.STADT: pgettext_lazy("kind of municipality", "town"),
    MunicipalityKind.GEMEINDE: pgettext_lazy("kind of municipality", "municipality"),
    MunicipalityKind.SAMTGEMEINDE: pgettext_lazy("kind of municipality", "joint municipality"),
}


def municipality_labels(municipalities) -> dict[int, str]:
    """A label for each municipality that tells it apart from the others in the same list.

    The register names a Samtgemeinde and one of its members alike (Neuenkirchen twice, Bersenbrück and
    "Bersenbrück, Stadt"): each name is followed by its kind, and where name and kind still agree, by the key."""
    rows = list(municipalities)
    labels = {}
    for municipality in rows:
        labels[municipality.pk] = _("%(name)s (%(kind)s)") % {
            "name": municipality.name,
            "kind": KIND_WORDS.get(municipality.kind, municipality.get_kind_display()),
        }
    counts = Counter(labels.values())
    for municipality in rows:
        if counts[labels[municipality.pk]] > 1:
            labels[municipality.pk] = _("%(label)s, key %(key)s") % {
                "label": labels[municipality.pk],
                "key": municipality.ags or municipality.regional_key,
            }
    return labels


class MunicipalityMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Municipalities by name, kind and, where two would read alike, key (`municipality_labels`)."""

    def label_from_instance(self, obj):
        labels = getattr(self, "_labels", None)
        if labels is None or obj.pk not in labels:
            labels = self._labels = municipality_labels(self.queryset)
        return labels[obj.pk]
