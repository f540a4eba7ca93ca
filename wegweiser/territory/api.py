from ninja import Router

from wegweiser.accounts.permissions import Perm
from wegweiser.api.permissions import require
from wegweiser.api.schemas import COMMON_ERRORS
from wegweiser.territory.schemas import MunicipalityOut
from wegweiser.territory.selectors import municipalities_overview

router = Router(tags=["territory"])


@router.get(
    "/municipalities", response={200: list[MunicipalityOut], **COMMON_ERRORS}, url_name="territory_municipalities"
)
def list_municipalities(request):
    require(request, Perm.TERRITORY_VIEW)
    return list(municipalities_overview())
