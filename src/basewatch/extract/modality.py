"""Modality of a trigger from the cue words of its clause (``data/modality.yaml``).

The clause is the text from the last clause boundary before the trigger ("that", "as", a
comma, an opening quote) to the end of the trigger. Cues rank denied > speculative >
planned > ongoing > completed; a noun trigger also reads the words right after it ("the
withdrawal will include", "the expansion is in process").
"""

from __future__ import annotations

import re

from basewatch.extract.lexicon import Lexicon, Trigger

_BOUNDARY = re.compile(
    r"(?:[,;:“\"(]|\bthat\b|\bas\b|\bwhile\b|\bwhich\b|\bwho\b|\bafter\b|\bbefore\b|\bwhere\b)"
)
_DENIAL_SCOPE = 160  # a denial governs what follows it in the sentence ("denied reports that ...")
# A negated verb right before the trigger: "the army was not deployed", "troops have not left".
_NEGATED = re.compile(
    r"(?:\bnot|\bnever|n['’]t)\s+(?:(?:yet|been|be|being|already|actually|formally|officially|fully|directly)\s+)*$",
    re.IGNORECASE,
)
# "No French aircraft violated ...": a sentence or quotation opening with "No" and a short noun phrase.
_NO_SUBJECT = re.compile(
    r"(?:^|[\"“‘'(])\s*No\s+(?:(?!claim\w*|responsibility|immediate\w*|one\b)[\w'’-]+\s+){1,3}$"
)
_NEGATION_WORD = re.compile(r"\b(?:not|never)\b|n['’]t\b", re.IGNORECASE)
# Words that join a new clause with its own verb: a denial before them does not reach past them.
_JOINED = re.compile(r"\b(?:and|but|while|whereas|although|though)\b|[;:]", re.IGNORECASE)


def clause_start(text: str, position: int) -> int:
    """Offset in ``text`` where the clause holding ``position`` starts."""
    start = 0
    for match in _BOUNDARY.finditer(text, 0, position):
        start = match.end()
    return start


def read_modality(lexicon: Lexicon, trigger: Trigger, sentence: str, start: int, end: int) -> str:
    """Modality of the trigger at ``sentence[start:end]``."""
    cues = lexicon.modality
    before = sentence[max(0, start - _DENIAL_SCOPE) : start]
    denied_near = cues.get("denied_near")
    if denied_near is not None and denied_near.search(sentence[max(0, start - 60) : start]):
        return "denied"  # "has no military presence", "no troops will be stationed"
    if trigger.modality:
        # A fixed modality ("plans to build" is planned) still yields to a denial that governs
        # the trigger ("denied reports that X plans to build"), not one of a joined clause
        # ("denied involvement and warned ...").
        denials = list(cues["denied"].finditer(before))
        if denials and not _JOINED.search(before[denials[-1].end() :]):
            return "denied"
        return trigger.modality
    if cues["denied"].search(before) or (
        not trigger.type.startswith("politics.")
        and (
            _NEGATED.search(sentence[max(0, start - 40) : start])
            or _NO_SUBJECT.search(sentence[:start])
            or _NEGATION_WORD.search(sentence, start, end)  # "troops have not left"
        )
    ):
        return "denied"
    denied_after = cues.get("denied_after")
    if denied_after is not None and denied_after.search(sentence[end:]):
        return "denied"
    claim_open, claim_refuted = cues.get("claim_open"), cues.get("claim_refuted")
    if (
        claim_open is not None
        and claim_refuted is not None
        and claim_open.search(before)
        and claim_refuted.search(sentence[end:])
    ):
        return "denied"  # "reports that its jets struck a hospital were baseless"
    if trigger.type.startswith("politics."):
        # "has agreed to give": the trigger's own words are not a cue for its modality.
        sentence = sentence[:start] + " " * (end - start) + sentence[end:]
    clause = sentence[clause_start(sentence, start) : end]
    # "would be to increase": the cue sits right before the trigger, the boundary may not.
    near = sentence[max(0, start - 45) : end]
    if cues["speculative"].search(clause):
        return "speculative"
    if cues["planned"].search(clause) or cues["planned"].search(near):
        return "planned"
    after = sentence[end : end + 80]
    # A politics trigger is a verb phrase ("would not host"); "that Kyrgyzstan would not host" is no noun.
    if trigger.nominal or (not trigger.type.startswith("politics.") and _looks_nominal(sentence, start)):
        if cues["nominal_after_planned"].search(after):
            return "planned"
        if cues["nominal_after_ongoing"].search(after):
            return "ongoing"
    if cues["ongoing"].search(clause):
        return "ongoing"
    if re.search(r"\b(?:(?<!has )(?<!have )had|was|were|used to)\b", clause):
        return "completed"  # "had been stationed", "were based": a past state
    return trigger.default_modality or "completed"


def refuted_by_next(lexicon: Lexicon, sentence: str, following: str) -> bool:
    """True when ``sentence`` tells an accusation or claim that ``following`` calls false."""
    told, refuted = lexicon.modality.get("claim_told"), lexicon.modality.get("refuted_next")
    if told is None or refuted is None:
        return False
    return bool(told.search(sentence)) and bool(refuted.search(following))


def _looks_nominal(sentence: str, start: int) -> bool:
    return bool(
        re.search(
            r"\b(?:the|a|an|its|their|his|her|this|that|second|first|new)\s+(?:\w+\s+)?$",
            sentence[max(0, start - 30) : start],
        )
    )


def is_nominal_use(sentence: str, start: int, end: int) -> bool:
    """True when the trigger is used as a noun ("the missile attack on", "after withdrawal from")."""
    word = sentence[start:end].lower()
    if re.search(r"(?:al|ion|ment|sion|ance)$", word.split()[0] if word.split() else word):
        return True
    return _looks_nominal(sentence, start) and not re.match(r"\w+(?:ed|ing)\b", word)
