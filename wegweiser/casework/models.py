"""The Migrationszentrum: persons, their potential, cases with plans, appointments, referrals and consent.

Every model that holds a newcomer's data says `PERSONAL_DATA = True`; only `services.py` writes them, each
write with an audit entry. Persons and cases carry a `version` for optimistic locking: a save names the
version it started from and is refused when someone else saved in between.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.core.partial_dates import PartialDateField
from wegweiser.territory.remit import RemitQuerySet


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    DIVERSE = "diverse", _("diverse")
    UNKNOWN = "unknown", _("not stated")


class ResidenceStatus(models.TextChoices):
    TEMPORARY_PROTECTION = "temporary_protection", _("Temporary protection (§ 24 AufenthG)")
    ASYLUM_PROCEDURE = "asylum_procedure", _("Asylum procedure (Aufenthaltsgestattung)")
    RECOGNISED_REFUGEE = "recognised_refugee", _("Recognised refugee")
    SUBSIDIARY_PROTECTION = "subsidiary_protection", _("Subsidiary protection")
    TOLERATION = "toleration", _("Toleration (Duldung)")
    EU_CITIZEN = "eu_citizen", _("EU citizen (freedom of movement)")
    SKILLED_WORKER = "skilled_worker", _("Skilled-worker visa")
    FAMILY_REUNION = "family_reunion", _("Family-reunion visa")
    NATURALISED = "naturalised", _("Naturalised")
    OTHER = "other", _("Other")


class Household(models.Model):
    """People who live together; only a grouping, the persons carry the data."""

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return f"#{self.pk}"


class PersonQuerySet(RemitQuerySet):
    def active(self) -> "PersonQuerySet":
        """Persons not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    """A newcomer known to the Migrationszentrum: one record per human being (duplicates are merged)."""

    PERSONAL_DATA = True

    given_names = models.CharField(_("given names"), max_length=200)
    family_names = models.CharField(_("family names"), max_length=200)
    given_names_original = models.CharField(
        _("given names in original script"), max_length=200, blank=True, help_text=_("For example Олександр or محمد.")
    )
    family_names_original = models.CharField(_("family names in original script"), max_length=200, blank=True)
    # The phonetic name key of all name parts (names.person_name_key); the search index is built on it.
    name_key = models.CharField(max_length=500, db_index=True, editable=False)
    # Indexed: searches narrow candidates to a range of birth years (the stored ISO prefixes sort as dates).
    birth_date = PartialDateField(_("date of birth"), db_index=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    nationalities = models.JSONField(_("nationalities"), default=list, blank=True, help_text=_("ISO 3166 codes"))
    # [{"code": ISO 639 code, "level": CefrLevel}]
    languages = models.JSONField(_("languages"), default=list, blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=3, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("email"), blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persons",
    )
    residence_status = models.CharField(
        _("residence status"), max_length=30, choices=ResidenceStatus.choices, blank=True
    )
    residence_valid_from = models.DateField(_("residence status valid from"), null=True, blank=True)
    residence_valid_until = models.DateField(_("residence status valid until"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival in Germany"), null=True, blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    # Potential profile: what the person brings with them.
    schooling = models.CharField(_("schooling"), max_length=200, blank=True)
    driving_licence = models.CharField(
        _("driving licence"), max_length=50, blank=True, help_text=_("Classes, for example B or B, C1.")
    )
    skills = models.TextField(_("skills"), blank=True)
    wishes = models.TextField(_("wishes and goals"), blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_records", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    REMIT_FIELD = "municipality"

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["family_names", "given_names", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(residence_valid_until__isnull=True)
                | models.Q(residence_valid_from__isnull=True)
                | models.Q(residence_valid_until__gte=models.F("residence_valid_from")),
                name="casework_person_residence_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_names}".strip()

    @property
    def original_name(self) -> str:
        return f"{self.given_names_original} {self.family_names_original}".strip()

    def language_level(self, code: str) -> str:
        for entry in self.languages:
            if entry.get("code") == code:
                return entry.get("level", "")
        return ""


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("spouse or partner")
    PARENT = "parent", _("parent")
    CHILD = "child", _("child")
    SIBLING = "sibling", _("sibling")
    OTHER = "other", _("other relative")


RELATION_INVERSE = {
    Relation.SPOUSE: Relation.SPOUSE,
    Relation.PARENT: Relation.CHILD,
    Relation.CHILD: Relation.PARENT,
    Relation.SIBLING: Relation.SIBLING,
    Relation.OTHER: Relation.OTHER,
}


class FamilyLink(models.Model):
    """`relative` is the `person`'s `relation` (kept in both directions by the service)."""

    PERSONAL_DATA = True

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="family_links")
    relative = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("family link")
        verbose_name_plural = _("family links")
        constraints = [
            models.UniqueConstraint(fields=["person", "relative"], name="casework_familylink_unique_pair"),
            models.CheckConstraint(
                condition=~models.Q(person=models.F("relative")), name="casework_familylink_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.relation} {self.relative_id}"


class QualificationKind(models.TextChoices):
    SCHOOL = "school", _("School leaving certificate")
    VOCATIONAL = "vocational", _("Vocational qualification")
    ACADEMIC = "academic", _("Academic degree")


class RecognitionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("not applied for")
    IN_PROGRESS = "in_progress", _("in progress")
    FULL = "full", _("fully recognised")
    PARTIAL = "partial", _("partly recognised (adaptation needed)")
    REFUSED = "refused", _("not recognised")
    NOT_REQUIRED = "not_required", _("no recognition needed")


class Qualification(models.Model):
    PERSONAL_DATA = True

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="qualifications")
    kind = models.CharField(_("kind"), max_length=20, choices=QualificationKind.choices)
    title = models.CharField(_("title"), max_length=200, help_text=_("For example Electrician or Bachelor of Nursing."))
    field = models.CharField(_("field"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    recognition_status = models.CharField(
        _("recognition in Germany"),
        max_length=20,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.NOT_STARTED,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")

    def __str__(self) -> str:
        return self.title

    @property
    def is_foreign(self) -> bool:
        return bool(self.country) and self.country != "DE"


class WorkExperience(models.Model):
    PERSONAL_DATA = True

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="work_experience")
    occupation = models.CharField(_("occupation"), max_length=200)
    years = models.DecimalField(_("years"), max_digits=4, decimal_places=1, null=True, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("work experience")
        verbose_name_plural = _("work experience")

    def __str__(self) -> str:
        return self.occupation


class ShortageOccupation(models.Model):
    """A regional shortage occupation (Engpassberuf) as the district keeps it; no personal data."""

    DECISION = True  # the list steers counselling: its changes are audited (audit/registry.py)

    title = models.CharField(_("occupation"), max_length=200, unique=True)
    kldb_code = models.CharField(
        _("KldB 2010 code"), max_length=5, blank=True, help_text=_("Classification of occupations, up to 5 digits.")
    )
    keywords = models.CharField(
        _("keywords"),
        max_length=500,
        blank=True,
        help_text=_("Other words for it, separated by commas, for example: nurse, Krankenpflege, caregiver."),
    )
    recognition_required = models.BooleanField(
        _("regulated profession"), default=False, help_text=_("Foreign qualifications need recognition to work in it.")
    )
    is_active = models.BooleanField(_("on the current list"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("shortage occupation")
        verbose_name_plural = _("shortage occupations")

    def __str__(self) -> str:
        return self.title

    def terms(self) -> list[str]:
        words = [self.title, *self.keywords.split(",")]
        return [word.strip().lower() for word in words if word.strip()]


class CaseStatus(models.TextChoices):
    OPEN = "open", _("open")
    ON_HOLD = "on_hold", _("on hold")
    CLOSED = "closed", _("closed")


class Case(models.Model):
    """The Migrationszentrum's work with one person: needs, plan, notes, documents."""

    PERSONAL_DATA = True
    REMIT_FIELD = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cases")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caseworker"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    summary = models.TextField(_("situation"), blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Set by the retention review when the case has been closed longer than the retention period.
    retention_flagged_on = models.DateField(_("flagged for deletion on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [
            models.Index(fields=["status", "closed_on"]),
            # A caseworker's home lists their open cases newest first, a page at a time: read in index order,
            # the page's rows are joined to their persons without sorting every open case first.
            models.Index(
                "caseworker",
                models.F("opened_on").desc(),
                models.F("id").desc(),
                condition=~models.Q(status="closed"),
                name="casework_case_open_by_worker",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk}"


class NeedArea(models.TextChoices):
    LANGUAGE = "language", _("Language")
    HOUSING = "housing", _("Housing")
    WORK = "work", _("Work and training")
    RECOGNITION = "recognition", _("Recognition of qualifications")
    CHILDREN = "children", _("Children: Kita and school")
    HEALTH = "health", _("Health")
    RESIDENCE = "residence", _("Residence law")
    BENEFITS = "benefits", _("Benefits")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")


class Urgency(models.TextChoices):
    NONE = "none", _("no need")
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")
    ACUTE = "acute", _("acute")


class Need(models.Model):
    PERSONAL_DATA = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs")
    area = models.CharField(_("area"), max_length=20, choices=NeedArea.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices)
    description = models.CharField(_("description"), max_length=500, blank=True)
    assessed_at = models.DateTimeField(auto_now=True)
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [models.UniqueConstraint(fields=["case", "area"], name="casework_need_one_per_area")]

    def __str__(self) -> str:
        return f"{self.area}: {self.urgency}"


class GoalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACHIEVED = "achieved", _("achieved")
    DROPPED = "dropped", _("dropped")


class Goal(models.Model):
    PERSONAL_DATA = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("area"), max_length=20, choices=NeedArea.choices)
    description = models.CharField(_("goal"), max_length=500)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.description


class CaseTask(models.Model):
    PERSONAL_DATA = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.SET_NULL, null=True, blank=True)
    title = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible"), on_delete=models.PROTECT, related_name="case_tasks"
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        indexes = [
            models.Index(fields=["owner", "done_at", "due_on"]),
            # The home page's "tasks due", in the order shown (see Case's index).
            models.Index(
                fields=["owner", "due_on", "id"],
                condition=models.Q(done_at__isnull=True),
                name="casework_task_open_by_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Note(models.Model):
    """A case note. A confidential note is read only by its author and roles with CONFIDENTIAL_NOTES_READ."""

    PERSONAL_DATA = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("note"))
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only you and the Migrationszentrum's caseworkers can read a confidential note."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"#{self.pk}"


class DocumentKind(models.TextChoices):
    IDENTITY = "identity", _("Identity document")
    RESIDENCE = "residence", _("Residence document")
    CERTIFICATE = "certificate", _("Certificate or diploma")
    APPLICATION = "application", _("Application or form")
    LETTER = "letter", _("Letter from an authority")
    OTHER = "other", _("Other")


class Document(models.Model):
    """An uploaded file, kept in the database so every app server reads the same (no shared disk)."""

    PERSONAL_DATA = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.filename


class Location(models.Model):
    """A place where the Migrationszentrum receives people (main office, consultation hours in a town hall)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    municipality = models.ForeignKey(
        "territory.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name


class AppointmentKind(models.TextChoices):
    BOOKED = "booked", _("booked")
    WALK_IN = "walk_in", _("walk-in")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ATTENDED = "attended", _("attended")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


class Appointment(models.Model):
    PERSONAL_DATA = True
    REMIT_FIELD = "person__municipality"

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="appointments")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointments")
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("caseworker"), on_delete=models.PROTECT, related_name="appointments"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AppointmentKind.choices, default=AppointmentKind.BOOKED)
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    interpreter_language = models.CharField(
        _("interpreter needed for"), max_length=3, blank=True, help_text=_("Leave empty if no interpreter is needed.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AppointmentStatus.choices, default=AppointmentStatus.PLANNED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [
            models.Index(fields=["caseworker", "starts_at"]),
            models.Index(fields=["location", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="casework_appointment_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M} #{self.pk}"


class OfferKind(models.TextChoices):
    LANGUAGE = "language", _("Language offer")
    KITA = "kita", _("Kita")
    JOBCENTER = "jobcenter", _("Jobcenter")
    RECOGNITION = "recognition", _("Recognition counselling")
    YOUTH_MIGRATION = "youth_migration", _("Youth migration service (JMD)")
    ADULT_MIGRATION = "adult_migration", _("Migration counselling for adults (MBE)")
    OTHER = "other", _("Other offer")


class ReferralStatus(models.TextChoices):
    SENT = "sent", _("sent")
    ACCEPTED = "accepted", _("accepted")
    DONE = "done", _("done")
    DECLINED = "declined", _("declined")


class Referral(models.Model):
    """A person referred to a partner organisation; the partner sees it only while the sharing consent holds."""

    PERSONAL_DATA = True
    REMIT_FIELD = "person__municipality"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals")
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    offer_kind = models.CharField(_("offer"), max_length=20, choices=OfferKind.choices)
    message = models.TextField(
        _("message to the partner"), blank=True, help_text=_("Only what the partner needs for this offer.")
    )
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    feedback = models.TextField(_("feedback from the partner"), blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"#{self.pk} {self.offer_kind}"


class ConsentPurpose(models.TextChoices):
    CASE_WORK = "case_work", _("Case work in the Migrationszentrum")
    SHARE_PARTNER = "share_partner", _("Sharing with a named partner organisation")
    CONTACT_SMS = "contact_sms", _("Contact by SMS")
    CONTACT_EMAIL = "contact_email", _("Contact by email")


class ConsentForm(models.TextChoices):
    WRITTEN = "written", _("written (signed)")
    ORAL = "oral", _("oral (recorded by staff)")
    ELECTRONIC = "electronic", _("electronic")


class Consent(models.Model):
    PERSONAL_DATA = True

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        help_text=_("Only for sharing: the partner the person agreed to share with."),
    )
    given_on = models.DateField(_("given on"))
    form = models.CharField(_("form"), max_length=20, choices=ConsentForm.choices)
    language = models.CharField(_("language of the explanation"), max_length=3)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(purpose="share_partner", organisation__isnull=False)
                | (~models.Q(purpose="share_partner") & models.Q(organisation__isnull=True)),
                name="casework_consent_partner_only_for_sharing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class ExportFile(models.Model):
    """A readable export (PDF) of everything held on a person, made by a background job for one user.

    Kept in the database like documents; deleted with the person, or a day after it was made (worker
    housekeeping, `services.export_files_expire`).
    """

    PERSONAL_DATA = True

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="export_files")
    job = models.OneToOneField("jobs.Job", on_delete=models.CASCADE, related_name="casework_export")
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"#{self.pk}"


class AppointmentRequestTopic(models.TextChoices):
    RESIDENCE = "residence", _("Residence and papers")
    LANGUAGE = "language", _("German courses")
    WORK = "work", _("Work and recognition of qualifications")
    SCHOOL_KITA = "school_kita", _("School and Kita")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    OTHER = "other", _("Something else")


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("by phone")
    EMAIL = "email", _("by e-mail")


class AppointmentRequestStatus(models.TextChoices):
    OPEN = "open", _("open")
    BOOKED = "booked", _("appointment booked")
    CLOSED = "closed", _("closed without appointment")
    EXPIRED = "expired", _("expired unanswered")


class AppointmentRequest(models.Model):
    """A visitor's request for an appointment at the Migrationszentrum, sent from the public portal.

    It is about someone who may not (yet) have a person record, so it points at no `Person`: the caseworker who
    calls back books the appointment on the person's page and then closes the request, and closing it blanks the
    contact details (name, phone, e-mail), which were given for that call only. Open requests are shown on the
    appointments page until someone closes them. `reference` is what the visitor was told.
    """

    PERSONAL_DATA = True
    REMIT_FIELD = "municipality"

    reference = models.CharField(_("reference number"), max_length=12, unique=True, editable=False)
    topic = models.CharField(_("topic"), max_length=20, choices=AppointmentRequestTopic.choices)
    preferred_days = models.JSONField(_("preferred days"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=8)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointment_requests",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    contact_method = models.CharField(_("contact by"), max_length=10, choices=ContactMethod.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    status = models.CharField(
        _("status"), max_length=10, choices=AppointmentRequestStatus.choices, default=AppointmentRequestStatus.OPEN
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("appointment request")
        verbose_name_plural = _("appointment requests")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="open") | ~models.Q(phone="", email=""),
                name="casework_open_request_has_contact",
            )
        ]

    def __str__(self) -> str:
        return self.reference
