"""The directory: filters and pages, a partner keeping its own entry, and the district's review of public edits."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditEntry
from wegweiser.network import services
from wegweiser.network.models import Organisation, OrganisationKind, OrganisationRevision, RevisionStatus
from wegweiser.network.selectors import public_organisations


def test_the_kinds_of_the_issue_are_there():
    wanted = {
        "municipal_office",
        "welfare",
        "club",
        "migrant_organisation",
        "religious_community",
        "school",
        "kita",
        "employer",
        "jobcenter",
        "immigration_office",
        "counselling",
        "course_provider",
    }
    assert wanted <= set(OrganisationKind.values)


@pytest.fixture
def directory(world):
    admin = world.user(Role.DISTRICT_ADMIN)
    mosque = services.organisation_create(
        actor=admin,
        name="Moscheegemeinde Melle",
        kind=OrganisationKind.RELIGIOUS_COMMUNITY,
        municipality=world.municipality,
        languages=["ar", "tr"],
        municipalities_served=[world.municipality],
        services="Hausaufgabenhilfe",
        is_public=True,
    )
    club = services.organisation_create(
        actor=admin,
        name="Ukrainischer Verein",
        kind=OrganisationKind.MIGRANT_ORGANISATION,
        municipality=world.other_municipality,
        languages=["uk", "ru"],
        municipalities_served=[world.other_municipality, world.municipality],
        opening_hours="Sa 10-14",
        by_appointment_only=True,
        is_public=True,
    )
    return mosque, club


def _names(response):
    return [org.name for org in response.context["page"].object_list]


def test_the_list_filters_by_kind_municipality_language_and_words(world, client, directory):
    client.force_login(world.user(Role.CASEWORKER))
    url = reverse("network:organisation_list")
    assert _names(client.get(url, {"kind": "migrant_organisation"})) == ["Ukrainischer Verein"]
    assert _names(client.get(url, {"language": "ar"})) == ["Moscheegemeinde Melle"]
    served_in_melle = _names(client.get(url, {"municipality": world.municipality.pk}))
    assert "Ukrainischer Verein" in served_in_melle
    assert "Moscheegemeinde Melle" in served_in_melle
    assert "Moscheegemeinde Melle" not in _names(client.get(url, {"municipality": world.other_municipality.pk}))
    assert _names(client.get(url, {"q": "hausaufgaben"})) == ["Moscheegemeinde Melle"]
    page = client.get(url, {"language": "uk"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "by appointment only" in page.content.decode()


def test_the_list_comes_in_pages_that_keep_the_filter(world, client):
    admin = world.user(Role.DISTRICT_ADMIN)
    for number in range(30):
        services.organisation_create(actor=admin, name=f"Verein {number:02}", kind=OrganisationKind.CLUB)
    client.force_login(admin)
    first = client.get(reverse("network:organisation_list"), {"kind": "club"})
    assert len(first.context["page"].object_list) == 25
    assert "kind=club" in first.content.decode().split('rel="next"')[0].rsplit("href=", 1)[1]
    second = client.get(reverse("network:organisation_list"), {"kind": "club", "page": 2})
    assert _names(second) == ["Verein 25", "Verein 26", "Verein 27", "Verein 28", "Verein 29"]


def test_the_detail_page_shows_the_entry(world, client, directory):
    client.force_login(world.user(Role.MUNICIPAL_MANAGER))
    response = client.get(reverse("network:organisation_detail", args=[directory[1].pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = response.content.decode()
    assert "Sa 10-14" in text
    assert "Ukrainian" in text
    assert "by appointment only" in text


def test_public_organisations_holds_public_fields_only(world, directory):
    services.contact_add(
        actor=world.user(Role.DISTRICT_ADMIN), organisation=directory[1], name="Olena Koval", phone="0541 1"
    )
    entries = {entry.name: entry for entry in public_organisations()}
    assert set(entries) == {"Moscheegemeinde Melle", "Ukrainischer Verein"}  # the world's partners are not public
    club = entries["Ukrainischer Verein"]
    assert club.languages == ("ru", "uk")
    assert club.by_appointment_only is True
    assert club.municipalities_served == ("Bramsche", "Melle")
    assert "Olena" not in repr(club)
    assert [entry.name for entry in public_organisations(language="ar")] == ["Moscheegemeinde Melle"]


def _own_form(world, **changes):
    data = {
        "name": world.partner.name,
        "kind": world.partner.kind,
        "municipality": world.partner.municipality_id,
        "languages": [],
    }
    data.update(changes)
    return data


def test_a_partners_public_edit_waits_for_review_then_appears(world, client):
    Organisation.objects.filter(pk=world.partner.pk).update(is_public=True)
    client.force_login(world.user(Role.PARTNER))
    response = client.post(
        reverse("network:own_organisation"),
        _own_form(world, services="Beratung auf Ukrainisch", languages=["uk"], opening_hours="Mo 9-12"),
    )
    assert response.status_code == 302
    revision = OrganisationRevision.objects.get(organisation=world.partner)
    assert revision.status == RevisionStatus.PENDING
    assert set(revision.proposed) == {"services", "languages", "opening_hours"}
    public = next(entry for entry in public_organisations() if entry.id == world.partner.pk)
    assert public.services == ""
    assert public.languages == ()

    again = client.get(reverse("network:own_organisation"), HTTP_ACCEPT_LANGUAGE="en")
    assert "waiting for review" in again.content.decode()
    assert "Beratung auf Ukrainisch" in again.content.decode()  # the form shows the proposal

    client.force_login(world.user(Role.INTEGRATION_OFFICE))
    review = client.get(reverse("network:revision_list"))
    assert "Beratung auf Ukrainisch" in review.content.decode()
    client.post(reverse("network:revision_decide", args=[revision.pk]), {"decision": "approve"})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.APPROVED
    assert revision.decided_by == world.user(Role.INTEGRATION_OFFICE)
    public = next(entry for entry in public_organisations() if entry.id == world.partner.pk)
    assert public.services == "Beratung auf Ukrainisch"
    assert public.languages == ("uk",)
    assert public.opening_hours == "Mo 9-12"
    assert AuditEntry.objects.filter(object_id=str(revision.pk), action="update").exists()


def test_a_rejected_edit_stays_private_and_the_partner_reads_why(world, client):
    client.force_login(world.user(Role.PARTNER))
    client.post(reverse("network:own_organisation"), _own_form(world, name="Beratung Test e.V."))
    revision = OrganisationRevision.objects.get(organisation=world.partner)
    client.force_login(world.user(Role.DISTRICT_ADMIN))
    client.post(reverse("network:revision_decide", args=[revision.pk]), {"decision": "reject", "reason": ""})
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PENDING  # a rejection needs a reason
    client.post(
        reverse("network:revision_decide", args=[revision.pk]),
        {"decision": "reject", "reason": "Der Name im Vereinsregister lautet anders."},
    )
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.REJECTED
    world.partner.refresh_from_db()
    assert world.partner.name == "Beratung Test"
    client.force_login(world.user(Role.PARTNER))
    page = client.get(reverse("network:own_organisation")).content.decode()
    assert "Der Name im Vereinsregister lautet anders." in page


def test_a_partner_cannot_make_itself_public_or_edit_another_entry(world, client):
    client.force_login(world.user(Role.PARTNER))
    client.post(reverse("network:own_organisation"), _own_form(world, is_public="on", services="x"))
    revision = OrganisationRevision.objects.get(organisation=world.partner)
    assert "is_public" not in revision.proposed
    with pytest.raises(PermissionDenied):
        services.organisation_propose_change(
            actor=world.user(Role.PARTNER), organisation=world.other_partner, services="x"
        )
    assert not OrganisationRevision.objects.filter(organisation=world.other_partner).exists()


def test_a_newer_proposal_replaces_the_waiting_one(world, client):
    client.force_login(world.user(Role.PARTNER))
    client.post(reverse("network:own_organisation"), _own_form(world, services="eins"))
    client.post(reverse("network:own_organisation"), _own_form(world, services="zwei"))
    revisions = OrganisationRevision.objects.filter(organisation=world.partner)
    assert [r.proposed["services"] for r in revisions] == ["zwei"]


def test_staff_edits_apply_at_once_and_are_audited_by_field(world, client):
    client.force_login(world.user(Role.DISTRICT_ADMIN))
    data = _own_form(world, opening_hours="Fr 8-10", languages=["ar"], is_active="on")
    client.post(reverse("network:organisation_edit", args=[world.partner.pk]), data)
    world.partner.refresh_from_db()
    assert world.partner.opening_hours == "Fr 8-10"
    assert world.partner.language_codes == ["ar"]
    entry = AuditEntry.objects.filter(object_id=str(world.partner.pk), action="update").latest("pk")
    assert {"opening_hours", "languages"} <= set(entry.changed_fields)


def test_an_account_can_add_and_remove_its_contacts(world, client):
    client.force_login(world.user(Role.PARTNER))
    client.post(
        reverse("network:contact_add", args=[world.partner.pk]), {"name": "Olena Koval", "function": "Vorstand"}
    )
    contact = world.partner.contacts.get()
    assert contact.name == "Olena Koval"
    other = client.get(reverse("network:contact_add", args=[world.other_partner.pk]))
    assert other.status_code == 404
    client.post(reverse("network:contact_remove", args=[world.partner.pk, contact.pk]))
    assert not world.partner.contacts.exists()
