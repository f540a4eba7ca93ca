"""Travel time between municipalities when the district has not uploaded a matrix.

An estimate from the straight-line distance between municipality centres: roads are about 1.3 times longer
than the straight line in this rural district; by car about 50 km/h on average door to door, by bus and train
about 22 km/h plus 10 minutes of walking and waiting. The language app says when an estimate was used.
"""

from math import asin, cos, radians, sin, sqrt

ROAD_FACTOR = 1.3
CAR_KMH = 50.0
PUBLIC_TRANSPORT_KMH = 22.0
PUBLIC_TRANSPORT_OVERHEAD_MINUTES = 10.0
SAME_MUNICIPALITY_MINUTES = (10.0, 15.0)  # (car, public transport) within one municipality


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    lat1, lon1, lat2, lon2 = map(radians, (lat1, lon1, lat2, lon2))
    a = sin((lat2 - lat1) / 2) ** 2 + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * asin(sqrt(a))


def estimated_minutes(lat1: float, lon1: float, lat2: float, lon2: float, *, has_car: bool) -> float:
    km = distance_km(lat1, lon1, lat2, lon2) * ROAD_FACTOR
    if km < 0.5:
        return SAME_MUNICIPALITY_MINUTES[0 if has_car else 1]
    if has_car:
        return max(SAME_MUNICIPALITY_MINUTES[0], km / CAR_KMH * 60)
    return max(SAME_MUNICIPALITY_MINUTES[1], km / PUBLIC_TRANSPORT_KMH * 60 + PUBLIC_TRANSPORT_OVERHEAD_MINUTES)


class TravelTimes:
    """Travel minutes between municipalities: the district's uploaded matrix where it has the pair, else the
    estimate between municipality centres. Loaded once (two queries) for a whole placement run.

    `minutes(origin, destination, has_car)` fits the placement engine's `TravelTime` callable; `source(...)`
    says which of the two answered ("matrix" or "estimate").
    """

    def __init__(self, matrix: dict[tuple[int, int], tuple[float, float]], centres: dict[int, tuple[float, float]]):
        self.matrix = matrix
        self.centres = centres

    @classmethod
    def load(cls, *, origins: list[int] | None = None) -> "TravelTimes":
        """The whole matrix, or only the journeys starting in `origins` (for one learner's choices)."""
        from wegweiser.language.models import TravelTime
        from wegweiser.territory.models import Municipality

        pairs = TravelTime.objects.all() if origins is None else TravelTime.objects.filter(origin_id__in=origins)
        matrix = {
            (origin, destination): (float(car), float(public))
            for origin, destination, car, public in pairs.values_list(
                "origin_id", "destination_id", "car_minutes", "public_transport_minutes"
            )
        }
        centres = {
            pk: (float(lat), float(lon))
            for pk, lat, lon in Municipality.objects.filter(
                latitude__isnull=False, longitude__isnull=False
            ).values_list("id", "latitude", "longitude")
        }
        return cls(matrix, centres)

    def source(self, origin: int, destination: int) -> str:
        return "matrix" if (origin, destination) in self.matrix else "estimate"

    def minutes(self, origin: int, destination: int, has_car: bool) -> float | None:
        pair = self.matrix.get((origin, destination))
        if pair is not None:
            return pair[0] if has_car else pair[1]
        if origin == destination:
            return SAME_MUNICIPALITY_MINUTES[0 if has_car else 1]
        a, b = self.centres.get(origin), self.centres.get(destination)
        if a is None or b is None:
            return None
        return round(estimated_minutes(a[0], a[1], b[0], b[1], has_car=has_car), 1)

    __call__ = minutes
