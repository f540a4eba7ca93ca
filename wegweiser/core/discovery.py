"""Finding each app's part in a shared mechanism: the module of that name in every Wegweiser app that has one.

Registries (API routers, demo data, the person lifecycle, the URL matrix, audit scenarios) are modules with an
agreed name in each app; an app without one takes no part. An import error inside such a module is raised,
not mistaken for its absence.
"""

from importlib import import_module
from types import ModuleType

from django.apps import AppConfig, apps


def app_modules(name: str) -> list[tuple[AppConfig, ModuleType]]:
    """`(app config, module)` for every installed Wegweiser app that has `<app>.<name>`, in INSTALLED_APPS order."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("wegweiser."):
            continue
        module_name = f"{config.name}.{name}"
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        found.append((config, module))
    return found
