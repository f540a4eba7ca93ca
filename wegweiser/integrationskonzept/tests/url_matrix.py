"""Every page of the Integrationskonzept as every role: planners (district administrator, integration office)
edit and moderate; municipal managers read the plan and report on their municipality's measures (the `foreign`
measure belongs to another municipality); the consultation page is public."""

from wegweiser.accounts.roles import Role
from wegweiser.integrationskonzept import services
from wegweiser.integrationskonzept.models import VersionStatus
from wegweiser.integrationskonzept.tests.factories import build_concept
from wegweiser.testing.matrix import PUBLIC, STAFF, UrlCase, roles

PLANNERS = roles(Role.DISTRICT_ADMIN, Role.INTEGRATION_OFFICE)
READERS = PLANNERS | roles(Role.MUNICIPAL_MANAGER)


def _concept(world):
    def make(world):
        concept = build_concept(municipality=world.municipality)
        foreign = build_concept(municipality=world.other_municipality, title="Anderes Konzept")
        services.concept_version_transition(actor="test", version=concept[0], status=VersionStatus.CONSULTATION)
        comment = services.comment_submit(version=concept[0], group="newcomer", language="uk", text="Більше курсів")
        return {"concept": concept, "foreign": foreign, "comment": comment}

    return world.obj("konzept.concept", make)


def _version(world):
    return {"version_id": _concept(world)["concept"][0].pk}


def _measure(world):
    return {"measure_id": _concept(world)["concept"][5][0].pk}


def _foreign_measure(world):
    return {"measure_id": _concept(world)["foreign"][5][0].pk}


CASES = [
    UrlCase("konzept:versions", READERS),
    UrlCase("konzept:version", READERS, kwargs=_version),
    UrlCase("konzept:version_copy", PLANNERS, kwargs=_version),
    UrlCase(
        "konzept:version_copy",
        PLANNERS,
        kwargs=_version,
        method="POST",
        data=lambda world: {"title": "Nachfolger", "period_start": 2029, "period_end": 2033},
    ),
    UrlCase(
        "konzept:version_status",
        PLANNERS,
        kwargs=_version,
        method="POST",
        data=lambda world: {
            "status": "adopted",
            "council_decision_date": "2024-06-20",
            "council_decision_number": "KT/1",
        },
    ),
    UrlCase("konzept:compare", READERS, kwargs=_version),
    UrlCase("konzept:board", READERS, kwargs=_version),
    UrlCase("konzept:board_chart", READERS, kwargs=lambda world: {**_version(world), "chart": "status", "fmt": "csv"}),
    UrlCase("konzept:report_pdf", READERS, kwargs=_version),
    UrlCase("konzept:comments", PLANNERS, kwargs=_version),
    UrlCase(
        "konzept:comment_moderate",
        PLANNERS,
        kwargs=lambda world: {"comment_id": _concept(world)["comment"].pk},
        method="POST",
        data=lambda world: {f"c{_concept(world)['comment'].pk}-status": "published"},
    ),
    UrlCase(
        "konzept:sub_goal_assess",
        PLANNERS,
        kwargs=lambda world: {"sub_goal_id": _concept(world)["concept"][3].pk},
        method="POST",
        data=lambda world: {"status": "in_progress"},
    ),
    # A municipal manager records values of the indicator their municipality's measure moves, not another's.
    UrlCase(
        "konzept:indicator_value",
        READERS,
        kwargs=lambda world: {"indicator_id": _concept(world)["concept"][4].pk},
        method="POST",
        data=lambda world: {"value": "10", "observed_on": "2025-01-01", "source": "BAMF-Trägerrundschreiben"},
    ),
    UrlCase(
        "konzept:indicator_value",
        PLANNERS,
        kwargs=lambda world: {"indicator_id": _concept(world)["foreign"][4].pk},
        method="POST",
        data=lambda world: {"value": "11", "observed_on": "2025-02-01", "source": "BAMF-Trägerrundschreiben"},
        label="foreign",
    ),
    UrlCase("konzept:measures", READERS),
    UrlCase(
        "konzept:measure_status", READERS, kwargs=_measure, method="POST", data=lambda world: {"status": "running"}
    ),
    UrlCase(
        "konzept:measure_status",
        PLANNERS,
        kwargs=_foreign_measure,
        method="POST",
        data=lambda world: {"status": "running"},
        label="foreign",
    ),
    UrlCase("konzept:consultation", STAFF | PUBLIC, kwargs=lambda world: {**_version(world), "language": "uk"}),
    UrlCase(
        "konzept:consultation",
        STAFF | PUBLIC,
        kwargs=lambda world: {**_version(world), "language": "ar"},
        method="POST",
        data=lambda world: {"group": "citizen", "text": "تعليق", "goal": ""},
        label="ar",
    ),
]


# Editing the tree of a draft: planners only (a municipal manager reads the plan, never edits it).
def _draft(world):
    def make(world):
        return build_concept(municipality=world.municipality, title="Entwurf")

    return world.obj("konzept.draft", make)


def _draft_ids(world):
    version, field, goal, sub, indicator, measures = _draft(world)
    return {
        "version": version,
        "field": field,
        "goal": goal,
        "sub": sub,
        "indicator": indicator,
        "measure": measures[0],
    }


def _kw(kind, key):
    return lambda world: {key: _draft_ids(world)[kind].pk}


_TITLE = lambda world: {"title": "Neu", "description": ""}  # noqa: E731
_MEASURE = lambda world: {  # noqa: E731
    "title": "Sprachcafé",
    "output": "Ein Treffen pro Woche",
    "responsible": "district_office",
    "starts_on": "2025-01-01",
    "ends_on": "2025-12-31",
}
_INDICATOR = lambda world: {  # noqa: E731
    "title": "Teilnehmende",
    "unit": "Personen",
    "direction": "rise",
    "baseline": "10",
    "baseline_date": "2024-01-01",
    "target": "40",
    "target_date": "2028-01-01",
    "source": "hand",
}

for _name, _kind, _key, _data in [
    ("konzept:field_add", "version", "version_id", _TITLE),
    ("konzept:field_edit", "field", "field_id", _TITLE),
    ("konzept:goal_add", "field", "field_id", _TITLE),
    ("konzept:goal_edit", "goal", "goal_id", _TITLE),
    ("konzept:sub_goal_add", "goal", "goal_id", _TITLE),
    ("konzept:sub_goal_edit", "sub", "sub_goal_id", _TITLE),
    ("konzept:measure_add", "sub", "sub_goal_id", _MEASURE),
    ("konzept:measure_edit", "measure", "measure_id", _MEASURE),
    ("konzept:indicator_add", "sub", "sub_goal_id", _INDICATOR),
    ("konzept:indicator_edit", "indicator", "indicator_id", _INDICATOR),
]:
    CASES.append(UrlCase(_name, PLANNERS, kwargs=_kw(_kind, _key)))
    CASES.append(UrlCase(_name, PLANNERS, kwargs=_kw(_kind, _key), method="POST", data=_data))

for _name, _kind, _key in [
    ("konzept:field_delete", "field", "field_id"),
    ("konzept:goal_delete", "goal", "goal_id"),
    ("konzept:sub_goal_delete", "sub", "sub_goal_id"),
    ("konzept:measure_delete", "measure", "measure_id"),
    ("konzept:indicator_delete", "indicator", "indicator_id"),
]:
    CASES.append(UrlCase(_name, PLANNERS, kwargs=_kw(_kind, _key)))
    # A refused deletion (the row still has children) answers with the page it came from, too.
    CASES.append(UrlCase(_name, PLANNERS, kwargs=_kw(_kind, _key), method="POST"))
