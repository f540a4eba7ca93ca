import os
import secrets
from pathlib import Path

from django.conf import settings

from wegweiser.accounts.models import User
from wegweiser.accounts.roles import Role
from wegweiser.accounts.services import user_create, user_set_password
from wegweiser.network.models import Organisation
from wegweiser.territory.models import Municipality

# username, role, first name, last name, municipalities (name prefixes), organisation
DEMO_ACCOUNTS = [
    ("admin", Role.DISTRICT_ADMIN, "Anna", "Admin", [], None),
    ("planung", Role.INTEGRATION_OFFICE, "Paul", "Planer", [], None),
    ("beratung", Role.CASEWORKER, "Clara", "Beraterin", [], None),
    ("kommune", Role.MUNICIPAL_MANAGER, "Kemal", "Kommunal", ["Melle", "Bramsche"], None),
    ("kurs", Role.COURSE_PROVIDER, "Katrin", "Kursleitung", [], "VHS Osnabrücker Land"),
    ("partner", Role.PARTNER, "Peter", "Partner", [], "Caritas Migrationsberatung"),
    ("datenschutz", Role.DATA_PROTECTION_OFFICER, "Dana", "Datenschutz", [], None),
    # network: a migrant organisation keeps its own directory entry
    ("verein", Role.PARTNER, "Oksana", "Melnyk", [], "Ukrainischer Verein Osnabrücker Land"),
]


def load_demo(*, out, reset_passwords: bool = False, **options) -> None:
    shown = []
    for username, role, first, last, towns, organisation_name in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first()
        password = secrets.token_urlsafe(9)
        if user is None:
            municipalities = [m for town in towns for m in Municipality.objects.filter(name__startswith=town)[:1]]
            organisation = Organisation.objects.filter(name=organisation_name).first() if organisation_name else None
            user, password = user_create(
                actor=None,
                username=username,
                role=role,
                password=password,
                first_name=first,
                last_name=last,
                municipalities=municipalities,
                organisation=organisation,
            )
        elif reset_passwords:
            user_set_password(actor=None, user=user, password=password)
        else:
            continue
        shown.append((username, password, user.get_role_display()))
    path = _keep_passwords(shown)
    if not shown:
        out.write(f"accounts: demo accounts exist; their passwords are in {path} (new ones: make demo-passwords)")
        return
    out.write("")
    out.write("=" * 72)
    out.write(f"Demo accounts (kept in {path}, readable only by you; new passwords: make demo-passwords)")
    for username, password, role in shown:
        out.write(f"  {username:<12} {password:<16} {role}")
    out.write("=" * 72)
    out.write("")


def passwords_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-passwords.txt"


def _keep_passwords(shown: list[tuple[str, str, str]]) -> Path:
    """The passwords scroll away under the access log: keep them, for the owner only, beside the database.

    Accounts not shown this time keep their line (an app may add a demo account to an existing district)."""
    path = passwords_file()
    lines: dict[str, str] = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                lines[line.split()[0]] = line
    for username, password, role in shown:
        lines[username] = f"{username:<12} {password:<16} {role}"
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(path, 0o600)  # an older file may have been created with wider rights
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("# Wegweiser demo accounts: user name, password, role\n")
        handle.write("".join(f"{lines[name]}\n" for name in sorted(lines)))
    return path
