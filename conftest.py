import pytest

from wegweiser.testing.world import build_world

pytest_plugins = ["wegweiser.testing.browser"]


@pytest.fixture
def world(db):
    """A small district: two municipalities, organisations, one account per role (see testing/world.py)."""
    return build_world()


@pytest.fixture
def client_as(client, world):
    """`client_as(role)` logs the test client in as that role's account of the world."""

    def login(role):
        client.force_login(world.user(str(role)))
        return client

    return login


@pytest.fixture
def run_jobs():
    """Run every queued background job now, as the worker would (`manage.py worker --batch`)."""
    from django.core.management import call_command

    def run():
        call_command("worker", batch=True, interval=0, heartbeat=60)

    return run
