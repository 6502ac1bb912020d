"""Folding candidates that tell the same event into one, and choosing what each event keeps.

An article tells one event several times (the lede, the source's account, a quote, a later
reference): candidates of the same type merge when their places agree (same installation,
within 25 km, or one holds the other), their dates do not conflict and they are not
siblings of one coordinated trigger. The merged event keeps the most specific place, the
first date, the strongest attribution of its main mentions and the union of its hedges.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from basewatch.extract.candidates import Candidate, contains
from basewatch.records import Place

SAME_PLACE_KM = 25.0
SOURCE_RANK = {"official_statement": 4, "named": 3, "anonymous": 2, "media": 1, "none": 0}
MODALITY_MERGE_ORDER = ("ongoing", "completed", "planned", "speculative", "denied")


def _km(a: Place, b: Place) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)  # type: ignore[arg-type]
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)  # type: ignore[operator]
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def same_place(a: Place, b: Place) -> bool:
    """Same installation, same name, or two sites within 25 km."""
    if a.installation and b.installation:
        return a.installation.id == b.installation.id
    if a.name and a.name.lower() == (b.name or "").lower() and a.precision == b.precision:
        return True
    if a.precision == 3 and b.precision == 3 and a.admin1 and a.admin1 == b.admin1:
        return True  # "Anbar" and "Anbar, near the border": one province
    if a.precision <= 2 and b.precision <= 2:
        km = _km(a, b)
        return km is not None and km <= SAME_PLACE_KM
    return False


def place_rank(c: Candidate) -> tuple[int, int]:
    """Specificity: installations first, then precision 1..4, then no place."""
    place = c.merge_place
    if place is None:
        return (9, 0)
    return (0 if place.installation else place.precision, 0)


@dataclass
class Cluster:
    """Candidates told as one event."""

    members: list[Candidate] = field(default_factory=list)

    @property
    def head(self) -> Candidate:
        return self.members[0]

    @property
    def place(self) -> Place | None:
        return next((m.merge_place for m in self.members if m.merge_place is not None), None)

    @property
    def date(self) -> object:
        return next((m.date for m in self.members if m.date is not None), None)

    def groups(self) -> dict[int, Place | None]:
        return {m.group: m.place for m in self.members}


def _dates_conflict(cluster: Cluster, cand: Candidate) -> bool:
    if cand.date is None:
        return False
    for member in cluster.members:
        d = member.date
        # A day apart is the same event told from two vantage points ("today" / "on Wednesday").
        if d is not None and ((d.start - cand.date.end).days > 1 or (cand.date.start - d.end).days > 1):
            return True
    return False


def _actors_conflict(cluster: Cluster, cand: Candidate) -> bool:
    """Both name who acts, and not the same actor."""
    if cand.actor is None:
        return False
    names = {m.actor.entry.name for m in cluster.members if m.actor is not None}
    return bool(names) and cand.actor.entry.name not in names


def _sibling_conflict(cluster: Cluster, cand: Candidate) -> bool:
    return any(member.group == cand.group and member is not cand for member in cluster.members)


def _relation(cluster: Cluster, cand: Candidate) -> int:
    """0 = cannot merge; higher = better partner."""
    here, there = cluster.place, cand.merge_place
    if there is None:
        return 1
    if here is None:
        return 1
    if same_place(here, there):
        return 4
    if contains(there, here) or contains(here, there):
        return 2
    return 0


def merge(candidates: list[Candidate]) -> list[Cluster]:
    """Clusters of candidates, each one event."""
    clusters: list[Cluster] = []
    ordered = sorted(
        candidates,
        key=lambda c: (c.title, c.merge_place is None, place_rank(c), c.hit.start),
    )
    for cand in ordered:
        best: Cluster | None = None
        best_key: tuple[float, ...] = (0.0,)
        for cluster in clusters:
            head = cluster.head
            if head.type != cand.type or head.caption != cand.caption:
                continue
            if cand.caption and head.sentence.index != cand.sentence.index:
                continue  # a caption's events merge only within the caption (two triggers, one scene)
            if _dates_conflict(cluster, cand) or _sibling_conflict(cluster, cand):
                continue
            if cand.type == "territory.change" and _actors_conflict(cluster, cand):
                continue  # "rebels seized the town ... the army retook it": control changed hands twice
            relation = _relation(cluster, cand)
            if relation == 0:
                continue
            same_modality = float(any(m.modality == cand.modality for m in cluster.members))
            distance = min(abs(m.hit.start - cand.hit.start) for m in cluster.members)
            key = (float(relation), same_modality, -float(distance))
            if best is None or key > best_key:
                best, best_key = cluster, key
        if best is not None:
            best.members.append(cand)
        elif not cand.title:
            clusters.append(Cluster([cand]))
    for cluster in clusters:
        cluster.members.sort(key=lambda m: (m.title, m.hit.start))
    clusters = [cl for cl in clusters if not _caption_restates_body(cl, clusters)]
    clusters.sort(key=lambda cl: min(m.hit.start for m in cl.members if not m.title))
    return clusters


def _caption_restates_body(cluster: Cluster, clusters: list[Cluster]) -> bool:
    """A caption event the body already tells (same type, agreeing place) is not a new event.

    Like a headline, a caption often restates the story ("at the opening ceremony of the new
    base"); only what the caption alone shows (forces present at a place, a file photo's scene)
    is its own event.
    """
    if not cluster.head.caption or cluster.head.type == "force.presence":
        return False
    here = cluster.place
    shot = next((m.date for m in cluster.members if m.date is not None), None)
    for other in clusters:
        if other.head.caption or other.head.type != cluster.head.type:
            continue
        if shot is not None and not any(
            m.date is not None and abs((m.date.start - shot.start).days) <= 1 for m in other.members
        ):
            continue  # a dated file photo shows another day's scene ("In this file photo taken July 30")
        there = other.place
        if there is None:
            continue
        if here is None or same_place(here, there) or contains(there, here) or contains(here, there):
            return True
    return False


def choose_modality(cluster: Cluster) -> str:
    """The dated mention's modality, else the strongest reading.

    A process both done and under way is ongoing.
    """
    dated = [m for m in cluster.members if m.date is not None and not m.title]
    if dated:
        return dated[0].modality
    told = [m for m in cluster.members if not m.title]
    # A noun mention ("the creation of the facility") says little about modality; verbs decide.
    verbal = [m for m in told if not m.nominal] or told
    present = {m.modality for m in verbal} or {cluster.head.modality}
    return next(mod for mod in MODALITY_MERGE_ORDER if mod in present)


def choose_source(cluster: Cluster) -> Candidate:
    """The member whose attribution the event keeps.

    The mentions that tell the event in a clause of their own and name its place carry the
    attribution; mentions in an "after/despite ..." clause or used as a noun ("the attack on
    the base") are context the outlet adds. Among the carriers the strongest source wins.
    """
    body = [m for m in cluster.members if not m.title] or cluster.members
    pool = [m for m in body if not m.subordinate] or body
    placed = [m for m in pool if m.own_place and not m.nominal]
    pool = placed or [m for m in pool if not m.nominal] or pool
    return max(pool, key=lambda m: (SOURCE_RANK.get(m.source.kind, 0), len(m.source.via), -m.hit.start))
