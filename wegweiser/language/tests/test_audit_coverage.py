"""Every save of the language app's personal-data models has its audit entry (the app's own check of its
scenarios; the project-wide coverage test runs the same scenarios)."""

import pytest
from django.db.models.signals import post_save

from wegweiser.audit.models import AuditEntry
from wegweiser.audit.registry import personal_data_models
from wegweiser.language.tests.audit_scenarios import SCENARIOS

pytestmark = pytest.mark.django_db


def test_every_personal_data_model_of_the_app_has_a_scenario():
    flagged = {model._meta.label_lower for model in personal_data_models() if model._meta.app_label == "language"}
    assert flagged == set(SCENARIOS)


@pytest.mark.parametrize("label", sorted(SCENARIOS))
def test_every_write_is_audited(world, label):
    saved = []

    def record(sender, instance, **kwargs):
        if sender._meta.label_lower == label:
            saved.append(instance.pk)

    post_save.connect(record, weak=False)
    try:
        SCENARIOS[label](world)
    finally:
        post_save.disconnect(record)
    audited = set(AuditEntry.objects.filter(object_type=label).values_list("object_id", flat=True))
    assert saved or audited, f"the scenario for {label} wrote nothing"
    missing = {pk for pk in saved if str(pk) not in audited}
    assert not missing, f"{label}: saves without an audit entry: {missing}"


def test_models_pointing_at_personal_data_are_flagged_themselves():
    from django.apps import apps

    flagged = set(personal_data_models())
    for model in apps.get_app_config("language").get_models():
        if model in flagged:
            continue
        targets = {field.related_model for field in model._meta.fields if field.is_relation}
        assert not targets & flagged, f"{model._meta.label} points at personal data but is not flagged"
