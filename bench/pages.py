"""The pages the HTTP benchmarks load: every role's home and the heaviest page of each app, on the demo district.

Imported inside a Django process whose database holds the demo district (`manage.py load_demo`);
`bench/http.py` runs `python -m bench.pages` to learn the pages and sessions, `bench/request_profile.py` imports
it. Run as `DJANGO_SETTINGS_MODULE=... DATABASE_URL=... python bench/pages.py` it prints the pages as JSON,
each with a fresh session for its user. The objects are chosen, not made up: the person with the most cases, the case with the most entries, the
offer with the most learners enrolled (at least 25), a placement run (one is computed when the demo has none,
as the integration office would start it) and the audit log searched by action.
"""

# ruff: noqa: E402
import sys
from pathlib import Path

# bench/http.py (named as the issue asks) would hide the standard library's `http` from this folder.
if sys.path and Path(sys.path[0] or ".").resolve() == Path(__file__).resolve().parent:
    sys.path.pop(0)

import argparse
import json
from dataclasses import asdict, dataclass

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Page:
    label: str
    path: str
    username: str  # "" for an anonymous visitor
    expect: str  # text the page must contain, so a login or second-factor page is not measured instead


HOME_USERS = ["admin", "planung", "beratung", "kommune", "kurs", "partner", "datenschutz"]


def signed_in_session(username: str) -> str:
    """A session key of `username`, signed in with a confirmed second factor (as after the TOTP step)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from wegweiser.accounts.middleware import SECOND_FACTOR_SESSION_KEY
    from wegweiser.accounts.models import User

    user = User.objects.get(username=username)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[SECOND_FACTOR_SESSION_KEY] = True
    session.save()
    return session.session_key


def _placement_run_id() -> int:
    from wegweiser.language.models import PlacementRun

    run = PlacementRun.objects.order_by("-id").first()
    if run is None:
        from wegweiser.language.tasks import placement_compute

        run = placement_compute(max_minutes=45)
    return run.pk


def _offer_with_learners(wanted: int):
    """The offer with the most learners enrolled or waiting; the demo's fullest has about ten, so learners
    who are not there yet join its waiting list (through the service, as a caseworker would add them)."""
    from django.db import transaction
    from django.db.models import Count, Q

    from wegweiser.language import services
    from wegweiser.language.models import EnrolmentStatus, Learner, Offer

    active = Q(enrolments__status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING])
    offer = Offer.objects.annotate(n=Count("enrolments", filter=active)).order_by("-n", "id").first()
    missing = wanted - offer.n
    for learner in Learner.objects.exclude(enrolments__offer=offer).order_by("id")[: max(missing, 0) * 2]:
        if missing <= 0:
            break
        try:
            with transaction.atomic():
                services.enrolment_create(actor=None, learner=learner, offer=offer, seat=False)
        except services.LanguageError:
            continue
        missing -= 1
    return offer, Offer.objects.filter(pk=offer.pk).annotate(n=Count("enrolments", filter=active)).get().n


def heavy_pages() -> list[Page]:
    from django.db.models import Count
    from django.urls import reverse

    from wegweiser.accounts.models import User
    from wegweiser.accounts.roles import Role
    from wegweiser.casework.models import Case, Person
    from wegweiser.core.navigation import home_for_roles

    names = {user.username: user.get_full_name() for user in User.objects.filter(username__in=HOME_USERS)}
    pages = [Page("login page (anonymous)", reverse("accounts:login"), "", 'name="username"')]
    for username in HOME_USERS:
        user = User.objects.get(username=username)
        target = home_for_roles().get(user.role)
        path = reverse(target) if target else reverse("core:home")
        pages.append(Page(f"home: {Role(user.role).name.lower()}", path, username, names[username]))
    person = Person.objects.active().annotate(n=Count("cases")).order_by("-n", "id").first()
    case = (
        Case.objects.annotate(n=Count("needs", distinct=True) + Count("tasks", distinct=True))
        .order_by("-n", "id")
        .first()
    )
    offer, learners = _offer_with_learners(25)
    pages += [
        Page(
            "person page (caseworker)",
            reverse("casework:person_detail", args=[person.pk]),
            "beratung",
            person.given_names,
        ),
        Page(
            "case page (caseworker)",
            reverse("casework:case_detail", args=[case.pk]),
            "beratung",
            case.person.given_names,
        ),
        Page(
            f"offer, {learners} learners (office)",
            reverse("language:offer_detail", args=[offer.pk]),
            "planung",
            offer.title,
        ),
        Page(
            "placement run (office)",
            reverse("language:placement_detail", args=[_placement_run_id()]),
            "planung",
            names["planung"],
        ),
        Page("audit search (DPO)", reverse("audit:list") + "?action=read", "datenschutz", names["datenschutz"]),
        Page("municipality list (caseworker)", reverse("territory:list"), "beratung", "Melle"),
        Page("Lagebild dashboard (office)", reverse("lagebild:dashboard"), "planung", names["planung"]),
        Page("network directory (office)", reverse("network:organisation_list"), "planung", names["planung"]),
    ]
    from wegweiser.integrationskonzept.models import ConceptVersion
    from wegweiser.lokin.models import Programme

    programme = Programme.objects.order_by("-year").first()
    if programme is not None:
        pages.append(
            Page(
                "LokIn programme (office)", reverse("lokin:programme", args=[programme.pk]), "planung", names["planung"]
            )
        )
    version = ConceptVersion.objects.order_by("-pk").first()
    if version is not None:
        pages.append(
            Page("concept board (office)", reverse("konzept:board", args=[version.pk]), "planung", names["planung"])
        )
    return pages


def main() -> None:
    """Print the pages, each with a fresh session for its user, as JSON (for bench/http.py)."""
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()
    sessions: dict[str, str] = {}
    rows = []
    for page in heavy_pages():
        if page.username and page.username not in sessions:
            sessions[page.username] = signed_in_session(page.username)
        rows.append({**asdict(page), "session": sessions.get(page.username, "")})
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
