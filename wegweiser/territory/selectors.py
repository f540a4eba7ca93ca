from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any

from django.db.models import QuerySet

from wegweiser.core.publication import Publication
from wegweiser.territory.models import Municipality


def municipalities_overview() -> QuerySet[Municipality]:
    """Public facts of all municipalities (no personal data): every role may read them."""
    return Municipality.objects.select_related("samtgemeinde").order_by("name")


def municipalities_for_user(user: Any) -> QuerySet[Municipality]:
    """The municipalities where people live that a user may choose for a person or learner: district-wide roles
    all of them, everyone else those of their remit."""
    return Municipality.objects.local().in_remit(user)


# --- Publishing figures by municipality, Samtgemeinde and district ------------------------------------------

DISTRICT_KEY = "district"


def samtgemeinde_of_members() -> dict[int, int]:
    """Each member municipality's Samtgemeinde (towns and Gemeinden in none are left out)."""
    return dict(Municipality.objects.filter(samtgemeinde__isnull=False).values_list("id", "samtgemeinde_id"))


def territorial_groupings(
    municipality_of: Callable[[Any], int], samtgemeinden: Mapping[int, int]
) -> dict[str, Callable[[Any], Any]]:
    """The groupings every figure about people is published under, for `core.publication.publish_table`:
    "municipality" (id), "samtgemeinde" (id; members only) and "district" (DISTRICT_KEY). Add a breakdown's own
    groupings beside them, so the figures by municipality and by Samtgemeinde are protected together."""
    return {
        "municipality": municipality_of,
        "samtgemeinde": lambda key: samtgemeinden.get(municipality_of(key)),
        "district": lambda key: DISTRICT_KEY,
    }


def publication_in_remit(
    publication: Publication, municipality_ids: Collection[int] | None, area_of: Mapping[str, Callable[[Any], int]]
) -> Publication:
    """The part of a district-wide publication that a remit may see: the cells whose area (`area_of[grouping]`
    gives a municipality or Samtgemeinde id for a key) is in it; groupings without an area (the district, a
    breakdown over the whole district) only for a district-wide remit (None).

    The suppression is always that of the whole district, so two readers with different remits see the same
    hidden cells where they overlap and cannot combine what they see into a hidden count."""
    if municipality_ids is None:
        return publication
    ids = set(municipality_ids)
    return publication.only(lambda grouping, key: grouping in area_of and area_of[grouping](key) in ids)


def municipality_keys(ids: Iterable[int]) -> list[tuple[int, str, str]]:
    """(pk, AGS, name) of the given municipalities that have an AGS (the key maps and statistics use)."""
    return list(
        Municipality.objects.filter(pk__in=list(ids), ags__isnull=False)
        .order_by("name")
        .values_list("pk", "ags", "name")
    )
