from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wegweiser.accounts.permissions import Perm, require_perm
from wegweiser.jobs.services import job_enqueue
from wegweiser.territory.forms import RegisterUploadForm
from wegweiser.territory.models import District
from wegweiser.territory.selectors import municipalities_overview
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


@require_perm(Perm.TERRITORY_MANAGE)
def register_upload(request):
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        population_date = form.cleaned_data["population_date"]
        job = job_enqueue(
            task=territory_import,
            kind="territory.import",
            label=_("Load municipality register %(file)s") % {"file": upload.name},
            actor=request.user,
            input_file=(upload.name, upload.read()),
            result_url=reverse("territory:list"),
            population_date=population_date.isoformat() if population_date else "",
        )
        return redirect("jobs:detail", job_id=job.pk)
    return render(request, "territory/register_upload.html", {"form": form})
