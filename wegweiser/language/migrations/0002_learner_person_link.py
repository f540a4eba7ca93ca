"""A learner's link to the Migrationszentrum becomes a foreign key to casework.Person.

`person_ref` held the person's id as a plain number. It is copied into `person` where that person still
exists (a record merged into another leads to the surviving record); numbers of persons that no longer exist
are dropped. Where two learners named the same person, the older learner keeps the link, so that the new
constraint (one learner per person) holds.
"""

import django.db.models.deletion
from django.db import migrations, models

# Longest chain of merged records followed to the surviving one (a merge never points at a merged record, so
# one step suffices; the bound guards against a loop in hand-edited data).
MAX_MERGE_STEPS = 10


def copy_person_ref_to_person(apps, schema_editor):
    Learner = apps.get_model("language", "Learner")
    Person = apps.get_model("casework", "Person")
    refs = set(Learner.objects.filter(person_ref__isnull=False).values_list("person_ref", flat=True))
    merged_into = dict(Person.objects.filter(pk__in=refs).values_list("pk", "merged_into_id"))
    linked: set[int] = set()
    for learner_id, ref in (
        Learner.objects.filter(person_ref__isnull=False).order_by("pk").values_list("pk", "person_ref")
    ):
        if ref not in merged_into:
            continue
        person_id = ref
        for _step in range(MAX_MERGE_STEPS):
            survivor = merged_into.get(person_id)
            if survivor is None:
                break
            if survivor not in merged_into:
                merged_into.update(Person.objects.filter(pk=survivor).values_list("pk", "merged_into_id"))
            person_id = survivor
        if person_id in linked:
            continue
        linked.add(person_id)
        Learner.objects.filter(pk=learner_id).update(person_id=person_id)


def copy_person_to_person_ref(apps, schema_editor):
    Learner = apps.get_model("language", "Learner")
    for learner_id, person_id in Learner.objects.filter(person__isnull=False).values_list("pk", "person_id"):
        Learner.objects.filter(pk=learner_id).update(person_ref=person_id)


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0002_person_name_search_index"),
        ("language", "0001_offers_learners_enrolments_placement"),
    ]

    operations = [
        migrations.AddField(
            model_name="learner",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="learners",
                to="casework.person",
                verbose_name="person record (Migrationszentrum)",
            ),
        ),
        migrations.RunPython(copy_person_ref_to_person, copy_person_to_person_ref),
        migrations.RemoveField(model_name="learner", name="person_ref"),
        migrations.AddConstraint(
            model_name="learner",
            constraint=models.UniqueConstraint(
                condition=models.Q(("person__isnull", False)),
                fields=("person",),
                name="language_one_learner_per_person",
            ),
        ),
    ]
