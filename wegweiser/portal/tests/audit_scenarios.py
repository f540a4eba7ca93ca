"""Each way the portal writes an information page (audited as a decision: what the district tells the public)."""

from wegweiser.accounts.roles import Role
from wegweiser.portal import services


def info_page(world):
    editor = world.user(Role.INTEGRATION_OFFICE)
    page = services.info_page_create(actor=editor, slug="ankommen", title="Ankommen", body="<p>Willkommen</p>")
    services.info_page_update(
        actor=editor, page=page, title="Ankommen", body="<p>Neu</p>", parent=None, position=1, published=True
    )
    services.info_page_translate(
        actor=editor, page=page, language="uk", title="Прибуття", body="<p>Текст</p>", source_hash="", in_review=True
    )


SCENARIOS = {"portal.infopage": info_page}
