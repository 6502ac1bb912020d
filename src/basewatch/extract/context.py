"""Places and dates for the extractor, behind small adapters.

Places come from ``basewatch.places.PlaceResolver`` (gazetteer + register) and dates from
``basewatch.dates.find_dates``; both are called once per article. When a stage is not
installed the adapters degrade (register-only places, no dates) instead of failing, so the
rest of extraction still runs.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, replace
from typing import Any

from basewatch.records import DateSpan, Installation, Place

log = logging.getLogger(__name__)


@dataclass
class DateMention:
    """The parts of a dates-stage mention the extractor uses."""

    start: int
    end: int
    span: DateSpan | None
    relative_days: int | None = None
    is_report_cue: bool = False
    in_quote: bool = False
    text: str = ""
    refers_to: str | None = None  # "the attack" in "two days after the attack"


def _load_register() -> Any:
    try:
        from basewatch.registry import load_register

        return load_register()
    except Exception as exc:  # the register is optional: events still get gazetteer places
        log.warning("installations register unavailable (%s); installations will not be recognised", exc)
        return None


class PlaceFinder:
    """Places in a text: the resolver's, plus register installations it did not mark."""

    def __init__(self, resolver: Any = None, register: Any = None) -> None:
        self.register = register if register is not None else _load_register()
        self.resolver = resolver
        if self.resolver is None:
            try:
                from basewatch.places import PlaceResolver

                self.resolver = PlaceResolver()
            except Exception as exc:  # resolver not installed: register-only places
                log.warning("place resolver unavailable (%s); only register installations are located", exc)

    def find(self, text: str, context_countries: list[str] | None = None) -> list[Place]:
        """Places with offsets into ``text``, ordered by position, without overlaps."""
        places: list[Place] = []
        if self.resolver is not None:
            try:
                places = list(self.resolver.find_places(text, context_countries=context_countries))
            except Exception:  # one text the resolver cannot take must not lose the article's events
                log.warning(
                    "place resolution failed; events of this article get no gazetteer places", exc_info=True
                )
                places = []
        places = [p for p in places if p.start >= 0]
        places += self._named_districts(text, places)
        # The resolver marks register installations itself; without it, the register alone.
        if self.register is not None and self.resolver is None:
            for start, end, inst in self.register.match(text):
                if any(p.start <= start < p.end or start <= p.start < end for p in places if p.installation):
                    continue
                places = [p for p in places if not (p.start < end and start < p.end)]
                places.append(installation_place(inst, text[start:end], start, end))
        places.sort(key=lambda p: (p.start, -(p.end - p.start)))
        out: list[Place] = []
        for place in places:
            if out and place.start < out[-1].end:
                continue
            out.append(place)
        return out

    def _named_districts(self, text: str, places: list[Place]) -> list[Place]:
        """ "X District", "Y Province" the resolver's scan left out, looked up by name."""
        if self.resolver is None or not hasattr(self.resolver, "resolve"):
            return []
        found: list[Place] = []
        # A district is looked up by name alone, so it must lie in a country the text names
        # ("Amadiya District" of Iraq, not a namesake elsewhere).
        named_countries = {p.country for p in places if p.country}
        for match in _DISTRICT.finditer(text):
            start, end = match.span()
            if any(p.start < end and start < p.end for p in places):
                continue
            try:
                place = self.resolver.resolve(match.group(0))
            except Exception:  # a name the resolver cannot take: skip it
                continue
            if (
                place is not None
                and place.resolved
                and place.lat is not None
                and place.country in named_countries
            ):
                found.append(replace(place, text=match.group(0), start=start, end=end))
        return found

    def find_installation(self, name: str) -> Installation | None:
        """An installation of the register by name, when there is a register."""
        if self.register is None:
            return None
        try:
            return self.register.find(name)  # type: ignore[no-any-return]
        except Exception:
            return None


def installation_place(inst: Installation, mention: str, start: int, end: int) -> Place:
    """A Place standing for a register installation."""
    return Place(
        name=inst.name,
        text=mention,
        start=start,
        end=end,
        admin1=inst.admin1,
        country=inst.country or None,
        lat=inst.lat,
        lon=inst.lon,
        precision=1,
        resolved=inst.lat is not None,
        feature="installation",
        installation=inst,
    )


# A name with a generic head word: "al-Qaim District", "Nineveh Province", "Bekaa Valley".
_DISTRICT = re.compile(
    r"(?:\b(?:al|el|Al|El)-)?\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){0,2}\s+"
    r"(?:District|Province|Governorate|Subdistrict|County|Valley|Region)\b"
)
_YEAR = re.compile(r"\b(?:in|since|during|by|of)\s+((?:19|20)\d\d)\b")


def find_date_mentions(text: str, anchor: dt.date | None) -> list[DateMention]:
    """Temporal expressions of the whole text, resolved against the publication anchor."""
    try:
        try:
            from basewatch.dates import find_dates
        except ImportError:
            from basewatch.dates.mentions import find_dates
    except ImportError:
        find_dates = None
    if find_dates is not None:
        out = []
        try:
            found = find_dates(text, anchor)
        except Exception:  # a text the dates stage cannot take: events simply stay undated
            log.warning("date finding failed; events of this article stay undated", exc_info=True)
            found = []
        for m in found:
            out.append(
                DateMention(
                    start=m.start,
                    end=m.end,
                    span=m.span,
                    relative_days=getattr(m, "relative_days", None),
                    is_report_cue=bool(getattr(m, "is_report_cue", False)),
                    in_quote=bool(getattr(m, "in_quote", False)),
                    text=m.text,
                    refers_to=getattr(m, "refers_to", None),
                )
            )
        return out
    # Minimal fallback without the dates stage: bare years only.
    mentions = []
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        span = DateSpan(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", match.group(0), *match.span())
        mentions.append(DateMention(match.start(), match.end(), span, text=match.group(0)))
    return mentions


def shift_span(span: DateSpan, days: int, words: str) -> DateSpan:
    """``span`` moved by ``days`` ("two days after the attack")."""
    delta = dt.timedelta(days=days)
    return DateSpan(span.start + delta, span.end + delta, span.precision, words)
