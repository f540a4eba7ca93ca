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
    - `export_record(actor, person, export_format, purpose)`: audit that those rows went out with an export;
    - `export_sections(person) -> list[core.readable.Section]`: the same rows for the person to read (labels
      and values in words, in the active language), for the PDF handed to them.
    The app that owns the person (casework) lists its models and handles them in its own services.
    """

    models: tuple[str, ...]
    section: str = ""
    merge: Callable[..., Any] | None = None
    erase: Callable[..., int] | None = None
    export: Callable[..., Any] | None = None
    export_record: Callable[..., None] | None = None
    export_sections: Callable[..., list[Any]] | None = None


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


def person_export_sections_others(person: Any) -> list[Any]:
    """The other apps' parts of the readable export, in INSTALLED_APPS order."""
    return [
        section
        for handlers in person_handlers()
        if handlers.export_sections is not None
        for section in handlers.export_sections(person=person)
    ]


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


def person_paths(models: Iterable[Any]) -> dict[str, list[str]]:
    """For each model about a person, the lookups from its rows to the person's id (`case__person` for a
    document), following foreign keys as `models_about_a_person` does."""
    models = [model for model in models if model._meta.label_lower not in EXEMPT]
    paths: dict[str, list[str]] = {SUBJECT_MODEL: [""]}
    grew = True
    while grew:
        grew = False
        for model in models:
            label = model._meta.label_lower
            if label == SUBJECT_MODEL:
                continue
            found = []
            for field in model._meta.get_fields():
                target = getattr(field, "related_model", None)
                if not (field.is_relation and not field.auto_created and field.many_to_one and target):
                    continue
                for below in paths.get(target._meta.label_lower, []):
                    # One step is enough per target: a second path through the same model says nothing new.
                    found.append(f"{field.name}__{below}" if below else field.name)
                    break
            if found and sorted(found) != sorted(paths.get(label, [])):
                paths[label] = found
                grew = True
    paths.pop(SUBJECT_MODEL)
    return paths


def records_about_person(person_id: int) -> dict[str, list[str]]:
    """The ids of every row about the person, by model label (the person's own id under SUBJECT_MODEL):
    what the data protection officer's audit search and the person's export look the log up by."""
    from django.apps import apps
    from django.db.models import Q

    found = {SUBJECT_MODEL: [str(person_id)]}
    for label, lookups in person_paths(apps.get_models()).items():
        query = Q()
        for lookup in lookups:
            query |= Q(**{lookup: person_id})
        ids = apps.get_model(label)._default_manager.filter(query).values_list("pk", flat=True)
        found[label] = [str(pk) for pk in ids]
    return found
