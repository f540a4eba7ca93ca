from wegweiser.accounts.roles import Role
from wegweiser.network import services
from wegweiser.testing.matrix import UrlCase, roles

VIEWERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.CASEWORKER, Role.MUNICIPAL_MANAGER)
ADMIN = roles(Role.DISTRICT_ADMIN)
REVIEWERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)
OWN_ENTRY = roles(Role.PARTNER, Role.COURSE_PROVIDER)


def _contact(w):
    return w.obj(
        "network_contact",
        lambda w: services.contact_add(actor=w.user(Role.DISTRICT_ADMIN), organisation=w.partner, name="Anna Berg"),
    )


def _revision(w):
    return w.obj(
        "network_revision",
        lambda w: services.organisation_propose_change(
            actor=w.user(Role.PARTNER), organisation=w.partner, opening_hours="Mo 9-12"
        ),
    )


def _own_entry(w):
    return {"name": w.partner.name, "kind": w.partner.kind, "services": "Beratung", "languages": ["uk"]}


CASES = [
    UrlCase("network:organisation_list", VIEWERS),
    UrlCase("network:organisation_list", VIEWERS, label="filtered", query="kind=counselling&language=uk&q=Test"),
    UrlCase("network:organisation_detail", VIEWERS, kwargs=lambda w: {"organisation_id": w.partner.pk}),
    UrlCase("network:organisation_create", ADMIN),
    UrlCase("network:organisation_edit", ADMIN, kwargs=lambda w: {"organisation_id": w.partner.pk}),
    UrlCase("network:contact_add", ADMIN | roles(Role.PARTNER), kwargs=lambda w: {"organisation_id": w.partner.pk}),
    UrlCase(
        "network:contact_add",
        ADMIN,
        kwargs=lambda w: {"organisation_id": w.other_partner.pk},
        label="foreign",
    ),
    UrlCase(
        "network:contact_remove",
        ADMIN | roles(Role.PARTNER),
        kwargs=lambda w: {"organisation_id": w.partner.pk, "contact_id": _contact(w).pk},
        method="POST",
    ),
    UrlCase("network:own_organisation", OWN_ENTRY),
    UrlCase("network:own_organisation", OWN_ENTRY, method="POST", data=_own_entry),
    UrlCase("network:revision_list", REVIEWERS),
    UrlCase(
        "network:revision_decide",
        REVIEWERS,
        kwargs=lambda w: {"revision_id": _revision(w).pk},
        method="POST",
        data=lambda w: {"decision": "approve"},
    ),
]
