"""The database refuses a second active place on the same list and a second seat of the same kind.

`Enrolment.seat_kind` repeats the offer's kind (Deutschtreff or course) so that a partial unique index can
check "one seat per kind". Existing enrolments get it from their offer. Places that break the new rules are not
resolved here (a withdrawal is a decision with an audit entry): the migration stops and names them, to be
withdrawn in the app first.
"""

from django.db import migrations, models
from django.db.models import Count


def set_seat_kinds(apps, schema_editor):
    Enrolment = apps.get_model("language", "Enrolment")
    Enrolment.objects.filter(offer__kind="deutschtreff").update(seat_kind="deutschtreff")
    Enrolment.objects.filter(offer__isnull=False).exclude(offer__kind="deutschtreff").update(seat_kind="course")


def refuse_places_against_the_rules(apps, schema_editor):
    Enrolment = apps.get_model("language", "Enrolment")
    rules = {
        "waiting or enrolled twice for one offer": Enrolment.objects.filter(
            offer__isnull=False, status__in=["waiting", "enrolled"]
        ).values("learner_id", "offer_id"),
        "twice on the general waiting list": Enrolment.objects.filter(offer__isnull=True, status="waiting").values(
            "learner_id"
        ),
        "two seats of one kind (two courses or two Deutschtreffs)": Enrolment.objects.filter(status="enrolled").values(
            "learner_id", "seat_kind"
        ),
    }
    problems = []
    for rule, groups in rules.items():
        learners = sorted(
            {row["learner_id"] for row in groups.order_by().annotate(places=Count("id")).filter(places__gt=1)}
        )
        if learners:
            problems.append(f"{rule}: learner ids {', '.join(map(str, learners))}")
    enrolled_without_offer = list(
        Enrolment.objects.filter(offer__isnull=True, status="enrolled").values_list("pk", flat=True)
    )
    if enrolled_without_offer:
        problems.append(f"enrolled without an offer: enrolment ids {', '.join(map(str, enrolled_without_offer))}")
    if problems:
        raise RuntimeError(
            "Enrolments break the rules this migration adds; withdraw the extra places in Wegweiser first, then "
            "migrate again. " + "; ".join(problems)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("language", "0002_learner_person_link"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="seat_kind",
            field=models.CharField(
                blank=True,
                choices=[("deutschtreff", "Deutschtreff"), ("course", "course")],
                editable=False,
                max_length=20,
                verbose_name="seat kind",
            ),
        ),
        migrations.RunPython(set_seat_kinds, migrations.RunPython.noop),
        migrations.RunPython(refuse_places_against_the_rules, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("offer__isnull", False), ("status__in", ["waiting", "enrolled"])),
                fields=("learner", "offer"),
                name="language_once_active_per_offer",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("offer__isnull", True), ("status", "waiting")),
                fields=("learner",),
                name="language_once_on_general_list",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "enrolled")),
                fields=("learner", "seat_kind"),
                name="language_one_seat_per_kind",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("offer__isnull", True), ("seat_kind", "")),
                    models.Q(("offer__isnull", False), models.Q(("seat_kind", ""), _negated=True)),
                    _connector="OR",
                ),
                name="language_seat_kind_with_offer",
            ),
        ),
        migrations.AddConstraint(
            model_name="enrolment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("offer__isnull", False), models.Q(("status", "enrolled"), _negated=True), _connector="OR"
                ),
                name="language_seat_needs_offer",
            ),
        ),
    ]
