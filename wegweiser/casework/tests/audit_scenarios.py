"""For the audit coverage test (audit/registry.py): one call of casework's services per personal-data model
that writes it; every save and delete must leave an audit entry."""

from datetime import date, timedelta

from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework import services
from wegweiser.casework.models import Case, ExportFile
from wegweiser.casework.tests import world as cw
from wegweiser.core.partial_dates import PartialDate


def _actor(world):
    return world.user(Role.CASEWORKER)


def _person(world):
    return services.person_create(
        actor=_actor(world), given_names="Oleksandr", family_names="Shevchenko", municipality=world.municipality
    )


def _case(world, person=None):
    return services.case_open(actor=_actor(world), person=person or _person(world), caseworker=_actor(world))


def _sharing_consent(world, person):
    return services.consent_record(
        actor=_actor(world),
        person=person,
        purpose="share_partner",
        organisation=world.partner,
        given_on=timezone.localdate(),
        form="written",
        language="uk",
    )


def person(world):
    person = services.person_create(
        actor=_actor(world),
        given_names="Yonas",
        family_names="Kidane",
        birth_date=PartialDate(1994),
        municipality=world.municipality,
    )
    services.person_update(actor=_actor(world), person=person, expected_version=person.version, phone="0541 12345")
    merge_and_erase(world)


def family_link(world, person=None):
    relative = services.person_create(actor=_actor(world), given_names="Senait", family_names="Kidane")
    services.family_link_add(
        actor=_actor(world), person=person or _person(world), relative=relative, relation="spouse", same_household=True
    )


def qualification(world, person=None):
    q = services.qualification_add(
        actor=_actor(world), person=person or _person(world), kind="vocational", title="Elektriker", country="SY"
    )
    services.qualification_remove(actor=_actor(world), qualification=q)


def work_experience(world, person=None):
    w = services.work_experience_add(
        actor=_actor(world), person=person or _person(world), occupation="Schweißer", country="SY"
    )
    services.work_experience_remove(actor=_actor(world), experience=w)


def case(world, person=None):
    case = services.case_open(actor=_actor(world), person=person or _person(world), caseworker=_actor(world))
    services.case_update(actor=_actor(world), case=case, expected_version=case.version, status="closed")


def need(world, person=None):
    case = _case(world, person)
    for assessment in (("high", "Wohnung zu klein"), ("medium", ""), ("none", "")):
        services.needs_assess(
            actor=_actor(world), case=case, assessments={"housing": assessment}, expected_version=case.version
        )


def goal(world, person=None):
    goal = services.goal_add(actor=_actor(world), case=_case(world, person), area="language", description="B1")
    services.goal_set_status(actor=_actor(world), goal=goal, status="achieved")


def case_task(world, person=None):
    task = services.task_add(
        actor=_actor(world), case=_case(world, person), title="Antrag stellen", owner=_actor(world)
    )
    services.task_complete(actor=_actor(world), task=task)


def note(world, person=None):
    services.note_add(actor=_actor(world), case=_case(world, person), text="Erstgespräch", confidential=True)


def document(world, person=None):
    services.document_upload(
        actor=_actor(world), case=_case(world, person), kind="other", filename="a.pdf", content=b"%PDF-1.4"
    )


def appointment(world, person=None):
    appointment = services.appointment_book(
        actor=_actor(world),
        person=person or _person(world),
        caseworker=_actor(world),
        location=cw.location(world),
        starts_at=timezone.now(),
    )
    services.appointment_set_status(actor=_actor(world), appointment=appointment, status="attended")


def appointment_request(world):
    """Sent from the portal (no account), then closed by a caseworker."""
    from wegweiser.casework.models import AppointmentRequest

    reference = services.appointment_request_submit(
        topic="residence",
        preferred_days=[0],
        language="uk",
        interpreter_needed=True,
        contact_method="phone",
        phone="0541 1",
        consent=True,
    )
    request = AppointmentRequest.objects.get(reference=reference)
    services.appointment_request_close(actor=_actor(world), request=request, booked=True)
    forgotten = services.appointment_request_submit(
        topic="health", preferred_days=[1], language="ar", interpreter_needed=False, contact_method="phone",
        phone="0541 2", consent=True,
    )  # fmt: skip
    services.appointment_requests_expire(now=timezone.now() + timedelta(days=365))
    assert AppointmentRequest.objects.get(reference=forgotten).status == "expired"


def consent(world, person=None):
    consent = services.consent_record(
        actor=_actor(world),
        person=person or _person(world),
        purpose="contact_email",
        given_on=timezone.localdate(),
        form="written",
        language="de",
    )
    services.consent_withdraw(actor=_actor(world), consent=consent)


def referral(world, person=None):
    person = person or _person(world)
    _sharing_consent(world, person)
    referral = services.referral_send(actor=_actor(world), person=person, organisation=world.partner, offer_kind="kita")
    services.referral_update(actor=world.user(Role.PARTNER), referral=referral, status="accepted")


def export_file(world, person=None):
    from wegweiser.jobs.models import Job

    job = Job.objects.create(kind="casework.person_pdf", label="export", created_by=_actor(world))
    services.export_file_store(actor=_actor(world), person=person or _person(world), job=job, content=b"%PDF-1.4")


def merge_and_erase(world):
    """Merging two records, then deleting the person with everything held on them."""
    full = _person(world)
    for scenario in (family_link, qualification, work_experience, need, goal, case_task, note, document):
        scenario(world, person=full)
    other = services.person_create(actor=_actor(world), given_names="Olexandr", family_names="Shevchenko")
    case = _case(world, other)
    appointment(world, person=other)
    referral(world, person=other)
    consent(world, person=other)
    export_file(world, person=other)
    services.needs_assess(
        actor=_actor(world), case=case, assessments={"language": ("high", "")}, expected_version=case.version
    )
    services.person_merge(actor=_actor(world), survivor=full, duplicate=other)
    services.person_erase(actor=world.user(Role.DATA_PROTECTION_OFFICER), person=full)


def intake_and_retention_erasure(world):
    """Intake (the page's and the API's one way in), then the retention review's erasure of several persons."""
    first = services.person_intake(
        actor=_actor(world), given_names="Amina", family_names="Yusuf", municipality=world.municipality
    ).person
    second = services.person_intake(
        actor=_actor(world), given_names="Hassan", family_names="Yusuf", municipality=world.municipality
    ).person
    services.persons_erase(actor=world.user(Role.DATA_PROTECTION_OFFICER), person_ids=[first.pk, second.pk])


def _closed_long_ago(world):
    case = _case(world)
    services.case_update(actor=_actor(world), case=case, expected_version=case.version, status="closed")
    Case.objects.filter(pk=case.pk).update(closed_on=date(2000, 1, 1))
    return case


def case_flagged_for_retention(world, case):
    """The worker's housekeeping flags closed cases whose retention period has run out."""
    assert services.cases_flag_for_retention_by_the_worker() >= 1


case_flagged_for_retention.setup = _closed_long_ago


def _old_export(world):
    export_file(world)
    ExportFile.objects.update(created_at=timezone.now() - services.EXPORT_KEPT_FOR - timedelta(hours=1))


def export_file_expired(world, _state):
    """A readable export is deleted by the housekeeping once its download time has passed."""
    assert services.export_files_expire() >= 1


export_file_expired.setup = _old_export


def shortage_occupation(world):
    actor = world.user(Role.INTEGRATION_OFFICE)
    occupation = services.shortage_occupation_save(actor=actor, title="Pflegefachkraft", kldb_code="81302")
    services.shortage_occupation_save(actor=actor, occupation=occupation, keywords="Pflege, nurse")


SCENARIOS = {
    "casework.shortageoccupation": shortage_occupation,
    "casework.person": [person, intake_and_retention_erasure],
    "casework.familylink": family_link,
    "casework.qualification": qualification,
    "casework.workexperience": work_experience,
    "casework.case": [case, case_flagged_for_retention],
    "casework.need": need,
    "casework.goal": goal,
    "casework.casetask": case_task,
    "casework.note": note,
    "casework.document": document,
    "casework.appointment": appointment,
    "casework.appointmentrequest": appointment_request,
    "casework.consent": consent,
    "casework.referral": referral,
    "casework.exportfile": [export_file, export_file_expired],
}
