"""Casework objects in the test world: a person (with case, appointment, referral, ...) in the municipal
manager's municipality and one in the other municipality, made once per world."""

from datetime import timedelta

from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework.models import Goal, Note
from wegweiser.casework.tests.factories import (
    AppointmentFactory,
    CaseFactory,
    ConsentFactory,
    LocationFactory,
    PersonFactory,
    ReferralFactory,
    ShortageOccupationFactory,
)
from wegweiser.testing.world import World


def person(world: World, *, foreign: bool = False):
    municipality = world.other_municipality if foreign else world.municipality
    return world.obj(
        f"casework.person.{foreign}",
        lambda w: PersonFactory(
            municipality=municipality,
            given_names="Oleksandr" if not foreign else "Fatima",
            family_names="Shevchenko" if not foreign else "Al-Khatib",
            given_names_original="Олександр" if not foreign else "فاطمة",
            family_names_original="Шевченко" if not foreign else "الخطيب",
            phone="+4915112345678" if not foreign else "+4915187654321",
        ),
    )


def case(world: World, *, foreign: bool = False):
    return world.obj(
        f"casework.case.{foreign}",
        lambda w: CaseFactory(person=person(w, foreign=foreign), caseworker=w.user(Role.CASEWORKER)),
    )


def goal(world: World, *, foreign: bool = False):
    return world.obj(
        f"casework.goal.{foreign}",
        lambda w: Goal.objects.create(case=case(w, foreign=foreign), area="language", description="B1 erreichen"),
    )


def task(world: World, *, foreign: bool = False):
    from wegweiser.casework.models import CaseTask

    return world.obj(
        f"casework.task.{foreign}",
        lambda w: CaseTask.objects.create(
            case=case(w, foreign=foreign), title="Kita-Platz anfragen", owner=w.user(Role.CASEWORKER)
        ),
    )


def note(world: World, *, foreign: bool = False, confidential: bool = False):
    return world.obj(
        f"casework.note.{foreign}.{confidential}",
        lambda w: Note.objects.create(
            case=case(w, foreign=foreign),
            author=w.user(Role.CASEWORKER),
            text="Vertraulich: belastende Fluchterfahrung" if confidential else "Erstgespräch geführt",
            confidential=confidential,
        ),
    )


def document(world: World, *, foreign: bool = False):
    from wegweiser.casework.models import Document

    return world.obj(
        f"casework.document.{foreign}",
        lambda w: Document.objects.create(
            case=case(w, foreign=foreign),
            kind="certificate",
            filename="zeugnis.pdf",
            content_type="application/pdf",
            size=9,
            content=b"%PDF-1.4\n",
        ),
    )


def location(world: World):
    return world.obj("casework.location", lambda w: LocationFactory(municipality=w.municipality, name="Melle Rathaus"))


def appointment(world: World, *, foreign: bool = False):
    return world.obj(
        f"casework.appointment.{foreign}",
        lambda w: AppointmentFactory(
            person=person(w, foreign=foreign),
            caseworker=w.user(Role.CASEWORKER),
            location=location(w),
            starts_at=timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=3 if foreign else 2),
            interpreter_language="uk",
        ),
    )


def consent(world: World, *, foreign: bool = False):
    return world.obj(
        f"casework.consent.{foreign}",
        lambda w: ConsentFactory(person=person(w, foreign=foreign), organisation=w.partner),
    )


def referral(world: World, *, foreign: bool = False, other_partner: bool = False):
    def make(w):
        if not other_partner:
            consent(w, foreign=foreign)
        return ReferralFactory(
            person=person(w, foreign=foreign), organisation=w.other_partner if other_partner else w.partner
        )

    return world.obj(f"casework.referral.{foreign}.{other_partner}", make)


def shortage_occupation(world: World):
    return world.obj("casework.shortage", lambda w: ShortageOccupationFactory())
