"""Consent to share data, and referrals to partner organisations under that consent."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, user_can
from wegweiser.audit.models import AuditAction
from wegweiser.casework.models import (
    Case,
    Consent,
    ConsentPurpose,
    OfferKind,
    Person,
    Referral,
    ReferralStatus,
)
from wegweiser.casework.services._common import (
    PURPOSE_CONSENT,
    PURPOSE_REFERRAL,
    CaseworkError,
    ConsentMissing,
    _actor,
    _audit,
)
from wegweiser.core.codes import is_language

# --- Consent and referrals -------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    actor: Any,
    person: Person,
    purpose: str,
    given_on: date,
    form: str,
    language: str,
    organisation: Any = None,
) -> Consent:
    if purpose == ConsentPurpose.SHARE_PARTNER and organisation is None:
        raise CaseworkError(_("Name the partner organisation the person agrees to share with."))
    if purpose != ConsentPurpose.SHARE_PARTNER:
        organisation = None
    if not is_language(language):
        raise CaseworkError(_("Unknown language."))
    if given_on > timezone.localdate():
        raise CaseworkError(_("A consent cannot be given in the future."))
    consent = Consent.objects.create(
        person=person,
        purpose=purpose,
        organisation=organisation,
        given_on=given_on,
        form=form,
        language=language,
        recorded_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, consent, PURPOSE_CONSENT)
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> Consent:
    """Withdrawal takes effect at once: from this moment on the partner no longer sees the referrals."""
    if consent.withdrawn_at is None:
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        _audit(actor, AuditAction.UPDATE, consent, PURPOSE_CONSENT, changed_fields=["withdrawn_at"])
    return consent


def _sharing_consent(person: Person, organisation: Any) -> Consent | None:
    return (
        Consent.objects.filter(
            person=person, organisation=organisation, purpose=ConsentPurpose.SHARE_PARTNER, withdrawn_at__isnull=True
        )
        .select_for_update()
        .first()
    )


@transaction.atomic
def referral_send(
    *, actor: Any, person: Person, organisation: Any, offer_kind: str, message: str = "", case: Case | None = None
) -> Referral:
    """Refer a person to a partner. Impossible without the person's active consent to share with that partner."""
    if offer_kind not in OfferKind.values:
        raise CaseworkError(_("Unknown offer."))
    if _sharing_consent(person, organisation) is None:
        raise ConsentMissing(
            _("%(organisation)s may only receive this referral once the person has agreed to share with it.")
            % {"organisation": organisation.name}
        )
    if case is not None and case.person_id != person.pk:
        raise CaseworkError(_("The case belongs to another person."))
    referral = Referral.objects.create(
        person=person,
        case=case,
        organisation=organisation,
        offer_kind=offer_kind,
        message=message,
        sent_by=_actor(actor),
    )
    _audit(actor, AuditAction.CREATE, referral, PURPOSE_REFERRAL)
    # The disclosure itself is recorded on the person, so the person's log lists everyone who received data.
    _audit(
        actor,
        AuditAction.SHARE,
        person,
        PURPOSE_REFERRAL,
        summary=f"referral #{referral.pk} to organisation #{organisation.pk}",
    )
    return referral


REFERRAL_NEXT = {
    ReferralStatus.SENT: {ReferralStatus.ACCEPTED, ReferralStatus.DECLINED, ReferralStatus.DONE},
    ReferralStatus.ACCEPTED: {ReferralStatus.DONE, ReferralStatus.DECLINED},
    ReferralStatus.DONE: set(),
    ReferralStatus.DECLINED: set(),
}


@transaction.atomic
def referral_update(*, actor: Any, referral: Referral, status: str, feedback: str = "") -> Referral:
    """The partner's answer: accepted, done or declined, with feedback."""
    if user_can(actor, Perm.REFERRALS_RECEIVE) and actor.organisation_id != referral.organisation_id:
        raise CaseworkError(_("This referral was sent to another organisation."))
    if _sharing_consent(referral.person, referral.organisation) is None:
        raise ConsentMissing(_("The person has withdrawn the consent to share; the referral is closed to you."))
    if status != referral.status and status not in REFERRAL_NEXT[referral.status]:
        raise CaseworkError(
            _("A referral that is %(current)s cannot become %(new)s.")
            % {"current": referral.get_status_display(), "new": ReferralStatus(status).label}
        )
    changed = [name for name, value in (("status", status), ("feedback", feedback)) if getattr(referral, name) != value]
    referral.status, referral.feedback = status, feedback
    referral.save()
    _audit(actor, AuditAction.UPDATE, referral, PURPOSE_REFERRAL, changed_fields=changed)
    return referral
