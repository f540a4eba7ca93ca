"""Every participation page as every role: the planners (district administrator, integration office) and the
municipal integration manager run surveys; a manager does not find a district-wide survey or another
municipality's. The public feedback pages (in the portal's namespace) are open to everyone."""

from wegweiser.accounts.roles import Role
from wegweiser.participation.tests.factories import survey
from wegweiser.testing.matrix import EVERYONE, UrlCase, roles

MANAGERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE, Role.MUNICIPAL_MANAGER)
DISTRICT = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)


def _local(world):
    return world.obj("participation.local", lambda w: survey(municipality=w.municipality, open_it=False))


def _open(world):
    return world.obj("participation.open", lambda w: survey(municipality=w.municipality, one_per_person=True))


def _foreign(world):
    return world.obj("participation.foreign", lambda w: survey(municipality=w.other_municipality, open_it=False))


def _district(world):
    return world.obj("participation.district", lambda w: survey(slug="kreisweit"))


def _id(make):
    return lambda world: {"survey_id": make(world).pk}


def _question(make, fmt):
    def kwargs(world):
        made = make(world)
        return {"survey_id": made.pk, "question_id": made.questions.first().pk, "fmt": fmt}

    return kwargs


CASES = [
    UrlCase("participation:surveys", MANAGERS),
    UrlCase("participation:survey_create", MANAGERS),
    UrlCase(
        "participation:survey_create",
        MANAGERS,
        method="POST",
        data=lambda w: {"title": "Neu", "slug": "neu", "kind": "survey", "municipality": w.municipality.pk},
    ),
    UrlCase("participation:survey_detail", MANAGERS, kwargs=_id(_local)),
    UrlCase("participation:survey_detail", DISTRICT, kwargs=_id(_foreign), label="foreign"),
    UrlCase("participation:survey_detail", DISTRICT, kwargs=_id(_district), label="district"),
    UrlCase("participation:survey_edit", MANAGERS, kwargs=_id(_local)),
    UrlCase(
        "participation:survey_edit",
        MANAGERS,
        kwargs=_id(_local),
        method="POST",
        data=lambda w: {"title": "Geändert", "kind": "survey", "anonymous": "on", "municipality": w.municipality.pk},
    ),
    UrlCase("participation:survey_edit", DISTRICT, kwargs=_id(_foreign), label="foreign"),
    UrlCase("participation:question_create", MANAGERS, kwargs=_id(_local)),
    UrlCase(
        "participation:question_create",
        MANAGERS,
        kwargs=_id(_local),
        method="POST",
        data=lambda w: {"kind": "single", "text": "Wie?", "options": "gut\nschlecht"},
    ),
    UrlCase("participation:survey_translate", MANAGERS, kwargs=lambda w: _id(_local)(w) | {"lang": "uk"}),
    UrlCase(
        "participation:survey_translate",
        MANAGERS,
        kwargs=lambda w: _id(_local)(w) | {"lang": "ru"},
        method="POST",
        data=lambda w: {"title": "Ваше мнение"},
    ),
    UrlCase(
        "participation:survey_status", MANAGERS, kwargs=_id(_local), method="POST", data=lambda w: {"status": "open"}
    ),
    UrlCase(
        "participation:survey_status",
        DISTRICT,
        kwargs=_id(_foreign),
        method="POST",
        data=lambda w: {"status": "open"},
        label="foreign",
    ),
    UrlCase("participation:survey_tokens", MANAGERS, kwargs=_id(_open)),
    UrlCase("participation:survey_tokens", MANAGERS, kwargs=_id(_open), method="POST", data=lambda w: {"count": 3}),
    UrlCase("participation:survey_results", MANAGERS, kwargs=_id(_open)),
    UrlCase("participation:survey_results", DISTRICT, kwargs=_id(_foreign), label="foreign"),
    UrlCase("participation:survey_results_download", MANAGERS, kwargs=_question(_open, "csv")),
    UrlCase("participation:survey_results_download", MANAGERS, kwargs=_question(_open, "xlsx"), label="xlsx"),
    UrlCase("portal:feedback_list", EVERYONE, kwargs=lambda w: _district(w) and {"lang": "ar"}),
    UrlCase("portal:feedback", EVERYONE, kwargs=lambda w: {"lang": "ar", "slug": _district(w).slug}),
    UrlCase("portal:feedback", EVERYONE, kwargs=lambda w: {"lang": "uk", "slug": _open(w).slug}, label="code"),
    # Without the signed time token the answers are refused and the form shown again (200), for everyone alike.
    UrlCase(
        "portal:feedback",
        EVERYONE,
        kwargs=lambda w: {"lang": "ar", "slug": _district(w).slug},
        method="POST",
        data=lambda w: {f"q{_district(w).questions.first().pk}": "3"},
    ),
]
