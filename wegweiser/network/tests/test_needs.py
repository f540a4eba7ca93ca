"""Stored needs for volunteers: the coordinator's list and page with ranked candidates and their reasons, asking
a volunteer by mail with a signed link, and the volunteer's answer without an account (accept, decline, a
second answer, an expired or tampered link); every step audited, scoped to the remit, and part of a person's
lifecycle."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.casework.tests.factories import PersonFactory
from wegweiser.core.lifecycle import person_erase_others, person_export_others, person_merge_others
from wegweiser.network import answers, services
from wegweiser.network.matching import LANGUAGE_EXACT, PLACE_HOME, REASON_TEXT, TIME_OVERLAP
from wegweiser.network.models import MatchStatus, NeedStatus, VolunteerMatch, VolunteerNeed
from wegweiser.network.selectors import need_candidates_for_user
from wegweiser.territory.remit import OutsideRemit


def _volunteer(world, first_name, languages, *, municipality=None, email=True, preferred_language="", slot=None):
    volunteer = services.volunteer_create(
        actor=None,
        first_name=first_name,
        last_name="Test",
        email=f"{first_name.lower()}@example.org" if email else "",
        municipality=municipality or world.municipality,
        languages=languages,
        consent_to_contact=True,
        preferred_language=preferred_language,
    )
    services.volunteer_role_set(
        actor=None, volunteer=volunteer, kind="mentor", police_certificate_on=datetime.date.today()
    )
    if slot:
        services.availability_add(actor=None, volunteer=volunteer, weekday=slot[0], starts_at=slot[1], ends_at=slot[2])
    return volunteer


@pytest.fixture
def iryna(world):
    return _volunteer(
        world, "Iryna", ["uk", "de"], preferred_language="uk", slot=(1, datetime.time(15), datetime.time(18))
    )


@pytest.fixture
def paul(world):
    return _volunteer(world, "Paul", ["de", "en"], slot=(1, datetime.time(15), datetime.time(18)))


@pytest.fixture
def need(world):
    return services.need_create(
        actor=world.user(Role.INTEGRATION_OFFICE),
        role="mentor",
        language="uk",
        municipality=world.municipality,
        weekday=1,
        starts_at=datetime.time(15),
        ends_at=datetime.time(17),
        note="Frau K. braucht Hilfe mit Behördenbriefen",
    )


def _link(message) -> str:
    found = re.search(r"http://testserver(/network/answer/[^\s]+)", message.body)
    assert found, message.body
    return found.group(1)


def _ask(world, need, volunteer, role=Role.INTEGRATION_OFFICE):
    return services.match_propose(actor=world.user(role), need=need, volunteer=volunteer, site_url="http://testserver")


def test_a_coordinator_stores_a_need_through_the_page(world, client_as):
    client = client_as(Role.MUNICIPAL_MANAGER)
    response = client.post(
        reverse("network:need_create"),
        {
            "role": "interpreter",
            "language": "ar",
            "municipality": world.municipality.pk,
            "weekday": "2",
            "starts_at": "09:00",
            "ends_at": "11:00",
            "note": "Termin beim Jobcenter",
        },
    )
    need = VolunteerNeed.objects.get()
    assert response["Location"] == reverse("network:need_detail", kwargs={"need_id": need.pk})
    assert (need.role, need.language, need.weekday, need.status) == ("interpreter", "ar", 2, NeedStatus.OPEN)
    assert need.created_by == world.user(Role.MUNICIPAL_MANAGER)
    assert AuditEntry.objects.filter(
        object_type="network.volunteerneed", object_id=str(need.pk), action="create"
    ).exists()


def test_a_municipal_manager_stores_and_sees_needs_only_in_their_remit(world, client_as, need):
    other = services.need_create(
        actor=world.user(Role.INTEGRATION_OFFICE), role="mentor", language="ar", municipality=world.other_municipality
    )
    with pytest.raises(OutsideRemit):
        services.need_create(
            actor=world.user(Role.MUNICIPAL_MANAGER),
            role="mentor",
            language="ar",
            municipality=world.other_municipality,
        )
    client = client_as(Role.MUNICIPAL_MANAGER)
    page = client.get(reverse("network:need_list")).content.decode()
    assert reverse("network:need_detail", kwargs={"need_id": need.pk}) in page
    assert reverse("network:need_detail", kwargs={"need_id": other.pk}) not in page
    assert client.get(reverse("network:need_detail", kwargs={"need_id": other.pk})).status_code == 404
    refused = client.post(
        reverse("network:need_create"),
        {"role": "mentor", "language": "ar", "municipality": world.other_municipality.pk},
    )
    assert refused.status_code == 200  # the form offers only the remit's municipalities
    assert VolunteerNeed.objects.count() == 2


def test_the_need_list_filters_by_status_role_language_and_municipality(world, client_as, need):
    services.need_create(
        actor=world.user(Role.INTEGRATION_OFFICE),
        role="interpreter",
        language="ar",
        municipality=world.other_municipality,
    )
    client = client_as(Role.INTEGRATION_OFFICE)
    url = reverse("network:need_list")
    detail = reverse("network:need_detail", kwargs={"need_id": need.pk})
    for query, shown in [
        ("", True),
        ("status=open", True),
        ("status=matched", False),
        ("role=interpreter", False),
        ("language=uk", True),
        ("language=ar", False),
        (f"municipality={world.other_municipality.pk}", False),
        (f"municipality={world.municipality.pk}", True),
    ]:
        assert (detail in client.get(f"{url}?{query}").content.decode()) is shown, query


def test_the_need_page_ranks_the_ukrainian_speaker_first_with_the_reasons_in_words(world, client_as, need, iryna, paul):
    ranked = need_candidates_for_user(world.user(Role.INTEGRATION_OFFICE), need)
    assert [row.candidate.volunteer_id for row in ranked] == [iryna.pk, paul.pk]
    assert ranked[0].reasons == (LANGUAGE_EXACT, PLACE_HOME, TIME_OVERLAP)
    page = (
        client_as(Role.INTEGRATION_OFFICE)
        .get(reverse("network:need_detail", kwargs={"need_id": need.pk}))
        .content.decode()
    )
    assert page.index("Iryna Test") < page.index("Paul Test")
    with translation.override("de"):
        assert str(REASON_TEXT[LANGUAGE_EXACT]) in page
    assert AuditEntry.objects.filter(
        object_type="network.volunteerneed", object_id=str(need.pk), action="read"
    ).exists()


def test_asking_a_volunteer_sends_a_mail_in_their_language_with_a_link(world, client_as, need, iryna, paul):
    client = client_as(Role.INTEGRATION_OFFICE)
    response = client.post(reverse("network:match_propose", kwargs={"need_id": need.pk}), {"volunteer": iryna.pk})
    assert response.status_code == 302
    match = VolunteerMatch.objects.get()
    assert (match.volunteer, match.status, match.proposed_by) == (
        iryna,
        MatchStatus.PROPOSED,
        world.user(Role.INTEGRATION_OFFICE),
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.PROPOSED
    (message,) = mail.outbox
    assert message.to == ["iryna@example.org"]
    with translation.override("uk"):
        assert message.subject == translation.gettext("Can you help? A request from the volunteer network")
    assert message.subject != "Can you help? A request from the volunteer network"
    assert _link(message).startswith("/network/answer/uk/")
    assert "Behördenbriefen" not in message.body  # the note is for coordinators only
    # Asked once: she leaves the candidates; Paul, without a known language, is asked in German.
    assert [
        row.candidate.volunteer_id for row in need_candidates_for_user(world.user(Role.INTEGRATION_OFFICE), need)
    ] == [paul.pk]
    client.post(reverse("network:match_propose", kwargs={"need_id": need.pk}), {"volunteer": paul.pk})
    assert _link(mail.outbox[1]).startswith("/network/answer/de/")
    with translation.override("de"):
        assert mail.outbox[1].subject == translation.gettext("Can you help? A request from the volunteer network")


def test_a_volunteer_without_email_or_a_closed_need_cannot_be_asked(world, need):
    silent = _volunteer(world, "Stille", ["uk"], email=False)
    with pytest.raises(services.ValidationError):
        _ask(world, need, silent)
    services.need_close(actor=world.user(Role.INTEGRATION_OFFICE), need=need)
    with pytest.raises(services.ValidationError):
        _ask(world, need, _volunteer(world, "Olha", ["uk"]))
    assert not mail.outbox


def test_the_volunteer_accepts_by_the_link_without_an_account(world, client, need, iryna, paul):
    _ask(world, need, iryna)
    other = _ask(world, need, paul)
    link = _link(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    body = page.content.decode()
    assert '<html lang="uk"' in body
    assert "Behördenbriefen" not in body
    assert "Frau K." not in body
    with translation.override("uk"):
        assert translation.pgettext("volunteer answer", "Accept") in body
    done = client.post(link, {"answer": "accept"})
    assert done.status_code == 200
    need.refresh_from_db()
    other.refresh_from_db()
    assert need.status == NeedStatus.MATCHED
    assert other.status == MatchStatus.WITHDRAWN
    answered = VolunteerMatch.objects.get(volunteer=iryna)
    assert answered.status == MatchStatus.ACCEPTED
    assert answered.decided_at is not None
    assert AuditEntry.objects.filter(
        object_type="network.volunteermatch", object_id=str(answered.pk), action="update", actor=None
    ).exists()
    # The link works once: a second answer is refused with a page, not an error.
    again = client.post(link, {"answer": "decline"})
    assert again.status_code == 409
    answered.refresh_from_db()
    assert answered.status == MatchStatus.ACCEPTED
    assert client.get(link).status_code == 409


def test_a_declined_question_opens_the_need_again_and_the_coordinator_sees_it(world, client, client_as, need, iryna):
    _ask(world, need, iryna)
    assert client.post(_link(mail.outbox[0]), {"answer": "decline"}).status_code == 200
    need.refresh_from_db()
    assert need.status == NeedStatus.OPEN
    staff = client_as(Role.MUNICIPAL_MANAGER)
    page = staff.get(reverse("network:need_detail", kwargs={"need_id": need.pk})).content.decode()
    with translation.override("de"):
        assert str(MatchStatus.DECLINED.label) in page


def test_a_tampered_or_foreign_token_gets_a_clear_page(world, client, need, iryna):
    _ask(world, need, iryna)
    link = _link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    tampered = link.replace(token, token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    assert client.get(tampered).status_code == 404
    assert client.post(tampered, {"answer": "accept"}).status_code == 404
    assert client.get("/network/answer/uk/not-a-token/").status_code == 404
    from django.core import signing

    other_purpose = signing.dumps({"match": VolunteerMatch.objects.get().pk}, salt="something-else")
    assert client.get(f"/network/answer/uk/{other_purpose}/").status_code == 404
    assert client.get(link.replace("/uk/", "/xx/")).status_code == 404
    assert VolunteerMatch.objects.get().status == MatchStatus.PROPOSED


def test_an_expired_link_expires_the_question_and_opens_the_need_again(world, client, need, iryna, monkeypatch):
    match = _ask(world, need, iryna)
    link = _link(mail.outbox[0])
    monkeypatch.setattr(answers, "ANSWER_DAYS", -1)
    response = client.post(link, {"answer": "accept"})
    assert response.status_code == 410
    match.refresh_from_db()
    need.refresh_from_db()
    assert (match.status, need.status) == (MatchStatus.EXPIRED, NeedStatus.OPEN)


def test_an_answer_that_is_neither_accept_nor_decline_changes_nothing(world, client, need, iryna):
    match = _ask(world, need, iryna)
    assert client.post(_link(mail.outbox[0]), {"answer": "maybe"}).status_code == 400
    match.refresh_from_db()
    assert match.status == MatchStatus.PROPOSED


def test_the_coordinator_withdraws_a_question_and_closes_a_need(world, client_as, need, iryna, paul, client):
    first, second = _ask(world, need, iryna), _ask(world, need, paul)
    staff = client_as(Role.INTEGRATION_OFFICE)
    staff.post(reverse("network:match_withdraw", kwargs={"need_id": need.pk, "match_id": first.pk}))
    first.refresh_from_db()
    need.refresh_from_db()
    assert (first.status, need.status) == (MatchStatus.WITHDRAWN, NeedStatus.PROPOSED)
    staff.post(reverse("network:need_close", kwargs={"need_id": need.pk}))
    second.refresh_from_db()
    need.refresh_from_db()
    assert (second.status, need.status) == (MatchStatus.WITHDRAWN, NeedStatus.CLOSED)
    anonymous = client.__class__()
    assert anonymous.post(_link(mail.outbox[1]), {"answer": "accept"}).status_code == 409


def test_a_need_from_a_persons_page_is_part_of_their_merge_export_and_erasure(world, client_as, iryna):
    person = PersonFactory(municipality=world.municipality, preferred_language="uk")
    client = client_as(Role.MUNICIPAL_MANAGER)  # the coordinator who may also open persons' records
    form = client.get(reverse("network:need_create") + f"?person={person.pk}").content.decode()
    assert 'value="uk" selected' in form
    client.post(
        reverse("network:need_create") + f"?person={person.pk}",
        {"role": "mentor", "language": "uk", "municipality": world.municipality.pk},
    )
    need = VolunteerNeed.objects.get()
    assert need.person == person
    _ask(world, need, iryna)
    duplicate = person
    survivor = PersonFactory(municipality=world.municipality)
    person_merge_others(actor=None, survivor=survivor, duplicate=duplicate)
    need.refresh_from_db()
    assert need.person == survivor
    exported = person_export_others(survivor)["volunteer_needs"]
    assert [(entry["role"], entry["status"]) for entry in exported] == [("mentor", "proposed")]
    assert len(exported[0]["volunteers_asked"]) == 1
    assert "Iryna" not in str(exported)  # the volunteer's data is not the newcomer's
    assert person_erase_others(actor=None, person=survivor, purpose="test") >= 2
    assert not VolunteerNeed.objects.exists()
    assert not VolunteerMatch.objects.exists()
    assert AuditEntry.objects.filter(object_type="network.volunteermatch", action="delete").exists()


def test_a_person_outside_the_remit_cannot_be_tied_to_a_need(world, client_as):
    person = PersonFactory(municipality=world.other_municipality)
    response = client_as(Role.MUNICIPAL_MANAGER).get(reverse("network:need_create") + f"?person={person.pk}")
    assert response.status_code == 404
    with pytest.raises(OutsideRemit):
        services.need_create(
            actor=world.user(Role.MUNICIPAL_MANAGER),
            role="mentor",
            language="uk",
            municipality=world.municipality,
            person=person,
        )


def test_erasing_a_volunteer_takes_the_questions_to_them_along(world, need, iryna):
    _ask(world, need, iryna)
    services.volunteer_erase(actor=world.user(Role.INTEGRATION_OFFICE), volunteer=iryna)
    assert not VolunteerMatch.objects.exists()


def test_the_directory_shows_its_organisations_on_the_offline_map(world, client_as):
    from wegweiser.lagebild.charts.places import map_keys

    world.municipality.ags = sorted(map_keys())[0]
    world.municipality.save()
    body = (
        client_as(Role.INTEGRATION_OFFICE)
        .get(reverse("network:organisation_list") + "?kind=counselling")
        .content.decode()
    )
    svg = body[body.index('<figure class="directory-map">') : body.index("</figure>")]
    link = re.search(r'<a href="([^"]+)" aria-label="([^"]+)">', svg)
    assert link is not None
    target = link.group(1).replace("&amp;", "&")
    assert f"municipality={world.municipality.pk}" in target
    assert "kind=counselling" in target
    assert link.group(2).startswith(f"{world.municipality.name}: ")
    narrowed = client_as(Role.INTEGRATION_OFFICE).get(target).content.decode()
    assert world.partner.name in narrowed
    assert world.other_partner.name not in narrowed


def test_the_persons_page_links_to_a_new_need_for_coordinators_only(world, client_as):
    person = PersonFactory(municipality=world.municipality)
    link = reverse("network:need_create") + f"?person={person.pk}"
    page = reverse("casework:person_detail", kwargs={"person_id": person.pk})
    assert link in client_as(Role.MUNICIPAL_MANAGER).get(page).content.decode()
    assert link not in client_as(Role.CASEWORKER).get(page).content.decode()
