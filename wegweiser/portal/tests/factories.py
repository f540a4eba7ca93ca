import factory

from wegweiser.portal import services


class InfoPageFactory(factory.Factory):
    """A page with its German text, created through the service (as staff would)."""

    class Meta:
        model = dict

    slug = factory.Sequence(lambda n: f"seite-{n}")
    title = factory.Sequence(lambda n: f"Seite {n}")
    body = "<p>Willkommen im Landkreis.</p>"
    parent = None
    position = 0

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.info_page_create(actor="test", **kwargs)


def appointment_request(**overrides) -> str:
    from wegweiser.casework.services import appointment_request_submit

    values = {
        "topic": "residence",
        "preferred_days": [0, 2],
        "language": "uk",
        "interpreter_needed": True,
        "contact_method": "phone",
        "name": "Olena Kovalenko",
        "phone": "0541 123456",
        "consent": True,
    } | overrides
    return appointment_request_submit(**values)
