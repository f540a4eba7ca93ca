from ninja import Router

from wegweiser.accounts.permissions import Perm
from wegweiser.api.permissions import require
from wegweiser.territory.schemas import MunicipalityOut
from wegweiser.territory.selectors import municipalities_overview

router = Router(tags=["territory"])


@router.get("/municipalities", response=list[MunicipalityOut], url_name="territory_municipalities")
def list_municipalities(request):
    require(request, Perm.TERRITORY_VIEW)
    return list(municipalities_overview())
