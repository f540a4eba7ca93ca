"""Every write of a model holding personal data, or a decision (`DECISION = True`), leaves an audit entry
(see wegweiser/audit/registry.py).

Each app names, in `tests/audit_scenarios.py`, a call of its services (or a list of them, one per way the
app writes the model, so that dropping the audit call of any one of them fails) for each of its models flagged
`PERSONAL_DATA = True` or `DECISION = True`. A scenario is run against the test world while two things are recorded:
- every save and delete of the scenario's model (Django's signals), each of which needs an audit entry for that
  record: `create` for a new one, `delete` for a deleted one, a change for any other save;
- every SQL statement that writes the model's table, which must run inside a transaction (a service's atomic
  block) that also writes an audit entry. This catches writes the signals do not see (`QuerySet.update`,
  `bulk_create`) and writes outside any transaction.
"""

import inspect
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.audit.registry import EXEMPT, decision_models, personal_data_models
from wegweiser.core.discovery import app_modules


def collect_scenarios() -> dict[str, list[Callable]]:
    scenarios: dict[str, list[Callable]] = {}
    for _config, module in app_modules("tests.audit_scenarios"):
        for label, scenario in module.SCENARIOS.items():
            assert label not in scenarios, f"{label} has scenarios in two apps"
            scenarios[label] = list(scenario) if isinstance(scenario, list | tuple) else [scenario]
            assert scenarios[label], f"{label} has an empty list of scenarios"
    return scenarios


SCENARIOS = collect_scenarios()
FLAGGED = {model._meta.label_lower for model in personal_data_models()}
DECISIONS = {model._meta.label_lower for model in decision_models()}
AUDITED = FLAGGED | DECISIONS


def test_every_personal_data_model_has_a_scenario():
    missing = sorted(FLAGGED - set(SCENARIOS))
    assert not missing, (
        f"models flagged PERSONAL_DATA without a scenario in their app's tests/audit_scenarios.py: {missing}"
    )


def test_every_decision_model_has_a_scenario():
    missing = sorted(DECISIONS - set(SCENARIOS))
    assert not missing, f"models flagged DECISION without a scenario in their app's tests/audit_scenarios.py: {missing}"


def test_the_decisions_named_in_the_groundwork_are_flagged():
    assert {"language.offer", "network.organisation", "casework.shortageoccupation"} <= DECISIONS


def test_every_scenario_names_an_audited_model():
    unknown = sorted(set(SCENARIOS) - AUDITED)
    assert not unknown, f"scenarios for models flagged neither PERSONAL_DATA nor DECISION = True: {unknown}"


def _relations(model) -> list:
    return [
        f
        for f in model._meta.get_fields()
        if f.is_relation and f.concrete and (f.many_to_one or f.one_to_one or f.many_to_many)
    ]


def test_every_model_pointing_at_personal_data_is_flagged_or_exempt():
    unaccounted = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in FLAGGED or label in EXEMPT:
            continue
        for relation in _relations(model):
            if relation.related_model._meta.label_lower in FLAGGED:
                unaccounted.append(f"{label}.{relation.name} -> {relation.related_model._meta.label_lower}")
    assert not unaccounted, (
        "models that point at personal data but are neither flagged PERSONAL_DATA = True nor listed in "
        f"audit/registry.py EXEMPT with a reason: {unaccounted}"
    )


def test_every_exemption_names_a_model_that_is_not_flagged():
    for label, reason in EXEMPT.items():
        assert apps.get_model(label), label
        assert label not in FLAGGED, f"{label} is flagged PERSONAL_DATA and exempt at once"
        assert reason.strip(), f"{label} is exempt without a reason"


@dataclass
class Recording:
    """What a scenario wrote: records (by signal), table writes (by SQL) and audit entries."""

    model: type
    baseline: int = 0
    saves: list[tuple[str, str]] = field(default_factory=list)  # (kind, pk)
    audited: set[tuple[str, str, str]] = field(default_factory=set)  # (object type, object id, action)
    statements: list[tuple[str | None, str]] = field(default_factory=list)  # (transaction, sql) writing the model
    units_with_audit: set[str] = field(default_factory=set)

    def on_save(self, sender, instance, created, **kwargs):
        if sender is self.model:
            self.saves.append(("create" if created else "update", str(instance.pk)))
        elif sender is AuditEntry and created:
            self.audited.add((instance.object_type, instance.object_id, instance.action))

    def on_delete(self, sender, instance, **kwargs):
        if sender is self.model:
            self.saves.append(("delete", str(instance.pk)))

    def __call__(self, execute, sql, params, many, context):
        savepoints = connection.savepoint_ids
        unit = savepoints[self.baseline] if len(savepoints) > self.baseline else None
        if self._writes(sql, self.model._meta.db_table):
            self.statements.append((unit, sql))
        if unit is not None and self._writes(sql, AuditEntry._meta.db_table):
            self.units_with_audit.add(unit)
        return execute(sql, params, many, context)

    @staticmethod
    def _writes(sql: str, table: str) -> bool:
        pattern = rf'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"{re.escape(table)}"'
        return re.match(pattern, sql, flags=re.IGNORECASE) is not None


def run_recorded(scenario: Callable, world, model) -> Recording:
    """Run `scenario(world)`; a scenario with a `setup` attribute gets `scenario(world, setup(world))`, the setup
    unrecorded, so that its records exist before and a change of them needs an entry of its own."""
    setup = getattr(scenario, "setup", None)
    state = setup(world) if setup is not None else None
    recording = Recording(model=model, baseline=len(connection.savepoint_ids))
    post_save.connect(recording.on_save, weak=False)
    post_delete.connect(recording.on_delete, weak=False)
    try:
        with connection.execute_wrapper(recording):
            scenario(world) if setup is None else scenario(world, state)
    finally:
        post_save.disconnect(recording.on_save)
        post_delete.disconnect(recording.on_delete)
    return recording


EXPECTED_ACTION = {"create": {AuditAction.CREATE}, "delete": {AuditAction.DELETE}}
CHANGES = set(AuditAction) - {AuditAction.READ, AuditAction.EXPORT}
# A record that existed before the scenario is not covered by an entry for its creation.
CHANGES_OF_EXISTING = CHANGES - {AuditAction.CREATE}


def _expected(kind: str, pk: str, created: set[str]) -> set:
    if kind == "update" and pk not in created:
        return CHANGES_OF_EXISTING
    return EXPECTED_ACTION.get(kind, CHANGES)


CASES = [
    pytest.param(label, scenario, id=f"{label}-{getattr(scenario, '__name__', index)}")
    for label in sorted(SCENARIOS)
    for index, scenario in enumerate(SCENARIOS[label])
]


@pytest.mark.parametrize(("label", "scenario"), CASES)
def test_every_write_of_an_audited_model_leaves_an_audit_entry(world, label, scenario):
    model = apps.get_model(label)

    recording = run_recorded(scenario, world, model)

    assert recording.saves or recording.statements, f"the scenario for {label} writes no {label} at all"
    created = {pk for kind, pk in recording.saves if kind == "create"}
    unaudited = [
        f"{kind} {label}#{pk}"
        for kind, pk in recording.saves
        if not any((label, pk, action) in recording.audited for action in _expected(kind, pk, created))
    ]
    assert not unaudited, f"writes without an audit entry for the record: {unaudited}"
    outside = [sql for unit, sql in recording.statements if unit is None]
    assert not outside, f"writes of {label} outside a transaction (no service's atomic block): {outside}"
    silent = [sql for unit, sql in recording.statements if unit not in recording.units_with_audit]
    assert not silent, f"writes of {label} in a transaction that wrote no audit entry: {silent}"


# --- Every service is exercised ---------------------------------------------------------------------------
# Services that write no audited model, with the reason; every other public service function must be called
# by some scenario above, so that deleting its audit call fails a test (one scenario per model missed the
# withdrawal of an enrolment and the promotion from the waiting list).
SERVICES_WITHOUT_AUDITED_WRITES: dict[str, str] = {
    "wegweiser.accounts.services.second_factor_required": "a check on the user's role; writes nothing",
    "wegweiser.audit.services.audit_read": "writes the audit entry itself",
    "wegweiser.audit.services.audit_record_many": "writes audit entries themselves (the list of appointment requests read)",
    "wegweiser.casework.services.appointment_remind": (
        "changes no record: it shares the appointment by e-mail and records that share (test_appointments.py)"
    ),
    "wegweiser.jobs.services.job_enqueue": "a job holds ids and a label, no personal data",
    "wegweiser.lagebild.services.own_figures_snapshot_refresh": (
        "stores the district's published counts after suppression: aggregates, no row about a person"
    ),
    "wegweiser.lagebild.services.own_figures_snapshot_refresh_when_stale": "calls own_figures_snapshot_refresh",
    "wegweiser.lagebild.services.report_enqueue": "a job holds the scenario and a label, no personal data",
    "wegweiser.lagebild.services.report_file_store": "the council report holds published aggregates only",
    "wegweiser.lagebild.services.report_files_expire": "deletes council reports (aggregates only)",
    "wegweiser.jobs.services.jobs_fail_orphaned": "marks jobs whose worker died; no personal data",
    "wegweiser.jobs.services.jobs_housekeeping": "runs the housekeeping services, each covered on its own",
    "wegweiser.jobs.services.live_worker_ids": "a read",
    "wegweiser.jobs.services.worker_heartbeat": "the worker's own liveness row",
    "wegweiser.jobs.services.upload_hold": "holds a register or statistics file for its preview; no personal data",
    "wegweiser.jobs.services.upload_take": "hands the held file to its job once",
    "wegweiser.jobs.services.held_uploads_expire": "deletes held files nobody confirmed",
    "wegweiser.jobs.services.upload_discard": "drops a held file its uploader did not want",
    "wegweiser.lagebild.services.statistic_upload_store": "holds a statistics file for its preview",
    "wegweiser.lagebild.services.statistic_upload_confirm": "queues the import, which audits what it loads",
    "wegweiser.territory.services.territory_register_plan": "writes nothing: works out what a load would change",
    "wegweiser.language.services.placement_run_close": (
        "changes the run's status only; its proposals, which hold personal data, stay as they are"
    ),
    "wegweiser.language.services.session_cancel": "an offer's timetable entry; no person's data",
    "wegweiser.language.services.travel_matrix_replace": "travel times between municipalities; no person's data",
    "wegweiser.portal.services.submission_allowed": "counts a keyed hash of an address per hour; no person's data",
    "wegweiser.portal.services.submission_counters_expire": "deletes ended rate-limit windows",
    "wegweiser.territory.services.territory_load_register": "the official municipal register; no person's data",
}


def service_functions() -> dict:
    """Every public function of every app's `services` module or package, by dotted name, keyed by its code."""
    found = {}
    for _config, module in app_modules("services"):
        names = getattr(module, "__all__", None) or [name for name in vars(module) if not name.startswith("_")]
        for name in names:
            function = inspect.unwrap(getattr(module, name))
            if inspect.isfunction(function) and function.__module__.startswith(module.__name__):
                found[function.__code__] = f"{module.__name__}.{name}"
    return found


def test_every_service_is_exercised_by_a_scenario(world):
    services = service_functions()
    called: set[str] = set()

    def profile(frame, event, arg):
        if event == "call" and frame.f_code in services:
            called.add(services[frame.f_code])

    for label in sorted(SCENARIOS):
        for scenario in SCENARIOS[label]:
            with transaction.atomic():
                sys.setprofile(profile)
                try:
                    run_recorded(scenario, world, apps.get_model(label))
                finally:
                    sys.setprofile(None)
                transaction.set_rollback(True)

    missing = sorted(set(services.values()) - called - set(SERVICES_WITHOUT_AUDITED_WRITES))
    assert not missing, (
        "services that no scenario in tests/audit_scenarios.py calls (add a scenario, or name them in "
        f"SERVICES_WITHOUT_AUDITED_WRITES with the reason they write no audited model): {missing}"
    )
    stale = sorted(set(SERVICES_WITHOUT_AUDITED_WRITES) - set(services.values()))
    assert not stale, f"SERVICES_WITHOUT_AUDITED_WRITES names services that do not exist: {stale}"


def test_a_new_service_is_counted_until_a_scenario_calls_it(monkeypatch):
    from wegweiser.network import services as network_services

    def organisation_archive(*, actor, organisation):
        """A service written after this test: no scenario calls it yet."""

    organisation_archive.__module__ = network_services.__name__
    monkeypatch.setattr(network_services, "organisation_archive", organisation_archive, raising=False)

    assert "wegweiser.network.services.organisation_archive" in service_functions().values()
