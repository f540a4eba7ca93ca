from datetime import date

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegweiser.accounts.models import User
from wegweiser.accounts.roles import Role
from wegweiser.accounts.selectors import staff_covering
from wegweiser.casework.models import (
    AppointmentKind,
    AppointmentStatus,
    CaseStatus,
    Consent,
    ConsentPurpose,
    DocumentKind,
    Goal,
    GoalStatus,
    NeedArea,
    OfferKind,
    Person,
    Qualification,
    ReferralStatus,
    Relation,
    ShortageOccupation,
    Urgency,
    WorkExperience,
)
from wegweiser.casework.selectors import languages_needed
from wegweiser.casework.services import PERSON_FIELDS, PERSON_PROFILE_FIELDS
from wegweiser.core.codes import CefrLevel, PhoneError, country_choices, language_choices, normalise_phone
from wegweiser.core.partial_dates import PartialDateFormField
from wegweiser.core.validators import DateWithin
from wegweiser.network.models import Organisation
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import remit_for_user
from wegweiser.territory.selectors import municipalities_for_user

# What a person's dates may be: nobody on the record arrived or was born before 1900 or after today, and a
# residence permit is granted at most a few years ahead and runs for decades at most.
ARRIVAL_DATE = DateWithin(1900)
RESIDENCE_FROM = DateWithin(1900, years_ahead=5)
RESIDENCE_UNTIL = DateWithin(1900, years_ahead=100)

# Language rows on the person form: one to start with, more on request ("add another language").
MAX_LANGUAGE_ROWS = 12
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


NONE_CHOSEN = _("– none –")


def _blank(choices, label=NONE_CHOSEN):
    return [("", label), *choices]


DJANGO_BLANK = "---------"


def _one_blank_label(form: forms.BaseForm) -> None:
    """Every empty choice reads "– none –": Django's own "---------" beside ours looked like two meanings."""
    for field in form.fields.values():
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_BLANK:
                field.empty_label = NONE_CHOSEN
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if choices and choices[0][0] == "" and choices[0][1] == DJANGO_BLANK:
                field.choices = [("", NONE_CHOSEN), *choices[1:]]


class OneBlankLabel:
    """Forms whose empty choices all read "– none –"; applied when a field is first rendered, after
    `__init__` has set every queryset and choice list."""

    def __getitem__(self, name):
        if not getattr(self, "_blank_labels_unified", False):
            self._blank_labels_unified = True
            _one_blank_label(self)
        return super().__getitem__(name)


def staff_for_cases(person=None):
    """Accounts that can hold cases, appointments and tasks; for a person, only those whose remit covers them
    (the service refuses anyone else, `territory.remit.assignee_require`)."""
    staff = User.objects.filter(role__in=[Role.CASEWORKER, Role.MUNICIPAL_MANAGER], is_active=True)
    if person is not None:
        staff = staff_covering(staff, person.municipality)
    return staff.order_by("last_name", "first_name", "username")


class StaffChoiceField(forms.ModelChoiceField):
    """A staff member by name, as colleagues know them; the username only for an account without one."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class PersonSearchForm(OneBlankLabel, forms.Form):
    q = forms.CharField(label=_("Name (any spelling or script)"), required=False, max_length=200)
    birth = forms.CharField(
        label=_("Date of birth"), required=False, max_length=10, help_text=_("1985, 03.1985 or 12.03.1985")
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)


class PersonForm(OneBlankLabel, forms.ModelForm):
    """The person's record; nationalities and languages (with level) as plain selects."""

    nationalities = forms.MultipleChoiceField(
        label=_("Nationalities"), required=False, help_text=_("Hold Ctrl to choose several.")
    )
    preferred_language = forms.ChoiceField(label=_("Preferred language"), required=False)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    birth_date = PartialDateFormField(label=_("Date of birth"), required=False)

    class Meta:
        model = Person
        # Languages come as rows with their level (below); the profile page edits the rest.
        fields = [name for name in PERSON_FIELDS if name not in ("languages", *PERSON_PROFILE_FIELDS)]
        widgets = {
            "residence_valid_from": DATE_INPUT,
            "residence_valid_until": DATE_INPUT,
            "arrival_date": DATE_INPUT,
        }

    language_rows = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, language_rows: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nationalities"].choices = country_choices()
        for name, bounds in (
            ("arrival_date", ARRIVAL_DATE),
            ("residence_valid_from", RESIDENCE_FROM),
            ("residence_valid_until", RESIDENCE_UNTIL),
        ):
            self.fields[name].validators.append(bounds)
        languages = language_choices()
        self.fields["preferred_language"].choices = _blank(languages)
        municipalities = Municipality.objects.local() if user is None else municipalities_for_user(user)
        if user is not None and not remit_for_user(user).district_wide:
            self.fields["municipality"].required = True
        self.fields["municipality"].queryset = municipalities.order_by("name")
        known = list(self.instance.languages) if self.instance.pk else []
        if language_rows is None:
            posted = str(self.data.get("language_rows", "")) if self.is_bound else ""
            language_rows = int(posted) if posted.isdigit() else len(known)
        self.language_row_count = min(max(language_rows, len(known), 1), MAX_LANGUAGE_ROWS)
        self.initial["language_rows"] = self.language_row_count
        for index in range(self.language_row_count):
            entry = known[index] if index < len(known) else {}
            self.fields[f"language_{index}"] = forms.ChoiceField(
                label=_("Language %(number)s") % {"number": index + 1},
                choices=_blank(languages),
                required=False,
                initial=entry.get("code", ""),
            )
            self.fields[f"level_{index}"] = forms.ChoiceField(
                label=_("Level of language %(number)s") % {"number": index + 1},
                choices=_blank(CefrLevel.choices),
                required=False,
                initial=entry.get("level", ""),
            )
        if self.instance.pk and self.instance.phone:
            self.initial["phone"] = self.instance.phone

    def clean_birth_date(self):
        birth = self.cleaned_data.get("birth_date")
        if birth is not None and birth.earliest() > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot lie in the future."), code="future")
        return birth

    def clean_phone(self):
        try:
            return normalise_phone(self.cleaned_data.get("phone", ""))
        except PhoneError as error:
            raise forms.ValidationError(
                _("This phone number cannot be read; write it as 0541 123456 or +380 ...")
            ) from error

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("given_names") and not cleaned.get("family_names"):
            raise forms.ValidationError(_("Enter at least one name."))
        languages = []
        for index in range(self.language_row_count):
            code, level = cleaned.get(f"language_{index}"), cleaned.get(f"level_{index}")
            if code and not level:
                self.add_error(f"level_{index}", _("Choose the level for this language."))
            elif code and code not in {entry["code"] for entry in languages}:
                languages.append({"code": code, "level": level})
        cleaned["languages"] = languages
        valid_from, valid_until = cleaned.get("residence_valid_from"), cleaned.get("residence_valid_until")
        if valid_from and valid_until and valid_until < valid_from:
            self.add_error("residence_valid_until", _("The residence status cannot end before it begins."))
        return cleaned

    def fieldsets(self):
        """The fields in groups, for the page: (legend, bound fields, whether another language may be added)."""
        rows = range(self.language_row_count)
        languages = ["preferred_language"] + [f"{kind}_{i}" for i in rows for kind in ("language", "level")]
        may_add = self.language_row_count < MAX_LANGUAGE_ROWS
        groups = [
            (_("Names"), ["given_names", "family_names", "given_names_original", "family_names_original"], False),
            (_("Person"), ["birth_date", "sex", "nationalities", "arrival_date"], False),
            (_("Languages"), languages, may_add),
            (_("Contact and address"), ["phone", "email", "street", "postcode", "town", "municipality"], False),
            (_("Residence status"), ["residence_status", "residence_valid_from", "residence_valid_until"], False),
        ]
        return [(legend, [self[name] for name in names], adds) for legend, names, adds in groups]

    @classmethod
    def with_another_language(cls, data, **kwargs):
        """The form as filled in so far, not yet checked (no errors shown), with one more language row."""
        sent = cls(data, **kwargs)
        initial = {name: sent[name].value() for name in sent.fields}
        return cls(initial=initial, language_rows=sent.language_row_count + 1, **kwargs)

    def person_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        data["languages"] = self.cleaned_data["languages"]
        for name in ("residence_valid_from", "residence_valid_until", "arrival_date"):
            data[name] = data[name] or None
        for name, value in list(data.items()):
            if value is None and name not in {
                "birth_date",
                "municipality",
                "residence_valid_from",
                "residence_valid_until",
                "arrival_date",
            }:
                data[name] = ""
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProfileForm(OneBlankLabel, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Person
        fields = list(PERSON_PROFILE_FIELDS)
        widgets = {"skills": forms.Textarea(attrs={"rows": 3}), "wishes": forms.Textarea(attrs={"rows": 3})}


class QualificationForm(OneBlankLabel, forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"), required=False)

    class Meta:
        model = Qualification
        fields = ["kind", "title", "field", "country", "year", "recognition_status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(country_choices())

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year and not 1940 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("Enter a year between 1940 and this year."))
        return year


class WorkExperienceForm(OneBlankLabel, forms.ModelForm):
    country = forms.ChoiceField(label=_("Country"), required=False)

    class Meta:
        model = WorkExperience
        fields = ["occupation", "years", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _blank(country_choices())


class FamilyLinkForm(OneBlankLabel, forms.Form):
    relative = forms.IntegerField(
        label=_("Record number of the relative"), help_text=_("Shown as # on the relative's page."), min_value=1
    )
    relation = forms.ChoiceField(label=_("The relative is the person's"), choices=Relation.choices)
    same_household = forms.BooleanField(label=_("They live in one household"), required=False)


class MergeForm(OneBlankLabel, forms.Form):
    duplicate = forms.TypedChoiceField(label=_("Record to merge into this one"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duplicate"].choices = [(m.person.pk, f"#{m.person.pk}") for m in candidates]


class CaseOpenForm(OneBlankLabel, forms.Form):
    caseworker = StaffChoiceField(label=_("Caseworker"), queryset=User.objects.none())
    summary = forms.CharField(label=_("Situation"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = staff_for_cases(person)


class CaseEditForm(OneBlankLabel, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices)
    caseworker = StaffChoiceField(label=_("Caseworker"), queryset=User.objects.none(), required=False)
    summary = forms.CharField(label=_("Situation"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = staff_for_cases(person)


class NeedsForm(OneBlankLabel, forms.Form):
    """One urgency and a short description for each need area, made on one version of the case."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, needs=(), **kwargs):
        super().__init__(*args, **kwargs)
        existing = {need.area: need for need in needs}
        for area, label in NeedArea.choices:
            need = existing.get(area)
            self.fields[f"{area}_urgency"] = forms.ChoiceField(
                label=label, choices=Urgency.choices, initial=need.urgency if need else Urgency.NONE
            )
            self.fields[f"{area}_description"] = forms.CharField(
                label=_("%(area)s: what is needed") % {"area": label},
                required=False,
                max_length=500,
                initial=need.description if need else "",
            )

    def rows(self):
        for area, label in NeedArea.choices:
            yield label, self[f"{area}_urgency"], self[f"{area}_description"]

    def assessments(self) -> dict:
        return {
            area: (self.cleaned_data[f"{area}_urgency"], self.cleaned_data[f"{area}_description"].strip())
            for area in NeedArea.values
        }


class GoalForm(OneBlankLabel, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["area", "description", "target_date"]
        widgets = {"target_date": DATE_INPUT}


class GoalStatusForm(OneBlankLabel, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class TaskForm(OneBlankLabel, forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    owner = StaffChoiceField(label=_("Responsible"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE_INPUT)
    goal = forms.TypedChoiceField(label=_("Goal"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, goals=(), person=None, **kwargs):
        """`goals`: the case's goals (the case page passes the list it has read already)."""
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff_for_cases(person)
        self.goals = {goal.pk: goal for goal in goals}
        self.fields["goal"].choices = _blank((pk, str(goal)) for pk, goal in self.goals.items())

    def clean_goal(self):
        return self.goals.get(self.cleaned_data["goal"])


class NoteForm(OneBlankLabel, forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))
    confidential = forms.BooleanField(
        label=_("Confidential"),
        required=False,
        help_text=_("Only you and the Migrationszentrum's caseworkers can read a confidential note."),
    )


class DocumentForm(OneBlankLabel, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."))

    def clean_file(self):
        """Refuse an oversized upload by its declared size, before anyone reads it into memory."""
        upload = self.cleaned_data["file"]
        limit = settings.WEGWEISER_DOCUMENT_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)s MB.") % {"size": round(limit / (1024 * 1024), 1)}
            )
        return upload


class AppointmentForm(OneBlankLabel, forms.Form):
    caseworker = StaffChoiceField(label=_("Caseworker"), queryset=User.objects.none())
    location = forms.ModelChoiceField(label=_("Location"), queryset=None)
    day = forms.DateField(label=_("Day"), widget=DATE_INPUT)
    start = forms.TimeField(label=_("Start"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    minutes = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        choices=[(15, "15 min"), (30, "30 min"), (45, "45 min"), (60, "60 min"), (90, "90 min")],
        initial=30,
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AppointmentKind.choices, initial=AppointmentKind.BOOKED)
    topic = forms.CharField(label=_("Topic"), max_length=200, required=False)
    interpreter_language = forms.ChoiceField(
        label=_("Interpreter needed for"), required=False, help_text=_("Leave empty if no interpreter is needed.")
    )

    def __init__(self, *args, locations=None, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["caseworker"].queryset = staff_for_cases(person)
        self.fields["location"].queryset = locations
        self.fields["interpreter_language"].choices = _blank(
            language_choices(first=languages_needed()), _("no interpreter")
        )


class AppointmentStatusForm(OneBlankLabel, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AppointmentStatus.choices)


class DayForm(OneBlankLabel, forms.Form):
    # Bounded so that the previous and next day links stay dates (9999-12-31 + 1 day overflowed).
    day = forms.DateField(
        label=_("Day"),
        required=False,
        widget=DATE_INPUT,
        validators=[MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(2999, 12, 31))],
    )
    location = forms.ModelChoiceField(label=_("Location"), queryset=None, required=False, empty_label=_("all"))
    caseworker = StaffChoiceField(
        label=_("Caseworker"), queryset=User.objects.none(), required=False, empty_label=_("all")
    )

    def __init__(self, *args, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["caseworker"].queryset = staff_for_cases()


class ReferralForm(OneBlankLabel, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner organisation"), queryset=Organisation.objects.none())
    offer_kind = forms.ChoiceField(label=_("Offer"), choices=OfferKind.choices)
    message = forms.CharField(
        label=_("Message to the partner"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only what the partner needs for this offer."),
    )

    def __init__(self, *args, person, **kwargs):
        """Only the partners `person` has agreed to share with can be chosen."""
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(is_active=True)
            .filter(
                consents__person=person,
                consents__purpose=ConsentPurpose.SHARE_PARTNER,
                consents__withdrawn_at__isnull=True,
            )
            .distinct()
            .order_by("name")
        )


class ReferralAnswerForm(OneBlankLabel, forms.Form):
    # "sent" is what the Migrationszentrum did; a partner's answer accepts, completes or declines.
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in ReferralStatus.choices if value != ReferralStatus.SENT],
    )
    feedback = forms.CharField(label=_("Feedback"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ConsentRecordForm(OneBlankLabel, forms.ModelForm):
    language = forms.ChoiceField(label=_("Language of the explanation"))

    class Meta:
        model = Consent
        fields = ["purpose", "organisation", "given_on", "form", "language"]
        widgets = {"given_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices()
        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True).order_by("name")
        self.fields["given_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("purpose") == ConsentPurpose.SHARE_PARTNER:
            if not cleaned.get("organisation"):
                self.add_error("organisation", _("Name the partner organisation the person agrees to share with."))
        else:
            cleaned["organisation"] = None  # only sharing names a partner
        given_on = cleaned.get("given_on")
        if given_on and given_on > timezone.localdate():
            self.add_error("given_on", _("A consent cannot be given in the future."))
        return cleaned


class ShortageOccupationForm(OneBlankLabel, forms.ModelForm):
    class Meta:
        model = ShortageOccupation
        fields = ["title", "kldb_code", "keywords", "recognition_required", "is_active"]

    def clean_kldb_code(self):
        code = self.cleaned_data.get("kldb_code", "").strip()
        if code and (not code.isdigit() or len(code) > 5):
            raise forms.ValidationError(_("A KldB code has up to five digits."))
        return code


class ErasureConfirmForm(OneBlankLabel, forms.Form):
    confirm = forms.BooleanField(
        label=_("I confirm that the person asked for deletion (or the retention period has run out)."), required=True
    )


class PersonExportPdfForm(forms.Form):
    """The language of the person's PDF export, named in that language so the person can point at it."""

    language = forms.ChoiceField(label=_("Language of the PDF"))

    def __init__(self, *args, person, **kwargs):
        from django.utils.translation import get_language_info

        from wegweiser.casework.export_pdf import EXPORT_LANGUAGES, export_language_for

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(code, get_language_info(code)["name_local"]) for code in EXPORT_LANGUAGES]
        self.fields["language"].initial = export_language_for(person)
        self.fields["language"].help_text = _("A German version for the file follows in the same PDF.")
