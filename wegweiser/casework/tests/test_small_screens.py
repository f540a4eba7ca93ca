"""The case page on a 360 px phone screen: nothing sticks out sideways."""

import pytest

from wegweiser.accounts.roles import Role
from wegweiser.casework.services import document_upload, note_add
from wegweiser.casework.tests import world as cw
from wegweiser.testing.world import build_world

PASSWORD = "correct horse battery staple"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_the_case_page_fits_a_360_px_screen(page, journey):
    world = build_world()
    case = cw.case(world)
    cw.goal(world)
    cw.task(world)
    cw.appointment(world)
    note_add(actor=world.user(Role.CASEWORKER), case=case, text="Rückruf " * 40)
    document_upload(
        actor=None,
        case=case,
        kind="certificate",
        filename="Anerkennungsbescheid_Pflegefachkraft_Landesamt_Niedersachsen_2024.pdf",
        content=b"%PDF-1.4 Bescheid",
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/accounts/login/")
    page.fill('input[name="username"]', world.user(Role.CASEWORKER).username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('main button[type="submit"]')
    page.wait_for_url("**/casework/my-work/")
    page.goto(f"/casework/cases/{case.pk}/")
    journey.snap("case-360px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
