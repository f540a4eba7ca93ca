"""Reads of the language app: who sees which offers, learners and registers, and the figures for the Lagebild."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.accounts.roles import Role
from wegweiser.core.publication import CELLS, Cell, Publication, publish_as_is, publish_table, published_value
from wegweiser.core.readable import Fact, Section, facts_of, words_for
from wegweiser.language import placement
from wegweiser.language.models import (
    OPEN_STATUSES,
    AbsenceFlag,
    Attendance,
    Enrolment,
    EnrolmentStatus,
    Learner,
    Level,
    Offer,
    OfferSession,
    PlacementProposal,
    PlacementRun,
    SeatKind,
)
from wegweiser.language.travel import TravelTimes
from wegweiser.territory.models import Municipality
from wegweiser.territory.remit import remit_for_user
from wegweiser.territory.selectors import publication_in_remit, samtgemeinde_of_members, territorial_groupings


def offers_for_user(user: Any) -> QuerySet[Offer]:
    """Offers the user may see: district-wide roles all of them, course providers their organisation's,
    everyone else those of their municipalities."""
    if not user_can(user, Perm.OFFERS_VIEW):
        return Offer.objects.none()
    offers = Offer.objects.select_related("provider", "municipality")
    # A provider's remit is its organisation, wherever its offers meet, not a municipality.
    if user.role == Role.COURSE_PROVIDER and not user.is_district_wide:
        return offers.filter(provider_id=user.organisation_id) if user.organisation_id else offers.none()
    return offers.in_remit(user)


def learners_for_user(user: Any) -> QuerySet[Learner]:
    """Learners whose enrolments the user manages: district-wide roles all of the district, everyone else
    those living in their municipalities."""
    if not user_can(user, Perm.ENROLMENTS_MANAGE):
        return Learner.objects.none()
    return Learner.objects.select_related("home_municipality").in_remit(user)


def enrolments_for_user(user: Any) -> QuerySet[Enrolment]:
    """Enrolments the user manages: of the learners they see, and on the waiting lists of the offers they see."""
    if not user_can(user, Perm.ENROLMENTS_MANAGE):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        Q(learner__in=learners_for_user(user)) | Q(offer__in=offers_for_user(user))
    ).select_related("learner", "offer", "offer__municipality")


def learner_for_person(user: Any, person: Any) -> Learner | None:
    """The learner record of a Migrationszentrum person, if the user manages it."""
    return learners_for_user(user).filter(person=person).select_related("caseworker").first()


@dataclass(frozen=True)
class PersonCourse:
    enrolment: Enrolment
    # Place on the offer's waiting list (1 is next), for a waiting enrolment on an offer's list.
    position: int | None


def person_courses(learner: Learner) -> list[PersonCourse]:
    """A learner's enrolments and waiting places, newest first, with their waiting-list positions (one query)."""
    ahead = (
        Enrolment.objects.filter(offer=OuterRef("offer"), status=EnrolmentStatus.WAITING)
        .filter(
            Q(requested_at__lt=OuterRef("requested_at"))
            | Q(requested_at=OuterRef("requested_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .values("offer")
        .annotate(count=Count("id"))
        .values("count")
    )
    enrolments = (
        learner.enrolments.select_related("offer", "offer__municipality")
        .annotate(ahead=Coalesce(Subquery(ahead, output_field=IntegerField()), 0))
        .order_by("-requested_at", "-id")
    )
    return [
        PersonCourse(
            enrolment,
            enrolment.ahead + 1 if enrolment.status == EnrolmentStatus.WAITING and enrolment.offer_id else None,
        )
        for enrolment in enrolments
    ]


@dataclass(frozen=True)
class GermanCourses:
    """A person's German learning as their caseworker sees it on the person's page."""

    learner: Learner
    courses: list[PersonCourse]
    open_absences: int


def german_courses_for_user(user: Any, person: Any) -> GermanCourses | None:
    """The person's learner record with enrolments, waiting places and open absence flags, if the user manages
    it (None otherwise, or when the person is no learner)."""
    learner = learner_for_person(user, person)
    if learner is None:
        return None
    open_absences = absence_flags_for_user(user).filter(enrolment__learner=learner).count()
    return GermanCourses(learner=learner, courses=person_courses(learner), open_absences=open_absences)


def person_enrolment_count(person: Any) -> int | None:
    """How many enrolments (places and waiting places, past ones included) a person's learner record has; None
    when the person is no learner. For the erasure page, which names what will be deleted."""
    if not Learner.objects.filter(person=person).exists():
        return None
    return Enrolment.objects.filter(learner__person=person).count()


def person_language_export(person: Any) -> dict[str, Any] | None:
    """Everything the language app holds on a person, as plain data for the person's export (GDPR Art. 15):
    the learner record, enrolments and waiting places, attendance, absence flags and placement proposals."""
    learner = Learner.objects.filter(person=person).select_related("home_municipality").first()
    if learner is None:
        return None

    def iso(value):
        return value.isoformat() if value else None

    attendance = Attendance.objects.filter(enrolment__learner=learner).select_related("session__offer")
    flags = AbsenceFlag.objects.filter(enrolment__learner=learner).select_related("enrolment__offer")
    proposals = learner.proposals.select_related("offer", "final_offer", "run")
    return {
        "learner": {
            "id": learner.pk,
            "given_name": learner.first_name,
            "family_name": learner.last_name,
            "home_municipality": learner.home_municipality.name,
            "level_wanted": learner.level,
            "days_available": learner.weekday_labels(),
            "needs_childcare": learner.needs_childcare,
            "has_car": learner.has_car,
            "phone": learner.phone,
            "email": learner.email,
            "preferred_language": learner.preferred_language,
            "source": learner.source,
            "created_at": iso(learner.created_at),
        },
        "enrolments": [
            {
                "offer": course.enrolment.offer.title if course.enrolment.offer else None,
                "municipality": course.enrolment.offer.municipality.name if course.enrolment.offer else None,
                "status": course.enrolment.status,
                "waiting_since": iso(course.enrolment.requested_at),
                "waiting_reason": course.enrolment.waiting_reason,
                "waiting_position": course.position,
                "enrolled_at": iso(course.enrolment.enrolled_at),
                "withdrawn_at": iso(course.enrolment.withdrawn_at),
                "withdrawal_reason": course.enrolment.withdrawal_reason,
            }
            for course in person_courses(learner)
        ],
        "attendance": [
            {"offer": mark.session.offer.title, "date": iso(mark.session.date), "present": mark.present}
            for mark in attendance.order_by("session__date", "pk")
        ],
        "absence_flags": [
            {
                "offer": flag.enrolment.offer.title if flag.enrolment.offer else None,
                "missed_in_a_row": flag.missed_in_a_row,
                "last_missed_on": iso(flag.last_missed_on),
                "followed_up_at": iso(flag.resolved_at),
                "note": flag.note,
            }
            for flag in flags.order_by("flagged_at", "pk")
        ],
        "placement_proposals": [
            {
                "proposed_at": iso(proposal.run.created_at),
                "offer": proposal.offer.title if proposal.offer else None,
                "travel_minutes": proposal.travel_minutes,
                "reason": proposal.reason,
                "decision": proposal.decision,
                "final_offer": proposal.final_offer.title if proposal.final_offer else None,
            }
            for proposal in proposals.order_by("run__created_at", "pk")
        ],
    }


def person_language_export_sections(person: Any) -> list[Section]:
    """The German courses part of the person's readable export: labels and values in words, in the active
    language (the plain data for the JSON export is `person_language_export`)."""
    learner = Learner.objects.filter(person=person).select_related("home_municipality").first()
    if learner is None:
        return []
    facts = facts_of(learner, ["first_name", "last_name", "home_municipality", "level"])
    facts.append(Fact(_("Days available"), words_for(learner.weekday_labels())))
    facts += facts_of(
        learner,
        [
            "needs_childcare",
            "has_car",
            "phone",
            "email",
            "preferred_language",
            "source",
            ("created_at", _("recorded on")),
        ],
    )
    enrolments = []
    for course in person_courses(learner):
        record = facts_of(
            course.enrolment,
            ["offer", "status", "requested_at", "waiting_reason", "enrolled_at", "withdrawn_at", "withdrawal_reason"],
        )
        if course.position:
            record.append(Fact(_("Place on the waiting list"), words_for(course.position)))
        enrolments.append(record)
    marks = Attendance.objects.filter(enrolment__learner=learner).select_related("session__offer")
    attendance = [
        [
            Fact(_("Offer"), mark.session.offer.title),
            Fact(_("Date"), words_for(mark.session.date)),
            Fact(_("Present"), words_for(mark.present)),
        ]
        for mark in marks.order_by("session__date", "pk")
    ]
    flags = AbsenceFlag.objects.filter(enrolment__learner=learner).select_related("enrolment__offer")
    absences = [
        [Fact(_("Offer"), flag.enrolment.offer.title if flag.enrolment.offer else "–")]
        + facts_of(flag, ["missed_in_a_row", "last_missed_on", "resolved_at", "note"])
        for flag in flags.order_by("flagged_at", "pk")
    ]
    proposals = [
        [
            Fact(_("Proposed on"), words_for(proposal.run.created_at)),
            Fact(_("Offer proposed"), proposal.offer.title if proposal.offer else "–"),
            *facts_of(proposal, ["decision"]),
            Fact(_("Offer decided"), proposal.final_offer.title if proposal.final_offer else "–"),
        ]
        for proposal in learner.proposals.select_related("offer", "final_offer", "run").order_by(
            "run__created_at", "pk"
        )
    ]
    return [
        Section(_("German courses"), facts=facts),
        Section(_("Enrolments and waiting lists"), records=enrolments, many=True),
        Section(_("Attendance"), records=attendance, many=True),
        Section(_("Repeated absence"), records=absences, many=True),
        Section(_("Placement proposals"), records=proposals, many=True),
    ]


def sessions_for_user(user: Any) -> QuerySet[OfferSession]:
    """Sessions whose register the user may take: those of the offers the user coordinates."""
    if not user_can(user, Perm.ATTENDANCE_TAKE):
        return OfferSession.objects.none()
    return OfferSession.objects.filter(offer__in=offers_for_user(user)).select_related("offer", "offer__municipality")


def absence_flags_for_user(user: Any, *, only_open: bool = True) -> QuerySet[AbsenceFlag]:
    flags = AbsenceFlag.objects.filter(enrolment__learner__in=learners_for_user(user)).select_related(
        "enrolment__learner", "enrolment__learner__caseworker", "enrolment__offer", "resolved_by"
    )
    if only_open:
        flags = flags.filter(resolved_at__isnull=True)
    return flags


def placement_runs_for_user(user: Any) -> QuerySet[PlacementRun]:
    """Placement runs show every waiting learner of the district, so only district-wide roles that may run the
    engine see them."""
    if not user_can(user, Perm.PLACEMENT_RUN) or not remit_for_user(user).district_wide:
        return PlacementRun.objects.none()
    return PlacementRun.objects.select_related("offer", "job")


def proposals_for_run(run: PlacementRun) -> QuerySet[PlacementProposal]:
    return run.proposals.select_related(
        "learner", "learner__home_municipality", "offer", "offer__municipality", "final_offer", "decided_by"
    )


@dataclass(frozen=True)
class WaitingEntry:
    enrolment: Enrolment
    position: int


def waiting_list(offer: Offer) -> list[WaitingEntry]:
    """The offer's waiting list in order: first come, first served (one query)."""
    enrolments = (
        Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.WAITING)
        .select_related("learner", "learner__home_municipality")
        .order_by("requested_at", "id")
    )
    return [WaitingEntry(enrolment, position) for position, enrolment in enumerate(enrolments, start=1)]


def participants(offer: Offer) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "id")
    )


def enrolled_count(offer: Offer) -> int:
    return Enrolment.objects.filter(offer=offer, status=EnrolmentStatus.ENROLLED).count()


def register_rows(session: OfferSession) -> list[tuple[Enrolment, bool | None]]:
    """The participants of a session's offer with their attendance (None: not yet recorded); two queries."""
    enrolments = list(participants(session.offer).filter(enrolled_at__date__lte=session.date))
    marks = dict(session.attendances.values_list("enrolment_id", "present"))
    return [(enrolment, marks.get(enrolment.pk)) for enrolment in enrolments]


def upcoming_sessions_for_user(user: Any, *, around: date | None = None, days_back: int = 7, days_ahead: int = 7):
    around = around or timezone.localdate()
    from datetime import timedelta

    return (
        sessions_for_user(user)
        .filter(
            date__gte=around - timedelta(days=days_back),
            date__lte=around + timedelta(days=days_ahead),
            offer__status__in=OPEN_STATUSES,
        )
        .annotate(recorded=Count("attendances"))
        .order_by("date", "start_time", "offer__title")
    )


def waiting_learners() -> QuerySet[Learner]:
    """Learners waiting for a place: without a seat and on some waiting list, or holding a seat of one kind and
    waiting on the list of an offer of the other (someone in a Deutschtreff waiting for a course).

    The general list asks for a seat of any kind, so it is answered by the first seat. Annotated with
    `waiting_since`, the oldest of their waiting requests, and `seated_in`: the seat kind they hold, if any.
    """
    # Correlated look-ups, not a grouped join: each is an index probe per learner (the partial unique indexes on
    # seats and places serve them), and no GROUP BY over every learner column.
    seated = Enrolment.objects.filter(learner=OuterRef("pk"), status=EnrolmentStatus.ENROLLED)
    waiting = Enrolment.objects.filter(learner=OuterRef("pk"), status=EnrolmentStatus.WAITING)
    in_course = Exists(seated.filter(seat_kind=SeatKind.COURSE))
    in_deutschtreff = Exists(seated.filter(seat_kind=SeatKind.DEUTSCHTREFF))
    return (
        Learner.objects.filter(Exists(waiting))
        .filter(
            (~in_course & ~in_deutschtreff)
            | (in_deutschtreff & ~in_course & Exists(waiting.filter(seat_kind=SeatKind.COURSE)))
            | (in_course & ~in_deutschtreff & Exists(waiting.filter(seat_kind=SeatKind.DEUTSCHTREFF)))
        )
        .annotate(
            waiting_since=Subquery(waiting.order_by("requested_at").values("requested_at")[:1]),
            seated_in=Case(
                When(in_course, then=Value(SeatKind.COURSE)),
                When(in_deutschtreff, then=Value(SeatKind.DEUTSCHTREFF)),
                default=Value(""),
            ),
        )
        .order_by("waiting_since", "id")
    )


def offers_teaching(level: str) -> Q:
    """Offers whose `levels` (a JSON list such as ["A1", "A2"]) include `level`, as a database filter.

    PostgreSQL answers with JSON containment; SQLite has no containment for JSON, so the list's text is searched
    for the quoted level, which is exact because level codes contain no quotes and none is part of another.
    """
    if level not in Level.values:
        return Q(pk__in=[])
    if connection.vendor == "postgresql":
        return Q(levels__contains=[level])
    return Q(levels__icontains=f'"{level}"')


def offers_with_a_free_seat() -> QuerySet[Offer]:
    """Open offers that have not ended and have at least one free seat, with `enrolled_count` and
    `waiting_count` (one query; the seat count is compared in the database)."""
    return (
        Offer.objects.filter(status__in=OPEN_STATUSES, ends_on__gte=timezone.localdate())
        .with_counts()
        .filter(enrolled_count__lt=F("capacity"))
        .order_by("pk")
    )


def offers_with_free_seats() -> list[Offer]:
    """`offers_with_a_free_seat` in the offers' usual order as a list, each with `free_seats` set (one query)."""
    offers = list(offers_with_a_free_seat().order_by(*Offer._meta.ordering))
    for offer in offers:
        offer.free_seats = offer.capacity - offer.enrolled_count
    return offers


@dataclass(frozen=True)
class OfferOption:
    """An offer a learner could be placed in instead, with the journey from the learner's home."""

    offer: Offer
    free_seats: int
    minutes: float | None
    estimated: bool


def other_offers_for_learner(learner: Learner, *, exclude_offer_id: int | None = None) -> list[OfferOption]:
    """Offers with a free seat at the learner's level, nearest first (minutes by car if the learner has one,
    else by bus and train; offers whose journey is unknown last). Three queries."""
    offers = (
        offers_with_a_free_seat()
        .filter(offers_teaching(learner.level))
        .exclude(pk=exclude_offer_id)
        .select_related("municipality")
    )
    travel = TravelTimes.load(origins=[learner.home_municipality_id])
    home = learner.home_municipality_id
    options = [
        OfferOption(
            offer=offer,
            free_seats=offer.capacity - offer.enrolled_count,
            minutes=travel.minutes(home, offer.municipality_id, learner.has_car),
            estimated=travel.source(home, offer.municipality_id) == "estimate",
        )
        for offer in offers
    ]
    unknown = float("inf")
    return sorted(
        options,
        key=lambda option: (
            unknown if option.minutes is None else option.minutes,
            option.offer.municipality.name,
            option.offer.title,
            option.offer.pk,
        ),
    )


# The engine matches a learner's level against an offer's levels. A learner who holds a seat of one kind may
# only take a seat of the other, so both sides carry the level once more with the kind a seated learner may
# still take ("A1|course"); a learner without a seat keeps the plain level and fits both kinds.
ENGINE_KIND_SEPARATOR = "|"


def engine_level(level: str) -> str:
    """The CEFR level of an engine level key, for the reason texts."""
    return level.split(ENGINE_KIND_SEPARATOR)[0]


def engine_learner(learner: Learner, now: Any = None) -> placement.Learner:
    """`learner` as the engine sees it; from `waiting_learners()` (needs its annotations)."""
    now = now or timezone.now()
    level = learner.level
    if learner.seated_in:
        other = SeatKind.COURSE if learner.seated_in == SeatKind.DEUTSCHTREFF else SeatKind.DEUTSCHTREFF
        level = f"{level}{ENGINE_KIND_SEPARATOR}{other}"
    return placement.Learner(
        id=learner.pk,
        home=learner.home_municipality_id,
        level=level,
        weekdays=frozenset(learner.weekdays),
        needs_childcare=learner.needs_childcare,
        has_car=learner.has_car,
        waiting_days=max(0, (now - learner.waiting_since).days),
    )


def engine_learners(learners: QuerySet[Learner]) -> list[placement.Learner]:
    """`learners` (from `waiting_learners()`) as the engine sees them, reading only the columns it needs."""
    now = timezone.now()
    needed = learners.only("id", "home_municipality_id", "level", "weekdays", "needs_childcare", "has_car")
    return [engine_learner(learner, now) for learner in needed]


def engine_offer(offer: Offer) -> placement.Offer:
    levels = set(offer.levels)
    return placement.Offer(
        id=offer.pk,
        municipality=offer.municipality_id,
        levels=frozenset(levels | {f"{level}{ENGINE_KIND_SEPARATOR}{offer.seat_kind}" for level in levels}),
        weekdays=frozenset(offer.weekdays),
        free_seats=offer.free_seats,
        has_childcare=offer.childcare,
    )


def language_waiting_and_seats(*, municipality_ids: set[int] | list[int] | None = None) -> dict[str, Publication]:
    """For the Lagebild, two `core.publication.Publication`s over the whole district:

    - "waiting": people waiting for a place, base cells (municipality id, level), groupings "municipality",
      "samtgemeinde", "district" and "level" (the district). Small counts are hidden, and so is what would
      give them away across all those groupings.
    - "free_seats": free seats in active offers, base cells (municipality id, level), shown as they are (not
      about people); an offer for several levels counts its free seats under each of them, so they are not
      summed.

    The suppression is that of the whole district; `municipality_ids` (a remit) only cuts out the part a reader
    may see.
    """
    waiting = (
        waiting_learners()
        .order_by()
        .values("home_municipality_id", "level")
        .annotate(count=Count("id", distinct=True))
        .values_list("home_municipality_id", "level", "count")
    )
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for municipality_id, level, count in waiting:
        counts[(municipality_id, level)] += count
    seats: dict[tuple[int, str], int] = defaultdict(int)
    for offer in offers_with_free_seats():
        for level in offer.levels:
            seats[(offer.municipality_id, level)] += offer.free_seats

    def municipality_of(key: tuple[int, str]) -> int:
        return key[0]

    groupings = {
        **territorial_groupings(municipality_of, samtgemeinde_of_members()),
        "level": lambda key: key[1],
    }
    area_of = {CELLS: municipality_of, "municipality": lambda key: key, "samtgemeinde": lambda key: key}
    return {
        "waiting": publication_in_remit(publish_table(dict(counts), by=groupings), municipality_ids, area_of),
        "free_seats": publication_in_remit(publish_as_is(dict(seats)), municipality_ids, area_of),
    }


def waiting_and_seats_rows(figures: Mapping[str, Publication]) -> list[dict[str, Any]]:
    """The figures of `language_waiting_and_seats` as one row per municipality and level (the API's shape),
    by municipality name and level: waiting (None where hidden, with `waiting_suppressed`) and free seats."""
    waiting, seats = figures["waiting"].cells, figures["free_seats"].cells
    keys = set(waiting) | set(seats)
    names = dict(Municipality.objects.filter(id__in={key[0] for key in keys}).values_list("id", "name"))
    level_order = {level: index for index, level in enumerate(Level.values)}
    rows = []
    for municipality_id, level in sorted(keys, key=lambda key: (names.get(key[0], ""), level_order.get(key[1], 99))):
        cell = waiting.get((municipality_id, level), Cell(0))
        rows.append(
            {
                "municipality_id": municipality_id,
                "municipality": names.get(municipality_id, ""),
                "level": level,
                "waiting": published_value(cell),
                "waiting_suppressed": not cell.shown,
                "free_seats": published_value(seats.get((municipality_id, level), Cell(0))),
            }
        )
    return rows


def absence_flags_for_caseworker(user: Any) -> QuerySet[AbsenceFlag]:
    """Open absence flags of the learners the user looks after, newest first: learners naming the user as their
    caseworker, and learners whose person record has a case the user owns that is not closed. Only flags the
    user may see at all (`absence_flags_for_user`), with learner and offer in the same query."""
    from wegweiser.casework.models import Case, CaseStatus

    owns_open_case = Case.objects.filter(person_id=OuterRef("enrolment__learner__person_id"), caseworker=user).exclude(
        status=CaseStatus.CLOSED
    )
    return (
        absence_flags_for_user(user)
        .filter(Q(enrolment__learner__caseworker=user) | Exists(owns_open_case))
        .order_by("-flagged_at", "-id")
    )
