"""The JSON API: its OpenAPI description, a snapshot and exact query count per endpoint (schemathesis runs in
test_schemathesis.py)."""

import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.urls import reverse

from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.jobs.models import Job, JobStatus
from wegweiser.territory.models import Municipality
from wegweiser.territory.register import parse_register
from wegweiser.territory.services import territory_load_register

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
REGISTER_FILE = Path(__file__).resolve().parents[2] / "territory" / "data" / "gv-auszug-03459.csv"


def test_the_openapi_description_is_served_and_names_every_endpoint(client, world):
    client.force_login(world.user(Role.CASEWORKER))
    response = client.get(reverse("api:openapi-json"))

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Wegweiser API"
    assert set(schema["paths"]) >= {"/api/territory/municipalities", "/api/jobs/{job_id}"}
    operation_ids = [op["operationId"] for path in schema["paths"].values() for op in path.values()]
    assert len(operation_ids) == len(set(operation_ids))
    for path in schema["paths"].values():
        for operation in path.values():
            assert operation.get("security"), f"{operation['operationId']} is open to anyone"


def test_the_api_documentation_uses_local_assets_only(client, world):
    client.force_login(world.user(Role.CASEWORKER))
    page = client.get(reverse("api:openapi-view")).content.decode()

    assert "<title>Wegweiser API</title>" in page
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    assert all(asset.startswith("/static/") for asset in assets), assets


# A snapshot and an exact query count per endpoint


@pytest.fixture
def small_district(db):
    """Bad Essen and the Samtgemeinde Artland with its four members, from the real register."""
    keep = ("satzart", "40,", "50,50,03,4,59,0003,", "60,64,03,4,59,0003,", "50,52,03,4,59,5401,", "60,6")
    lines = [
        line
        for line in REGISTER_FILE.read_text(encoding="utf-8").splitlines(keepends=True)
        if line.startswith(keep) and (not line.startswith("60,6") or ",5401," in line or ",0003," in line)
    ]
    register = parse_register("".join(lines).encode(), "klein.csv")
    assert not register.problems
    territory_load_register(register=register, population_date=datetime(2019, 12, 31, tzinfo=UTC).date())
    assert len(register.municipalities) == 6


def _municipalities(client, user):
    client.force_login(user)
    return reverse("api:territory_municipalities")


def _job(client, user):
    job = Job.objects.create(
        kind="territory.import",
        label="Load municipality register klein.csv",
        status=JobStatus.SUCCEEDED,
        progress_done=6,
        progress_total=6,
        message="Loading",
        result={"summary": "Landkreis Osnabrück: 6 municipalities added, 0 updated, 0 unchanged.", "created": 6},
        created_by=user,
        finished_at=datetime(2026, 3, 2, 12, tzinfo=UTC),
    )
    client.force_login(user)
    return reverse("api:jobs_detail", kwargs={"job_id": job.pk})


def normalised(body):
    """The response with database ids and creation times replaced by stable names."""
    names = {m.pk: m.name for m in Municipality.objects.all()}
    text = json.dumps(body)
    if isinstance(body, list):
        for item in body:
            item["id"] = f"<{names[item['id']]}>"
            if item.get("samtgemeinde_id") is not None:
                item["samtgemeinde_id"] = f"<{names[item['samtgemeinde_id']]}>"
        return body
    assert "created_at" in text
    return {**body, "id": "<job>", "created_at": "<created>"}


ENDPOINTS = [
    # name, who asks, how to make the request, exact number of queries
    pytest.param("territory_municipalities", Role.CASEWORKER, _municipalities, 3, id="territory_municipalities"),
    pytest.param("jobs_detail", Role.DISTRICT_ADMIN, _job, 3, id="jobs_detail"),
]


@pytest.mark.usefixtures("small_district")
@pytest.mark.parametrize(("name", "role", "prepare", "queries"), ENDPOINTS)
def test_each_endpoint_answers_as_its_snapshot_with_an_exact_query_count(
    client, django_assert_num_queries, name, role, prepare, queries
):
    url = prepare(client, UserFactory(username=str(role), role=role))

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    body = normalised(response.json())
    snapshot = SNAPSHOTS / f"{name}.json"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1" or not snapshot.exists():
        SNAPSHOTS.mkdir(exist_ok=True)
        snapshot.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        pytest.fail(f"snapshot {snapshot.name} written; check it and run again")
    assert body == json.loads(snapshot.read_text(encoding="utf-8"))
