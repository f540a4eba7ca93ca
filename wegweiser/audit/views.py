from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.audit.forms import AuditSearchForm
from wegweiser.audit.models import AuditAction
from wegweiser.audit.selectors import audit_entries_for_user, audit_object_types
from wegweiser.audit.templatetags.audit_display import audit_fields, audit_purpose, audit_record_type
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
    """The search result as CSV, streamed so a year of entries does not sit in memory; in the reader's
    language and local time, like the page (the stored entries keep stable English words)."""
    _form, entries = _search(request)
    writer = spreadsheet_csv_writer(_Echo())
    header = [
        _("Time"),
        _("User"),
        _("Action"),
        _("Record type"),
        _("Record id"),
        _("Purpose"),
        _("Details"),
        _("Changed fields"),
        _("Municipality id"),
    ]
    actions = dict(AuditAction.choices)

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    formats.date_format(timezone.localtime(entry.at), "SHORT_DATETIME_FORMAT"),
                    entry.actor_label,
                    str(actions.get(entry.action, entry.action)),
                    audit_record_type(entry.object_type),
                    entry.object_id,
                    audit_purpose(entry.purpose),
                    entry.summary,
                    audit_fields(entry),
                    entry.municipality_id or "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
