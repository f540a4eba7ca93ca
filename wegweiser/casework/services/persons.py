"""Persons: intake with its duplicate check, corrections, merge, family links and households."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from wegweiser.audit.models import AuditAction
from wegweiser.casework import selectors
from wegweiser.casework.models import (
    RELATION_INVERSE,
    FamilyLink,
    Household,
    Person,
    ResidenceStatus,
    Sex,
)
from wegweiser.casework.names import person_name_key
from wegweiser.casework.services._common import (
    PERSON_FIELDS,
    PURPOSE_CASE_WORK,
    CaseworkError,
    EditConflict,
    _actor,
    _audit,
)
from wegweiser.core import lifecycle
from wegweiser.core.codes import CefrLevel, is_country, is_language, normalise_phone
from wegweiser.core.partial_dates import PartialDate
from wegweiser.territory.remit import remit_require

# --- Persons ---------------------------------------------------------------------------------------------


def _clean_person_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise ValueError(f"unknown person fields: {sorted(unknown)}")
    data = dict(fields)
    for name in ("given_names", "family_names", "given_names_original", "family_names_original"):
        if name in data:
            data[name] = " ".join((data[name] or "").split())
    if "phone" in data:
        try:
            data["phone"] = normalise_phone(data["phone"] or "")
        except ValueError as error:
            raise CaseworkError(_("The phone number cannot be read.")) from error
    if "birth_date" in data and isinstance(data["birth_date"], str):
        data["birth_date"] = PartialDate.parse(data["birth_date"])
    if "nationalities" in data:
        codes = [code.upper() for code in data["nationalities"] or []]
        if not all(is_country(code) for code in codes):
            raise CaseworkError(_("Unknown country code."))
        data["nationalities"] = list(dict.fromkeys(codes))
    if "languages" in data:
        entries = []
        for entry in data["languages"] or []:
            code, level = entry.get("code", ""), entry.get("level", "")
            if not is_language(code) or level not in CefrLevel.values:
                raise CaseworkError(_("Unknown language or level."))
            if code not in {e["code"] for e in entries}:
                entries.append({"code": code, "level": level})
        data["languages"] = entries
    if data.get("preferred_language") and not is_language(data["preferred_language"]):
        raise CaseworkError(_("Unknown language."))
    if "sex" in data and data["sex"] not in Sex.values:
        raise CaseworkError(_("Unknown value for sex."))
    if data.get("residence_status") and data["residence_status"] not in ResidenceStatus.values:
        raise CaseworkError(_("Unknown residence status."))
    valid_from, valid_until = data.get("residence_valid_from"), data.get("residence_valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        raise CaseworkError(_("The residence status cannot end before it begins."))
    return data


def _name_key(person: Person) -> str:
    return person_name_key(
        person.given_names, person.family_names, person.given_names_original, person.family_names_original
    )


@transaction.atomic
def person_create(*, actor: Any, given_names: str, family_names: str, **fields: Any) -> Person:
    data = _clean_person_fields({"given_names": given_names, "family_names": family_names, **fields})
    if not data["given_names"] and not data["family_names"]:
        raise CaseworkError(_("A person needs a name."))
    remit_require(actor, getattr(data.get("municipality"), "pk", None))
    person = Person(**data, created_by=_actor(actor))
    person.name_key = _name_key(person)
    person.save()
    _audit(actor, AuditAction.CREATE, person, PURPOSE_CASE_WORK)
    return person


@dataclass
class Intake:
    """What intake did: the new person, or the likely duplicates to look at first (redacted for the actor)."""

    person: Person | None
    candidates: list = field(default_factory=list)


@transaction.atomic
def person_intake(*, actor: Any, confirm_new: bool = False, **fields: Any) -> Intake:
    """Register a newcomer, unless likely duplicates exist and the actor has not confirmed after seeing them.

    The intake page and the API both come here: the remit is checked before the duplicate look-up (someone who
    may not register the person sees no candidates), and candidates outside the actor's remit are named by
    record number only."""
    remit_require(actor, getattr(fields.get("municipality"), "pk", None))
    matches = selectors.person_duplicate_candidates(
        given_names=fields.get("given_names", ""),
        family_names=fields.get("family_names", ""),
        names_original=f"{fields.get('given_names_original', '')} {fields.get('family_names_original', '')}",
        birth_date=fields.get("birth_date"),
        phone=fields.get("phone", ""),
    )
    candidates = selectors.candidates_for_user(actor, matches)
    if candidates and not confirm_new:
        return Intake(person=None, candidates=candidates)
    return Intake(person=person_create(actor=actor, **fields), candidates=candidates)


@transaction.atomic
def person_update(*, actor: Any, person: Person, expected_version: int, **fields: Any) -> Person:
    """Save changes made on the version `expected_version`; raise EditConflict if the record moved on."""
    data = _clean_person_fields(fields)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        raise EditConflict(current=current, submitted=data)
    changed = [name for name, value in data.items() if getattr(current, name) != value]
    if not changed:
        return current
    if "municipality" in changed:
        remit_require(actor, getattr(data["municipality"], "pk", None))
    for name in changed:
        setattr(current, name, data[name])
    current.name_key = _name_key(current)
    current.version += 1
    current.save()
    _audit(actor, AuditAction.UPDATE, current, PURPOSE_CASE_WORK, changed_fields=changed)
    return current


def _move(actor: Any, rows: Any, field: str, target: Person, purpose: str) -> int:
    count = 0
    for row in rows:
        setattr(row, field, target)
        row.save(update_fields=[field])
        _audit(actor, AuditAction.UPDATE, row, purpose, person=target, changed_fields=[field])
        count += 1
    return count


@transaction.atomic
def person_merge(*, actor: Any, survivor: Person, duplicate: Person) -> Person:
    """Merge `duplicate` into `survivor`: all history moves over, the duplicate stays as a pointer.

    Nothing is lost: cases, appointments, referrals, consents, qualifications, family links and the German
    courses (each app's part, see core.lifecycle) now belong to the survivor,
    empty fields of the survivor are filled from the duplicate, and the duplicate record remains (marked
    merged) so old references lead to the survivor.
    """
    survivor = Person.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Person.objects.select_for_update().get(pk=duplicate.pk)
    if survivor.pk == duplicate.pk:
        raise CaseworkError(_("A person cannot be merged with themselves."))
    if duplicate.merged_into_id or survivor.merged_into_id:
        raise CaseworkError(_("This record has been merged already."))
    if survivor.birth_date and duplicate.birth_date and not survivor.birth_date.is_compatible(duplicate.birth_date):
        raise CaseworkError(_("The dates of birth contradict each other; these are not the same person."))
    purpose = PURPOSE_CASE_WORK
    for related in ("cases", "appointments", "referrals", "consents", "qualifications", "work_experience"):
        _move(actor, getattr(duplicate, related).all(), "person", survivor, purpose)
    lifecycle.person_merge_others(actor=actor, survivor=survivor, duplicate=duplicate)
    for link in list(FamilyLink.objects.filter(Q(person=duplicate) | Q(relative=duplicate))):
        other = link.relative if link.person_id == duplicate.pk else link.person
        mine = "person" if link.person_id == duplicate.pk else "relative"
        clash = FamilyLink.objects.filter(
            Q(person=survivor, relative=other) if mine == "person" else Q(person=other, relative=survivor)
        ).exists()
        if other.pk == survivor.pk or clash:
            _audit(actor, AuditAction.DELETE, link, purpose, person=survivor)
            link.delete()
        else:
            _move(actor, [link], mine, survivor, purpose)
    filled = []
    for name in PERSON_FIELDS:
        mine, theirs = getattr(survivor, name), getattr(duplicate, name)
        if name == "nationalities":
            union = list(dict.fromkeys([*mine, *theirs]))
            if union != mine:
                survivor.nationalities = union
                filled.append(name)
        elif name == "languages":
            known = {entry["code"] for entry in mine}
            extra = [entry for entry in theirs if entry["code"] not in known]
            if extra:
                survivor.languages = [*mine, *extra]
                filled.append(name)
        elif name == "birth_date":
            if theirs and (not mine or len(theirs.iso()) > len(mine.iso())):
                survivor.birth_date = theirs
                filled.append(name)
        elif not mine and theirs:
            setattr(survivor, name, theirs)
            filled.append(name)
    if survivor.household_id is None and duplicate.household_id:
        survivor.household_id = duplicate.household_id
        filled.append("household")
    # The duplicate's spellings stay findable: its name parts join the survivor's key.
    survivor.name_key = person_name_key(
        survivor.given_names,
        survivor.family_names,
        survivor.given_names_original,
        survivor.family_names_original,
        duplicate.given_names,
        duplicate.family_names,
        duplicate.given_names_original,
        duplicate.family_names_original,
    )
    survivor.version += 1
    survivor.save()
    duplicate.merged_into = survivor
    duplicate.version += 1
    duplicate.save(update_fields=["merged_into", "version", "updated_at"])
    summary = f"person #{duplicate.pk} merged into person #{survivor.pk}"
    _audit(actor, AuditAction.MERGE, survivor, purpose, changed_fields=filled, summary=summary)
    _audit(actor, AuditAction.MERGE, duplicate, purpose, changed_fields=["merged_into"], summary=summary)
    return survivor


@transaction.atomic
def family_link_add(
    *, actor: Any, person: Person, relative: Person, relation: str, same_household: bool = False
) -> FamilyLink:
    """Link two persons in both directions; optionally put them into one household."""
    if person.pk == relative.pk:
        raise CaseworkError(_("A person cannot be their own relative."))
    if FamilyLink.objects.filter(person=person, relative=relative).exists():
        raise CaseworkError(_("These two persons are linked already."))
    link = FamilyLink.objects.create(person=person, relative=relative, relation=relation)
    back = FamilyLink.objects.create(person=relative, relative=person, relation=RELATION_INVERSE[relation])
    _audit(actor, AuditAction.CREATE, link, PURPOSE_CASE_WORK)
    _audit(actor, AuditAction.CREATE, back, PURPOSE_CASE_WORK, person=relative)
    if same_household:
        household_join(actor=actor, person=relative, other=person)
    return link


@transaction.atomic
def household_join(*, actor: Any, person: Person, other: Person) -> Household:
    """Put `person` into `other`'s household (founding one if `other` has none)."""
    household = other.household
    if household is None:
        household = Household.objects.create()
        other.household = household
        other.save(update_fields=["household", "updated_at"])
        _audit(actor, AuditAction.UPDATE, other, PURPOSE_CASE_WORK, changed_fields=["household"])
    if person.household_id != household.pk:
        person.household = household
        person.save(update_fields=["household", "updated_at"])
        _audit(actor, AuditAction.UPDATE, person, PURPOSE_CASE_WORK, changed_fields=["household"])
    return household
