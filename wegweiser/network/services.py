from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from wegweiser.audit.models import AuditAction
from wegweiser.audit.services import audit_record, changed_field_names
from wegweiser.network.models import Organisation

ORGANISATION_FIELDS = ("name", "kind", "municipality", "email", "phone", "is_active")
PURPOSE_NETWORK = gettext_noop("the district's partner network")


@transaction.atomic
def organisation_create(*, actor: Any, **fields: Any) -> Organisation:
    organisation = Organisation.objects.create(**{name: fields[name] for name in ORGANISATION_FIELDS if name in fields})
    audit_record(actor=actor, action=AuditAction.CREATE, obj=organisation, purpose=PURPOSE_NETWORK)
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **fields: Any) -> Organisation:
    data = {name: fields[name] for name in ORGANISATION_FIELDS if name in fields}
    changed = changed_field_names(organisation, data)
    for name, value in data.items():
        setattr(organisation, name, value)
    organisation.save()
    audit_record(
        actor=actor, action=AuditAction.UPDATE, obj=organisation, purpose=PURPOSE_NETWORK, changed_fields=changed
    )
    return organisation
