from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.audit.forms import AuditSearchForm
from wegweiser.audit.selectors import audit_entries_for_user, audit_object_types
from wegweiser.core.spreadsheet import spreadsheet_csv_writer


def _search(request):
    form = AuditSearchForm(request.GET or None, object_types=audit_object_types())
    filters = form.cleaned_data if form.is_valid() else {}
    filters = {key: value for key, value in filters.items() if value}
    return form, audit_entries_for_user(request.user, **filters)


@require_perm(Perm.AUDIT_VIEW)
def audit_list(request):
    form, entries = _search(request)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"form": form, "page": page})


class _Echo:
    def write(self, value):
        return value


@require_perm(Perm.AUDIT_VIEW)
def audit_export(request):
    """The search result as CSV, streamed so a year of entries does not sit in memory."""
    _form, entries = _search(request)
    writer = spreadsheet_csv_writer(_Echo())
    header = [
        "time",
        "user",
        "action",
        "record_type",
        "record_id",
        "purpose",
        "summary",
        "changed_fields",
        "municipality_id",
    ]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    entry.at.isoformat(),
                    entry.actor_label,
                    entry.action,
                    entry.object_type,
                    entry.object_id,
                    entry.purpose,
                    entry.summary,
                    " ".join(entry.changed_fields),
                    entry.municipality_id or "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
