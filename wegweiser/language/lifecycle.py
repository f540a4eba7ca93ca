"""Deutsch lernen's part in a person's lifecycle: the learner record follows a merge, goes with an erasure
(seats passed on to the waiting lists) and comes with the person's export."""

from wegweiser.core.lifecycle import PersonHandlers
from wegweiser.language.selectors import person_language_export, person_language_export_sections
from wegweiser.language.services import learner_erase_for_person, learner_export_record, learner_follow_merge

PERSON_HANDLERS = PersonHandlers(
    models=(
        "language.learner",
        "language.enrolment",
        "language.attendance",
        "language.absenceflag",
        "language.placementproposal",
    ),
    section="german_courses",
    merge=learner_follow_merge,
    erase=learner_erase_for_person,
    export=person_language_export,
    export_record=learner_export_record,
    export_sections=person_language_export_sections,
)
