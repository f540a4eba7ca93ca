from datetime import date

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.jobs.services import UploadGone, job_enqueue, upload_hold, upload_take
from wegweiser.territory.forms import RegisterUploadForm
from wegweiser.territory.models import District
from wegweiser.territory.register import parse_register
from wegweiser.territory.selectors import municipalities_overview
from wegweiser.territory.services import TerritoryLoadError, territory_register_plan
from wegweiser.territory.tasks import territory_import


@require_perm(Perm.TERRITORY_VIEW)
def municipality_list(request):
    municipalities = list(municipalities_overview())
    local = [m for m in municipalities if m.kind != "samtgemeinde"]
    context = {
        "district": District.objects.first(),
        "municipalities": municipalities,
        "population_total": sum(m.population or 0 for m in local),
        "local_count": len(local),
    }
    return render(request, "territory/municipality_list.html", context)


HELD_FOR = "territory.register"


@require_perm(Perm.TERRITORY_MANAGE)
def register_upload(request):
    """Upload, then a preview of every change, then the load as a job: nothing changes before the confirmation."""
    if request.method == "POST" and "held" in request.POST:
        return _register_confirm(request)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload, population_date = form.cleaned_data["file"], form.cleaned_data["population_date"]
        content = upload.read()
        register = parse_register(content, upload.name)
        if register.problems:
            return render(request, "territory/register_upload.html", {"form": form, "problems": register.problems})
        try:
            plan = territory_register_plan(register=register, population_date=population_date)
        except TerritoryLoadError as error:
            form.add_error("file", str(error))
        else:
            held = upload_hold(actor=request.user, purpose=HELD_FOR, filename=upload.name, content=content)
            context = {
                "plan": plan,
                "held": held,
                "population_date": population_date,
                "shown": sorted(
                    (change for change in plan.changes if change.kind != "unchanged"), key=lambda c: c.record.line
                ),
            }
            return render(request, "territory/register_preview.html", context)
    return render(request, "territory/register_upload.html", {"form": form})


def _register_confirm(request):
    try:
        filename, content = upload_take(actor=request.user, purpose=HELD_FOR, held_id=request.POST["held"])
        given = request.POST.get("population_date")
        population_date = date.fromisoformat(given) if given else None
    except (UploadGone, ValueError) as error:
        message = str(error) if isinstance(error, UploadGone) else _("The preview was damaged; upload the file again.")
        context = {"form": RegisterUploadForm(), "gone": message}
        return render(request, "territory/register_upload.html", context, status=409)
    job = job_enqueue(
        task=territory_import,
        kind="territory.import",
        label=_("Load municipality register %(file)s") % {"file": filename},
        actor=request.user,
        input_file=(filename, content),
        result_url=reverse("territory:list"),
        population_date=population_date.isoformat() if population_date else "",
    )
    return redirect("jobs:detail", job_id=job.pk)
