"""Logging in and out, lock-out, the second factor, the administrator's account management and the language."""

import base64
import re
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.accounts.middleware import SecondFactorMiddleware
from wegweiser.accounts.models import User
from wegweiser.accounts.roles import Role
from wegweiser.accounts.tests.factories import UserFactory
from wegweiser.audit.models import AuditAction, AuditEntry

PASSWORD = "correct horse battery staple"  # the factories' password
LOGIN = reverse("accounts:login")
TWO_FACTOR = reverse("accounts:two_factor")


def log_in(client, username: str, password: str = PASSWORD, next_url: str = ""):
    return client.post(LOGIN, {"username": username, "password": password, "next": next_url})


def code(device: TOTPDevice, *, step: int = 0) -> str:
    """The code an authenticator app shows now (or `step` periods later, for a second login)."""
    return f"{totp(device.bin_key, drift=step):06d}"


def text(response) -> str:
    return response.content.decode()


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def device_of():
    def confirmed_device(user: User) -> TOTPDevice:
        return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)

    return confirmed_device


# Logging in and out


def test_login_leads_to_the_page_asked_for_and_logout_back_to_the_login(client, world, english):
    assert client.get(reverse("territory:list"))["Location"] == f"{LOGIN}?next=/territory/"
    assert "<h1>Log in</h1>" in text(client.get(LOGIN))

    response = log_in(client, "beratung", next_url="/territory/")

    assert response.status_code == 302
    assert response["Location"] == "/territory/"
    assert client.get("/territory/").status_code == 200
    out = client.post(reverse("accounts:logout"), follow=True)
    assert out.redirect_chain == [(LOGIN, 302)]
    assert "You have logged out." in text(out)
    assert client.get("/territory/").status_code == 302


def test_a_wrong_password_is_refused_with_a_message(client, world, english):
    response = log_in(client, "beratung", "wrong password")

    assert response.status_code == 200
    assert "User name or password is wrong." in text(response)
    assert "_auth_user_id" not in client.session


def test_login_never_leads_to_another_site(client, world):
    assert log_in(client, "beratung", next_url="https://evil.example/steal")["Location"] == "/"


def test_logout_needs_a_post(client_as):
    client = client_as(Role.CASEWORKER)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session


# Lock-out (django-axes)


def test_five_failed_logins_lock_the_account_out_even_for_the_right_password(client, world, english):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "beratung", "guess").status_code == 200

    locked = log_in(client, "beratung", "guess")

    assert locked.status_code == 429
    assert "<h1>Account locked for a while</h1>" in text(locked)
    assert log_in(client, "beratung").status_code == 429
    assert "_auth_user_id" not in client.session
    assert log_in(client, "planung").status_code == 302, "another account from the same address still logs in"


def test_a_successful_login_resets_the_count_of_failures(client, world):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "beratung", "guess")
    assert log_in(client, "beratung").status_code == 302
    client.post(reverse("accounts:logout"))

    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "beratung", "guess").status_code == 200
    assert log_in(client, "beratung").status_code == 302


# Second factor (TOTP)


def test_no_page_of_the_project_opens_before_the_second_factor(client, world, device_of):
    """Every URL of the matrix, as a caseworker who has given the password but not yet the code."""
    from wegweiser.testing.matrix import collect_cases

    device_of(world.user(Role.CASEWORKER))
    log_in(client, "beratung")
    open_pages = SecondFactorMiddleware.open_url_names
    for case in collect_cases():
        if (
            case.name in open_pages
            or case.name.startswith("api:openapi")
            or case.name in {"api_root", "api:api-root", "accounts:login"}
        ):
            continue
        url = reverse(case.name, kwargs=case.kwargs(world) if case.kwargs else None)
        data = case.data(world) if case.data else {}
        response = client.post(url, data) if case.method == "POST" else client.get(url, data)
        if url.startswith("/api/"):
            assert response.status_code == 403, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(TWO_FACTOR), url


def test_a_user_with_an_authenticator_enters_a_code_before_any_other_page(client, world, english, device_of):
    device = device_of(world.user(Role.CASEWORKER))

    response = log_in(client, "beratung", next_url="/territory/")

    assert response["Location"] == f"{TWO_FACTOR}?{urlencode({'next': '/territory/'})}"
    for url in ("/", "/territory/", reverse("jobs:list"), reverse("accounts:profile")):
        assert client.get(url)["Location"] == f"{TWO_FACTOR}?{urlencode({'next': url})}", url
    api = client.get(reverse("api:territory_municipalities"))
    assert (api.status_code, api.json()) == (403, {"detail": "second factor required"})
    assert client.get(reverse("core:health")).status_code == 200
    assert "<h1>Confirm your login</h1>" in text(client.get(TWO_FACTOR))

    confirmed = client.post(f"{TWO_FACTOR}?next=/territory/", {"token": code(device), "next": "/territory/"})

    assert confirmed["Location"] == "/territory/"
    assert client.get("/territory/").status_code == 200
    assert client.get(reverse("api:territory_municipalities")).status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, world, english, device_of, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp otherwise makes the next try wait a second
    device = device_of(world.user(Role.CASEWORKER))
    log_in(client, "beratung")
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"

    for token, message in ((wrong, "This code is not valid."), ("12ab56", "The code consists of digits only.")):
        response = client.post(TWO_FACTOR, {"token": token})
        assert response.status_code == 200
        assert message in text(response)
    assert client.get("/")["Location"].startswith(TWO_FACTOR)
    assert client.post(TWO_FACTOR, {"token": code(device)})["Location"] == "/"


def test_a_user_sets_up_an_authenticator_from_the_account_page(client, world, english):
    caseworker = world.user(Role.CASEWORKER)
    assert log_in(client, "beratung")["Location"] == "/", "no second factor needed while none is set up"
    assert "not set up" in text(client.get(reverse("accounts:profile")))

    page = text(client.get(f"{TWO_FACTOR}?setup=1"))

    assert "<h1>Set up your authenticator app</h1>" in page
    assert "<svg" in page
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    assert key == TOTPDevice.objects.get(user=caseworker, confirmed=False).bin_key
    confirmed = client.post(f"{TWO_FACTOR}?setup=1", {"token": f"{totp(key):06d}", "next": "/"}, follow=True)
    assert "Your authenticator app is set up." in text(confirmed)
    assert TOTPDevice.objects.filter(user=caseworker, confirmed=True).count() == 1
    assert AuditEntry.objects.filter(
        actor=caseworker, object_id=str(caseworker.pk), changed_fields=["second_factor"]
    ).exists()

    client.post(reverse("accounts:logout"))
    assert log_in(client, "beratung")["Location"].startswith(TWO_FACTOR), "from now on every login asks for a code"
    assert client.post(TWO_FACTOR, {"token": f"{totp(key, drift=1):06d}"})["Location"] == "/"


def test_a_new_authenticator_replaces_the_old_one(client, world, device_of):
    caseworker = world.user(Role.CASEWORKER)
    old = device_of(caseworker)
    log_in(client, "beratung")
    client.post(TWO_FACTOR, {"token": code(old)})

    client.get(f"{TWO_FACTOR}?setup=1")
    new = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    client.post(f"{TWO_FACTOR}?setup=1", {"token": code(new)})

    assert list(TOTPDevice.objects.filter(user=caseworker).values_list("pk", "confirmed")) == [(new.pk, True)]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.MUNICIPAL_MANAGER, Role.DATA_PROTECTION_OFFICER])
def test_when_required_every_role_seeing_personal_data_sets_up_a_second_factor_first(client, world, settings, role):
    settings.WEGWEISER_REQUIRE_SECOND_FACTOR = True
    user = world.user(role)

    response = log_in(client, user.username)

    assert response["Location"] == f"{TWO_FACTOR}?{urlencode({'next': '/'})}"
    assert client.get("/")["Location"] == f"{TWO_FACTOR}?{urlencode({'next': '/'})}"
    assert 'data-testid="totp-secret"' in text(client.get(TWO_FACTOR))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert client.post(TWO_FACTOR, {"token": code(device), "next": "/"})["Location"] == "/"
    assert not client.get("/").get("Location", "").startswith(TWO_FACTOR)


def test_without_the_requirement_a_user_without_authenticator_logs_in_directly(client, world, settings):
    settings.WEGWEISER_REQUIRE_SECOND_FACTOR = False

    assert log_in(client, "beratung")["Location"] == "/"
    assert client.get("/territory/").status_code == 200


# Account management by the district administrator


@pytest.fixture
def admin(client_as, client):
    client_as(Role.DISTRICT_ADMIN)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def account_data(**overrides) -> dict:
    return {
        "username": "mmuster",
        "first_name": "Maria",
        "last_name": "Muster",
        "email": "maria.muster@example.org",
        "role": Role.CASEWORKER,
        "is_active": "on",
        **overrides,
    }


def test_the_admin_creates_an_account_and_sees_its_password_once(admin, world):
    response = admin.post(reverse("accounts:user_create"), account_data(), follow=True)

    account = User.objects.get(username="mmuster")
    assert response.redirect_chain == [(reverse("accounts:user_edit", kwargs={"user_id": account.pk}), 302)]
    password = re.search(r"Its initial password, shown only now: (\S+)</div>", text(response)).group(1)
    assert account.check_password(password)
    assert (account.role, account.get_full_name(), account.email) == (
        Role.CASEWORKER,
        "Maria Muster",
        "maria.muster@example.org",
    )
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(account.pk))
    assert (entry.action, entry.actor_label, entry.purpose) == (AuditAction.CREATE, "admin", "account administration")
    assert "Maria" not in entry.summary
    assert password not in text(admin.get(reverse("accounts:user_edit", kwargs={"user_id": account.pk})))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"username": "Beratung"}, "username", "This user name is taken."),
        ({"role": Role.MUNICIPAL_MANAGER}, "municipalities", "Name at least one municipality"),
        ({"role": Role.COURSE_PROVIDER}, "organisation", "Name the organisation this account acts for."),
        ({"role": Role.PARTNER}, "organisation", "Name the organisation this account acts for."),
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"username": ""}, "username", "This field is required."),
        ({"role": "superuser"}, "role", "Select a valid choice."),
    ],
)
def test_the_account_form_explains_what_is_wrong(admin, world, overrides, field, message):
    response = admin.post(reverse("accounts:user_create"), account_data(**overrides))

    assert response.status_code == 200
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', text(response), re.S)
    assert errors, f"no error shown at {field}"
    assert message in errors.group(1)
    assert User.objects.count() == len(world.users), "no account was created"


def test_a_municipal_manager_is_created_with_municipalities(admin, world):
    data = account_data(role=Role.MUNICIPAL_MANAGER, municipalities=[world.municipality.pk])

    admin.post(reverse("accounts:user_create"), data)

    account = User.objects.get(username="mmuster")
    assert account.municipality_ids() == {world.municipality.pk}


def test_the_admin_changes_an_account_and_the_audit_names_the_fields(admin, world):
    account = world.user(Role.CASEWORKER)
    data = account_data(
        username="ignored",
        first_name=account.first_name,
        last_name=account.last_name,
        email="",
        role=Role.MUNICIPAL_MANAGER,
        municipalities=[world.other_municipality.pk],
    )

    response = admin.post(reverse("accounts:user_edit", kwargs={"user_id": account.pk}), data, follow=True)

    assert "The account has been saved." in text(response)
    account.refresh_from_db()
    assert (account.username, account.role) == ("beratung", Role.MUNICIPAL_MANAGER), "the user name stays"
    assert account.municipality_ids() == {world.other_municipality.pk}
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(account.pk))
    assert (entry.action, entry.changed_fields) == (AuditAction.UPDATE, ["municipalities", "role"])


def test_the_admin_sets_a_password_that_the_validators_accept(admin, world):
    account = world.user(Role.CASEWORKER)
    url = reverse("accounts:user_set_password", kwargs={"user_id": account.pk})

    short = admin.post(url, {"password": "kurz"}, follow=True)
    assert "This password is too short. It must contain at least 12 characters." in text(short)
    account.refresh_from_db()
    assert account.check_password(PASSWORD)

    done = admin.post(url, {"password": "ein-langes-neues-Passwort-42"}, follow=True)

    assert "The new password has been set." in text(done)
    account.refresh_from_db()
    assert account.check_password("ein-langes-neues-Passwort-42")
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(account.pk))
    assert (entry.actor_label, entry.changed_fields) == ("admin", ["password"])
    assert "ein-langes" not in entry.summary


def test_the_admin_removes_a_lost_second_factor(admin, world, device_of):
    account = world.user(Role.CASEWORKER)
    device_of(account)
    edit = text(admin.get(reverse("accounts:user_edit", kwargs={"user_id": account.pk})))
    assert "This account has an authenticator app." in edit

    response = admin.post(reverse("accounts:user_reset_second_factor", kwargs={"user_id": account.pk}), follow=True)

    assert "The second factor has been removed" in text(response)
    assert "This account has no authenticator app yet." in text(response)
    assert not TOTPDevice.objects.filter(user=account).exists()
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(account.pk))
    assert (entry.actor_label, entry.changed_fields) == ("admin", ["second_factor"])


def test_the_account_list_searches_and_counts_its_queries(admin, world, django_assert_max_num_queries):
    for number in range(12):
        UserFactory(username=f"extra{number}", municipalities=[world.municipality])

    with django_assert_max_num_queries(10):
        page = text(admin.get(reverse("accounts:user_list")))
    found = text(admin.get(reverse("accounts:user_list"), {"q": "kommune"}))

    account_link = r'href="/accounts/users/\d+/"'
    assert len(re.findall(account_link, page)) == 7 + 12
    assert len(re.findall(account_link, found)) == 1
    assert ">kommune</a>" in found


# The language switch


def test_the_language_switch_remembers_the_choice_in_a_cookie_and_in_the_account(client, client_as, world):
    client_as(Role.CASEWORKER)
    assert '<html lang="de"' in text(client.get("/about/"))

    response = client.post(reverse("core:set_language"), {"language": "en", "next": "/about/"})

    assert response["Location"] == "/about/"
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] == settings.LANGUAGE_COOKIE_AGE
    assert cookie["httponly"]
    assert '<html lang="en"' in text(client.get("/about/"))
    caseworker = User.objects.get(username="beratung")
    assert caseworker.preferred_language == "en"
    entry = AuditEntry.objects.get(object_type="accounts.user", object_id=str(caseworker.pk))
    assert (entry.actor_label, entry.changed_fields) == ("beratung", ["preferred_language"])

    client.cookies.clear()
    client.force_login(caseworker)
    assert '<html lang="en"' in text(client.get("/about/")), "the account remembers it on another browser"


def test_an_anonymous_visitor_switches_by_cookie_only(client, world):
    response = client.post(reverse("core:set_language"), {"language": "ar", "next": "/accounts/login/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"
    assert '<html lang="ar" dir="rtl">' in text(client.get(LOGIN))
    assert not User.objects.exclude(preferred_language="").exists()


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"language": "xx", "next": "/about/"}, "/about/"),
        ({"language": "en", "next": "https://evil.example/"}, "/"),
    ],
)
def test_the_language_switch_ignores_unknown_languages_and_foreign_targets(client, data, location):
    response = client.post(reverse("core:set_language"), data)

    assert response["Location"] == location
    if data["language"] == "xx":
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_my_account_sets_the_language_kept_for_the_account(client, client_as, world):
    client_as(Role.MUNICIPAL_MANAGER)
    page = text(client.get(reverse("accounts:profile")))
    assert 'id="profile-language"' in page
    assert '<option value="de" lang="de" selected>' in page

    response = client.post(reverse("core:set_language"), {"language": "uk", "next": reverse("accounts:profile")})

    assert response["Location"] == reverse("accounts:profile")
    assert User.objects.get(username="kommune").preferred_language == "uk"
    other_device = Client()
    other_device.force_login(User.objects.get(username="kommune"))
    assert '<option value="uk" lang="uk" selected>' in text(other_device.get(reverse("accounts:profile")))
