from ninja.errors import HttpError

from wegweiser.accounts.permissions import Perm, user_can


def require(request, perm: Perm) -> None:
    """Refuse with 403 unless the caller's role holds `perm` (and a required second factor is confirmed)."""
    if not user_can(request.auth, perm):
        raise HttpError(403, "forbidden")
