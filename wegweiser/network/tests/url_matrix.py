from wegweiser.accounts.roles import Role
from wegweiser.network import services
from wegweiser.network.answers import answer_token
from wegweiser.testing.matrix import EVERYONE, UrlCase, roles

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

COORDINATORS = roles(Role.INTEGRATION_OFFICE, Role.MUNICIPAL_MANAGER)
DISTRICT_COORDINATORS = roles(Role.INTEGRATION_OFFICE)


def _volunteer(w, *, foreign=False):
    municipality = w.other_municipality if foreign else w.municipality
    return w.obj(
        f"network_volunteer_{foreign}",
        lambda w: services.volunteer_create(
            actor=None, first_name="Iryna", last_name="Bondar", municipality=municipality, languages=["uk"]
        ),
    )


def _volunteer_kwargs(w):
    return {"volunteer_id": _volunteer(w).pk}


def _foreign_kwargs(w):
    return {"volunteer_id": _volunteer(w, foreign=True).pk}


def _volunteer_form(w):
    return {"first_name": "Iryna", "last_name": "Bondar", "municipality": w.municipality.pk, "travel_km": 5}


CASES += [
    UrlCase("network:volunteer_list", COORDINATORS),
    UrlCase("network:volunteer_match", COORDINATORS),
    UrlCase(
        "network:volunteer_match",
        COORDINATORS,
        label="search",
        query="role=mentor&language=uk&municipality=1&weekday=1&starts_at=15:00&ends_at=17:00",
    ),
    UrlCase("network:volunteer_create", COORDINATORS),
    UrlCase("network:volunteer_create", COORDINATORS, method="POST", data=_volunteer_form),
    UrlCase("network:volunteer_detail", COORDINATORS, kwargs=_volunteer_kwargs),
    UrlCase("network:volunteer_detail", DISTRICT_COORDINATORS, kwargs=_foreign_kwargs, label="foreign"),
    UrlCase("network:volunteer_edit", COORDINATORS, kwargs=_volunteer_kwargs),
    UrlCase("network:volunteer_edit", DISTRICT_COORDINATORS, kwargs=_foreign_kwargs, label="foreign"),
    UrlCase(
        "network:volunteer_role_set",
        COORDINATORS,
        kwargs=_volunteer_kwargs,
        method="POST",
        data=lambda w: {"kind": "interpreter"},
    ),
    UrlCase(
        "network:availability_add",
        COORDINATORS,
        kwargs=_volunteer_kwargs,
        method="POST",
        data=lambda w: {"weekday": 2, "starts_at": "15:00", "ends_at": "17:00"},
    ),
    UrlCase(
        "network:hours_add",
        COORDINATORS,
        kwargs=_volunteer_kwargs,
        method="POST",
        data=lambda w: {"role": "mentor", "day": "2026-11-02", "minutes": 90},
    ),
    UrlCase("network:volunteer_export", COORDINATORS, kwargs=_volunteer_kwargs),
    UrlCase("network:volunteer_export", DISTRICT_COORDINATORS, kwargs=_foreign_kwargs, label="foreign"),
    UrlCase("network:volunteer_erase", COORDINATORS, kwargs=_volunteer_kwargs, method="POST"),
    UrlCase("network:volunteer_erase", DISTRICT_COORDINATORS, kwargs=_foreign_kwargs, method="POST", label="foreign"),
]


def _need(w, *, foreign=False):
    municipality = w.other_municipality if foreign else w.municipality
    return w.obj(
        f"network_need_{foreign}",
        lambda w: services.need_create(
            actor=w.user(Role.INTEGRATION_OFFICE), role="mentor", language="uk", municipality=municipality
        ),
    )


def _match(w):
    def make(w):
        volunteer = services.volunteer_create(
            actor=None,
            first_name="Olena",
            last_name="Koval",
            email="olena@example.org",
            municipality=w.municipality,
            languages=["uk"],
            consent_to_contact=True,
        )
        return services.match_propose(
            actor=w.user(Role.INTEGRATION_OFFICE), need=_need(w), volunteer=volunteer, site_url="http://testserver"
        )

    return w.obj("network_match", make)


def _answer_kwargs(w):
    return {"lang": "uk", "token": answer_token(_match(w).pk)}


CASES += [
    UrlCase("network:need_list", COORDINATORS),
    UrlCase("network:need_list", COORDINATORS, label="filtered", query="status=open&role=mentor&language=uk"),
    UrlCase("network:need_create", COORDINATORS),
    UrlCase(
        "network:need_create",
        COORDINATORS,
        method="POST",
        data=lambda w: {"role": "interpreter", "language": "ar", "municipality": w.municipality.pk},
    ),
    UrlCase("network:need_detail", COORDINATORS, kwargs=lambda w: {"need_id": _need(w).pk}),
    UrlCase(
        "network:need_detail",
        DISTRICT_COORDINATORS,
        kwargs=lambda w: {"need_id": _need(w, foreign=True).pk},
        label="foreign",
    ),
    UrlCase(
        "network:match_propose",
        COORDINATORS,
        kwargs=lambda w: {"need_id": _need(w).pk},
        method="POST",
        data=lambda w: {"volunteer": _volunteer(w).pk},
    ),
    UrlCase("network:need_close", COORDINATORS, kwargs=lambda w: {"need_id": _need(w).pk}, method="POST"),
    UrlCase(
        "network:need_close",
        DISTRICT_COORDINATORS,
        kwargs=lambda w: {"need_id": _need(w, foreign=True).pk},
        method="POST",
        label="foreign",
    ),
    UrlCase(
        "network:match_withdraw",
        COORDINATORS,
        kwargs=lambda w: {"need_id": _match(w).need_id, "match_id": _match(w).pk},
        method="POST",
    ),
    UrlCase("network:match_answer", EVERYONE, kwargs=_answer_kwargs),
    UrlCase(
        "network:match_answer", EVERYONE, kwargs=_answer_kwargs, method="POST", data=lambda w: {"answer": "accept"}
    ),
]
