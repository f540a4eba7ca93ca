"""Deutsch lernen: offers (Deutschtreffs and courses), learners, enrolments, sessions, attendance, placement.

A learner waits for a place (an enrolment with status `waiting`, on one offer's waiting list or, without an
offer, on the district's general list) until a seat is found; the placement engine proposes seats and staff
decide. A learner known to the Migrationszentrum is linked to their person record (`Learner.person`), so the
person's page shows their German courses and the person's export and erasure include them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegweiser.territory.remit import RemitQuerySet


class OfferKind(models.TextChoices):
    DEUTSCHTREFF = "deutschtreff", _("Deutschtreff")
    INTEGRATION_COURSE = "integration_course", _("Integration course")
    JOB_COURSE = "job_course", _("Job-related course (B1-C1)")
    LITERACY = "literacy", _("Literacy course")
    WOMEN = "women", _("Women's course")
    PARENTS = "parents", _("Parents' course")
    YOUTH = "youth", _("Youth course")
    ONLINE = "online", _("Online course")


class OfferStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    ENDED = "ended", _("ended")


# Statuses in which an offer takes people in (a planned course fills before it starts).
OPEN_STATUSES = (OfferStatus.PLANNED, OfferStatus.ACTIVE)


class SeatKind(models.TextChoices):
    """What a seat counts as: a learner holds at most one seat of each kind at a time. A Deutschtreff is
    low-threshold and runs beside a course; two courses at once (say two integration courses) are not allowed."""

    DEUTSCHTREFF = "deutschtreff", _("Deutschtreff")
    COURSE = "course", _("course")


def seat_kind_of(kind: str) -> str:
    return SeatKind.DEUTSCHTREFF if kind == OfferKind.DEUTSCHTREFF else SeatKind.COURSE


class Level(models.TextChoices):
    ALPHA = "alpha", _("Literacy (alpha)")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# Languages a volunteer or teacher can help in, and a learner may prefer (ISO 639-1).
SUPPORT_LANGUAGES = [
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("fa", _("Persian (Farsi/Dari)")),
    ("ps", _("Pashto")),
    ("ku", _("Kurdish")),
    ("tr", _("Turkish")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("en", _("English")),
    ("fr", _("French")),
    ("de", _("German")),
]


class OfferQuerySet(RemitQuerySet):
    def with_counts(self) -> "OfferQuerySet":
        """Annotate `enrolled_count` and `waiting_count` (one query for a whole list)."""
        return self.annotate(
            enrolled_count=models.Count("enrolments", filter=models.Q(enrolments__status=EnrolmentStatus.ENROLLED)),
            waiting_count=models.Count("enrolments", filter=models.Q(enrolments__status=EnrolmentStatus.WAITING)),
        )


class Offer(models.Model):
    """A Deutschtreff or a course: who offers it, where, when, for which levels, with how many seats."""

    DECISION = True  # offers created and changed are audited (audit/registry.py)

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=OfferKind.choices)
    provider = models.ForeignKey(
        "network.Organisation", verbose_name=_("provider"), on_delete=models.PROTECT, related_name="language_offers"
    )
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.PLANNED)
    # Venue
    municipality = models.ForeignKey(
        "territory.Municipality", verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="offers"
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    accessible = models.BooleanField(_("step-free access"), default=False)
    # What and for whom
    levels = models.JSONField(_("levels"), default=list, help_text=_("CEFR levels taught, for example A1 and A2."))
    capacity = models.PositiveIntegerField(_("seats"))
    childcare = models.BooleanField(_("childcare"), default=False)
    support_languages = models.JSONField(_("support languages"), default=list, blank=True)
    cost = models.DecimalField(_("cost per person (EUR)"), max_digits=8, decimal_places=2, default=0)
    # Weekly schedule: the sessions are generated from it (OfferSession).
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    weekdays = models.JSONField(_("weekdays"), default=list)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    contact_email = models.EmailField(_("contact email"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    REMIT_FIELD = "municipality"

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name", "title"]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="offer_dates_ordered"),
            models.CheckConstraint(condition=models.Q(end_time__gt=models.F("start_time")), name="offer_times_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def seat_kind(self) -> str:
        return seat_kind_of(self.kind)

    def weekday_labels(self) -> list[str]:
        return [str(Weekday(day).label) for day in sorted(self.weekdays)]

    def level_labels(self) -> list[str]:
        return [str(Level(level).label) for level in self.levels if level in Level.values]

    def support_language_labels(self) -> list[str]:
        names = dict(SUPPORT_LANGUAGES)
        return [str(names.get(code, code)) for code in self.support_languages]


class OfferSession(models.Model):
    """One meeting of an offer. Sessions on public holidays (Lower Saxony) or cancelled by hand stay as rows
    with the reason, so the exceptions of the schedule are visible."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    cancelled = models.BooleanField(_("cancelled"), default=False)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [models.UniqueConstraint(fields=["offer", "date"], name="one_session_per_offer_and_day")]

    def __str__(self) -> str:
        return f"{self.offer} {self.date:%Y-%m-%d}"

    @property
    def is_past(self) -> bool:
        from django.utils import timezone

        return self.date <= timezone.localdate()


class OfferPause(models.Model):
    """A pause of an offer (when other offers sufficed) and its end; kept as the offer's visible history."""

    PERSONAL_DATA = True  # names the staff members who paused and re-activated

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="pauses")
    paused_on = models.DateField(_("paused on"))
    reason = models.CharField(_("reason"), max_length=300)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("paused by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    resumed_on = models.DateField(_("re-activated on"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("re-activated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-paused_on", "-id"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")

    def __str__(self) -> str:
        return f"{self.offer} {self.paused_on:%Y-%m-%d}"


class LearnerSource(models.TextChoices):
    CASEWORK = "casework", _("Migrationszentrum")
    PORTAL = "portal", _("Request from the public portal")
    PROVIDER = "provider", _("Course provider")


class Learner(models.Model):
    """A person who wants to learn German, with only what a course needs.

    `person` is the Migrationszentrum's record of the same human being, where there is one (at most one learner
    per person); a request from the public portal has none. Erasing the person erases the learner with them.
    """

    PERSONAL_DATA = True
    REMIT_FIELD = "home_municipality"

    first_name = models.CharField(_("given name"), max_length=150)
    last_name = models.CharField(_("family name"), max_length=150)
    home_municipality = models.ForeignKey(
        "territory.Municipality",
        verbose_name=_("home municipality"),
        on_delete=models.PROTECT,
        related_name="learners",
    )
    level = models.CharField(_("level wanted"), max_length=5, choices=Level.choices)
    weekdays = models.JSONField(_("days available"), default=list)
    needs_childcare = models.BooleanField(_("needs childcare"), default=False)
    has_car = models.BooleanField(_("has a car"), default=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    preferred_language = models.CharField(_("preferred language"), max_length=8, choices=SUPPORT_LANGUAGES, blank=True)
    person = models.ForeignKey(
        "casework.Person",
        verbose_name=_("person record (Migrationszentrum)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learners",
    )
    source = models.CharField(_("source"), max_length=20, choices=LearnerSource.choices, default=LearnerSource.CASEWORK)
    caseworker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caseworker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learners",
        help_text=_("Told about repeated absence."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RemitQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=models.Q(person__isnull=False), name="language_one_learner_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def weekday_labels(self) -> list[str]:
        return [str(Weekday(day).label) for day in sorted(self.weekdays)]


class EnrolmentStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    ENROLLED = "enrolled", _("enrolled")
    WITHDRAWN = "withdrawn", _("withdrawn")
    COMPLETED = "completed", _("completed")


class WaitingReason(models.TextChoices):
    FULL = "full", _("all seats taken")
    PAUSED = "paused", _("offer paused")
    NO_OFFER_CHOSEN = "no_offer", _("waiting for a suitable offer")
    PORTAL_REQUEST = "portal", _("request from the public portal")


class Enrolment(models.Model):
    """A learner's place in an offer, or on its waiting list (`offer` empty: the district's general list).

    The waiting position is the order of `requested_at` among the offer's waiting enrolments; when a seat
    is freed the first one gets it and `position_when_enrolled` keeps where they stood.

    A learner is at most once waiting or enrolled per offer, at most once on the general list, and holds at most
    one seat of each `SeatKind`; the database checks all three (`seat_kind` repeats the offer's kind for that).
    """

    PERSONAL_DATA = True

    learner = models.ForeignKey(Learner, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="enrolments")
    offer = models.ForeignKey(
        Offer, verbose_name=_("offer"), on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=EnrolmentStatus.choices)
    # The offer's seat kind (empty on the general list), written by the services, so that the database can refuse
    # a second seat of the same kind.
    seat_kind = models.CharField(_("seat kind"), max_length=20, choices=SeatKind.choices, blank=True, editable=False)
    requested_at = models.DateTimeField(_("waiting since"))
    waiting_reason = models.CharField(_("reason for waiting"), max_length=20, choices=WaitingReason.choices, blank=True)
    enrolled_at = models.DateTimeField(_("enrolled on"), null=True, blank=True)
    position_when_enrolled = models.PositiveIntegerField(
        _("waiting-list position when enrolled"), null=True, blank=True
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawing"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["requested_at", "id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        indexes = [models.Index(fields=["offer", "status", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "offer"],
                condition=models.Q(offer__isnull=False, status__in=[EnrolmentStatus.WAITING, EnrolmentStatus.ENROLLED]),
                name="language_once_active_per_offer",
            ),
            models.UniqueConstraint(
                fields=["learner"],
                condition=models.Q(offer__isnull=True, status=EnrolmentStatus.WAITING),
                name="language_once_on_general_list",
            ),
            models.UniqueConstraint(
                fields=["learner", "seat_kind"],
                condition=models.Q(status=EnrolmentStatus.ENROLLED),
                name="language_one_seat_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(offer__isnull=True, seat_kind="")
                | (models.Q(offer__isnull=False) & ~models.Q(seat_kind="")),
                name="language_seat_kind_with_offer",
            ),
            models.CheckConstraint(
                condition=models.Q(offer__isnull=False) | ~models.Q(status=EnrolmentStatus.ENROLLED),
                name="language_seat_needs_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner_id} → {self.offer_id} ({self.status})"

    @property
    def waiting_days(self) -> int:
        from django.utils import timezone

        return max(0, (timezone.now() - self.requested_at).days)


class Attendance(models.Model):
    """Whether an enrolled learner came to a session; one row per learner and session, changed by toggling."""

    PERSONAL_DATA = True

    session = models.ForeignKey(OfferSession, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}: {self.present}"


class AbsenceFlag(models.Model):
    """Repeated absence of an enrolled learner, shown to the caseworker until someone has followed it up."""

    PERSONAL_DATA = True

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="absence_flags")
    missed_in_a_row = models.PositiveIntegerField(_("sessions missed in a row"))
    last_missed_on = models.DateField(_("last missed on"))
    flagged_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("followed up on"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-flagged_at", "-id"]
        verbose_name = _("absence flag")
        verbose_name_plural = _("absence flags")

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.missed_in_a_row}"


class TravelTime(models.Model):
    """Minutes from one municipality to another, from the matrix the district uploaded."""

    origin = models.ForeignKey("territory.Municipality", on_delete=models.CASCADE, related_name="+")
    destination = models.ForeignKey("territory.Municipality", on_delete=models.CASCADE, related_name="+")
    car_minutes = models.DecimalField(_("minutes by car"), max_digits=6, decimal_places=1)
    public_transport_minutes = models.DecimalField(_("minutes by bus and train"), max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = _("travel time")
        verbose_name_plural = _("travel times")
        constraints = [models.UniqueConstraint(fields=["origin", "destination"], name="one_travel_time_per_pair")]

    def __str__(self) -> str:
        return f"{self.origin_id}→{self.destination_id}"


class TravelMatrixUpload(models.Model):
    """When the current travel-time matrix was loaded, from which file, with how many pairs."""

    filename = models.CharField(_("file"), max_length=255)
    pairs = models.PositiveIntegerField(_("pairs"))
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("travel matrix upload")
        verbose_name_plural = _("travel matrix uploads")

    def __str__(self) -> str:
        return self.filename


class PlacementRunStatus(models.TextChoices):
    OPEN = "open", _("to review")
    CLOSED = "closed", _("closed")


class PlacementRun(models.Model):
    """One run of the placement engine: the situation it saw and the proposals it made, for staff to review."""

    job = models.OneToOneField(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="placement_run"
    )
    # A run for one offer (its re-activation offers its seats to the people waiting nearby).
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="placement_runs")
    status = models.CharField(_("status"), max_length=20, choices=PlacementRunStatus.choices, default="open")
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    max_minutes = models.PositiveIntegerField(_("longest journey (minutes)"))
    method = models.CharField(_("method"), max_length=40)
    learners = models.PositiveIntegerField(_("learners waiting"))
    offers = models.PositiveIntegerField(_("offers with free seats"))
    seats = models.PositiveIntegerField(_("free seats"))
    placed = models.PositiveIntegerField(_("placed"))
    total_travel_minutes = models.FloatField(_("total travel minutes"))
    solve_seconds = models.FloatField(_("solver time (s)"))
    travel_source = models.CharField(_("travel times from"), max_length=20)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("placement run")
        verbose_name_plural = _("placement runs")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"


class ProposalDecision(models.TextChoices):
    PENDING = "pending", _("not decided")
    ACCEPTED = "accepted", _("accepted")
    CHANGED = "changed", _("accepted with another offer")
    REJECTED = "rejected", _("rejected")


class TravelSource(models.TextChoices):
    MATRIX = "matrix", _("district travel matrix")
    ESTIMATE = "estimate", _("estimate from the distance between municipality centres")


class PlacementProposal(models.Model):
    """What the engine proposed for one learner, why, and what staff decided."""

    PERSONAL_DATA = True

    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="proposals")
    learner = models.ForeignKey(Learner, on_delete=models.CASCADE, related_name="proposals")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    travel_minutes = models.FloatField(_("travel minutes"), null=True, blank=True)
    travel_source = models.CharField(_("travel time from"), max_length=20, choices=TravelSource.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=40)
    details = models.JSONField(default=dict, blank=True)
    waiting_days = models.PositiveIntegerField(_("days waiting"))
    decision = models.CharField(
        _("decision"), max_length=20, choices=ProposalDecision.choices, default=ProposalDecision.PENDING
    )
    final_offer = models.ForeignKey(Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["offer_id", "-waiting_days", "id"]
        verbose_name = _("placement proposal")
        verbose_name_plural = _("placement proposals")

    def __str__(self) -> str:
        return f"{self.run_id}: {self.learner_id} → {self.offer_id}"

    @property
    def is_placed(self) -> bool:
        return self.offer_id is not None
