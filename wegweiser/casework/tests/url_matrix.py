"""Every casework URL as data: who may open it, with rows for objects of the other municipality ("foreign")
that only district-wide roles may open, and for a referral sent to another partner organisation."""

from wegweiser.accounts.roles import Role
from wegweiser.casework.tests import world as cw
from wegweiser.testing.matrix import UrlCase, roles

CW = Role.CASEWORKER
MM = Role.MUNICIPAL_MANAGER
STAFF_WORK = roles(CW, MM)
DISTRICT_WORK = roles(CW)
DPO = roles(Role.DATA_PROTECTION_OFFICER)
SHORTAGE_MANAGERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)


def _person(foreign):
    return lambda w: {"person_id": cw.person(w, foreign=foreign).pk}


def _case(foreign):
    return lambda w: {"case_id": cw.case(w, foreign=foreign).pk}


def _export_file(w):
    from wegweiser.casework.models import ExportFile
    from wegweiser.jobs.models import Job

    person = cw.person(w)
    job = Job.objects.create(kind="casework.person_pdf", label="export", created_by=w.user(CW))
    ExportFile.objects.create(person=person, job=job, content=b"%PDF-1.4")
    return {"person_id": person.pk, "job_id": job.pk}


def _document_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return {"kind": "certificate", "file": SimpleUploadedFile("zeugnis.pdf", b"%PDF-1.4 Zeugnis")}


def _person_cases(name, allowed_own, allowed_foreign, method="GET", data=None):
    return [
        UrlCase(name, allowed_own, kwargs=_person(False), method=method, data=data),
        UrlCase(name, allowed_foreign, kwargs=_person(True), method=method, data=data, label="foreign"),
    ]


def _case_cases(name, allowed_own, allowed_foreign, method="GET", data=None, extra=None):
    def kwargs(foreign):
        def make(w):
            values = {"case_id": cw.case(w, foreign=foreign).pk}
            if extra:
                values.update(extra(w, foreign))
            return values

        return make

    return [
        UrlCase(name, allowed_own, kwargs=kwargs(False), method=method, data=data),
        UrlCase(name, allowed_foreign, kwargs=kwargs(True), method=method, data=data, label="foreign"),
    ]


CASES = [
    UrlCase("casework:home", STAFF_WORK),
    UrlCase("casework:person_list", STAFF_WORK),
    UrlCase("casework:person_list", STAFF_WORK, query="q=Shevchenko&birth=1990", label="search"),
    UrlCase("casework:person_create", STAFF_WORK),
    *_person_cases("casework:person_detail", STAFF_WORK, DISTRICT_WORK),
    *_person_cases("casework:person_edit", STAFF_WORK, DISTRICT_WORK),
    *_person_cases("casework:person_merge", DISTRICT_WORK, DISTRICT_WORK),
    *_person_cases("casework:person_profile", STAFF_WORK, DISTRICT_WORK),
    *_person_cases("casework:person_family", STAFF_WORK, DISTRICT_WORK, method="POST"),
    *_person_cases("casework:person_consents", STAFF_WORK, DISTRICT_WORK),
    UrlCase(
        "casework:consent_withdraw",
        STAFF_WORK,
        kwargs=lambda w: {"person_id": cw.person(w).pk, "consent_id": cw.consent(w).pk},
        method="POST",
    ),
    UrlCase(
        "casework:consent_withdraw",
        DISTRICT_WORK,
        kwargs=lambda w: {"person_id": cw.person(w, foreign=True).pk, "consent_id": cw.consent(w, foreign=True).pk},
        method="POST",
        label="foreign",
    ),
    *_person_cases("casework:case_open", STAFF_WORK, DISTRICT_WORK),
    *_person_cases("casework:appointment_create", STAFF_WORK, DISTRICT_WORK),
    *_person_cases("casework:referral_create", STAFF_WORK, DISTRICT_WORK),
    *_person_cases(
        "casework:person_export_json", roles(CW, Role.DATA_PROTECTION_OFFICER), roles(CW, Role.DATA_PROTECTION_OFFICER)
    ),
    *_person_cases(
        "casework:person_export_pdf",
        roles(CW, Role.DATA_PROTECTION_OFFICER),
        roles(CW, Role.DATA_PROTECTION_OFFICER),
        method="POST",
    ),
    # The PDF is handed only to the user whose job made it (here the caseworker).
    UrlCase("casework:person_export_pdf_download", DISTRICT_WORK, kwargs=_export_file),
    *_person_cases("casework:person_erase", DPO, DPO),
    UrlCase("casework:data_subject_list", DPO),
    UrlCase("casework:data_subject_list", DPO, query="q=Shevchenko", label="search"),
    UrlCase("casework:retention_review", DPO),
    *_case_cases("casework:case_detail", STAFF_WORK, DISTRICT_WORK),
    *_case_cases("casework:case_edit", STAFF_WORK, DISTRICT_WORK),
    *_case_cases("casework:case_needs", STAFF_WORK, DISTRICT_WORK),
    *_case_cases(
        "casework:case_goal_add",
        STAFF_WORK,
        DISTRICT_WORK,
        method="POST",
        data=lambda w: {"area": "work", "description": "Anerkennung als Pflegefachkraft"},
    ),
    *_case_cases(
        "casework:goal_status",
        STAFF_WORK,
        DISTRICT_WORK,
        method="POST",
        data=lambda w: {"status": "achieved"},
        extra=lambda w, foreign: {"goal_id": cw.goal(w, foreign=foreign).pk},
    ),
    *_case_cases(
        "casework:case_task_add",
        STAFF_WORK,
        DISTRICT_WORK,
        method="POST",
        data=lambda w: {"title": "Zeugnisse übersetzen lassen", "owner": w.user(CW).pk},
    ),
    *_case_cases(
        "casework:task_done",
        STAFF_WORK,
        DISTRICT_WORK,
        method="POST",
        extra=lambda w, foreign: {"task_id": cw.task(w, foreign=foreign).pk},
    ),
    *_case_cases(
        "casework:case_note_add", STAFF_WORK, DISTRICT_WORK, method="POST", data=lambda w: {"text": "Erstgespräch"}
    ),
    *_case_cases(
        "casework:case_document_upload", STAFF_WORK, DISTRICT_WORK, method="POST", data=lambda w: _document_upload()
    ),
    *_case_cases(
        "casework:document_download",
        STAFF_WORK,
        DISTRICT_WORK,
        extra=lambda w, foreign: {"document_id": cw.document(w, foreign=foreign).pk},
    ),
    UrlCase("casework:appointment_day", STAFF_WORK),
    UrlCase(
        "casework:appointment_status",
        STAFF_WORK,
        kwargs=lambda w: {"appointment_id": cw.appointment(w).pk},
        method="POST",
        data=lambda w: {"status": "attended"},
    ),
    UrlCase(
        "casework:appointment_status",
        DISTRICT_WORK,
        kwargs=lambda w: {"appointment_id": cw.appointment(w, foreign=True).pk},
        method="POST",
        data=lambda w: {"status": "attended"},
        label="foreign",
    ),
    # Without the person's consent the reminder is refused with a message (a redirect back to the day).
    UrlCase(
        "casework:appointment_remind",
        STAFF_WORK,
        kwargs=lambda w: {"appointment_id": cw.appointment(w).pk},
        method="POST",
    ),
    UrlCase(
        "casework:appointment_remind",
        DISTRICT_WORK,
        kwargs=lambda w: {"appointment_id": cw.appointment(w, foreign=True).pk},
        method="POST",
        label="foreign",
    ),
    UrlCase("casework:appointment_ical", STAFF_WORK),
    UrlCase("casework:referral_list", roles(CW, MM, Role.PARTNER)),
    UrlCase(
        "casework:referral_detail", roles(CW, MM, Role.PARTNER), kwargs=lambda w: {"referral_id": cw.referral(w).pk}
    ),
    # A partner sees referrals to it from every municipality; the municipal manager does not.
    UrlCase(
        "casework:referral_detail",
        roles(CW, Role.PARTNER),
        kwargs=lambda w: {"referral_id": cw.referral(w, foreign=True).pk},
        label="foreign",
    ),
    UrlCase(
        "casework:referral_detail",
        roles(CW, MM),
        kwargs=lambda w: {"referral_id": cw.referral(w, other_partner=True).pk},
        label="other_partner",
    ),
    UrlCase("casework:shortage_list", roles(CW, MM, *SHORTAGE_MANAGERS)),
    UrlCase("casework:shortage_create", SHORTAGE_MANAGERS),
    UrlCase(
        "casework:shortage_edit", SHORTAGE_MANAGERS, kwargs=lambda w: {"occupation_id": cw.shortage_occupation(w).pk}
    ),
    UrlCase("api:casework_persons", STAFF_WORK, query="q=Shevchenko"),
    UrlCase("api:casework_person_duplicates", STAFF_WORK, query="given_names=Oleksandr&family_names=Schewtschenko"),
    UrlCase("api:casework_person", STAFF_WORK, kwargs=_person(False)),
    UrlCase("api:casework_person", DISTRICT_WORK, kwargs=_person(True), label="foreign"),
    UrlCase("api:casework_case", STAFF_WORK, kwargs=_case(False)),
    UrlCase("api:casework_case", DISTRICT_WORK, kwargs=_case(True), label="foreign"),
    UrlCase("api:casework_appointments", STAFF_WORK),
    UrlCase("api:casework_referrals", roles(CW, MM, Role.PARTNER)),
    UrlCase("api:casework_referral", roles(CW, MM, Role.PARTNER), kwargs=lambda w: {"referral_id": cw.referral(w).pk}),
    UrlCase(
        "api:casework_referral",
        roles(CW, Role.PARTNER),
        kwargs=lambda w: {"referral_id": cw.referral(w, foreign=True).pk},
        label="foreign",
    ),
    UrlCase(
        "api:casework_referral",
        roles(CW, MM),
        kwargs=lambda w: {"referral_id": cw.referral(w, other_partner=True).pk},
        label="other_partner",
    ),
    UrlCase("api:casework_aggregates", roles(CW, MM, Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)),
    # Requests from the portal: a request for the own municipality, and one for another (district-wide only).
    UrlCase(
        "casework:appointment_request_close",
        STAFF_WORK,
        kwargs=lambda w: {"request_id": _appointment_request(w).pk},
        method="POST",
        data=lambda w: {"outcome": "booked"},
    ),
    UrlCase(
        "casework:appointment_request_close",
        DISTRICT_WORK,
        kwargs=lambda w: {"request_id": _appointment_request(w, foreign=True).pk},
        method="POST",
        label="foreign",
    ),
]


def _appointment_request(world, *, foreign=False):
    from wegweiser.casework.models import AppointmentRequest
    from wegweiser.casework.services import appointment_request_submit

    municipality = world.other_municipality if foreign else world.municipality
    reference = appointment_request_submit(
        topic="residence",
        preferred_days=[1],
        language="uk",
        interpreter_needed=True,
        contact_method="phone",
        phone="0541 1",
        municipality_id=municipality.pk,
        consent=True,
    )
    return AppointmentRequest.objects.get(reference=reference)
