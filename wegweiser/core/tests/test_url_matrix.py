"""Every URL of the project, requested as every role and as an anonymous visitor (see testing/matrix.py)."""

import pytest
from django.urls import reverse

from wegweiser.testing.layout import stacked_cells_without_label
from wegweiser.testing.matrix import collect_cases, project_url_names
from wegweiser.testing.world import ALL_ROLES, ANONYMOUS, build_world

CASES = collect_cases()
AS_WHOM = [str(role) for role in ALL_ROLES] + [ANONYMOUS]


def test_every_url_of_the_project_is_in_the_matrix():
    covered = {case.name for case in CASES}
    missing = sorted(project_url_names() - covered)
    assert not missing, f"URLs without a row in any tests/url_matrix.py: {missing}"


def test_every_matrix_row_names_a_real_url_and_someone_who_may_open_it():
    names = project_url_names()
    for case in CASES:
        assert case.name in names, f"{case.id} names no URL of the project"
        assert case.allowed, f"{case.id}: nobody may open it, so the suite never sees it answer"


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
@pytest.mark.parametrize("who", AS_WHOM)
def test_role_url_matrix(client, db, case, who):
    world = build_world()
    url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        url = f"{url}?{case.query}"
    if who != ANONYMOUS:
        client.force_login(world.user(who))
    data = case.data(world) if case.data else {}
    if case.method == "POST":
        response = client.post(url, data)
    else:
        response = client.get(url, data)
    status = response.status_code
    login_url = reverse("accounts:login")
    if who in case.allowed:
        assert status < 400, f"{who} should open {url} ({case.id}) but got {status}"
        if who != ANONYMOUS and not case.leads_to_login:
            assert not response.get("Location", "").startswith(login_url), f"{who} was sent to the login page"
        if status == 200 and response.get("Content-Type", "").startswith("text/html"):
            unlabelled = stacked_cells_without_label(response.content.decode())
            assert not unlabelled, f"{url}: stacked table cells without data-label on lines {unlabelled}"
    elif who == ANONYMOUS:
        if url.startswith("/api/"):
            assert status in {401, 403}, f"anonymous API call {url} answered {status}"
        else:
            assert status == 302, f"anonymous visitor at {url} should go to the login page, got {status}"
            assert response["Location"].startswith(login_url)
    else:
        assert status in {403, 404}, f"{who} must not open {url} ({case.id}) but got {status}"
