import secrets

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
    if not shown:
        out.write("accounts: demo accounts exist (new passwords: manage.py load_demo --reset-passwords)")
        return
    out.write("")
    out.write("=" * 72)
    out.write("Demo accounts (shown once; new passwords: manage.py load_demo --reset-passwords)")
    for username, password, role in shown:
        out.write(f"  {username:<12} {password:<16} {role}")
    out.write("=" * 72)
    out.write("")
