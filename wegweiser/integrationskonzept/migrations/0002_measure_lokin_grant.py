"""A measure names the LokIn grant that funds it (a nullable link to `lokin.Application`) instead of a reference
in words. The old words are resolved where they name exactly one approved grant of the measure's municipality
(by the grant's title, or "LokIn <year>" within the concept's period); words that name none stay in
`grant_note`."""

import re

import django.db.models.deletion
from django.db import migrations, models

APPROVED = "approved"
YEAR = re.compile(r"^\s*lokin\s+(\d{4})\s*$", re.IGNORECASE)


def resolve(apps, schema_editor):
    Measure = apps.get_model("integrationskonzept", "Measure")
    Application = apps.get_model("lokin", "Application")
    measures = Measure.objects.exclude(grant_note="").exclude(municipality=None)
    for measure in measures.select_related("sub_goal__goal__field_of_action__version"):
        text = measure.grant_note.strip()
        version = measure.sub_goal.goal.field_of_action.version
        grants = Application.objects.filter(
            status=APPROVED,
            municipality_id=measure.municipality_id,
            programme__year__gte=version.period_start,
            programme__year__lte=version.period_end,
        )
        year = YEAR.match(text)
        candidates = grants.filter(programme__year=int(year.group(1))) if year else grants.filter(title__iexact=text)
        found = list(candidates[:2])
        if len(found) == 1:
            measure.grant = found[0]
            measure.grant_note = ""
            measure.save(update_fields=["grant", "grant_note"])


def unresolve(apps, schema_editor):
    Measure = apps.get_model("integrationskonzept", "Measure")
    for measure in Measure.objects.exclude(grant=None).select_related("grant__programme"):
        measure.grant_note = f"LokIn {measure.grant.programme.year}"[:100]
        measure.grant = None
        measure.save(update_fields=["grant", "grant_note"])


class Migration(migrations.Migration):
    dependencies = [
        ("integrationskonzept", "0001_concept"),
        ("lokin", "0006_settlements"),
    ]

    operations = [
        migrations.RenameField(model_name="measure", old_name="lokin_grant", new_name="grant_note"),
        migrations.AlterField(
            model_name="measure",
            name="grant_note",
            field=models.CharField(blank=True, max_length=100, verbose_name="funding note"),
        ),
        migrations.AddField(
            model_name="measure",
            name="grant",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="lokin.application",
                verbose_name="LokIn grant",
            ),
        ),
        migrations.RunPython(resolve, unresolve),
    ]
