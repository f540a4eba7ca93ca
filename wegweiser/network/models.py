from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wegweiser.territory.remit import RemitQuerySet


class OrganisationKind(models.TextChoices):
    MUNICIPAL_OFFICE = "municipal_office", _("Municipal office")
    PUBLIC_AGENCY = "public_agency", _("Public agency")
    IMMIGRATION_OFFICE = "immigration_office", _("Immigration office")
    JOBCENTER = "jobcenter", _("Jobcenter / employment agency")
    WELFARE = "welfare", _("Welfare association")
    COURSE_PROVIDER = "course_provider", _("Course provider")
    COUNSELLING = "counselling", _("Counselling service")
    CLUB = "club", _("Club or association")
    MIGRANT_ORGANISATION = "migrant_organisation", _("Migrant organisation")
    RELIGIOUS_COMMUNITY = "religious_community", _("Religious community")
    SCHOOL = "school", _("School")
    KITA = "kita", _("Kita")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """A partner in the network: the one directory that casework referrals, language offers, LokIn and the portal
    read (no second list of partners anywhere).

    The row holds the entry as the district approved it: a change to a public field by the organisation's own
    account waits as an `OrganisationRevision` until the district reviews it.
    """

    DECISION = True  # which partners the district works with: audited (audit/registry.py)

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_public = models.BooleanField(
        _("shown on the portal"),
        default=False,
        db_default=False,
        help_text=_("The entry appears in the public directory."),
    )
    # db_default on the columns added to an existing table: rows written by older code (a migration test's
    # historical model, a server not yet restarted after the migration) still insert.
    address = models.CharField(_("address"), max_length=300, blank=True, db_default="")
    website = models.URLField(_("website"), blank=True, db_default="")
    services = models.TextField(
        _("services"), blank=True, db_default="", help_text=_("What the organisation offers newcomers.")
    )
    opening_hours = models.TextField(_("opening hours"), blank=True, db_default="")
    by_appointment_only = models.BooleanField(_("by appointment only"), default=False, db_default=False)
    step_free = models.BooleanField(_("step-free access"), default=False, db_default=False)
    accessibility = models.TextField(
        _("accessibility"),
        blank=True,
        db_default="",
        help_text=_("For example an accessible toilet, a hearing loop, sign language."),
    )
    municipalities_served = models.ManyToManyField(
        "territory.Municipality",
        verbose_name=_("municipalities served"),
        blank=True,
        related_name="organisations_serving",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def language_codes(self) -> list[str]:
        return [row.code for row in self.languages.all()]


class OrganisationLanguage(models.Model):
    """A language the organisation can serve people in (a code of `core.codes`)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=8)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="network_org_language_once")]

    def __str__(self) -> str:
        return self.code


class OrganisationContact(models.Model):
    """A named contact person of an organisation, for staff who refer people there (not shown on the portal)."""

    PERSONAL_DATA = True  # a staff member of a partner organisation: name, phone, email

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class RevisionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class OrganisationRevision(models.Model):
    """A change to an organisation's public entry proposed by its own account, held until the district decides.

    `proposed` maps public field names (`services.PUBLIC_FIELDS`) to the proposed values as plain data
    (language codes, municipality ids); `previous` holds the entry's values when the change was proposed.
    """

    DECISION = True  # whether a partner's self-description goes public: the district answers for it

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="revisions")
    proposed = models.JSONField(_("proposed values"), default=dict)
    previous = models.JSONField(_("values before"), default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=RevisionStatus.choices, default=RevisionStatus.PENDING
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposed by")
    )
    submitted_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(status="pending"),
                name="network_one_pending_revision",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_status_display()})"


# --- Volunteers (personal data) -----------------------------------------------------------------------------


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class VolunteerRoleKind(models.TextChoices):
    DEUTSCHTREFF_HOST = "deutschtreff_host", _("Deutschtreff host")
    MENTOR = "mentor", _("Mentor / Integrationslotse")
    INTERPRETER = "interpreter", _("Interpreter for appointments")
    HOMEWORK_HELP = "homework_help", _("Homework help")
    ACCOMPANYING = "accompanying", _("Accompanying to offices")


# Roles in which the volunteer is alone with children: they need a current extended police certificate
# (erweitertes Führungszeugnis, § 72a SGB VIII).
ROLES_WITH_CHILDREN = frozenset({VolunteerRoleKind.HOMEWORK_HELP, VolunteerRoleKind.MENTOR})


class Volunteer(models.Model):
    """A volunteer of the network: who they are, what they can do, where and when."""

    PERSONAL_DATA = True
    REMIT_FIELD = "municipality"

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        blank=True,
        db_default="",
        help_text=_("The language of mails to the volunteer; German if empty."),
    )
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("lives in"),
        on_delete=models.PROTECT,
        related_name="volunteers",
    )
    municipalities = models.ManyToManyField(
        "territory.Municipality",
        verbose_name=_("helps in"),
        blank=True,
        related_name="volunteers_helping",
    )
    travel_km = models.PositiveSmallIntegerField(_("travels up to (km)"), default=10)
    skills = models.TextField(_("skills"), blank=True)
    consent_to_contact = models.BooleanField(
        _("consents to be contacted"),
        default=False,
        help_text=_("The volunteer agreed that the network may contact them with requests."),
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="volunteers",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def language_codes(self) -> list[str]:
        return [row.code for row in self.languages.all()]


class VolunteerLanguage(models.Model):
    PERSONAL_DATA = True

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=8)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["volunteer", "code"], name="network_volunteer_language_once")]

    def __str__(self) -> str:
        return self.code


class Availability(models.Model):
    """A weekly time slot in which the volunteer can help."""

    PERSONAL_DATA = True

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts_at = models.TimeField(_("from"))
    ends_at = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "starts_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="network_slot_ends_late")
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}-{self.ends_at:%H:%M}"


class VolunteerRole(models.Model):
    """A role the volunteer takes on; roles with children need `police_certificate_on` within its validity."""

    PERSONAL_DATA = True

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("role"), max_length=30, choices=VolunteerRoleKind.choices)
    police_certificate_on = models.DateField(
        _("extended police certificate issued on"),
        null=True,
        blank=True,
        help_text=_("Needed for roles with children."),
    )
    reminded_for = models.DateField(
        _("reminder sent for the certificate running out on"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["volunteer", "kind"], name="network_volunteer_role_once")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def needs_certificate(self) -> bool:
        return self.kind in ROLES_WITH_CHILDREN


class HoursLog(models.Model):
    """Time a volunteer gave, logged by themselves (through the coordinator) or by the coordinator."""

    PERSONAL_DATA = True

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="hours")
    role = models.CharField(_("role"), max_length=30, choices=VolunteerRoleKind.choices)
    day = models.DateField(_("day"))
    minutes = models.PositiveIntegerField(_("minutes"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("logged by")
    )

    class Meta:
        ordering = ["-day", "-pk"]
        constraints = [models.CheckConstraint(condition=models.Q(minutes__gt=0), name="network_hours_positive")]

    def __str__(self) -> str:
        return f"{self.day}: {self.minutes} min"


# --- Needs and matches --------------------------------------------------------------------------------------


class NeedStatus(models.TextChoices):
    OPEN = "open", _("open")
    PROPOSED = "proposed", _("volunteer asked")
    MATCHED = "matched", _("matched")
    # A context of its own: the catalogues merge, and "closed" is "abgeschlossen" for cases and courses.
    CLOSED = "closed", pgettext_lazy("volunteer need", "closed")


class VolunteerNeed(models.Model):
    """A need for a volunteer, stored so the coordinator can follow it: a newcomer who needs a mentor or an
    interpreter, a Deutschtreff short of hosts on its weekday.

    Tied optionally to a person of the Migrationszentrum (`person`: the need then takes part in the person's
    merge, erasure and export, `network/lifecycle.py`) or to a Deutschtreff (`offer_id`, read through
    `language.public`, so the network holds no link into Deutsch lernen's tables)."""

    PERSONAL_DATA = True  # may name a person of the Migrationszentrum; the note may say more about them
    REMIT_FIELD = "municipality"

    role = models.CharField(_("role"), max_length=30, choices=VolunteerRoleKind.choices)
    language = models.CharField(_("language"), max_length=8)
    municipality = models.ForeignKey(
        "territory.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    starts_at = models.TimeField(_("from"), null=True, blank=True)
    ends_at = models.TimeField(_("until"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    person = models.ForeignKey(
        "casework.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,  # an erasure deletes the need through network/lifecycle.py, audited
        null=True,
        blank=True,
        related_name="+",
    )
    offer_id = models.PositiveIntegerField(_("Deutschtreff"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_at__isnull=True)
                | models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="network_need_slot_ends_late",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.language})"


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("waiting for the volunteer")
    # The volunteer's answer has words of its own ("zugesagt", "abgesagt"); without a context they would replace
    # casework's and language's "accepted" and "withdrawn" everywhere (the catalogues merge by message).
    ACCEPTED = "accepted", pgettext_lazy("volunteer answer", "accepted")
    DECLINED = "declined", pgettext_lazy("volunteer answer", "declined")
    WITHDRAWN = "withdrawn", pgettext_lazy("volunteer answer", "withdrawn")
    EXPIRED = "expired", _("link expired")


class VolunteerMatch(models.Model):
    """The coordinator asked a volunteer to take a need; the volunteer answers once, by a signed link."""

    PERSONAL_DATA = True
    REMIT_FIELD = "need__municipality"

    need = models.ForeignKey(VolunteerNeed, on_delete=models.PROTECT, related_name="matches")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="matches")
    status = models.CharField(_("status"), max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("volunteer asked")
        verbose_name_plural = _("volunteers asked")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "volunteer"],
                condition=models.Q(status="proposed"),
                name="network_match_one_open_question",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} → {self.need} ({self.get_status_display()})"
