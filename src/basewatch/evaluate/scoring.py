"""The EVENTS.md §5 scorer: match predicted events to gold events and compute the metrics.

Matching is per document, one-to-one and best first: every (predicted, gold) pair
with the same type whose places agree is a candidate; candidates are ranked by a
score (same installation, closeness, date agreement, evidence overlap) and taken
greedily. Non-optional gold events are preferred over optional ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from basewatch.evaluate.gold import GoldDoc, GoldEvent
from basewatch.evaluate.places_match import (
    event_distance_km,
    event_point,
    haversine_km,
    places_agree,
    same_area,
    same_installation,
)
from basewatch.records import Event

PLACE_NEAR_KM = 25.0
PLACE_FAR_KM = 161.0  # 100 miles, the usual "right region" threshold in geoparsing evaluations
ATTRIBUTES: tuple[str, ...] = (
    "modality",
    "actor",
    "counterpart",
    "date",
    "source_kind",
    "background",
    "caption",
)

# Weights of the pair score used to choose among candidate matches (why: an installation
# match and overlapping evidence identify "the same event" more surely than closeness).
_W_INSTALLATION = 3.0
_W_EVIDENCE = 2.0
_W_DISTANCE = 1.0
_W_DATE = 0.5


@dataclass
class Counts:
    """True positives, false positives and misses, with precision, recall and F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        # Nothing predicted: perfect when there was nothing to find, else zero.
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else 0.0
        return self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def to_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Accuracy:
    """Correct out of total; accuracy is None when there was nothing to judge."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def record(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def to_dict(self) -> dict[str, Any]:
        acc = self.accuracy
        return {
            "correct": self.correct,
            "total": self.total,
            "accuracy": None if acc is None else round(acc, 4),
        }


@dataclass
class Match:
    """A matched (predicted, gold) pair."""

    predicted: Event
    gold: GoldEvent
    distance_km: float | None
    score: float


@dataclass
class DocResult:
    """Per-document outcome, for debugging (``--verbose``)."""

    doc: str
    counts: Counts
    matches: list[Match] = field(default_factory=list)
    false_positives: list[Event] = field(default_factory=list)
    misses: list[GoldEvent] = field(default_factory=list)
    published: dict[str, Any] | None = None  # filled by evaluate(use_metadata=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc": self.doc,
            **self.counts.to_dict(),
            "matches": [
                {
                    "gold_id": m.gold.id,
                    "type": m.gold.event.type,
                    "optional": m.gold.optional,
                    "distance_km": None if m.distance_km is None else round(m.distance_km, 1),
                    "predicted": event_summary(m.predicted),
                }
                for m in self.matches
            ],
            "false_positives": [event_summary(e) for e in self.false_positives],
            "misses": [{"gold_id": g.id, **event_summary(g.event)} for g in self.misses],
        }
        if self.published is not None:
            out["published"] = self.published
        return out


@dataclass
class Report:
    """Everything ``basewatch eval`` prints."""

    documents: int
    gold_events: int
    optional_gold_events: int
    predicted_events: int
    overall: Counts
    core: Counts
    per_type: dict[str, Counts]
    attributes: dict[str, Accuracy]
    place_25km: Accuracy
    place_161km: Accuracy
    place_points_25km: Accuracy  # the same, by coordinates only (no area-level credit)
    place_points_161km: Accuracy
    date_resolution: Accuracy
    date_resolution_all: Accuracy
    docs: list[DocResult]
    published: dict[str, Any] | None = None  # issue 6 summary when metadata was withheld
    settings: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "gold_events": self.gold_events,
            "optional_gold_events": self.optional_gold_events,
            "predicted_events": self.predicted_events,
            "overall": self.overall.to_dict(),
            "core": self.core.to_dict(),
            "per_type": {t: c.to_dict() for t, c in sorted(self.per_type.items())},
            "attributes": {name: acc.to_dict() for name, acc in self.attributes.items()},
            "place_25km": self.place_25km.to_dict(),
            "place_161km": self.place_161km.to_dict(),
            "place_points_25km": self.place_points_25km.to_dict(),
            "place_points_161km": self.place_points_161km.to_dict(),
            "date_resolution": self.date_resolution.to_dict(),
            "date_resolution_all": self.date_resolution_all.to_dict(),
            "published": self.published,
            "settings": self.settings,
            "docs": [d.to_dict() for d in self.docs],
        }


# --------------------------------------------------------------------------- helpers


def event_summary(event: Event) -> dict[str, Any]:
    """A short JSON view of an event for debugging lists."""
    loc = event.location
    return {
        "type": event.type,
        "modality": event.modality,
        "actor": event.actor.name if event.actor else None,
        "installation": event.installation.name if event.installation else None,
        "location": (loc.name or loc.text) if loc else None,
        "date": event.date.start.isoformat() if event.date else None,
        "background": event.background,
        "evidence": (event.evidence.text[:160] if event.evidence else None),
    }


_WORD = re.compile(r"\w+")


def _tokens(text: str | None) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "") if len(w) > 2}


def evidence_overlap(predicted: Event, gold: Event) -> float:
    """Share of the gold evidence's words found in the predicted evidence (0 to 1)."""
    gold_words = _tokens(gold.evidence.text if gold.evidence else None)
    if not gold_words:
        return 0.0
    pred_words = _tokens(predicted.evidence.text if predicted.evidence else None)
    return len(gold_words & pred_words) / len(gold_words)


def date_agrees(predicted: Event, gold: Event) -> bool:
    """Predicted start within the gold [start, end]; both null counts as agreement."""
    if gold.date is None:
        return predicted.date is None
    if predicted.date is None:
        return False
    return gold.date.start <= predicted.date.start <= gold.date.end


def _actor_name(event: Event, attr: str) -> str | None:
    actor = getattr(event, attr)
    if actor is None or not actor.name:
        return None
    return " ".join(actor.name.split()).casefold()


def pair_score(predicted: Event, gold: Event) -> tuple[float, float | None]:
    """Score of a candidate pair (higher is better) and the distance between them."""
    distance = event_distance_km(predicted, gold)
    closeness = 0.0 if distance is None else 1.0 - min(distance, PLACE_FAR_KM) / PLACE_FAR_KM
    score = (
        _W_INSTALLATION * same_installation(predicted.installation, gold.installation)
        + _W_EVIDENCE * evidence_overlap(predicted, gold)
        + _W_DISTANCE * closeness
        + _W_DATE * date_agrees(predicted, gold)
    )
    return score, distance


def match_events(
    predicted: Sequence[Event], gold: Sequence[GoldEvent], *, strict_places: bool = False
) -> list[Match]:
    """One-to-one, best-first matching of one document's events."""
    candidates: list[tuple[bool, float, int, int, float | None]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            if p.type != g.event.type or not places_agree(p, g.event, strict=strict_places):
                continue
            score, distance = pair_score(p, g.event)
            candidates.append((not g.optional, score, gi, pi, distance))
    # Non-optional gold first, then the best score; indices make ties deterministic.
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    matches: list[Match] = []
    for _, score, gi, pi, distance in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        matches.append(Match(predicted=predicted[pi], gold=gold[gi], distance_km=distance, score=score))
    return matches


def _count(predicted: Sequence[Event], gold: Sequence[GoldEvent], matches: Sequence[Match]) -> Counts:
    matched_pred = {id(m.predicted) for m in matches}
    matched_gold = {id(m.gold) for m in matches}
    tp = sum(1 for m in matches if not m.gold.optional)
    fp = sum(1 for p in predicted if id(p) not in matched_pred)
    fn = sum(1 for g in gold if not g.optional and id(g) not in matched_gold)
    return Counts(tp=tp, fp=fp, fn=fn)


def _nearest_distance(gold: Event, predicted: Iterable[Event]) -> float | None:
    point = event_point(gold)
    if point is None:
        return None
    best: float | None = None
    for p in predicted:
        if p.type != gold.type:
            continue
        q = event_point(p)
        if q is None:
            continue
        d = haversine_km(point[0], point[1], q[0], q[1])
        best = d if best is None else min(best, d)
    return best


def _attribute_ok(name: str, predicted: Event, gold: Event) -> bool:
    if name == "modality":
        return predicted.modality == gold.modality
    if name in ("actor", "counterpart"):
        return _actor_name(predicted, name) == _actor_name(gold, name)
    if name == "date":
        return date_agrees(predicted, gold)
    if name == "source_kind":
        return predicted.attribution.source.kind == gold.attribution.source.kind
    if name == "background":
        return predicted.background == gold.background
    if name == "caption":
        return predicted.caption == gold.caption
    raise KeyError(name)


# --------------------------------------------------------------------------- public


def score(
    predicted: Mapping[str, Sequence[Event]], gold: Sequence[GoldDoc], *, strict_places: bool = False
) -> Report:
    """Score predictions (keyed by gold ``doc`` name) against gold documents, per EVENTS.md §5.

    ``strict_places``: province- or country-level predictions never match site-level gold
    places by distance (see :func:`~basewatch.evaluate.places_match.places_agree`).
    """
    overall, core = Counts(), Counts()
    per_type: dict[str, Counts] = {}
    attributes = {name: Accuracy() for name in ATTRIBUTES}
    place_near, place_far = Accuracy(), Accuracy()
    points_near, points_far = Accuracy(), Accuracy()
    date_matched, date_all = Accuracy(), Accuracy()
    docs: list[DocResult] = []
    n_gold = n_optional = n_pred = 0

    for gold_doc in gold:
        preds = list(predicted.get(gold_doc.doc, ()))
        golds = gold_doc.events
        n_pred += len(preds)
        n_gold += sum(1 for g in golds if not g.optional)
        n_optional += sum(1 for g in golds if g.optional)

        matches = match_events(preds, golds, strict_places=strict_places)
        counts = _count(preds, golds, matches)
        overall.add(counts)
        matched_pred = {id(m.predicted) for m in matches}
        matched_gold = {id(m.gold): m for m in matches}

        core_preds = [p for p in preds if not p.background]
        core_golds = [g for g in golds if not g.event.background]
        core_matches = match_events(core_preds, core_golds, strict_places=strict_places)
        core.add(_count(core_preds, core_golds, core_matches))

        for m in matches:
            if not m.gold.optional:
                per_type.setdefault(m.gold.event.type, Counts()).tp += 1
                for name in ATTRIBUTES:
                    attributes[name].record(_attribute_ok(name, m.predicted, m.gold.event))
        for p in preds:
            if id(p) not in matched_pred:
                per_type.setdefault(p.type, Counts()).fp += 1
        misses = [g for g in golds if not g.optional and id(g) not in matched_gold]
        for g in misses:
            per_type.setdefault(g.event.type, Counts()).fn += 1

        for g in golds:
            if g.optional:
                continue
            if event_point(g.event) is not None:
                m = matched_gold.get(id(g))
                distance = m.distance_km if m is not None else _nearest_distance(g.event, preds)
                near = distance is not None and distance <= PLACE_NEAR_KM
                far = distance is not None and distance <= PLACE_FAR_KM
                points_near.record(near)
                points_far.record(far)
                area = m is not None and same_area(m.predicted, g.event)
                place_near.record(near or area)
                place_far.record(far or area)
            if g.event.date is not None:
                m = matched_gold.get(id(g))
                ok = m is not None and date_agrees(m.predicted, g.event)
                date_all.record(ok)
                if m is not None:
                    date_matched.record(ok)

        docs.append(
            DocResult(
                doc=gold_doc.doc,
                counts=counts,
                matches=matches,
                false_positives=[p for p in preds if id(p) not in matched_pred],
                misses=misses,
            )
        )

    return Report(
        documents=len(gold),
        gold_events=n_gold,
        optional_gold_events=n_optional,
        predicted_events=n_pred,
        overall=overall,
        core=core,
        per_type=per_type,
        attributes=attributes,
        place_25km=place_near,
        place_161km=place_far,
        place_points_25km=points_near,
        place_points_161km=points_far,
        date_resolution=date_matched,
        date_resolution_all=date_all,
        docs=docs,
    )
