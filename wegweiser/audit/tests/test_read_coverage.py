"""Every page that shows a newcomer's personal data writes a read entry, provably.

The test walks every GET row of the role x URL matrix (testing/matrix.py) as each role allowed to open it. A
page "shows personal data" when its answer contains the name of a person or learner of the test world; such
an answer must come with at least one new `read` (or `export`) entry in the audit log. Lists that show names
to find a record, and pages whose opening is audited elsewhere, are exempt below, each with its reason: a new
page that shows names without either fails here.
"""

import pytest
from django.urls import reverse

from wegweiser.audit.models import AuditAction, AuditEntry
from wegweiser.testing.matrix import collect_cases, project_url_names
from wegweiser.testing.world import ANONYMOUS, build_world

# URL names of pages that may show names without a read entry, with the reason.
EXEMPT: dict[str, str] = {
    "casework:person_list": "a search result list to find a record; opening the record is audited",
    "casework:home": "the caseworker's own work list (names and times only); each record opened is audited",
    "casework:appointment_day": "the front desk's day list (names and times only); opening a record is audited",
    "casework:referral_list": "a list of referrals to find one; opening a referral is audited",
    "casework:data_subject_list": "the data protection officer's search for a person; the export and erasure are audited",
    "language:learner_list": "a list to find a learner; opening the learner is audited",
    "language:absence_list": "a follow-up list of names with missed sessions; opening the learner is audited",
    "audit:list": "the audit log names records by number; it is where reads are reviewed",
}

CASES = [case for case in collect_cases() if case.method == "GET" and case.name not in EXEMPT]
ROLE_CASES = [(case, who) for case in CASES for who in sorted(case.allowed) if who != ANONYMOUS]


def test_every_exemption_names_a_page_of_the_project():
    assert set(EXEMPT) <= project_url_names()


def _names_shown(world, body: str) -> list[str]:
    from wegweiser.casework.models import Person
    from wegweiser.language.models import Learner

    names = {p.family_names for p in Person.objects.all()} | {learner.last_name for learner in Learner.objects.all()}
    return sorted(name for name in names if len(name) > 3 and name in body)


@pytest.mark.parametrize(("case", "who"), ROLE_CASES, ids=[f"{case.id}-{who}" for case, who in ROLE_CASES])
def test_a_page_showing_personal_data_writes_a_read_entry(client, db, case, who):
    world = build_world()
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        url = f"{url}?{case.query}"
    client.force_login(world.user(who))
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url, case.data(world) if case.data else {})
    if response.status_code != 200 or not response.get("Content-Type", "").startswith(
        ("text/html", "application/json")
    ):
        return
    shown = _names_shown(world, response.content.decode(errors="replace"))
    if not shown:
        return
    actions = set(AuditEntry.objects.filter(pk__gt=last).values_list("action", flat=True))
    assert actions & {AuditAction.READ, AuditAction.EXPORT}, (
        f"{url} shows {shown} to {who} without a read entry in the audit log; "
        f"call audit_read in its view, or exempt it in {__name__}.EXEMPT with a reason"
    )


def test_an_offer_page_naming_its_learners_writes_a_read_entry(client, db):
    from wegweiser.accounts.roles import Role
    from wegweiser.language.tests.factories import EnrolmentFactory, LearnerFactory, OfferFactory

    world = build_world()
    offer = OfferFactory(municipality=world.municipality, provider=world.provider)
    learner = LearnerFactory(home_municipality=world.municipality)
    EnrolmentFactory(offer=offer, learner=learner)
    client.force_login(world.user(Role.CASEWORKER))
    last = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    body = client.get(reverse("language:offer_detail", kwargs={"offer_id": offer.pk})).content.decode()
    assert learner.last_name in body
    assert AuditEntry.objects.filter(pk__gt=last, action=AuditAction.READ).exists()
