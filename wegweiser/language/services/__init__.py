"""The only writers of the language app. Every write of personal data (learners, enrolments, attendance,
absence flags, proposals, pauses) records its audit entry in the same transaction."""

from wegweiser.language.services._common import (
    ABSENCES_IN_A_ROW,
    LEARNER_FIELDS,
    NEARBY_MINUTES,
    OFFER_FIELDS,
    PURPOSE_ATTENDANCE,
    PURPOSE_ENROLMENT,
    PURPOSE_OFFERS,
    PURPOSE_PLACEMENT,
    SCHEDULE_FIELDS,
    WAITING_PRIORITY_MINUTES_PER_WEEK,
    LanguageError,
)
from wegweiser.language.services.attendance import absence_flag_resolve, attendance_set
from wegweiser.language.services.enrolment import enrolment_create, enrolment_withdraw
from wegweiser.language.services.learners import (
    learner_create,
    learner_erase_for_person,
    learner_export_record,
    learner_follow_merge,
    learner_request_from_portal,
    learner_update,
)
from wegweiser.language.services.offers import offer_capacity_check, offer_create, offer_update, session_cancel
from wegweiser.language.services.pauses import Reactivation, offer_pause, offer_reactivate
from wegweiser.language.services.placement import (
    placement_run_close,
    placement_run_store,
    proposal_decide,
    travel_matrix_replace,
)

__all__ = [
    "ABSENCES_IN_A_ROW",
    "LEARNER_FIELDS",
    "LanguageError",
    "NEARBY_MINUTES",
    "OFFER_FIELDS",
    "PURPOSE_ATTENDANCE",
    "PURPOSE_ENROLMENT",
    "PURPOSE_OFFERS",
    "PURPOSE_PLACEMENT",
    "Reactivation",
    "SCHEDULE_FIELDS",
    "WAITING_PRIORITY_MINUTES_PER_WEEK",
    "absence_flag_resolve",
    "attendance_set",
    "enrolment_create",
    "enrolment_withdraw",
    "learner_create",
    "learner_erase_for_person",
    "learner_export_record",
    "learner_follow_merge",
    "learner_request_from_portal",
    "learner_update",
    "offer_capacity_check",
    "offer_create",
    "offer_pause",
    "offer_reactivate",
    "offer_update",
    "placement_run_close",
    "placement_run_store",
    "proposal_decide",
    "session_cancel",
    "travel_matrix_replace",
]
