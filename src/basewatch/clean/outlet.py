"""Which outlet published an article: from its URL, a self-reference, or a dateline tag.

Names, domains, aliases and dateline tags live in ``data/outlets.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from basewatch.clean.normalize import fold_text
from basewatch.clean.rules import RulesError
from basewatch.config import data_path, load_yaml

# Shorter names ("AP", "RT") on a line of their own are too ambiguous to name the publisher.
MASTHEAD_MIN_CHARS = 4
# Words a copyright line adds after the name ("© 2021 Outlet. All rights reserved").
_NAME_TAIL = re.compile(r"\s*(all rights reserved|ltd|inc|llc|plc|limited|corporation)\b.*$", re.IGNORECASE)


@dataclass(frozen=True)
class OutletTable:
    """Lookups built from the outlets file."""

    by_domain: dict[str, str]
    by_name: dict[str, str]  # case-folded name or alias -> canonical name
    by_tag: dict[str, str]  # case-folded dateline tag -> canonical name
    self_reference: tuple[re.Pattern[str], ...]
    dateline: re.Pattern[str]
    dateline_paragraphs: int


@functools.cache
def load_outlets(path: str | None = None) -> OutletTable:
    """Load ``data/outlets.yaml`` (or another file of the same shape)."""
    outlets_path = Path(path) if path else data_path("outlets.yaml")
    try:
        data = load_yaml(outlets_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RulesError(f"{outlets_path}: cannot read outlets: {exc}") from None
    by_domain: dict[str, str] = {}
    by_name: dict[str, str] = {}
    by_tag: dict[str, str] = {}
    for index, entry in enumerate(data.get("outlets") or []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise RulesError(f"{outlets_path}: outlets[{index}] needs a 'name'")
        name = str(entry["name"])
        by_name[name.casefold()] = name
        for alias in entry.get("aliases") or []:
            by_name.setdefault(str(alias).casefold(), name)
        for domain in entry.get("domains") or []:
            by_domain[str(domain).lower().removeprefix("www.")] = name
        for tag in entry.get("dateline_tags") or []:
            by_tag[str(tag).casefold()] = name
    try:
        self_reference = tuple(re.compile(p, re.MULTILINE) for p in data.get("self_reference") or [])
        dateline = re.compile(data.get("dateline") or r"^$")
    except re.error as exc:
        raise RulesError(f"{outlets_path}: invalid pattern: {exc}") from None
    return OutletTable(
        by_domain, by_name, by_tag, self_reference, dateline, int(data.get("dateline_paragraphs", 3))
    )


def outlet_from_url(url: str | None, table: OutletTable | None = None) -> str | None:
    """Canonical outlet of a URL's domain (or any parent domain), or None."""
    if not url:
        return None
    table = table or load_outlets()
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
    host = host.removeprefix("www.")
    while host:
        if host in table.by_domain:
            return table.by_domain[host]
        if "." not in host:
            break
        host = host.split(".", 1)[1]
    return None


def canonical_outlet(name: str | None, table: OutletTable | None = None) -> str | None:
    """The canonical spelling of a known outlet name or alias, else None."""
    if not name:
        return None
    table = table or load_outlets()
    return table.by_name.get(" ".join(name.split()).casefold())


def is_outlet_name(line: str, table: OutletTable | None = None) -> bool:
    """True when a whole line is a known outlet's name or alias (a masthead, an agency credit)."""
    if len(line) > 60:
        return False
    return canonical_outlet(line.strip(" .:-–—|"), table) is not None


def outlet_from_text(text: str, table: OutletTable | None = None) -> str | None:
    """Outlet named by the text itself: self-references first, then a dateline tag near the top."""
    table = table or load_outlets()
    folded = fold_text(text)
    for pattern in table.self_reference:
        for match in pattern.finditer(folded):
            name = _NAME_TAIL.sub("", match.group("name")).strip(" .-–—:")
            if not name:
                continue
            known = canonical_outlet(name, table) or canonical_outlet(name.removeprefix("The "), table)
            # An unknown name in a copyright line is still the publisher's own words.
            return known or name
    paragraphs = [line for line in folded.split("\n") if line.strip()]
    # A masthead or credit line that is just an outlet's name, near the top or the bottom.
    for line in paragraphs[:3] + paragraphs[-3:]:
        name = line.strip(" .:-–—|")
        if len(name) >= MASTHEAD_MIN_CHARS and (known := canonical_outlet(name, table)):
            return known
    for paragraph in paragraphs[: table.dateline_paragraphs + 1]:
        match = table.dateline.match(paragraph)
        if not match:
            continue
        groups = match.groupdict()
        raw_tag = groups.get("tag") or groups.get("slash") or groups.get("after") or ""
        tag = " ".join(raw_tag.split()).casefold()
        found = table.by_tag.get(tag) or table.by_name.get(tag)
        if found:
            return found
    return None


def detect_outlet(text: str | None = None, url: str | None = None) -> str | None:
    """Outlet of an article: its URL's domain, else what the text says about itself."""
    return outlet_from_url(url) or (outlet_from_text(text) if text else None)
