from datetime import date, datetime

from ninja import Schema

from wegweiser.casework.selectors import referral_person_label


class PersonSummaryOut(Schema):
    id: int
    given_names: str
    family_names: str
    given_names_original: str
    family_names_original: str
    birth_date: str | None
    municipality_id: int | None

    @staticmethod
    def resolve_birth_date(person) -> str | None:
        return person.birth_date.iso() if person.birth_date else None


class PersonMatchOut(Schema):
    person: PersonSummaryOut
    score: float
    reasons: list[str]


class LanguageEntry(Schema):
    code: str
    level: str


class PersonOut(PersonSummaryOut):
    sex: str
    nationalities: list[str]
    languages: list[LanguageEntry]
    preferred_language: str
    phone: str
    email: str
    street: str
    postcode: str
    town: str
    residence_status: str
    residence_valid_from: date | None
    residence_valid_until: date | None
    arrival_date: date | None
    household_id: int | None
    merged_into_id: int | None
    version: int


class PersonIn(Schema):
    given_names: str
    family_names: str
    given_names_original: str = ""
    family_names_original: str = ""
    birth_date: str = ""
    sex: str = "unknown"
    nationalities: list[str] = []
    languages: list[LanguageEntry] = []
    preferred_language: str = ""
    phone: str = ""
    email: str = ""
    street: str = ""
    postcode: str = ""
    town: str = ""
    municipality_id: int | None = None
    residence_status: str = ""
    residence_valid_from: date | None = None
    residence_valid_until: date | None = None
    arrival_date: date | None = None
    # Register even though likely duplicates exist (after a person has checked them).
    confirm_new: bool = False


class DuplicatesOut(Schema):
    detail: str
    candidates: list[PersonMatchOut]


class NeedOut(Schema):
    area: str
    urgency: str
    description: str


class GoalOut(Schema):
    id: int
    area: str
    description: str
    status: str
    target_date: date | None


class TaskOut(Schema):
    id: int
    title: str
    owner_id: int
    due_on: date | None
    done_at: datetime | None


class CaseOut(Schema):
    id: int
    person_id: int
    caseworker_id: int | None
    status: str
    summary: str
    opened_on: date
    closed_on: date | None
    version: int
    needs: list[NeedOut]
    goals: list[GoalOut]
    tasks: list[TaskOut]

    @staticmethod
    def resolve_needs(case) -> list:
        return list(case.needs.all())

    @staticmethod
    def resolve_goals(case) -> list:
        return list(case.goals.all())

    @staticmethod
    def resolve_tasks(case) -> list:
        return list(case.tasks.all())


class AppointmentOut(Schema):
    id: int
    person_id: int
    caseworker_id: int
    location_id: int
    kind: str
    status: str
    starts_at: datetime
    ends_at: datetime
    topic: str
    interpreter_language: str


class AppointmentIn(Schema):
    person_id: int
    caseworker_id: int
    location_id: int
    starts_at: datetime
    # Half an hour after the start when left out, as on the booking page.
    ends_at: datetime | None = None
    kind: str = "booked"
    topic: str = ""
    interpreter_language: str = ""


class ReferralRowOut(Schema):
    """A referral in a list: offer, status, date, and the person as first name and initial."""

    id: int
    offer_kind: str
    status: str
    sent_at: datetime
    person: str

    @staticmethod
    def resolve_person(referral) -> str:
        return referral_person_label(referral.person)


class ReferralOut(Schema):
    """What a partner organisation receives: the minimum to take up the referral. Phone and email are null
    once the referral is done or declined."""

    id: int
    offer_kind: str
    status: str
    sent_at: datetime
    message: str
    feedback: str
    given_names: str
    family_names: str
    birth_year: int | None
    preferred_language: str
    phone: str | None
    email: str | None


class ReferralIn(Schema):
    person_id: int
    organisation_id: int
    offer_kind: str
    message: str = ""


class ReferralAnswerIn(Schema):
    status: str
    feedback: str = ""


class MunicipalityAggregatesOut(Schema):
    municipality_id: int
    persons: int | None
    cases_by_status: dict[str, int | None]
    open_needs_by_area: dict[str, int | None]
    persons_by_nationality: dict[str, int | None]
