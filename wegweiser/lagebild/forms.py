from django import forms
from django.utils.translation import gettext_lazy as _

from wegweiser.lagebild.planning import COURSE_WEEKS, PARTICIPATION_RATE

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


class ForecastScenarioForm(forms.Form):
    """The planner's assumptions for the Kita and course-seat forecast; rates as decimals (0.5 = 50 %)."""

    SCENARIOS = [
        ("baseline", _("Baseline: no arrivals beyond the migration factor")),
        ("wave_2022", _("A wave like 2022")),
        ("custom", _("A named scenario of my own")),
    ]

    u3_care_rate = forms.DecimalField(
        label=_("Care rate U3"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        initial="0.50",
        help_text=_("Share of children under three who need a place, for example 0.5 for 50 %."),
    )
    ue3_care_rate = forms.DecimalField(
        label=_("Care rate Ü3"), min_value=0, max_value=1, decimal_places=3, initial="0.98"
    )
    buffer = forms.DecimalField(
        label=_("Buffer"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        initial="0.05",
        help_text=_("Places held in reserve on top of the need, for example 0.05 for 5 %."),
    )
    births_years = forms.IntegerField(label=_("Births: mean of the last years"), min_value=1, max_value=10, initial=3)
    births_entered = forms.IntegerField(
        label=_("Births per year (entered)"),
        min_value=0,
        max_value=100000,
        required=False,
        help_text=_("Leave empty to use the mean of the last years."),
    )
    migration_rate = forms.DecimalField(
        label=_("Migration factor"),
        min_value=-1,
        max_value=1,
        decimal_places=3,
        initial="0",
        help_text=_("Net migration per year as a share of each cohort of children, for example 0.01 for 1 %."),
    )
    scenario = forms.ChoiceField(label=_("Arrival scenario"), choices=SCENARIOS, initial="baseline")
    scenario_name = forms.CharField(label=_("Name of my scenario"), max_length=100, required=False)
    scenario_arrivals = forms.IntegerField(
        label=_("Arrivals per year (my scenario) or in total (wave)"), min_value=0, max_value=1000000, required=False
    )
    participation_rate = forms.DecimalField(
        label=_("Share of adult arrivals starting a German course"),
        min_value=0,
        max_value=1,
        decimal_places=3,
        initial=str(PARTICIPATION_RATE),
        help_text=_("The participation rate, for example 0.6."),
        error_messages={
            "required": _("Enter the participation rate, for example 0.6."),
            "invalid": _("Enter the participation rate as a number, for example 0.6."),
            "min_value": _("The participation rate lies between 0 and 1, for example 0.6."),
            "max_value": _("The participation rate lies between 0 and 1, for example 0.6."),
            "max_decimal_places": _("Give the participation rate with at most 3 decimal places."),
        },
    )
    course_weeks = forms.IntegerField(
        label=_("Course length (weeks)"),
        min_value=1,
        max_value=104,
        initial=COURSE_WEEKS,
        help_text=_("How long one course level runs, full time 26 weeks."),
        error_messages={
            "required": _("Enter the length of a course in weeks, for example 26."),
            "invalid": _("Enter the course length as a whole number of weeks, for example 26."),
            "min_value": _("A course lasts at least 1 week."),
            "max_value": _("A course lasts at most 104 weeks (two years)."),
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("scenario") == "custom" and not (data.get("scenario_name") or "").strip():
            self.add_error("scenario_name", _("A scenario of your own needs a name."))
        if data.get("scenario") in ("custom", "wave_2022") and data.get("scenario_arrivals") is None:
            self.add_error("scenario_arrivals", _("Enter the number of arrivals for this scenario."))
        return data


def scenario_form(query) -> ForecastScenarioForm:
    """The scenario as the forecast page's query gives it; the defaults when the query sets none."""
    bound = any(name in query for name in ForecastScenarioForm.base_fields)
    data = query if bound else {name: field.initial for name, field in ForecastScenarioForm.base_fields.items()}
    return ForecastScenarioForm(data)
