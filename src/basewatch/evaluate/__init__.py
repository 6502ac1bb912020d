"""The EVENTS.md §5 scorer: read gold annotations, score predictions, run the pipeline on a gold set."""

from __future__ import annotations

from basewatch.evaluate.gold import GoldDoc, GoldError, GoldEvent, GoldMetadata, load_gold, load_gold_file
from basewatch.evaluate.places_match import haversine_km, names_agree, places_agree
from basewatch.evaluate.runner import EvalError, ExtractionFailed, evaluate, published_check
from basewatch.evaluate.scoring import Accuracy, Counts, DocResult, Match, Report, match_events, score

__all__ = [
    "Accuracy",
    "Counts",
    "DocResult",
    "EvalError",
    "ExtractionFailed",
    "GoldDoc",
    "GoldError",
    "GoldEvent",
    "GoldMetadata",
    "Match",
    "Report",
    "evaluate",
    "haversine_km",
    "load_gold",
    "load_gold_file",
    "match_events",
    "names_agree",
    "places_agree",
    "published_check",
    "score",
]
