from typing import Any

from django.db import transaction

from wegweiser.network.models import Organisation

ORGANISATION_FIELDS = ("name", "kind", "municipality", "email", "phone", "is_active")


@transaction.atomic
def organisation_create(*, actor: Any, **fields: Any) -> Organisation:
    return Organisation.objects.create(**{name: fields[name] for name in ORGANISATION_FIELDS if name in fields})


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    for name in ORGANISATION_FIELDS:
        if name in fields:
            setattr(organisation, name, fields[name])
    organisation.save()
    return organisation
