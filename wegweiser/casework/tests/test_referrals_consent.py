"""Consent per purpose and referrals: sharing without consent is impossible in the service; a withdrawal
takes effect at once; a partner sees only the referrals sent to it, with the minimum data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from wegweiser.accounts.roles import Role
from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.casework.models import Consent, Referral, ReferralStatus
from wegweiser.casework.selectors import referrals_for_user
from wegweiser.casework.services import (
    CaseworkError,
    ConsentMissing,
    consent_record,
    consent_withdraw,
    referral_send,
    referral_update,
)
from wegweiser.casework.tests import world as cw
from wegweiser.casework.tests.factories import ConsentFactory


def test_a_referral_without_consent_is_impossible_in_the_service(world):
    person = cw.person(world)
    with pytest.raises(ConsentMissing):
        referral_send(
            actor=world.user(Role.CASEWORKER), person=person, organisation=world.partner, offer_kind="language"
        )
    # Consent for another partner does not count.
    consent_record(
        actor=None,
        person=person,
        purpose="share_partner",
        organisation=world.other_partner,
        given_on=timezone.localdate(),
        form="written",
        language="uk",
    )
    with pytest.raises(ConsentMissing):
        referral_send(actor=None, person=person, organisation=world.partner, offer_kind="language")
    assert not Referral.objects.exists()


def test_the_referral_page_offers_only_partners_with_consent_and_says_how_to_add_one(world, client_as):
    person = cw.person(world)
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:referral_create", kwargs={"person_id": person.pk})
    body = client.get(url).content.decode()
    assert "No consent to share with any partner yet." in body
    assert 'name="organisation"' not in body
    assert reverse("casework:person_consents", kwargs={"person_id": person.pk}) in body
    ConsentFactory(person=person, organisation=world.other_partner)
    response = client.get(url)
    assert list(response.context["form"].fields["organisation"].queryset) == [world.other_partner]
    assert "Only the partners the person has agreed to share with are listed." in response.content.decode()
    refused = client.post(url, {"organisation": world.partner.pk, "offer_kind": "recognition", "message": ""})
    assert "Select a valid choice" in refused.content.decode()
    assert not Referral.objects.exists()


def test_consent_is_recorded_per_purpose_with_date_form_and_language(world, client_as):
    person = cw.person(world)
    client = client_as(Role.CASEWORKER)
    url = reverse("casework:person_consents", kwargs={"person_id": person.pk})
    response = client.post(
        url,
        {"purpose": "share_partner", "given_on": timezone.localdate().isoformat(), "form": "written", "language": "uk"},
    )
    assert "Name the partner organisation" in response.content.decode()
    client.post(
        url,
        {
            "purpose": "share_partner",
            "organisation": world.partner.pk,
            "given_on": timezone.localdate().isoformat(),
            "form": "written",
            "language": "uk",
        },
    )
    client.post(
        url,
        {
            "purpose": "contact_sms",
            "organisation": world.partner.pk,
            "given_on": timezone.localdate().isoformat(),
            "form": "oral",
            "language": "uk",
        },
    )
    consents = {c.purpose: c for c in Consent.objects.filter(person=person)}
    assert consents["share_partner"].organisation == world.partner
    assert consents["contact_sms"].organisation is None  # only sharing names a partner
    assert consents["contact_sms"].form == "oral"
    assert consents["share_partner"].language == "uk"


def test_opening_the_consents_page_is_audited_as_a_read(world, client_as):
    person = cw.person(world)
    cw.consent(world)
    response = client_as(Role.MUNICIPAL_MANAGER).get(
        reverse("casework:person_consents", kwargs={"person_id": person.pk})
    )
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action=AuditAction.READ)
    assert (entry.object_type, entry.object_id, entry.summary) == ("casework.person", str(person.pk), "consents")
    assert entry.actor == world.user(Role.MUNICIPAL_MANAGER)
    assert entry.municipality_id == world.municipality.pk


def test_a_future_consent_date_is_refused(world):
    with pytest.raises(CaseworkError):
        consent_record(
            actor=None,
            person=cw.person(world),
            purpose="case_work",
            given_on=timezone.localdate().replace(year=timezone.localdate().year + 1),
            form="written",
            language="uk",
        )


def test_a_partner_sees_its_referrals_with_minimum_data_and_answers_them(world, client_as):
    referral = cw.referral(world)
    cw.referral(world, other_partner=True)
    person = referral.person
    person.residence_status = "asylum_procedure"
    person.save()
    client = client_as(Role.PARTNER)
    listing = client.get(reverse("casework:referral_list"))
    assert [row["id"] for row in listing.context["rows"]] == [referral.pk]
    page = client.get(reverse("casework:referral_detail", kwargs={"referral_id": referral.pk}))
    body = page.content.decode()
    assert person.family_names in body
    assert "Asylum procedure" not in body  # residence status is none of the partner's business
    assert reverse("casework:person_detail", kwargs={"person_id": person.pk}) not in body
    assert AuditEntry.objects.filter(
        action=AuditAction.READ, object_type="casework.referral", actor=world.user(Role.PARTNER)
    ).exists()
    response = client.post(
        reverse("casework:referral_detail", kwargs={"referral_id": referral.pk}),
        {"status": "accepted", "feedback": "Platz im Kurs ab März."},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    assert referral.feedback == "Platz im Kurs ab März."


def test_a_partner_cannot_answer_with_the_status_sent(world, client_as):
    referral = cw.referral(world)
    client = client_as(Role.PARTNER)
    url = reverse("casework:referral_detail", kwargs={"referral_id": referral.pk})
    assert 'value="sent"' not in client.get(url).content.decode()
    response = client.post(url, {"status": "sent", "feedback": "gelesen"})
    assert response.status_code == 200
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT
    assert referral.feedback != "gelesen"


def test_withdrawing_the_consent_hides_the_referral_from_the_partner_at_once(world, client_as):
    referral = cw.referral(world)
    partner = world.user(Role.PARTNER)
    assert list(referrals_for_user(partner)) == [referral]
    consent_withdraw(actor=world.user(Role.CASEWORKER), consent=cw.consent(world))
    assert list(referrals_for_user(partner)) == []
    response = client_as(Role.PARTNER).get(reverse("casework:referral_detail", kwargs={"referral_id": referral.pk}))
    assert response.status_code == 404
    with pytest.raises(ConsentMissing):
        referral_update(actor=partner, referral=referral, status="accepted")
    # The caseworkers still see it.
    assert list(referrals_for_user(world.user(Role.CASEWORKER))) == [referral]


def test_withdrawal_through_the_page(world, client_as):
    consent = cw.consent(world)
    response = client_as(Role.CASEWORKER).post(
        reverse("casework:consent_withdraw", kwargs={"person_id": consent.person_id, "consent_id": consent.pk})
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


def test_referral_status_moves_forward_only(world):
    referral = cw.referral(world)
    partner = world.user(Role.PARTNER)
    referral_update(actor=partner, referral=referral, status="done", feedback="Erledigt")
    with pytest.raises(CaseworkError, match="cannot become"):
        referral_update(actor=partner, referral=referral, status="accepted")


def test_a_partner_cannot_answer_for_another_organisation(world):
    referral = cw.referral(world, other_partner=True)
    cw.consent(world)
    with pytest.raises(CaseworkError):
        referral_update(actor=world.user(Role.PARTNER), referral=referral, status="accepted")


def test_sending_a_referral_through_the_page_is_audited_as_sharing(world, client_as):
    person = cw.person(world)
    cw.case(world)
    cw.consent(world)
    response = client_as(Role.CASEWORKER).post(
        reverse("casework:referral_create", kwargs={"person_id": person.pk}),
        {"organisation": world.partner.pk, "offer_kind": "language", "message": "Sucht Kurs am Vormittag"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.case == cw.case(world)
    share = AuditEntry.objects.get(action=AuditAction.SHARE, object_type="casework.person")
    assert share.object_id == str(person.pk)
    assert share.summary == f"referral #{referral.pk} to organisation #{world.partner.pk}"


def test_the_referral_list_needs_few_queries(world, client_as, django_assert_max_num_queries):
    cw.consent(world)
    for _index in range(12):
        referral_send(actor=None, person=cw.person(world), organisation=world.partner, offer_kind="kita")
    for role, limit, shown in ((Role.PARTNER, 8, "Oleksandr S."), (Role.CASEWORKER, 8, "Shevchenko")):
        client = client_as(role)
        with django_assert_max_num_queries(limit):
            response = client.get(reverse("casework:referral_list"))
        assert response.content.decode().count(shown) == 12


def test_a_partner_list_shows_no_contact_and_the_detail_only_while_the_referral_is_open(world, client_as):
    referral = cw.referral(world)
    person = referral.person
    person.email = "o.shevchenko@example.org"
    person.save()
    client = client_as(Role.PARTNER)
    listing = client.get(reverse("casework:referral_list")).content.decode()
    assert "Oleksandr S." in listing
    for private in ("Shevchenko", "01511 2345678", "o.shevchenko@example.org"):
        assert private not in listing
    assert not AuditEntry.objects.filter(action=AuditAction.READ).exists()
    url = reverse("casework:referral_detail", kwargs={"referral_id": referral.pk})
    assert "o.shevchenko@example.org" in client.get(url).content.decode()
    referral_update(actor=world.user(Role.PARTNER), referral=referral, status="done", feedback="Kurs begonnen")
    detail = client.get(url).content.decode()
    assert "o.shevchenko@example.org" not in detail
    assert "Shown only while the referral is sent or accepted." in detail
    assert AuditEntry.objects.filter(action=AuditAction.READ, object_type="casework.referral").count() == 2
