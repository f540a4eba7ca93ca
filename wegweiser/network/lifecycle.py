"""The network's part in a person's lifecycle: a need for a volunteer tied to a person of the Migrationszentrum
follows a merge, goes with an erasure (with the questions to volunteers about it) and comes with the export."""

from wegweiser.core.lifecycle import PersonHandlers
from wegweiser.network.selectors import person_need_export, person_need_export_sections
from wegweiser.network.services import need_erase_for_person, need_export_record, need_follow_merge

PERSON_HANDLERS = PersonHandlers(
    models=("network.volunteerneed", "network.volunteermatch"),
    section="volunteer_needs",
    merge=need_follow_merge,
    erase=need_erase_for_person,
    export=person_need_export,
    export_record=need_export_record,
    export_sections=person_need_export_sections,
)
