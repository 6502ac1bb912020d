"""Offline gazetteer and toponym resolution.

``PlaceResolver().find_places(text)`` finds and resolves every place mention;
``normalize_name`` is the transliteration-insensitive key used everywhere.
"""

from basewatch.places.gazetteer import Gazetteer, GazetteerError, distance_km, get_gazetteer
from basewatch.places.normalize import fold, normalize_name, spelling_key
from basewatch.places.resolver import PlaceResolver


def admin1_of(lat: float, lon: float, country: str | None = None) -> str | None:
    """Name of the first-order admin area a point lies in (from the nearest populated place)."""
    return get_gazetteer().admin1_of(lat, lon, country)


__all__ = [
    "Gazetteer",
    "GazetteerError",
    "PlaceResolver",
    "admin1_of",
    "distance_km",
    "fold",
    "get_gazetteer",
    "normalize_name",
    "spelling_key",
]
