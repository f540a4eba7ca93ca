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
