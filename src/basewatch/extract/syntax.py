"""The grammatical subject (or passive agent) of a trigger, from the spaCy parse."""

from __future__ import annotations

from typing import Any

# Stems of verbs that react to an event rather than do it (the lemmatizer is not loaded).
_REACTION_VERBS = (
    "condemn", "denounc", "blam", "accus", "critici", "deplor", "describ", "investigat", "protest", "mourn",
    "witness", "report", "welcom", "prais", "hail", "mark", "commemorat", "discuss", "question", "slam",
    "decr",
)  # fmt: skip
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "agent")


def subject_of(token: Any) -> tuple[int, int] | None:
    """Character span of the subject (or passive agent) governing ``token``.

    From a noun trigger the walk goes up at most one preposition to its verb ("carried out
    strikes", "launched an attack on"); from an infinitive up to the verb it completes ("decided
    to build"). Anything further is another clause, whose subject is not the trigger's.
    """
    verb = token
    if verb.pos_ not in ("VERB", "AUX"):
        if verb.dep_ == "pobj" and verb.head.dep_ == "prep":
            verb = verb.head.head
        elif verb.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "compound"):
            verb = verb.head
        if verb.dep_ == "compound":
            verb = verb.head.head
        # "Iraq condemned the strike", "blamed militias for the attacks": a reaction, not the deed.
        if verb.pos_ not in ("VERB", "AUX") or verb.text.lower().startswith(_REACTION_VERBS):
            return None
    for _ in range(3):
        if any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
            break
        if verb.dep_ not in ("xcomp", "aux", "auxpass", "conj") or verb.head is verb:
            return None
        verb = verb.head
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                sub = list(objects[0].subtree)
                return sub[0].idx, sub[-1].idx + len(sub[-1])
    if passive:
        return None  # the subject of a passive verb is the one acted on
    for child in verb.children:
        if child.dep_ == "nsubj":
            sub = list(child.subtree)
            return sub[0].idx, sub[-1].idx + len(sub[-1])
    return None
