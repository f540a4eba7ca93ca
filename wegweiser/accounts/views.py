from urllib.parse import urlencode

import segno
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from wegweiser.accounts import services
from wegweiser.accounts.forms import LoginForm, SetPasswordForm, TokenForm, UserForm
from wegweiser.accounts.middleware import SECOND_FACTOR_SESSION_KEY
from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.accounts.selectors import users_for_user, users_search
from wegweiser.core.page_language import public_page


def _safe_next(request, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@public_page
@sensitive_post_parameters("password")
def login_view(request):
    if request.user.is_authenticated and request.user.is_verified():
        return redirect(_safe_next(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if user is not None:
            login(request, user)
            if services.second_factor_required(user):
                request.session[SECOND_FACTOR_SESSION_KEY] = True
                return redirect(f"{_two_factor_url()}?{urlencode({'next': _safe_next(request)})}")
            return redirect(_safe_next(request))
        form.add_error(
            None, _("User name or password is wrong. After several failed attempts the account is locked for a while.")
        )
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request, "")})


def _two_factor_url() -> str:
    from django.urls import reverse

    return reverse("accounts:two_factor")


@login_required
def two_factor(request):
    """Confirm the second factor: enter a code, or set up an authenticator app first if there is none."""
    user = request.user
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = confirmed is None or (request.GET.get("setup") == "1" and user.is_verified())
    device = services.totp_device_start(user=user) if setting_up else confirmed
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        if setting_up:
            ok = services.totp_device_confirm(user=user, device=device, token=token)
        else:
            ok = device.verify_token(token)
        if ok:
            otp_login(request, device)
            request.session[SECOND_FACTOR_SESSION_KEY] = True
            if setting_up:
                messages.success(
                    request, _("Your authenticator app is set up. From now on every login asks for a code.")
                )
            return redirect(_safe_next(request))
        form.add_error("token", _("This code is not valid. Check the time on your phone and enter the current code."))
    context = {"form": form, "setting_up": setting_up, "next": _safe_next(request, "")}
    if setting_up:
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
        context["secret"] = _base32_secret(device)
    return render(request, "accounts/two_factor.html", context)


def _base32_secret(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("accounts:login")


@login_required
def profile(request):
    has_device = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    return render(request, "accounts/profile.html", {"has_device": has_device})


@require_perm(Perm.ACCOUNTS_MANAGE)
def user_list(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(users_search(request.user, query=query), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page, "query": query})


@require_perm(Perm.ACCOUNTS_MANAGE)
def user_create(request):
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user, password = services.user_create(
            actor=request.user,
            username=data["username"],
            role=data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            municipalities=data["municipalities"],
            organisation=data["organisation"],
        )
        messages.success(
            request,
            _("Account %(username)s created. Its initial password, shown only now: %(password)s")
            % {"username": user.username, "password": password},
        )
        return redirect("accounts:user_edit", user_id=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@require_perm(Perm.ACCOUNTS_MANAGE)
def user_edit(request, user_id: int):
    account = get_object_or_404(users_for_user(request.user), pk=user_id)
    form = UserForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.user_update(
            actor=request.user,
            user=account,
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            role=data["role"],
            organisation=data["organisation"],
            is_active=data["is_active"],
            municipalities=list(data["municipalities"]),
        )
        messages.success(request, _("The account has been saved."))
        return redirect("accounts:user_edit", user_id=account.pk)
    password_form = SetPasswordForm(user=account)
    has_device = TOTPDevice.objects.filter(user=account, confirmed=True).exists()
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "account": account, "password_form": password_form, "has_device": has_device},
    )


@require_perm(Perm.ACCOUNTS_MANAGE)
@require_POST
@sensitive_post_parameters("password")
def user_set_password(request, user_id: int):
    account = get_object_or_404(users_for_user(request.user), pk=user_id)
    form = SetPasswordForm(request.POST, user=account)
    if form.is_valid():
        services.user_set_password(actor=request.user, user=account, password=form.cleaned_data["password"])
        messages.success(request, _("The new password has been set."))
    else:
        for error in form.errors.get("password", []):
            messages.error(request, error)
    return redirect("accounts:user_edit", user_id=account.pk)


@require_perm(Perm.ACCOUNTS_MANAGE)
@require_POST
def user_reset_second_factor(request, user_id: int):
    account = get_object_or_404(users_for_user(request.user), pk=user_id)
    services.user_reset_second_factor(actor=request.user, user=account)
    messages.success(request, _("The second factor has been removed; the user sets up a new one at the next login."))
    return redirect("accounts:user_edit", user_id=account.pk)
