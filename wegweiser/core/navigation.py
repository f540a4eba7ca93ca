"""The main navigation, gathered from each app's `navigation.py`.

An app lists its entries as `NAV_ITEMS = [NavItem(...)]`; an entry shows to users whose role holds its
permission. An app may also name the start page for some roles in `HOME_FOR_ROLES = {Role.X: "app:url"}`.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import apps
from django.urls import get_script_prefix, reverse

from wegweiser.accounts.permissions import Perm, user_can


@dataclass(frozen=True)
class NavItem:
    label: Any
    url_name: str
    perm: Perm | None = None
    order: int = 100
    description: Any = ""


def _app_navigation_modules() -> list[Any]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wegweiser."):
            continue
        try:
            modules.append(import_module(f"{config.name}.navigation"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.navigation":
                raise
    return modules


@cache
def all_nav_items() -> tuple[NavItem, ...]:
    items = [item for module in _app_navigation_modules() for item in getattr(module, "NAV_ITEMS", [])]
    return tuple(sorted(items, key=lambda item: item.order))


@cache
def home_for_roles() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for module in _app_navigation_modules():
        mapping.update(getattr(module, "HOME_FOR_ROLES", {}))
    return mapping


@cache
def _nav_url(url_name: str, script_prefix: str) -> str:
    """A menu entry's address: the URL conf does not change while the process runs, and every page of every
    signed-in user draws the menu, so each entry is reversed once per mount point, not once per request."""
    return reverse(url_name)


def nav_items_for(user: Any, current_path: str = "") -> list[dict[str, Any]]:
    if not getattr(user, "is_authenticated", False):
        return []
    entries = []
    for item in all_nav_items():
        if item.perm is not None and not user_can(user, item.perm):
            continue
        url = _nav_url(item.url_name, get_script_prefix())
        entries.append(
            {
                "label": item.label,
                "url": url,
                "description": item.description,
                "current": current_path == url or (url != "/" and current_path.startswith(url)),
            }
        )
    return entries
