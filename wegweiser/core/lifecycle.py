"""The person lifecycle: every app that holds rows about a newcomer takes part in merge, erasure and export.

The Migrationszentrum's `casework.Person` is the data subject. An app with models pointing at a person (or at
another such model) declares them in `<app>/lifecycle.py` as `PERSON_HANDLERS = PersonHandlers(...)`, with the
functions that merge, erase and export its rows. Casework's data subject services call `person_handlers()`
and never another app's services, so a new app (volunteers, portal requests, funded participants, comments)
plugs in without an edit to casework. `models_without_handler` lets a test fail for a model that points at a
person and is covered by no app's handlers and no exemption (the shape of `audit/registry.py`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from wegweiser.core.discovery import app_modules

# The data subject's own model; every model with a foreign-key path to it holds data about that person.
SUBJECT_MODEL = "casework.person"

# Models on a path to a person that hold nothing of theirs, with the reason.
EXEMPT: dict[str, str] = {
    "audit.auditentry": "the audit log names records by id only and is kept by law (it has no foreign key)",
}


@dataclass(frozen=True)
class PersonHandlers:
    """One app's part in a person's lifecycle. Each callable takes keyword arguments:

    - `merge(actor, survivor, duplicate)`: move the duplicate's rows to the survivor (in the merge transaction);
    - `erase(actor, person, purpose) -> int`: delete the person's rows with an audit entry each, return how many;
    - `export(person) -> Any`: the rows as plain data for the person's export (GDPR Art. 15), under `section`;
    - `export_record(actor, person, export_format, purpose)`: audit that those rows went out with an export.
    The app that owns the person (casework) lists its models and handles them in its own services.
    """

    models: tuple[str, ...]
    section: str = ""
    merge: Callable[..., Any] | None = None
    erase: Callable[..., int] | None = None
    export: Callable[..., Any] | None = None
    export_record: Callable[..., None] | None = None


@cache
def person_handlers() -> tuple[PersonHandlers, ...]:
    """The handlers of every installed app that has a `lifecycle.py`, in INSTALLED_APPS order."""
    # core's own lifecycle module (this one) holds the registry, not handlers.
    modules = app_modules("lifecycle")
    return tuple(module.PERSON_HANDLERS for _config, module in modules if hasattr(module, "PERSON_HANDLERS"))


def person_merge_others(*, actor: Any, survivor: Any, duplicate: Any) -> None:
    for handlers in person_handlers():
        if handlers.merge is not None:
            handlers.merge(actor=actor, survivor=survivor, duplicate=duplicate)


def person_erase_others(*, actor: Any, person: Any, purpose: str) -> int:
    return sum(
        handlers.erase(actor=actor, person=person, purpose=purpose)
        for handlers in person_handlers()
        if handlers.erase is not None
    )


def person_export_others(person: Any) -> dict[str, Any]:
    return {handlers.section: handlers.export(person) for handlers in person_handlers() if handlers.export is not None}


def person_export_record_others(*, actor: Any, person: Any, export_format: str, purpose: str) -> None:
    for handlers in person_handlers():
        if handlers.export_record is not None:
            handlers.export_record(actor=actor, person=person, export_format=export_format, purpose=purpose)


def models_about_a_person(models: Iterable[Any]) -> set[str]:
    """Labels of the models with a foreign-key path to the person (staff accounts do not count as a path)."""
    models = list(models)
    about = {SUBJECT_MODEL}
    grew = True
    while grew:
        grew = False
        for model in models:
            label = model._meta.label_lower
            if label in about:
                continue
            for field in model._meta.get_fields():
                target = getattr(field, "related_model", None)
                if field.is_relation and not field.auto_created and target and target._meta.label_lower in about:
                    about.add(label)
                    grew = True
                    break
    return about - {SUBJECT_MODEL}


def models_without_handler(models: Iterable[Any], handlers: Iterable[PersonHandlers] | None = None) -> list[str]:
    """Models about a person that no app's handlers cover and no exemption names."""
    covered = {label for entry in (person_handlers() if handlers is None else handlers) for label in entry.models}
    return sorted(models_about_a_person(models) - covered - set(EXEMPT))
