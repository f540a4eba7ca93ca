"""Every save and delete of a casework personal-data model, in every scenario, has its audit entry
(the same check the project's audit coverage test makes, run here for casework alone)."""

import pytest
from django.apps import apps
from django.db.models.signals import post_delete, post_save

from wegweiser.audit.models import AuditEntry
from wegweiser.audit.registry import personal_data_models
from wegweiser.casework.tests.audit_scenarios import SCENARIOS


def test_every_casework_personal_data_model_has_a_scenario():
    flagged = {m._meta.label_lower for m in personal_data_models() if m._meta.app_label == "casework"}
    assert flagged == set(SCENARIOS)


@pytest.mark.parametrize("label", sorted(SCENARIOS))
def test_every_write_of_personal_data_is_audited(world, label):
    models = [m for m in apps.get_app_config("casework").get_models() if getattr(m, "PERSONAL_DATA", False)]
    writes: list[tuple[str, str, str]] = []

    def saved(sender, instance, **kwargs):
        writes.append(("save", sender._meta.label_lower, str(instance.pk)))

    def deleted(sender, instance, **kwargs):
        writes.append(("delete", sender._meta.label_lower, str(instance.pk)))

    for model in models:
        post_save.connect(saved, sender=model, weak=False)
        post_delete.connect(deleted, sender=model, weak=False)
    try:
        SCENARIOS[label](world)
    finally:
        for model in models:
            post_save.disconnect(saved, sender=model)
            post_delete.disconnect(deleted, sender=model)
    assert any(kind == "save" and model == label for kind, model, _pk in writes)
    audited = set(AuditEntry.objects.values_list("object_type", "object_id"))
    missing = [write for write in writes if (write[1], write[2]) not in audited]
    assert not missing, f"writes without an audit entry: {missing}"
