"""Which models hold personal data, so a test can prove that every write to them is audited.

A model that holds personal data (of a newcomer, or of a staff member) says so with the class attribute
`PERSONAL_DATA = True`; a model whose writes are decisions someone must answer for says `DECISION = True`. Every app that has such models lists, in `wegweiser/<app>/tests/audit_scenarios.py`,
`SCENARIOS = {"app_label.modelname": callable(world) -> None}`: a call of the app's services that writes
that model. The coverage test (audit/tests/test_personal_data_coverage.py) runs each scenario, records every
save and delete of the model, and fails if one of them has no audit entry, if a flagged model has no
scenario, or if a model pointing at a personal-data model is neither flagged nor exempted here with a reason.
"""

from django.apps import apps
from django.db import models

# Models that point at personal-data models but hold none themselves, with the reason.
EXEMPT: dict[str, str] = {
    "jobs.job": "records which staff account started a job; no personal data of its own",
    "jobs.heldupload": "a register or statistics file between its preview and confirmation; names its uploader only",
    "audit.auditentry": "the audit log itself",
    "otp_totp.totpdevice": "a staff account's authenticator key; set-up and removal are audited on the account",
    "network.organisationrevision": "a partner's proposed directory change; names the staff accounts that proposed and decided it",
    "otp_static.staticdevice": "a staff account's backup codes (unused so far); audited on the account like TOTP",
    # LokIn: grant records name the staff account that decided, wrote or commented; no newcomer's data
    "lokin.fixedallocation": "names who fixed the allocation; the decision itself is audited (DECISION)",
    "lokin.application": "names the staff who wrote and decided it; audited as a DECISION",
    "lokin.applicationversion": "a snapshot of an application, naming who made the change",
    "lokin.applicationcomment": "a review comment on a grant application, naming its staff author",
    "lokin.usereport": "names the staff who reviewed the use-of-funds report; audited as a DECISION",
    "lokin.reportversion": "a snapshot of a use-of-funds report, naming who submitted it",
    "lokin.reportattachment": "a receipt attached to a use-of-funds report, naming the staff account that uploaded it",
    "meetings.meeting": "a meeting of a network body, naming the staff account that approved its minutes; audited as a DECISION",
    "participation.survey": "names the staff account that made the survey; audited as a DECISION",
    "lokin.consultation": "an advice meeting with a municipality, naming the staff account that recorded it; audited as a DECISION",
}


def personal_data_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if getattr(model, "PERSONAL_DATA", False)]


def decision_models() -> list[type[models.Model]]:
    """Models holding no personal data whose writes are decisions someone must answer for (`DECISION = True`):
    offers, organisations, shortage occupations. The coverage test treats them like personal-data models."""
    return [model for model in apps.get_models() if getattr(model, "DECISION", False)]
