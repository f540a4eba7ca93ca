"""The minutes as PDF: typed text is printed, never interpreted; a draft says so; readers download it."""

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.meetings import documents, selectors, services
from wegweiser.meetings.tests.factories import held_meeting

pytestmark = pytest.mark.django_db


def test_the_minutes_are_typeset_with_typed_markup_kept_as_text(world):
    meeting = held_meeting(world)
    item = meeting.items.get(position=2)
    services.minutes_write(actor="test", item=item, minutes='#panic("x") $a$ *fett* "Zitat"')
    source = documents.minutes_typst(selectors.meeting_page(world.user(Role.INTEGRATION_OFFICE), meeting.pk))
    assert '#"#panic(\\"x\\") $a$ *fett* \\"Zitat\\""' in source
    assert "Entwurf" in source
    assert "dafür 9, dagegen 1, Enthaltungen –" in source
    pdf = documents.typst_compile(source)
    assert pdf.startswith(b"%PDF")


def test_a_member_downloads_the_approved_minutes(client_as, world):
    meeting = held_meeting(world)
    services.minutes_approve(actor="test", meeting=meeting)
    source = documents.minutes_typst(selectors.meeting_page(world.user(Role.PARTNER), meeting.pk))
    assert "Entwurf" not in source
    response = client_as(Role.PARTNER).get(reverse("meetings:minutes_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
