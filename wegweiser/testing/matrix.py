"""The role x URL matrix, kept as data.

Each app lists its URLs in `wegweiser/<app>/tests/url_matrix.py` as `CASES = [UrlCase(...)]`. The matrix test
(wegweiser/core/tests/test_url_matrix.py) requests every case as every role and as an anonymous visitor, and
fails if the URL conf holds a URL that no case names: a new page cannot escape it.

Rules per case:
- a role in `allowed` gets a 2xx or 3xx answer (and never the login page);
- any other role gets 403 or 404 (404 where the object is looked up through the user's scoped queryset);
- an anonymous visitor is sent to the login page (401/403 for the API) unless ANONYMOUS is in `allowed`.
Add a case with `label="foreign"` for objects of `world.other_municipality`, allowed only to the roles that
work district-wide.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wegweiser.accounts.roles import Role
from wegweiser.core.discovery import app_modules
from wegweiser.testing.world import ANONYMOUS, World


@dataclass(frozen=True)
class UrlCase:
    name: str
    allowed: frozenset[str]
    kwargs: Callable[[World], dict[str, Any]] | None = None
    method: str = "GET"
    data: Callable[[World], dict[str, Any]] | None = None
    label: str = ""
    query: str = ""
    # The page itself sends everyone to the login page (logging out).
    leads_to_login: bool = False

    @property
    def id(self) -> str:
        return f"{self.name}{'[' + self.label + ']' if self.label else ''}:{self.method}"


def roles(*names: str) -> frozenset[str]:
    return frozenset(str(name) for name in names)


PUBLIC = frozenset({ANONYMOUS})


def collect_cases() -> list[UrlCase]:
    cases: list[UrlCase] = []
    for _config, module in app_modules("tests.url_matrix"):
        cases.extend(module.CASES)
    return cases


STAFF = frozenset(str(role) for role in Role)
EVERYONE = STAFF | PUBLIC


def project_url_names() -> set[str]:
    """Every named URL of the project's URL conf, with its namespace."""
    from django.urls import URLPattern, URLResolver, get_resolver

    names: set[str] = set()

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
                walk(pattern.url_patterns, namespace)
            elif isinstance(pattern, URLPattern):
                if pattern.name is None:
                    raise AssertionError(f"URL pattern without a name: {pattern.pattern} ({prefix})")
                names.add(prefix + pattern.name)

    walk(get_resolver().url_patterns, "")
    return names
