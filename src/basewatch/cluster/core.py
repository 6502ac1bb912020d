"""Cross-article clustering: events that describe one real-world event become one ``Cluster``.

The merge is deterministic and independent of input order. Events are partitioned by
(type, country); inside a partition, three phases run on sorted inputs:

1. dated events (or undated news, placed around their report date) with places of the same
   granularity are linked when type, place, date, actor and modality are compatible; the
   connected components are the first clusters;
2. a cluster located only by region or country joins the one finer cluster it fits best;
3. undated background mentions join the cluster they fit best (when one candidate clearly
   wins), else cluster among themselves around their publication dates.

Canonical fields are computed from the member set, never from the order of arrival.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from basewatch.cluster.model import Cluster, Report
from basewatch.cluster.rules import StatusRules, load_rules
from basewatch.cluster.sources import group_sources, name_key
from basewatch.records import DateSpan, Event, Installation, Place, Published

PublishedValue = Published | DateSpan | tuple[dt.date, dt.date]
PublishedMap = Mapping[str, PublishedValue]

FINE, ADMIN1, COUNTRY, NOWHERE = 1, 3, 4, 9
MODALITY_ORDER = ("completed", "ongoing", "planned", "speculative", "denied")


def event_key(event: Event) -> str:
    """The event's id, or a stable stand-in derived from its article, type and evidence."""
    if event.id:
        return event.id
    evidence = event.evidence
    offsets = f"{evidence.start}|{evidence.end}" if evidence else "|"
    raw = f"{event.article_id}|{event.type}|{offsets}"
    return "ev-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def event_country(event: Event) -> str | None:
    """ISO country of the event's place (installation first), upper-cased, or None."""
    if event.installation is not None and event.installation.country:
        return event.installation.country.upper()
    if event.location is not None and event.location.country:
        return event.location.country.upper()
    return None


def partition_key(event: Event) -> str:
    """Blocking partition: events of different partitions never merge."""
    return f"{event.type}|{event_country(event) or '-'}"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _installation_key(installation: Installation | None) -> str:
    if installation is None:
        return ""
    return installation.id or name_key(installation.name)


def published_interval(value: PublishedValue | None) -> tuple[dt.date, dt.date] | None:
    """A publication date (Published, DateSpan or a pair of dates) as a (start, end) pair."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return value
    return value.start, value.end


@dataclass
class _PlaceInfo:
    """The comparable part of a place: granularity class, installation, coordinates, areas."""

    klass: int = NOWHERE
    installation: str = ""
    lat: float | None = None
    lon: float | None = None
    admin1: str = ""
    country: str = ""


def _place_info(installation: Installation | None, location: Place | None) -> _PlaceInfo:
    info = _PlaceInfo(installation=_installation_key(installation))
    if installation is not None and installation.lat is not None and installation.lon is not None:
        info.lat, info.lon = installation.lat, installation.lon
    if location is not None:
        if info.lat is None and location.resolved and location.lat is not None and location.lon is not None:
            info.lat, info.lon = location.lat, location.lon
        info.admin1 = name_key(location.admin1) if location.admin1 else ""
        info.country = (location.country or "").upper()
    if installation is not None:
        info.country = info.country or (installation.country or "").upper()
        if not info.admin1 and installation.admin1:
            info.admin1 = name_key(installation.admin1)
    if info.installation or (location is not None and location.precision <= 2 and info.lat is not None):
        info.klass = FINE
    elif location is not None and location.precision <= 3 and info.admin1:
        info.klass = ADMIN1
    elif info.country:
        info.klass = COUNTRY
    return info


def places_compatible(a: _PlaceInfo, b: _PlaceInfo, max_km: float) -> bool:
    """Same installation, or within ``max_km``, or the same area when one of them is coarse."""
    if a.country and b.country and a.country != b.country:
        return False
    if a.klass == FINE and b.klass == FINE:
        if a.installation and b.installation:
            return a.installation == b.installation
        if None not in (a.lat, b.lat):
            return haversine_km(a.lat, a.lon, b.lat, b.lon) <= max_km  # type: ignore[arg-type]
        return bool(a.admin1 and a.admin1 == b.admin1)
    coarse = max(a.klass, b.klass)
    if coarse == ADMIN1:
        return not (a.admin1 and b.admin1) or a.admin1 == b.admin1
    return True  # same country (checked above) or no place at all


def _actor_name(event: Event, which: str = "actor") -> str | None:
    actor = getattr(event, which)
    return actor.name if actor is not None and actor.name else None


@dataclass
class _View:
    """An event prepared for comparison."""

    id: str
    event: Event
    place: _PlaceInfo
    interval: tuple[dt.date, dt.date] | None  # dated or placed around its report date
    upper: dt.date | None  # for undated background: it happened on or before this day
    strong: bool
    actor: str | None
    actor_key: str = ""
    slack: int = 0  # days of tolerance on each side of the interval (by date precision)


@dataclass
class _Group:
    """A set of views being merged; summary fields come from the member set."""

    views: list[_View]
    place: _PlaceInfo = field(default_factory=_PlaceInfo)
    interval: tuple[dt.date, dt.date] | None = None
    actor: str | None = None
    actor_key: str = ""
    slack: int = 0
    modalities: frozenset[str] = frozenset()
    articles: frozenset[str] = frozenset()

    @property
    def min_id(self) -> str:
        return min(v.id for v in self.views)


def _tolerance(event: Event, rules: StatusRules) -> int:
    return rules.tolerance_days.get(event.date.precision, 0) if event.date else 0


def _make_view(event: Event, published: PublishedMap, rules: StatusRules) -> _View:
    place = _place_info(event.installation, event.location)
    anchor = published_interval(event.reported) if event.reported else None
    if anchor is None and event.article_id and event.article_id in published:
        anchor = published_interval(published[event.article_id])
    interval: tuple[dt.date, dt.date] | None = None
    upper: dt.date | None = None
    if event.date is not None:
        interval = (event.date.start, event.date.end)
    elif anchor is not None and not event.background:
        window = dt.timedelta(days=rules.undated_news_window_days)
        interval = (anchor[0] - window, anchor[1] + window)
    elif anchor is not None:
        upper = anchor[1]
    return _View(
        id=event_key(event),
        event=event,
        place=place,
        interval=interval,
        upper=upper,
        strong=interval is not None,
        actor=_actor_name(event),
        actor_key=name_key(_actor_name(event)),
        slack=_tolerance(event, rules),
    )


def _around(day: dt.date | None, window: dt.timedelta) -> tuple[dt.date, dt.date] | None:
    return (day - window, day + window) if day is not None else None


def _dates_agree(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None, slack: int) -> bool:
    """Overlapping intervals (within ``slack`` days), or one side undated."""
    return a is None or b is None or _overlap(a, b, slack)


def _overlap(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date], slack: int = 0) -> bool:
    """Intervals overlap, or come within ``slack`` days of each other."""
    gap = dt.timedelta(days=slack)
    return a[0] - gap <= b[1] and b[0] - gap <= a[1]


def _place_identity(view: _View) -> str:
    if view.place.installation:
        return "i:" + view.place.installation
    location = view.event.location
    return "p:" + name_key(location.name) if location is not None else ""


def _same_article_apart(a: _View, b: _View) -> bool:
    """Two events of one article that the extractor kept apart: different place or date.

    An article tells each event once (EVENTS.md), so such a pair is two real events; an exact
    repeat (same place and date) is an extraction duplicate and may merge.
    """
    if not a.event.article_id or a.event.article_id != b.event.article_id:
        return False
    return _place_identity(a) != _place_identity(b) or a.event.date != b.event.date


def _keys_agree(a: str, b: str) -> bool:
    """Actors agree: equal name keys, or one of them unknown."""
    return not a or not b or a == b


def _coincide(a: _View, b: _View, rules: StatusRules) -> bool:
    """Same day and the same spot: strong enough to outweigh disagreeing actors (actor extraction
    is the noisiest field; two different events of one type on one day at one spot are rare)."""
    if rules.ignore_actor_within_km <= 0 or a.event.date is None or b.event.date is None:
        return False
    if a.event.date.precision != "day" or b.event.date.precision != "day":
        return False
    if a.place.klass != FINE or b.place.klass != FINE:
        return False
    if a.place.installation and a.place.installation == b.place.installation:
        return True
    if None in (a.place.lat, b.place.lat):
        return False
    distance = haversine_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon)  # type: ignore[arg-type]
    return distance <= rules.ignore_actor_within_km


def _views_compatible(a: _View, b: _View, rules: StatusRules) -> bool:
    return (
        a.event.type == b.event.type
        and not _same_article_apart(a, b)
        and rules.modalities_compatible(a.event.modality, b.event.modality)
        and (_keys_agree(a.actor_key, b.actor_key) or _coincide(a, b, rules))
        and (
            a.interval is None
            or b.interval is None
            or _overlap(a.interval, b.interval, max(a.slack, b.slack))
        )
        and places_compatible(a.place, b.place, rules.max_distance_km)
    )


def _summarise(group: _Group) -> _Group:
    """Fill a group's summary: the most precise place and date, the most common actor."""
    views = sorted(group.views, key=lambda v: v.id)
    best_place = min(views, key=lambda v: (v.place.klass, 0 if v.place.installation else 1, v.id))
    group.place = best_place.place
    dated = [v for v in views if v.interval is not None]
    if dated:
        # The narrowest interval is the most precise one; ties go to the smallest id.
        best = min(dated, key=lambda v: ((v.interval[1] - v.interval[0]).days, v.id))  # type: ignore[index]
        group.interval = best.interval
        group.slack = best.slack
    actors = Counter(v.actor_key for v in views if v.actor_key)
    if actors:
        top = min(actors.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        group.actor_key = top
        group.actor = next(v.actor for v in views if v.actor_key == top)
    group.modalities = frozenset(v.event.modality for v in views)
    group.articles = frozenset(v.event.article_id for v in views if v.event.article_id)
    return group


def _group_accepts(group: _Group, view: _View, rules: StatusRules) -> bool:
    """Whether an undated background view fits a group (it happened before its publication)."""
    # Cheapest tests first: this runs for every undated mention against many groups.
    if view.upper is not None and group.interval is not None and group.interval[0] > view.upper:
        return False
    if not _keys_agree(group.actor_key, view.actor_key):
        return False
    if view.place.klass >= COUNTRY and not (view.actor_key and view.actor_key == group.actor_key):
        # Undated and placed at most by country: only a named actor shared with the group
        # ties such a mention to one event ("rocket attacks on bases" is no particular attack).
        return False
    if not all(rules.modalities_compatible(m, view.event.modality) for m in group.modalities):
        return False
    if not places_compatible(group.place, view.place, rules.max_distance_km):
        return False
    return view.event.article_id not in group.articles or not any(
        _same_article_apart(member, view) for member in group.views
    )


def _groups_compatible(coarse: _Group, fine: _Group, rules: StatusRules) -> bool:
    if not _keys_agree(coarse.actor_key, fine.actor_key):
        return False
    if (
        coarse.interval
        and fine.interval
        and not _overlap(coarse.interval, fine.interval, max(coarse.slack, fine.slack))
    ):
        return False
    if not all(rules.modalities_compatible(a, b) for a in coarse.modalities for b in fine.modalities):
        return False
    if not places_compatible(coarse.place, fine.place, rules.max_distance_km):
        return False
    return not (coarse.articles & fine.articles) or not any(
        _same_article_apart(a, b) for a in coarse.views for b in fine.views
    )


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _months(interval: tuple[dt.date, dt.date], slack: int) -> tuple[int, int]:
    """First and last month buckets of an interval widened by ``slack`` days."""
    gap = dt.timedelta(days=slack)
    return _month_index(interval[0] - gap), _month_index(interval[1] + gap)


def _best(candidates: list[tuple[tuple[int, ...], str, _Group]]) -> _Group | None:
    """The single best candidate by score; None when two candidates tie (ambiguous)."""
    if not candidates:
        return None
    candidates.sort(key=lambda c: (tuple(-s for s in c[0]), c[1]))
    if len(candidates) > 1 and candidates[0][0] == candidates[1][0]:
        return None
    return candidates[0][2]


def _month_index_of(groups: Sequence[_Group], rules: StatusRules) -> dict[int, list[int]]:
    """Month bucket -> indexes of the groups whose interval touches it (-1: over-long intervals)."""
    index: dict[int, list[int]] = {}
    for i, group in enumerate(groups):
        if group.interval is None:
            index.setdefault(-1, []).append(i)
            continue
        first, last = _months(group.interval, group.slack)
        if last - first > rules.max_bucket_months:
            index.setdefault(-1, []).append(i)
            continue
        for month in range(first, last + 1):
            index.setdefault(month, []).append(i)
    return index


def _groups_in_months(
    group: _Group, index: dict[int, list[int]], groups: Sequence[_Group], rules: StatusRules
) -> list[_Group]:
    """The groups whose month buckets meet ``group``'s (a superset of those whose dates overlap)."""
    if group.interval is None:
        return list(groups)
    first, last = _months(group.interval, group.slack)
    if last - first > rules.max_bucket_months:
        return list(groups)
    found = set(index.get(-1, []))
    for month in range(first, last + 1):
        found.update(index.get(month, []))
    return [groups[i] for i in sorted(found)]


class _PlaceIndex:
    """Groups by installation, grid cell and admin1, to find the few a located view may join."""

    def __init__(self, groups: Sequence[_Group], cell: float, max_km: float) -> None:
        # Biggest groups first: phase 3 stops scanning once no later group can win.
        self.groups = sorted(groups, key=lambda g: (-len(g.views), g.min_id))
        self.cell = cell
        self.max_km = max_km
        self.by_installation: dict[str, list[int]] = {}
        self.by_cell: dict[tuple[int, int], list[int]] = {}
        self.by_admin1: dict[str, list[int]] = {}
        self.coarse: list[int] = []
        for i, group in enumerate(self.groups):
            place = group.place
            if place.klass != FINE:
                self.coarse.append(i)
            if place.installation:
                self.by_installation.setdefault(place.installation, []).append(i)
            if place.lat is not None and place.lon is not None:
                self.by_cell.setdefault(self._cell(place.lat, place.lon), []).append(i)
            self.by_admin1.setdefault(place.admin1, []).append(i)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return (math.floor(lat / self.cell), math.floor(lon / self.cell))

    def candidates(self, place: _PlaceInfo) -> list[_Group]:
        """A superset of the groups whose place is compatible with ``place``."""
        if place.klass == FINE and place.lat is not None and place.lon is not None:
            found = set(self.coarse) | set(self.by_installation.get(place.installation, []))
            row, col = self._cell(place.lat, place.lon)
            # Enough cells around to cover max_km; a degree of longitude shrinks with latitude.
            rows = math.ceil(self.max_km / (111.0 * self.cell))
            shrink = max(math.cos(math.radians(min(abs(place.lat) + self.cell * rows, 89.0))), 0.01)
            cols = math.ceil(self.max_km / (111.0 * self.cell * shrink))
            for d_row in range(-rows, rows + 1):
                for d_col in range(-cols, cols + 1):
                    found.update(self.by_cell.get((row + d_row, col + d_col), []))
        elif place.klass == ADMIN1:
            found = set(self.by_admin1.get(place.admin1, [])) | set(self.by_admin1.get("", []))
            found.update(i for i in self.coarse if self.groups[i].place.klass != ADMIN1)
        else:
            return self.groups
        return [self.groups[i] for i in sorted(found)]


class _StrongGraph:
    """Phase 1 of one partition: connected components of compatible strong views.

    Views are added one at a time and compared only with those sharing a month bucket and a
    place class (over-long intervals with every view of their class), so the edge set, and
    hence the components, are the same whatever the order of ``add`` calls.
    """

    def __init__(self, rules: StatusRules) -> None:
        self.rules = rules
        self.views: dict[str, _View] = {}
        self.parent: dict[str, str] = {}
        self.buckets: dict[tuple[int, int], list[str]] = {}
        self.wide: dict[int, list[str]] = {}
        self.by_class: dict[int, list[str]] = {}

    def _find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def add(self, view: _View) -> None:
        assert view.interval is not None
        klass = view.place.klass
        first, last = _months(view.interval, view.slack)
        candidates = set(self.wide.get(klass, []))
        if last - first > self.rules.max_bucket_months:
            candidates.update(self.by_class.get(klass, []))
            self.wide.setdefault(klass, []).append(view.id)
        else:
            for month in range(first, last + 1):
                bucket = self.buckets.setdefault((klass, month), [])
                candidates.update(bucket)
                bucket.append(view.id)
        self.by_class.setdefault(klass, []).append(view.id)
        self.views[view.id] = view
        self.parent[view.id] = view.id
        for other in sorted(candidates):
            if _views_compatible(view, self.views[other], self.rules):
                root_a, root_b = self._find(view.id), self._find(other)
                if root_a != root_b:
                    self.parent[max(root_a, root_b)] = min(root_a, root_b)

    def components(self) -> list[list[_View]]:
        groups: dict[str, list[_View]] = {}
        for view_id in sorted(self.views):
            groups.setdefault(self._find(view_id), []).append(self.views[view_id])
        return [groups[root] for root in sorted(groups)]


def _cluster_partition(views: Sequence[_View], rules: StatusRules) -> list[list[_View]]:
    """The three merge phases over one partition's views."""
    graph = _StrongGraph(rules)
    for view in sorted((v for v in views if v.strong), key=lambda v: v.id):
        graph.add(view)
    return _merge_coarse_and_undated(graph.components(), [v for v in views if not v.strong], rules)


def _merge_coarse_and_undated(
    components: list[list[_View]], weak: Sequence[_View], rules: StatusRules
) -> list[list[_View]]:
    """Phases 2 and 3, on the phase-1 components (sorted by smallest id) and the weak views."""
    weak = sorted(weak, key=lambda v: v.id)
    groups = [_summarise(_Group(members)) for members in components]
    # Phase 2: coarser groups join the one finer group they fit best, region level first, then
    # country level (which may join a region-level group), then groups with no place.
    for klass in (ADMIN1, COUNTRY, NOWHERE):
        finer = [g for g in groups if g.place.klass < klass]
        finer_by_month = _month_index_of(finer, rules)
        merged: dict[int, list[_Group]] = {id(g): [g] for g in groups}
        for group in groups:
            if group.place.klass != klass:
                continue
            nearby = _groups_in_months(group, finer_by_month, finer, rules)
            candidates = [
                ((len(f.views),), f.min_id, f) for f in nearby if _groups_compatible(group, f, rules)
            ]
            target = _best(candidates)
            if target is not None:
                merged[id(target)].append(group)
                del merged[id(group)]
        groups = [
            parts[0] if len(parts) == 1 else _summarise(_Group([v for part in parts for v in part.views]))
            for parts in merged.values()
        ]
    # Phase 3: undated background views join the best group, else cluster among themselves.
    attached: dict[int, list[_View]] = {id(g): [] for g in groups}
    leftovers: list[_View] = []
    place_index = _PlaceIndex(groups, rules.cell_degrees, rules.max_distance_km)
    for view in weak:
        candidates: list[tuple[tuple[int, ...], str, _Group]] = []
        for group in place_index.candidates(view.place):
            if candidates and len(group.views) < candidates[0][0][0]:
                break  # groups come biggest first: none of the rest can win or tie
            if _group_accepts(group, view, rules):
                score = (len(group.views), int(group.place.klass == view.place.klass))
                candidates.append((score, group.min_id, group))
        target = _best(candidates)
        if target is None:
            leftovers.append(view)
        else:
            attached[id(target)].append(view)
    result = [g.views + attached[id(g)] for g in groups]
    window = dt.timedelta(days=rules.undated_news_window_days)
    windowed = [
        _View(v.id, v.event, v.place, _around(v.upper, window), None, False, v.actor, v.actor_key)
        for v in leftovers
    ]
    # Leftovers placed around their publication day link among themselves like strong views.
    leftover_graph = _StrongGraph(rules)
    for view in windowed:
        if view.interval is not None:
            leftover_graph.add(view)
    originals = {v.id: v for v in leftovers}
    for members in leftover_graph.components():
        result.append([originals[v.id] for v in members])
    result.extend([originals[v.id]] for v in windowed if v.interval is None)
    return result


def _most_common(values: Iterable[str], order: Sequence[str] = ()) -> str | None:
    counts = Counter(values)
    if not counts:
        return None
    rank = {value: i for i, value in enumerate(order)}
    return min(counts.items(), key=lambda kv: (-kv[1], rank.get(kv[0], len(rank)), kv[0]))[0]


def _report(event_id: str, event: Event, published: PublishedMap) -> Report:
    interval = published_interval(published.get(event.article_id or ""))
    return Report(
        published=interval[1].isoformat() if interval else None,
        event_id=event_id,
        article_id=event.article_id,
        outlet=event.attribution.outlet,
        via=list(event.attribution.via),
        source=event.attribution.source,
        evidence=event.evidence,
        background=event.background,
        caption=event.caption,
        modality=event.modality,
        date=event.date,
        reported=event.reported,
        doc=event.doc,
    )


def cluster_id(event_type: str, member_ids: Iterable[str]) -> str:
    """Stable cluster id: the type and the smallest member event id."""
    raw = f"{event_type}|{min(member_ids)}"
    return "c-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def build_cluster(
    events: Sequence[Event], rules: StatusRules | None = None, published: PublishedMap | None = None
) -> Cluster:
    """A canonical event from its members: every field is a function of the member set."""
    rules = rules or load_rules()
    members = sorted(events, key=event_key)
    ids = [event_key(e) for e in members]
    event_type = members[0].type
    dated = [e for e in members if e.date is not None]
    date = None
    if dated:
        support = Counter((e.date.start, e.date.end) for e in dated)  # type: ignore[union-attr]
        best = min(
            dated,
            key=lambda e: (
                (e.date.end - e.date.start).days,  # type: ignore[union-attr]
                -support[(e.date.start, e.date.end)],  # type: ignore[union-attr]
                e.date.start,  # type: ignore[union-attr]
                event_key(e),
            ),
        )
        date = best.date
    located = [e for e in members if e.location is not None]
    location = None
    if located:
        names = Counter(name_key(e.location.name) for e in located)  # type: ignore[union-attr]
        best_loc = min(
            located,
            key=lambda e: (
                e.location.precision,  # type: ignore[union-attr]
                0 if e.location.resolved else 1,  # type: ignore[union-attr]
                -names[name_key(e.location.name)],  # type: ignore[union-attr]
                event_key(e),
            ),
        )
        location = best_loc.location
    installations = [e.installation for e in members if e.installation is not None]
    installation = None
    if installations:
        top = _most_common(_installation_key(i) for i in installations)
        installation = min(
            (i for i in installations if _installation_key(i) == top), key=lambda i: (i.id, i.name)
        )
    modalities = Counter(e.modality for e in members)
    affirmed = [e.modality for e in members if e.modality != "denied"]
    modality = _most_common(affirmed or [e.modality for e in members], MODALITY_ORDER) or "completed"
    actor = _most_common(n for e in members if (n := _actor_name(e)))
    counterpart = _most_common(n for e in members if (n := _actor_name(e, "counterpart")))
    fatalities = [e.fatalities for e in members if e.fatalities is not None]
    reports = sorted(
        (_report(i, e, published or {}) for i, e in zip(ids, members, strict=True)),
        key=lambda r: (r.article_id or "", r.event_id),
    )
    groups = group_sources(reports, rules)
    return Cluster(
        id=cluster_id(event_type, ids),
        type=event_type,
        key=partition_key(members[0]),
        date=date,
        location=location,
        installation=installation,
        modality=modality,
        modalities=dict(sorted(modalities.items())),
        disputed="denied" in modalities and len(modalities) > 1,
        actor=actor,
        counterpart=counterpart,
        # The most conservative figure, as conflict datasets do when reports disagree.
        fatalities=min(fatalities) if fatalities else None,
        reports=reports,
        independent_sources=len(groups),
        source_groups=groups,
    )


def _sort_clusters(clusters: Iterable[Cluster]) -> list[Cluster]:
    def key(c: Cluster) -> tuple[str, str, str]:
        return (c.date.start.isoformat() if c.date else "9999", c.type, c.id)

    return sorted(clusters, key=key)


def cluster_partition(
    events: Sequence[Event],
    published: PublishedMap | None = None,
    rules: StatusRules | None = None,
    reuse: Mapping[tuple[str, ...], Cluster] | None = None,
) -> list[Cluster]:
    """Cluster events that all belong to one partition (same type and country).

    ``reuse`` maps sorted member ids to clusters built before from unchanged events: a group
    with exactly those members is taken as is instead of being rebuilt.
    """
    rules = rules or load_rules()
    views = [_make_view(e, published or {}, rules) for e in events]
    clusters: list[Cluster] = []
    for members in _cluster_partition(views, rules):
        cached = reuse.get(tuple(sorted(v.id for v in members))) if reuse else None
        clusters.append(cached or build_cluster([v.event for v in members], rules, published))
    return clusters


def cluster_events(
    events: Iterable[Event], published: PublishedMap | None = None, rules: StatusRules | None = None
) -> list[Cluster]:
    """Canonical events across articles.

    ``published`` maps article ids to their publication date (a ``Published``, ``DateSpan`` or
    ``(start, end)``): undated events are placed around it. The result does not depend on the
    order of ``events``; clusters are sorted by date, type and id.
    """
    rules = rules or load_rules()
    partitions: dict[str, dict[str, Event]] = {}
    for event in events:
        if event.review_status == "rejected":
            continue  # a reviewer said this event is wrong
        # Duplicate ids (the same event given twice) count once.
        partitions.setdefault(partition_key(event), {})[event_key(event)] = event
    clusters: list[Cluster] = []
    for key in sorted(partitions):
        clusters.extend(cluster_partition(list(partitions[key].values()), published, rules))
    return _sort_clusters(clusters)


class ClusterIndex:
    """Incremental clustering: ``add`` and ``remove`` recompute only the partitions they touch.

    A partition is (event type, country), the blocking key outside which events never merge;
    inside a partition, month buckets and place classes limit the pairs compared. New events
    are linked into the kept phase-1 graph (compared only with their bucket neighbours);
    phases 2-3 re-run on the partition's components, and clusters whose members did not change
    are reused. Replacing or removing events rebuilds that partition. The result equals
    ``cluster_events`` over everything added, whatever the order of the calls.
    """

    def __init__(self, published: PublishedMap | None = None, rules: StatusRules | None = None) -> None:
        self.rules = rules or load_rules()
        self.published: dict[str, PublishedValue] = dict(published or {})
        self._events: dict[str, dict[str, Event]] = {}
        self._clusters: dict[str, list[Cluster]] = {}
        self._partition_of: dict[str, str] = {}
        # Phase-1 state and undated views per partition, kept while events are only added.
        self._graphs: dict[str, _StrongGraph] = {}
        self._weak: dict[str, dict[str, _View]] = {}

    def add(self, events: Iterable[Event], published: PublishedMap | None = None) -> set[str]:
        """Add (or replace, by id) events; returns the partitions that were re-clustered."""
        changed_articles = {k for k, v in (published or {}).items() if self.published.get(k) != v}
        if published:
            self.published.update(published)
        touched: set[str] = set()
        dirty: set[str] = set()
        added: dict[str, list[Event]] = {}
        for event in events:
            event_id = event_key(event)
            dirty.add(event_id)
            old = self._partition_of.pop(event_id, None)
            if old is not None:
                self._events[old].pop(event_id, None)
                self._graphs.pop(old, None)  # a replaced event: rebuild that partition's graph
                touched.add(old)
            if event.review_status == "rejected":
                continue
            key = partition_key(event)
            self._events.setdefault(key, {})[event_id] = event
            self._partition_of[event_id] = key
            added.setdefault(key, []).append(event)
            touched.add(key)
        for key in touched:
            moved = {i for i, e in self._events.get(key, {}).items() if e.article_id in changed_articles}
            if moved:
                self._graphs.pop(key, None)  # undated views depend on publication dates
                dirty.update(moved)
        for key, new_events in added.items():
            if key in self._graphs:
                self._grow(key, new_events)
        self._recompute(touched, dirty)
        return touched

    def _grow(self, key: str, events: Sequence[Event]) -> None:
        """Add new events to a partition's kept phase-1 state (the cheap, incremental path)."""
        graph, weak = self._graphs[key], self._weak[key]
        for event in sorted(events, key=event_key):
            view = _make_view(event, self.published, self.rules)
            if view.id in graph.views or view.id in weak:
                self._graphs.pop(key, None)  # same id added twice in one call: rebuild
                return
            if view.strong:
                graph.add(view)
            else:
                weak[view.id] = view

    def remove(self, event_ids: Iterable[str]) -> set[str]:
        """Remove events by id; returns the partitions that were re-clustered."""
        touched: set[str] = set()
        for event_id in event_ids:
            key = self._partition_of.pop(event_id, None)
            if key is not None:
                self._events[key].pop(event_id, None)
                self._graphs.pop(key, None)  # removal can split components: rebuild
                touched.add(key)
        self._recompute(touched, set())
        return touched

    def _recompute(self, partitions: Iterable[str], dirty: set[str]) -> None:
        """Re-group each partition; clusters whose members did not change are reused, not rebuilt."""
        for key in partitions:
            members = list(self._events.get(key, {}).values())
            if not members:
                self._clusters.pop(key, None)
                self._events.pop(key, None)
                self._graphs.pop(key, None)
                self._weak.pop(key, None)
                continue
            if key not in self._graphs:
                graph = _StrongGraph(self.rules)
                weak: dict[str, _View] = {}
                views = sorted(
                    (_make_view(e, self.published, self.rules) for e in members), key=lambda v: v.id
                )
                for view in views:
                    if view.strong:
                        graph.add(view)
                    else:
                        weak[view.id] = view
                self._graphs[key], self._weak[key] = graph, weak
            groups = _merge_coarse_and_undated(
                self._graphs[key].components(), list(self._weak[key].values()), self.rules
            )
            reuse = {
                tuple(sorted(c.event_ids)): c
                for c in self._clusters.get(key, [])
                if not dirty.intersection(c.event_ids)
            }
            clusters: list[Cluster] = []
            for group in groups:
                cached = reuse.get(tuple(sorted(v.id for v in group)))
                clusters.append(cached or build_cluster([v.event for v in group], self.rules, self.published))
            self._clusters[key] = clusters

    def partition(self, key: str) -> list[Cluster]:
        """The clusters of one partition (``type|country``)."""
        return list(self._clusters.get(key, []))

    @property
    def partitions(self) -> list[str]:
        return sorted(self._clusters)

    @property
    def clusters(self) -> list[Cluster]:
        return _sort_clusters(c for key in self._clusters for c in self._clusters[key])

    def __len__(self) -> int:
        return sum(len(v) for v in self._clusters.values())
