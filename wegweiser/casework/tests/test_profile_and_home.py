"""The potential profile with shortage-occupation matches and suggestions; the list kept by the district;
the caseworker's home page."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.casework.models import CaseTask, ShortageOccupation
from wegweiser.casework.selectors import shortage_matches
from wegweiser.casework.services import (
    appointment_book,
    person_update,
    qualification_add,
    task_add,
    work_experience_add,
)
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import CaseFactory, PersonFactory, ShortageOccupationFactory


def test_a_foreign_nursing_degree_matches_and_suggests_recognition_and_a_job_language_course(world):
    person = cw.person(world)
    person.languages = [{"code": "uk", "level": "native"}, {"code": "de", "level": "A2"}]
    person.save()
    occupation = ShortageOccupationFactory()
    ShortageOccupationFactory(title="Berufskraftfahrer/in", keywords="Lkw-Fahrer, truck driver")
    qualification_add(
        actor=None, person=person, kind="academic", title="Bachelor of Nursing", field="Nursing", country="UA"
    )
    matches = shortage_matches(person)
    assert [m.occupation for m in matches] == [occupation]
    assert matches[0].because == "Bachelor of Nursing"
    assert matches[0].suggestions == [
        "Recognition counselling for the foreign qualification",
        "Job-related German course (Berufssprachkurs)",
    ]


def test_work_experience_alone_matches_and_good_german_needs_no_course(world):
    person = cw.person(world)
    person.languages = [{"code": "de", "level": "C1"}]
    person.save()
    ShortageOccupationFactory(
        title="Berufskraftfahrer/in", keywords="Lkw-Fahrer, truck driver", recognition_required=False
    )
    work_experience_add(actor=None, person=person, occupation="Truck driver", years=8, country="UA")
    matches = shortage_matches(person)
    assert [m.occupation.title for m in matches] == ["Berufskraftfahrer/in"]
    assert matches[0].suggestions == []


def test_the_profile_page_shows_matches_and_saves_with_version_check(world, client_as):
    person = cw.person(world)
    ShortageOccupationFactory()
    qualification_add(actor=None, person=person, kind="vocational", title="Krankenpflege", country="UA")
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:person_profile", kwargs={"person_id": person.pk})
    assert "Pflegefachkraft" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "action": "profile",
            "driving_licence": "B",
            "skills": "Excel",
            "wishes": "Pflege",
            "schooling": "11 Jahre",
            "version": person.version,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.driving_licence == "B"
    person_update(actor=None, person=person, expected_version=person.version, skills="Excel, Word")
    response = client.post(
        url,
        {
            "action": "profile",
            "driving_licence": "C",
            "skills": "Nur Excel",
            "wishes": "",
            "schooling": "",
            "version": person.version - 1,
        },
    )
    assert "Someone else changed this record" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "qualification",
            "q-kind": "academic",
            "q-title": "Master Informatik",
            "q-country": "SY",
            "q-year": "2015",
            "q-recognition_status": "in_progress",
        },
    )
    assert person.qualifications.filter(title="Master Informatik", country="SY").exists()


def test_the_district_keeps_the_shortage_list(world, client_as):
    client = client_as(Role.INTEGRATION_OFFICE)
    response = client.post(
        reverse("casework:shortage_create"),
        {
            "title": "Erzieher/in",
            "kldb_code": "83112",
            "keywords": "Kita, educator",
            "recognition_required": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert ShortageOccupation.objects.get().recognition_required
    response = client.post(reverse("casework:shortage_create"), {"title": "Koch/Köchin", "kldb_code": "ABC"})
    assert "up to five digits" in response.content.decode()
    assert client_as(Role.CASEWORKER).post(reverse("casework:shortage_create"), {"title": "X"}).status_code == 403


def test_home_shows_my_open_cases_tasks_due_and_todays_appointments(world, client_as, django_assert_max_num_queries):
    caseworker = world.user(Role.CASEWORKER)
    for _index in range(6):
        case = CaseFactory(person=PersonFactory(municipality=world.municipality), caseworker=caseworker)
        task_add(
            actor=None,
            case=case,
            title="Bescheid prüfen",
            owner=caseworker,
            due_on=timezone.localdate() - timedelta(days=1),
        )
    CaseFactory(person=PersonFactory(municipality=world.municipality), caseworker=world.user(Role.MUNICIPAL_MANAGER))
    later = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    appointment_book(
        actor=None,
        person=cw.person(world),
        caseworker=caseworker,
        location=cw.location(world),
        starts_at=later,
        ends_at=later + timedelta(minutes=30),
    )
    client = client_as(Role.CASEWORKER)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("casework:home"))
    assert len(response.context["cases"]) == 6
    assert len(response.context["tasks"]) == 6
    assert [a.person for a in response.context["appointments"]] == [cw.person(world)]
    page = response.content.decode()
    assert "overdue" in page
    # The appointment names the person and the place (read with the row, not one query each).
    assert cw.person(world).full_name in page
    assert "Melle Rathaus" in page


def test_a_caseworker_lands_on_their_home_page(world, client_as):
    response = client_as(Role.CASEWORKER).get(reverse("core:home"))
    assert response["Location"] == reverse("casework:home")


def test_my_work_lists_come_in_pages_of_their_own(world, client_as):
    caseworker = world.user(Role.CASEWORKER)
    cases = CaseFactory.create_batch(22, person=cw.person(world), caseworker=caseworker)
    CaseTask.objects.bulk_create(
        CaseTask(case=cases[0], title=f"Aufgabe {index}", owner=caseworker, due_on=timezone.localdate())
        for index in range(25)
    )
    client = client_as(Role.CASEWORKER)
    first = client.get(reverse("casework:home"))
    assert (len(first.context["cases"]), len(first.context["tasks"])) == (20, 20)
    assert 'href="?tasks_page=2"' in first.content.decode()
    second = client.get(reverse("casework:home"), {"cases_page": "2", "tasks_page": "2"})
    assert (len(second.context["cases"]), len(second.context["tasks"])) == (2, 5)
    assert 'href="?cases_page=1&amp;tasks_page=2"' in second.content.decode()


def test_recently_registered_persons_come_in_pages(world, client_as):
    PersonFactory.create_batch(53, municipality=world.municipality)
    client = client_as(Role.CASEWORKER)
    first = client.get(reverse("casework:person_list"))
    assert len(first.context["page"].object_list) == 50
    assert 'href="?page=2"' in first.content.decode()
    assert len(client.get(reverse("casework:person_list"), {"page": 2}).context["page"].object_list) == 3


def test_both_kinds_of_profile_entries_ask_before_they_are_removed(world, client_as):
    person = cw.person(world)
    qualification_add(actor=None, person=person, kind="vocational", title="Elektriker", country="UA")
    work_experience_add(actor=None, person=person, occupation="Elektriker", country="UA")
    body = client_as(Role.CASEWORKER).get(reverse("casework:person_profile", kwargs={"person_id": person.pk}))
    removes = re.findall(r"<button[^>]*>Remove</button>", body.content.decode())
    assert len(removes) == 2
    assert all('data-confirm="Remove this entry?"' in button for button in removes)


def test_my_work_links_each_row_to_its_own_record(world, client_as):
    caseworker = world.user(Role.CASEWORKER)
    person = PersonFactory(municipality=world.municipality)
    case = CaseFactory(person=person, caseworker=caseworker)
    task = CaseTask.objects.create(case=case, title="Bescheid prüfen", owner=caseworker, due_on=timezone.localdate())
    later = timezone.localtime().replace(hour=23, minute=0, second=0, microsecond=0)
    appointment_book(
        actor=None,
        person=person,
        caseworker=caseworker,
        location=cw.location(world),
        starts_at=later,
        ends_at=later + timedelta(minutes=30),
    )
    page = client_as(Role.CASEWORKER).get(reverse("casework:home")).content.decode()
    assert f'href="{reverse("casework:case_detail", args=[case.pk])}"' in page
    assert f'action="{reverse("casework:task_done", args=[case.pk, task.pk])}"' in page
    assert f'href="{reverse("casework:person_detail", args=[person.pk])}"' in page


def test_my_work_links_keep_the_mount_point(world, client_as):
    from django.urls import set_script_prefix

    from wegweiser.casework.views.home import _link

    case = CaseFactory(person=cw.person(world), caseworker=world.user(Role.CASEWORKER))
    try:
        set_script_prefix("/wegweiser/")
        assert _link("casework:case_detail", case.pk) == reverse("casework:case_detail", args=[case.pk])
        assert _link("casework:case_detail", case.pk).startswith("/wegweiser/")
    finally:
        set_script_prefix("/")
    assert _link("casework:case_detail", case.pk) == reverse("casework:case_detail", args=[case.pk])
