from django.shortcuts import get_object_or_404, render

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.lokin import selectors


@require_perm(Perm.LOKIN_VIEW)
def programme_list(request):
    programmes = selectors.programmes_for_user(request.user)
    return render(request, "lokin/programme_list.html", {"programmes": programmes})


@require_perm(Perm.LOKIN_VIEW)
def programme_detail(request, programme_id: int):
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    rows = list(selectors.allocation_rows_for_user(request.user, programme))
    applications = (
        selectors.applications_for_user(request.user).filter(programme=programme).order_by("municipality__name", "pk")
    )
    district_wide = user_can(request.user, Perm.LOKIN_MANAGE)
    context = {
        "programme": programme,
        "rows": rows,
        "applications": applications,
        "ledger": selectors.programme_ledger(programme) if district_wide else None,
    }
    return render(request, "lokin/programme_detail.html", context)
