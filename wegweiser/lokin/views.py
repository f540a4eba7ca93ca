from decimal import Decimal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, require_perm, user_can
from wegweiser.core.spreadsheet import spreadsheet_xlsx
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


@require_perm(Perm.LOKIN_VIEW)
def allocation_xlsx(request, programme_id: int):
    """The fixed allocation table with its working, formula-safe through `core.spreadsheet`."""
    programme = get_object_or_404(selectors.programmes_for_user(request.user), pk=programme_id)
    rows = selectors.allocation_rows_for_user(request.user, programme)
    table = [
        [
            _("Municipality key"),
            _("Municipality"),
            _("Amount (EUR)"),
            _("Exact amount (EUR)"),
            _("Bound"),
            _("Indicator"),
            _("Value"),
            _("Source"),
            _("Reference date"),
        ]
    ]
    for row in rows:
        indicators = row.working.get("indicators") or [{}]
        for index, item in enumerate(indicators):
            table.append(
                [
                    row.municipality.ags or row.municipality.regional_key,
                    row.municipality.name,
                    row.amount if index == 0 else None,
                    Decimal(row.working["exact_amount"]) if index == 0 else None,
                    row.working.get("bound", "") if index == 0 else "",
                    item.get("indicator", ""),
                    Decimal(item["value"]) if item.get("value") else None,
                    item.get("source", ""),
                    item.get("reference_date") or "",
                ]
            )
    content = spreadsheet_xlsx(table, sheet_title=_("Allocation"), text_columns=[0])
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="lokin-{programme.year}-verteilung.xlsx"'
    return response
