"""Every write of a model holding personal data leaves an audit entry (see wegweiser/audit/registry.py).

Each app names, in `tests/audit_scenarios.py`, a call of its services for each of its models flagged
`PERSONAL_DATA = True`. A scenario is run against the test world while two things are recorded:
- every save and delete of the scenario's model (Django's signals), each of which needs an audit entry for that
  record: `create` for a new one, `delete` for a deleted one, a change for any other save;
- every SQL statement that writes the model's table, which must run inside a transaction (a service's atomic
  block) that also writes an audit entry. This catches writes the signals do not see (`QuerySet.update`,
  `bulk_create`) and writes outside any transaction.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import connection
from django.db.models.signals import post_delete, post_save

from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.audit.registry import EXEMPT, personal_data_models
from wegweiser.core.discovery import app_modules


def collect_scenarios() -> dict[str, Callable]:
    scenarios: dict[str, Callable] = {}
    for _config, module in app_modules("tests.audit_scenarios"):
        for label, scenario in module.SCENARIOS.items():
            assert label not in scenarios, f"{label} has scenarios in two apps"
            scenarios[label] = scenario
    return scenarios


SCENARIOS = collect_scenarios()
FLAGGED = {model._meta.label_lower for model in personal_data_models()}


def test_every_personal_data_model_has_a_scenario():
    missing = sorted(FLAGGED - set(SCENARIOS))
    assert not missing, (
        f"models flagged PERSONAL_DATA without a scenario in their app's tests/audit_scenarios.py: {missing}"
    )


def test_every_scenario_names_a_personal_data_model():
    unknown = sorted(set(SCENARIOS) - FLAGGED)
    assert not unknown, f"scenarios for models not flagged PERSONAL_DATA = True: {unknown}"


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
    recording = Recording(model=model, baseline=len(connection.savepoint_ids))
    post_save.connect(recording.on_save, weak=False)
    post_delete.connect(recording.on_delete, weak=False)
    try:
        with connection.execute_wrapper(recording):
            scenario(world)
    finally:
        post_save.disconnect(recording.on_save)
        post_delete.disconnect(recording.on_delete)
    return recording


EXPECTED_ACTION = {"create": {AuditAction.CREATE}, "delete": {AuditAction.DELETE}}
CHANGES = set(AuditAction) - {AuditAction.READ, AuditAction.EXPORT}


@pytest.mark.parametrize("label", sorted(SCENARIOS))
def test_every_write_of_a_personal_data_model_leaves_an_audit_entry(world, label):
    model = apps.get_model(label)

    recording = run_recorded(SCENARIOS[label], world, model)

    assert recording.saves or recording.statements, f"the scenario for {label} writes no {label} at all"
    unaudited = [
        f"{kind} {label}#{pk}"
        for kind, pk in recording.saves
        if not any((label, pk, action) in recording.audited for action in EXPECTED_ACTION.get(kind, CHANGES))
    ]
    assert not unaudited, f"writes without an audit entry for the record: {unaudited}"
    outside = [sql for unit, sql in recording.statements if unit is None]
    assert not outside, f"writes of {label} outside a transaction (no service's atomic block): {outside}"
    silent = [sql for unit, sql in recording.statements if unit not in recording.units_with_audit]
    assert not silent, f"writes of {label} in a transaction that wrote no audit entry: {silent}"
