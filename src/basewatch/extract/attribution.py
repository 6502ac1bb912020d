"""Who says so: the source of each sentence and the media that relay it.

For every sentence the attribution clause is found ("An Iraqi military source said",
", the statement added", "according to a ministry statement", "..., said Colonel X"); its
words decide the source kind (anonymous, named, official_statement, media, none) and media
named as relays ("told al-Akhbar", "Sputnik cited ...", "SANA reported, citing a source",
"posted on Telegram") go into ``via`` with their canonical name. Continuations ("The source
added", "he said", "the general stressed", a surname alone) extend the chain of the source
they refer back to, and a relay named anywhere in a chain applies to all of it. Quoted
paragraphs take the attribution that closes them; a lede without one takes the source the
next sentences name. The article's own outlet is never a relay.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from basewatch.extract.actors import ActorMatcher
from basewatch.extract.lexicon import Lexicon
from basewatch.extract.segments import Sentence

_NAME = re.compile(
    r"\b(?:[A-Z][a-z]+(?:[-'][A-Za-z]+)*|al-[A-Z][a-z]+|Abu|Abdul|bin)"
    r"(?:\s+(?:al-|el-|bin |ibn |de |van )?[A-Z][a-z]+(?:[-'][A-Za-z]+)*){1,4}\b"
)
# Capitalised words that open a phrase without naming anyone ("The Iran-backed ...").
_DETERMINER = re.compile(
    r"^(?:the|a|an|this|that|these|those|its|their|his|her|our|some|several|two|three|other|another)\s+",
    re.IGNORECASE,
)
_SINGLE_NAME = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")
_NOT_A_SURNAME = frozenset(
    {
        "He", "She", "They", "It", "We", "This", "That", "There", "Officials", "Sources", "Witnesses",
        "Residents", "Police", "Analysts", "Experts", "Observers", "Commanders", "Diplomats", "Critics",
        "Activists", "Locals", "Parliament", "Congress", "Government", "Authorities", "Everyone",
    }
)  # fmt: skip
# People who speak without a name: "a military spokesman", "Experts in Seoul", "two officials".
_PERSON_NOUN = (
    r"(?:sources?|officials?|officers?|spokes(?:man|woman|person|men|women|people)|commanders?|"
    r"diplomats?|insiders?|experts?|analysts?|observers?|(?:eye)?witness(?:es)?|residents?|locals|"
    r"people|persons?|members?|aides?|employees?|workers?|activists?|colleagues?|figures?|journalists?|"
    r"correspondents?)"
)
_UNNAMED_PERSON = re.compile(
    rf"^(?:(?:an?|one|two|three|four|five|several|some|many|other|another|most|\d+)\s+)?"
    rf"(?:[\w.'’-]+\s+){{0,4}}?{_PERSON_NOUN}\b(?!['’])",
    re.IGNORECASE,
)
_LEADING_CLAUSE = re.compile(
    r"^(?:(?:on|in|late|early|later|earlier|last|this|overnight|separately|meanwhile|however|also|"
    r"speaking|asked|responding|commenting)\b[^,]{0,60},\s*|(?:however|meanwhile|separately),\s*)+",
    re.IGNORECASE,
)
# A head that only opens the sentence ("On Tuesday", "Meanwhile", "Asked about X"): what follows
# its comma is the main clause, so a speaker after it leads the sentence.
_OPENER_ONLY = re.compile(
    r"^\s*(?:(?:asked|speaking|responding|commenting|addressing|writing|according)\b[^,]{0,120}"
    r"|(?:on|in|late|early|later|earlier|last|this|overnight|separately|meanwhile|however|also)\b"
    r"(?![^,]*\b(?:\w+ed|is|are|was|were|has|have|had|will|would)\b)[^,]{0,60})$",
    re.IGNORECASE,
)
_ANON_PHRASE = re.compile(
    r"\b(?:an?|the|another|two|three|several|some|one)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:sources?|officials?|officers?|insiders?|diplomats?)\b",
    re.IGNORECASE,
)
# Adverbs and auxiliaries between a speaker and the verb: "the presidency has said",
# "Mubaidin initially told", "the ministry also denied".
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|reportedly|previously|earlier|then|later|again|allegedly|once|"
    r"(?!(?:daily|weekly|monthly|quarterly|early|family|ally|assembly)\b)[a-z]+ly|"
    r"on\s+\w+day|(?:on|late on|early on)\s+\w+))+$"
)
_FUNCTION_TAIL = re.compile(
    r"\b(?:what|that|which|is|are|was|were|be|been|to|it|this|who|whom|as|and|or|but|of|having|being|"
    r"the|a|an|such|these|those|any|no)$",
    re.IGNORECASE,
)
_INSTITUTION_HEAD = re.compile(
    r"^(?:the\s+|a\s+|an\s+)?(?:[\w'’.-]+\s+){0,4}?(?:ministry|command|office|department|headquarters|"
    r"council|cell|directorate|agency of|presidency|embassy|mission|authority|authorities|general staff|"
    r"air force|navy|army|armed forces|military|coast guard|police|gendarmerie|government|cabinet|"
    r"administration|(?:press|security|intelligence|counter-?terrorism|border|emergency|migration) "
    r"services?|press office|media office|media centre|media center|secretariat|"
    r"kremlin|pentagon|white house|state department|foreign office|joint staff|garrison|regiment|"
    r"brigade|division|battalion|corps)\b"
    r"(?!\s+(?:spokes|official|source|officer|commander|member|figure|insider|personnel|employee|aide))"
    r"(?:\s+(?:of|for|in)\s+[^,]{1,60})?$",
    re.IGNORECASE,
)
_CLAUSE_WORDS = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|despite|because|while|retains?|keeps?)\b"
)
_INSTITUTION_SPEAKER = re.compile(
    r"\b(?:military|army|ministry|command|government|forces|authorities|police|office|navy|air force|"
    r"pentagon|"
    r"kremlin|white house|state department|department|headquarters|coalition)\b",
    re.IGNORECASE,
)
# Armed groups and state forces speak for themselves in statements and claims.
_ORGANISATION_KINDS = frozenset({"armed_group", "state_force", "coalition", "organisation"})
# "SANAA, Yemen (AP) —", "BAGHDAD (Reuters) -": the dateline names the wire, not a source.
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,\s*[\w .'-]+?)?\s*(?:\([^)]{1,40}\))?\s*[-–—]+\s*")
_UNKNOWN_MEDIUM = re.compile(
    r"(?P<name>(?:(?:al|el|Al|El)-)?[A-Z][\w'’-]+(?:\s+(?:(?:al|el)-)?[A-Z][\w'’-]+){0,3})\s+"
    r"(?:news agency|newspaper|daily|TV|television|channel|news website|website|radio|broadcaster)\b"
)
# "the daily Le Monde", "the French newspaper Le Figaro": the name follows the medium noun.
_UNKNOWN_MEDIUM_AFTER = re.compile(
    r"\b(?:daily|newspaper|news agency|broadcaster|channel|news website|weekly|magazine|TV station|"
    r"radio station)\s+"
    r"(?P<name>(?:(?:al|el|Al|El)-)?[A-Z][\w'’-]+(?:\s+(?:(?:al|el)-)?[A-Z][\w'’-]+){0,3})"
)
# "told the Example Herald", "speaking to Example Pravda": a capitalised addressee that is no person.
_ADDRESSEE = re.compile(
    r"^\s*(?:told|tells|speaking to|spoke to|talking to|in an interview with|in remarks to)\s+(?:the\s+)?"
    r"(?P<name>(?:(?:al|el|Al|El)-)?[A-Z][\w'’.-]+(?:\s+(?:(?:al|el)-)?[A-Z][\w'’.-]+){0,3})"
)
_NOT_MEDIA_WORDS = re.compile(
    r"\b(?:President|Prime|Minister|King|Queen|Prince|General|Colonel|Senator|Parliament|Congress|"
    r"Council|Assembly|Committee|Senate|House|Court|Security|United|Ministry|Army|Forces|Mr|Mrs|Ms|"
    r"Reporters|Journalists|Lawmakers|Officials|Members)\b"
)
# Demands are speech only when an official or institution makes them ("the ministry urged").
_DEMAND_VERBS = frozenset({"called for", "called on", "urged", "demanded"})
# "Troops left the base, said Colonel X, a spokesman for the army.": the speaker follows the verb.
_INVERTED_SPEAKERS = frozenset({"said", "says", "added", "adds", "noted", "stated", "explained", "wrote"})
_INVERTED_WHO = re.compile(
    r"^\s+(?P<who>(?:(?:the|a|an)\s+[\w'’-]+|[A-Z][\w.'’-]*)[^.;:“\"]{0,100}?)\s*(?:[.;]\s*$|$)"
)
# "Minister X was quoted by Example Agency as saying": X speaks, the agency relays.
_QUOTED_PASSIVE = re.compile(
    r"^(?P<who>[^,;]{2,100}?)\s+(?:was|were|is|are)\s+(?:quoted|cited)\s+(?:by\s+(?P<medium>[^,;]{2,60}?)\s+)?"
    r"as\s+(?:saying|telling|stating)\b",
    re.IGNORECASE,
)
_CITING = re.compile(r"\s*,?\s*(?:citing|quoting)\s+(?P<who>[^,.;]{2,90})", re.IGNORECASE)
# "The Syrian Arab News Agency (SANA), quoting local sources, reported that ...".
_QUOTING_APPOSITION = re.compile(r",\s*(?:citing|quoting)\s+(?P<who>[^,]{2,90}),\s*$", re.IGNORECASE)
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish)")
# Participial or relative phrases that belong to the speaker before them:
# "A source in X, speaking to Y on condition of anonymity, said".
_APPOSITION_START = re.compile(r"^\s*(?:speaking|who|citing|quoting|writing|talking)\b", re.IGNORECASE)
# Words that open a new clause before its speaker: "..., and security sources told X that ...".
_CONJUNCTION_START = re.compile(r"^\s*(?:and|but|while|whereas|where|although|though|as)\s+", re.IGNORECASE)
# How the words after a speech verb go on when the attribution closes its sentence: an
# adjunct of the speaking ("in a statement", "on Telegram", "late on Friday"), not its content.
_ADJUNCT_START = re.compile(
    r"^\s*(?:in|on|at|late|early|earlier|later|during|after|before|via|through|from|to|while|when|"
    r"without|overnight|yesterday|today|tonight|this|last|citing|quoting|adding|calling|saying|"
    r"speaking|according|referring|describing|warning|noting|as|shortly|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\b",
    re.IGNORECASE,
)
_CONTENT_WORDS = re.compile(
    r"\b(?:that|is|are|was|were|had|has|have|will|would|could|can|may|might|must|should|did|does)\b|[“\":]"
)
# The addressee of "told" ("told reporters", "told Lebanon's al-Akhbar newspaper") ends here.
_ADDRESSEE_END = re.compile(r"\b(?:that|in|on|at|during|after|before|late|early|when|while)\b|[,;:“\"]")
_STATEMENT_TAIL = re.compile(
    r"\bin an? (?:[\w-]+\s+){0,2}(?:statement|communiqu[eé]|press release|news release)\b", re.IGNORECASE
)
_STATEMENT_LEAD = re.compile(
    r"^\s*(?:\w+\s+){0,2}in an? (?:[\w-]+\s+){0,2}(?:statement|communiqu[eé]|press release)\b", re.IGNORECASE
)
# "reports" and "claims" after a determiner or a verb are nouns: "denied reports that".
_NOUN_VERB_FORMS = frozenset({"reports", "claims", "says", "notes", "reported", "claimed", "alleged"})
_NOUN_BEFORE = re.compile(
    r"(?:\b(?:the|a|an|these|those|such|several|many|some|any|no|media|press|news|local|western|foreign|"
    r"recent|earlier|previous|initial|unconfirmed|conflicting|of|amid|despite|following|after|to|and|"
    r"or|by|with|about|on|in|what|it)|\w+ed|\w+ing|['’]s)\s*$",
    re.IGNORECASE,
)
# Role words a continuation can name: "the general stressed" goes back to the general's chain.
_ROLE_WORDS = re.compile(
    r"\b(?:general|minister|spokes(?:man|woman|person)|commander|official|officer|source|sources|governor|"
    r"president|ambassador|lawmaker|diplomat|agency|newspaper|statement|ministry|army|military|command|"
    r"colonel|admiral|report)\b",
    re.IGNORECASE,
)
# The people a relayed source and the relay's own quotation share: "local sources" twice.
_SHARED_NOUN = re.compile(r"\b(sources?|officials?|residents|witnesses)\b", re.IGNORECASE)
# Words of a medium's name that alone do not make it the article's outlet ("News" in "Yonhap News").
_GENERIC_MEDIA_WORDS = frozenset({"news", "agency", "daily", "times", "online", "post", "tv", "press"})
# Where the reported content starts after the speech verb: "said that", "was quoted as saying".
_CONTENT_OPENER = re.compile(r"\b(?:that|as saying)\b")
_TRIM_CHARS = " ,-\u2013\u2014"  # spaces, commas and dashes around a speaker's words
_OPEN_QUOTES = '“"'


@dataclass
class SentenceSource:
    """The attribution of one sentence."""

    kind: str = "none"
    text: str | None = None
    via: list[str] = field(default_factory=list)
    chain: int = -1
    clause: tuple[int, int] | None = None  # absolute span of the attribution clause
    vague: bool = False
    continuation: bool = False
    own: bool = False  # found in the sentence itself
    # Absolute offset where the attributed part of the sentence begins: in "X happened, and
    # sources told Y that Z" only Z is attributed; None when the whole sentence is.
    scope_start: int | None = None

    def covers(self, offset: int) -> bool:
        """Whether the attribution applies to a trigger at absolute ``offset``."""
        return self.scope_start is None or offset >= self.scope_start


@dataclass
class _Clause:
    """A speaker found by a speech verb, before classification."""

    who: str
    clause: tuple[int, int]  # relative to the sentence
    verb: str
    tail: str
    scope_start: int | None = None  # relative to the sentence


class AttributionReader:
    """Reads sources and relays sentence by sentence."""

    def __init__(self, lexicon: Lexicon, actors: ActorMatcher) -> None:
        self.lexicon = lexicon
        self.actors = actors
        attr = lexicon.attribution
        verbs = sorted(set(attr["speech_verbs"]), key=len, reverse=True)
        verb_alt = "|".join(re.escape(v) for v in verbs)
        # Lower case only: "States" in "United States" is not a speech verb.
        self._verb = re.compile(rf"\b(?:{verb_alt})\b")
        self._verb_after_quote = re.compile(
            rf"[,”\"]\s*[”\"]?\s*(?:{verb_alt})\s+(?P<who>(?:[^,.;“\"]|\.(?=\s*[A-Z][a-z]*\.?\s))"
            r"{2,120}?)\s*(?:[,.;]|$)"
        )
        self._continuation = re.compile(attr["continuation"], re.IGNORECASE)
        self._anonymous = re.compile(attr["anonymous"], re.IGNORECASE)
        self._official = re.compile(attr["official"], re.IGNORECASE)
        self._media_noun = re.compile(attr["media_nouns"], re.IGNORECASE)
        self._vague = re.compile(attr.get("vague_reports", r"(?!x)x"), re.IGNORECASE)
        self._credits = [
            re.compile(attr[key], re.IGNORECASE)
            for key in ("photo_credit", "photo_credit_slash", "photo_credit_start")
            if attr.get(key)
        ]
        self._platform = re.compile(attr.get("platforms", r"(?!x)x"), re.IGNORECASE)
        variants = sorted(lexicon.media_names, key=len, reverse=True)
        self._media_names = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(v) for v in variants) + r")(?![\w-])", re.IGNORECASE
        )
        self._according = re.compile(r"\baccording to\s+(?P<who>[^,.;]{2,90})", re.IGNORECASE)
        self._cited = re.compile(
            r"\b(?:cited|quoted)\s+(?P<who>.{2,90}?)\s+(?:as saying|as stating|that)\b", re.I
        )

    # ------------------------------------------------------------------ media names
    def media_in(self, text: str) -> list[str]:
        """Canonical names of known media named in ``text``, in order."""
        names: list[str] = []
        for match in self._media_names.finditer(text):
            word = match.group(0)
            # Short acronyms ("AP", "AA", "RT") only count written in capitals.
            if len(word) <= 4 and not word.isupper():
                continue
            name = self.lexicon.media_names[word.lower()]
            if name not in names:
                names.append(name)
        for match in self._platform.finditer(text):
            # "on Telegram", "in a post on X": a platform the speaker used is the relay.
            name = match.group("platform")
            name = "X" if name.lower() in ("x", "twitter") and "X" in name else name
            if name not in names:
                names.append(name)
        if not names:
            # A medium the dictionary does not know: "the Example Daily newspaper" -> "Example Daily".
            matches = [*_UNKNOWN_MEDIUM.finditer(text), *_UNKNOWN_MEDIUM_AFTER.finditer(text)]
            for match in sorted(matches, key=lambda m: m.start()):
                name = match.group("name")
                if _NATIONALITY.fullmatch(name):
                    continue  # "a Lithuanian daily" names a country's press, not a medium
                if name not in names and not self.actors.find(name):
                    names.append(name)
        return names

    def _relay_after(self, tail: str) -> list[str]:
        """Relays named right after a speech verb: "told X", "on Telegram", "speaking to X"."""
        head = tail[:140]
        addressed = re.sub(r"^\s*(?:told|tells)\b", "", head)
        names = self.media_in(_ADDRESSEE_END.split(addressed, maxsplit=1)[0]) if head else []
        segment = re.split(r"[,;]|\bthat\b", head, maxsplit=1)[0]
        names += [n for n in self.media_in(segment) if n not in names]
        if not names:
            addressee = _ADDRESSEE.match(head)
            if addressee and not _NOT_MEDIA_WORDS.search(addressee.group("name")):
                name = addressee.group("name").rstrip(".")
                if not self.actors.find(name) and not _NATIONALITY.fullmatch(name):
                    names.append(name)
        return names

    def caption_credit(self, text: str) -> str | None:
        """The photo credit of a caption ("AFP photo", "the Associated Press", "REUTERS/Jo Roe")."""
        text = text.strip()
        for pattern in self._credits:
            match = pattern.search(text)
            if not match:
                continue
            credit = match.group("credit").strip()
            if re.match(r"(?i)(?:photo|picture|image|file photo|caption|photo caption)$", credit):
                continue  # "(Photo) Soldiers at ...": a label, not a credit
            if len(credit.split()) > 6 and ". " in credit:
                credit = credit.rsplit(". ", 1)[1]  # "(Photo: what it shows. Press service of X)"
            elif len(credit.split()) > 6:
                continue
            credit = re.sub(
                r"^(?:(?:photo|picture|image)s?\s*(?:credit)?\s*:\s*|(?:photo|picture|image)?\s*"
                r"(?:by|credit:?|courtesy(?: of)?)\s+)",
                "",
                credit,
                flags=re.I,
            )
            credit = credit.strip(" .")
            if credit:
                return credit
        return None

    # ------------------------------------------------------------------ one sentence
    def _classify(self, who: str) -> str:
        """Source kind of the words naming a speaker."""
        who = who.strip()
        # The speaker proper (relative clauses cut: "who spoke to Example Online"), and its head.
        speaker = re.split(r"\b(?:who|speaking|cited by|quoted by|according)\b", who, maxsplit=1)[0].strip(
            " ,"
        )
        core = speaker.split(",")[0].strip()
        named = any(
            _NAME.search(_DETERMINER.sub("", self._strip_actors(part).strip())) for part in speaker.split(",")
        )
        if re.search(r"\bstatement\b|\bcommuniqu", core, re.IGNORECASE):
            return "official_statement"
        if _UNNAMED_PERSON.match(core) and not named:
            # "a military spokesman", "Experts in Seoul", "Sources in the ministry", "two officials"
            definite_role = re.match(r"(?i)the\s+(?:[\w.'’-]+\s+){0,3}spokes", core)
            return "official_statement" if definite_role else "anonymous"
        if _INSTITUTION_HEAD.match(core):
            return "official_statement"  # "the Ministry of National Defense", "the army's media office"
        organisation = [m for m in self.actors.find(core) if m.entry.kind in _ORGANISATION_KINDS]
        if organisation and not named:
            return "official_statement"  # "the Houthis claimed", "the IRGC said in a statement"
        if self._official.search(core) and not named:
            return "official_statement"
        if self._anonymous.search(who):
            return "anonymous"
        if (
            re.search(r"\b(?:officials|officers|diplomats|sources|an? (?:[\w.-]+ ){0,3}official)\b", core)
            and not named
        ):
            return "anonymous"  # "two US officials said": officials without a name
        if self._media_noun.search(core) or self.media_in(core):
            return "media"
        if named:
            return "named"
        if _SINGLE_NAME.fullmatch(core) and core not in _NOT_A_SURNAME and not self.actors.find(core):
            return "named"  # "Saree warned": a surname alone
        if re.search(r"\bspokes(?:man|woman|person)\b", core, re.IGNORECASE):
            return "official_statement"
        # "the Iraqi military said", "the Pentagon said": an institution speaking. A country or a
        # crowd speaking about its own deeds is narration (kind none).
        if _INSTITUTION_SPEAKER.search(core) and (self.actors.find(core) or len(core.split()) <= 4):
            return "official_statement"
        return "none"

    def _strip_actors(self, who: str) -> str:
        out = who
        for mention in self.actors.find(who):
            out = out.replace(mention.text, " " * len(mention.text))
        for name in self.media_in(who):
            out = re.sub(re.escape(name), " ", out, flags=re.IGNORECASE)
        return out

    @staticmethod
    def _trim(who: str) -> str:
        who = _DATELINE.sub("", who.strip(_TRIM_CHARS))
        who = _LEADING_CLAUSE.sub("", who.strip(_TRIM_CHARS))
        who = _CONJUNCTION_START.sub("", who)
        who = _AUX_TAIL.sub("", who.strip(_TRIM_CHARS))
        # "Earlier this month its foreign minister X wrote": the time and the possessive are not the speaker.
        who = re.sub(
            r"^(?:(?:earlier|later|also) (?:this|last|that) (?:week|month|year)\s+)?(?:its|their)\s+",
            "",
            who,
            flags=re.I,
        )
        who = re.sub(r"^(?:earlier|later) (?:this|last|that) (?:week|month|year)\s+", "", who, flags=re.I)
        return who.strip(" ,")

    def _is_speech_verb(self, text: str, verb: re.Match[str]) -> bool:
        """False for a noun spelled like a speech verb ("denied reports that", "such claims")."""
        if verb.group(0) not in _NOUN_VERB_FORMS:
            return True
        return not _NOUN_BEFORE.search(text[: verb.start()])

    @staticmethod
    def _trailing(left: str, tail: str, verb: str) -> bool:
        """Whether the speaker and verb close the sentence (", the ministry said in a statement")."""
        if "," not in left:
            return False
        head, last_part = left[: left.rfind(",")], left[left.rfind(",") + 1 :]
        if not last_part.strip(' "“”') or len(last_part.split()) > 10 or _APPOSITION_START.match(last_part):
            return False
        if _OPENER_ONLY.match(head.strip(' "“”')) and not re.search(r"[”\"]\s*$", head):
            return False  # "On Tuesday, the ministry said ...": the speaker leads its clause
        rest = tail
        if verb in ("told", "tells"):
            end = _ADDRESSEE_END.search(rest)
            rest = rest[end.start() :] if end else ""
        stripped = rest.strip(' ."”')
        if not stripped or rest.lstrip().startswith(","):
            return True
        if len(tail.strip(' ."”')) < 60 and not re.match(r"\s*(?:that|:)", rest):
            return True
        first = re.split(r"[,;]", rest, maxsplit=1)[0]
        return bool(_ADJUNCT_START.match(first)) and not _CONTENT_WORDS.search(first)

    def _speech_clause(self, text: str) -> _Clause | None:
        """The speaker of the first speech verb that introduces or closes the sentence's content."""
        passive = _QUOTED_PASSIVE.match(_DATELINE.sub("", text))
        if passive:
            offset = len(text) - len(_DATELINE.sub("", text))
            end = offset + passive.end()
            tail = f" {passive.group('medium')}" if passive.group("medium") else ""
            return _Clause(passive.group("who"), (0, end), "told" if tail else "said", tail)
        for verb in self._verb.finditer(text):
            if not self._is_speech_verb(text, verb):
                continue
            left = text[: verb.start()]
            inverted = _INVERTED_WHO.match(text[verb.end() :])
            # ", said Colonel X, a spokesman for the army.": the speaker closes the sentence.
            if (
                verb.group(0) in _INVERTED_SPEAKERS
                and left.rstrip().endswith(",")
                and inverted
                and not _inside_quote(left)
                and not _CLAUSE_WORDS.search(inverted.group("who"))
            ):
                return _Clause(
                    inverted.group("who"), (left.rstrip().rfind(","), len(text)), verb.group(0), ""
                )
            # Speech inside an open quotation is not the attribution clause.
            if _inside_quote(left):
                continue
            tail = text[verb.end() :]
            left = left.rstrip()
            left = left[:-1] if left.endswith(",") else left
            name = verb.group(0)
            if self._trailing(left, tail, name):
                who = left[left.rfind(",") + 1 :]
                who = re.split(r"[”\"]\s*,?", who)[-1]
                chunks = [c for c in re.split(r",\s*", left) if c.strip()]
                # Appositions: "Name, title of X, said" -> keep the name and the title.
                if (
                    len(chunks) >= 2
                    and len(chunks[-2].split()) <= 6
                    and _NAME.match(chunks[-2].strip())
                    and chunks[-1].strip()[:1].islower()
                ):
                    who = f"{chunks[-2]}, {chunks[-1]}"
                start = verb.start() - len(left) + left.rfind(who.strip()) if who.strip() in left else 0
                return _Clause(who, (max(0, start), len(text)), name, tail)
            last_comma = left.rfind(",")
            chunks = [c for c in re.split(r",\s*", left) if c.strip()]
            if len(chunks) >= 2 and _APPOSITION_START.match(chunks[-1]):
                # "A source in X, speaking to Y on condition of anonymity, said ...".
                prefix = left[: left.rfind(chunks[-2])]
                if not prefix.strip() or _OPENER_ONLY.match(prefix.strip(" ,")):
                    who = f"{chunks[-2]}, {chunks[-1]}"
                    that = _CONTENT_OPENER.search(tail[:150])
                    return _Clause(who, (len(prefix), verb.end() + (that.end() if that else 0)), name, tail)
            who = _AUX_TAIL.sub("", left.rstrip())
            scope = None
            if last_comma >= 0 and _CONJUNCTION_START.match(left[last_comma + 1 :]):
                # "..., and security sources told X that ...": the speaker opens the second clause.
                part = left[last_comma + 1 :]
                if len(part.split()) <= 9 and not _CLAUSE_WORDS.search(part):
                    who, scope = part, last_comma + 1
            elif last_comma >= 0 and _OPENER_ONLY.match(left[:last_comma]):
                who = left[last_comma + 1 :]
            if (
                len(who) > 160
                or len(who.split()) > 14
                or _FUNCTION_TAIL.search(who.strip())
                or _CLAUSE_WORDS.search(who)
            ):
                continue
            # The clause runs to "that"/"as saying" so a relay's country ("told Lebanon's
            # al-Akhbar") is not taken for the event's place.
            that = _CONTENT_OPENER.search(tail[:150])
            start = scope if scope is not None else 0
            return _Clause(who, (start, verb.end() + (that.end() if that else 0)), name, tail, scope)
        return None

    def _inverted(self, text: str) -> _Clause | None:
        """'"...," said Defence Minister X at the ceremony': the speaker follows the verb."""
        match = self._verb_after_quote.search(text)
        if not match:
            return None
        who = re.split(
            r"\s+(?:at|in|on|during|after|before|to|of)\s+(?![A-Z][a-z]+\b(?:\s+[A-Z]))", match.group("who")
        )[0]
        if not who.strip() or _CLAUSE_WORDS.search(who):
            return None
        return _Clause(who, (match.start(), len(text)), "said", text[match.end() :])

    def read(self, sentence: Sentence) -> SentenceSource:
        """The attribution the sentence gives itself (kind none when it gives none)."""
        text = sentence.text
        base = sentence.start
        vague = self._vague.search(text)
        if vague:
            return SentenceSource(
                kind="media",
                text=vague.group(0),
                vague=True,
                own=True,
                clause=(base + vague.start(), base + vague.end()),
            )
        quoting = self._quoting_medium(text, base)
        if quoting is not None:
            return quoting
        according = self._according.search(text)
        if according:
            return self._read_according(text, base, according)
        found = self._speech_clause(text) or self._inverted(text)
        if found is None:
            return SentenceSource()
        return self._source_of(found, text, base)

    def _quoting_medium(self, text: str, base: int) -> SentenceSource | None:
        """ "The X News Agency (XNA), quoting local sources, reported that ...": X relays the sources."""
        for verb in self._verb.finditer(text):
            match = _QUOTING_APPOSITION.search(text[: verb.start()])
            if not match:
                continue
            medium = text[: match.start()]
            if len(medium.split()) > 10 or not (self.media_in(medium) or self._media_noun.search(medium)):
                return None
            who = match.group("who").strip()
            via = self.media_in(medium) or [
                re.sub(r"(?i)^the\s+|\s*\([^)]*\)", "", self._trim(medium)).strip()
            ]
            that = _CONTENT_OPENER.search(text[verb.end() : verb.end() + 150])
            end = verb.end() + (that.end() if that else 0)
            return SentenceSource(
                kind=self._classify(who), text=who, via=via, own=True, clause=(base, base + end)
            )
        return None

    def _read_according(self, text: str, base: int, according: re.Match[str]) -> SentenceSource:
        who = according.group("who").strip()
        kind = self._classify(who)
        clause = (base + according.start(), base + according.end())
        if self._continuation.fullmatch(who) or (self._continuation.match(who) and len(who.split()) <= 2):
            return SentenceSource(
                continuation=True, text=who, own=True, via=self.media_in(who), clause=clause
            )
        via = self.media_in(who) if kind in ("media", "anonymous") else []
        end = according.end()
        citing = _CITING.match(text[end:])
        if citing and kind == "media":
            # "according to X News, citing a security source": the source is cited, X relays it.
            via = via or [who]
            who = citing.group("who").strip()
            kind = self._classify(who)
            end += citing.end()
            clause = (clause[0], base + end)
        elif kind == "media":
            # "Gen. X said ..., according to the official news agency": X speaks, the agency relays.
            rest = (
                text[: according.start()]
                + " " * (according.end() - according.start())
                + text[according.end() :]
            )
            speaker = self._speech_clause(rest)
            if speaker is not None:
                inner = self._source_of(speaker, rest, base)
                if inner.kind in ("named", "anonymous", "official_statement") and not inner.continuation:
                    relays = self.media_in(who) or [self._trim(re.sub(r"\([^)]*\)", "", who))]
                    inner.via = list(dict.fromkeys(inner.via + relays))
                    return inner
        return SentenceSource(kind=kind, text=who, via=via, own=True, clause=clause)

    def _source_of(self, found: _Clause, text: str, base: int) -> SentenceSource:
        who = self._trim(found.who)
        clause = (base + found.clause[0], base + found.clause[1])
        scope = base + found.scope_start if found.scope_start is not None else None
        if not who:
            return SentenceSource()
        relays = self._relay_after(f"{found.verb}{found.tail}") if found.verb in ("told", "tells") else []
        relays += [r for r in self._relay_after(found.tail.lstrip(" ,")) if r not in relays]
        apposition = re.search(r"\b(?:speaking|talking|spoke) to\b.*$", who)
        if apposition:
            relays += [r for r in self._relay_after(apposition.group(0)) if r not in relays]
        if self._is_continuation(who):
            return SentenceSource(
                continuation=True, text=who, via=relays, clause=clause, own=True, scope_start=scope
            )
        kind = self._classify(who)
        if kind == "none" and found.verb in _DEMAND_VERBS:
            # "Protesters in Basra demanded ...": the demand is the event, its subject no source.
            return SentenceSource()
        trailing_tail = found.tail[:80]
        if (
            kind in ("none", "named")
            and self._anonymous.search(trailing_tail)
            and re.search(r"anonymity|not authori[sz]ed|declined to be named", trailing_tail)
        ):
            kind = "anonymous"  # ", two officials said, speaking on condition of anonymity"
        via: list[str] = []
        cited = self._cited.search(text)
        citing = _CITING.match(found.tail)
        if cited and cited.start() >= text.find(found.verb) - 1 and not cited.group("who").startswith("by "):
            # "X news agency cited a source as saying": the source is the object, X the relay.
            via = self.media_in(who) or ([who] if kind == "media" else [])
            who = re.sub(r"\s+(?:on|in)\s+\w+$", "", cited.group("who"))
            kind = self._classify(who)
        elif citing and kind == "media":
            # "..., the news agency SANA reported, citing a military source."
            via = self.media_in(who) or [who]
            who = citing.group("who").strip()
            kind = self._classify(who)
        elif kind == "media":
            via = self.media_in(who)
        via += [r for r in relays if r not in via]
        statement = _STATEMENT_TAIL.search(found.tail[:60]) or _STATEMENT_LEAD.search(found.tail)
        if statement and kind != "anonymous":
            kind = "official_statement"
        if kind == "anonymous":
            phrase = _ANON_PHRASE.search(who)
            if phrase and phrase.start() == 0:
                who = phrase.group(0)
        return SentenceSource(
            kind=kind, text=who.strip(" ,"), via=via, clause=clause, own=True, scope_start=scope
        )

    def _is_continuation(self, who: str) -> bool:
        core = re.split(r",|\s+(?:who|speaking)\b", who.strip(), maxsplit=1)[0]
        words = re.sub(r"\s+(?:also|further|then|again|later)$", "", core.strip())
        return bool(self._continuation.fullmatch(words))

    # ------------------------------------------------------------------ whole article
    def read_all(self, sentences: list[Sentence], outlet: str | None = None) -> list[SentenceSource]:
        """Attribution of every sentence, with chains, quotes and the lede resolved.

        ``outlet`` is the article's publisher: a story quoting its own outlet ("told AFP" in an
        AFP story) has no relay.
        """
        sources = [self.read(s) if s.block_kind == "body" else SentenceSource() for s in sentences]
        chains: dict[int, list[int]] = {}
        last: int | None = None
        relay: list[str] = []  # the medium the outlet is rewriting, if it named one
        for i, src in enumerate(sources):
            if not src.own:
                continue
            if src.continuation:
                target = self._referent(sources, i, last)
                if target is not None:
                    prev = sources[target]
                    sources[i] = replace(
                        prev,
                        via=list(dict.fromkeys(prev.via + src.via)),
                        clause=src.clause,
                        scope_start=src.scope_start,
                        continuation=True,
                        own=True,
                    )
                    chains[prev.chain].append(i)
                    last = target
                    continue
                sources[i] = replace(src, kind=self._classify(src.text or ""), continuation=False)
            if src.vague:
                continue
            src = sources[i]
            surname = self._surname_chain(sources, i)
            if surname is None and src.kind == "named" and _SINGLE_NAME.fullmatch((src.text or "").strip()):
                # One capitalised word never named before ("Troops reported for duty"): no person.
                src = sources[i] = replace(src, kind="none")
            if surname is not None:
                # "Saree warned ...": the surname of a source named in full before.
                prev = sources[surname]
                sources[i] = replace(prev, clause=src.clause, scope_start=src.scope_start, own=True)
                chains[prev.chain].append(i)
                last = surname
                continue
            src.chain = i
            chains[i] = [i]
            if src.kind == "media" and src.via:
                relay = list(src.via)
            elif src.kind == "anonymous" and not src.via and relay:
                src.via = list(relay)
            elif src.kind == "anonymous" and src.via and last is not None:
                self._share_relay_backwards(sources, chains, last, i)
            last = i
        for members in chains.values():
            via: list[str] = []
            for i in members:
                via += [v for v in sources[i].via if v not in via]
            for i in members:
                if sources[i].kind in ("anonymous", "named", "media"):
                    sources[i].via = list(via)
        self._quotes(sentences, sources)
        self._lede(sentences, sources)
        if outlet:
            # The outlet's names are read once, not once per relay.
            canon, words = self.media_in(outlet), _name_words(outlet)
            for src in sources:
                src.via = [v for v in src.via if not _same_outlet(v, canon, words)]
        return sources

    def _referent(self, sources: list[SentenceSource], i: int, last: int | None) -> int | None:
        """The chain a continuation refers back to: the last source with its role word, else the last."""
        if last is None:
            return None
        words = (sources[i].text or "").lower()
        role = _ROLE_WORDS.search(words)
        heads = sorted({sources[j].chain for j in range(max(0, i - 12), i) if sources[j].chain >= 0})
        if role:
            noun = role.group(0).lower()
            for j in reversed(heads):
                if re.search(rf"\b{noun}", (sources[j].text or "").lower()):
                    return j
        elif re.match(r"(?i)it\b", words):
            for j in reversed(heads):
                if sources[j].kind in ("official_statement", "media"):
                    return j
        elif re.match(r"(?i)(?:he|she)\b", words):
            for j in reversed(heads):
                if sources[j].kind in ("named", "anonymous", "official_statement"):
                    return j
        return sources[last].chain if sources[last].chain >= 0 else last

    @staticmethod
    def _surname_chain(sources: list[SentenceSource], i: int) -> int | None:
        text = (sources[i].text or "").strip()
        if sources[i].kind != "named" or not _SINGLE_NAME.fullmatch(text):
            return None
        for j in range(i - 1, max(-1, i - 25), -1):
            other = sources[j]
            if (
                other.chain == j
                and other.kind == "named"
                and re.search(rf"\b{re.escape(text)}\b", other.text or "")
            ):
                return j
        return None

    @staticmethod
    def _share_relay_backwards(
        sources: list[SentenceSource], chains: dict[int, list[int]], last: int, i: int
    ) -> None:
        """ "..., local sources said. SANA, quoting local sources, reported ...": one chain, one relay."""
        prev = sources[last]
        if prev.kind != "anonymous" or prev.via or i - last > 2:
            return
        a, b = _SHARED_NOUN.search(prev.text or ""), _SHARED_NOUN.search(sources[i].text or "")
        if a and b and a.group(1).lower().rstrip("s") == b.group(1).lower().rstrip("s"):
            for j in chains.get(prev.chain, [last]):
                sources[j].via = list(sources[i].via)

    @staticmethod
    def _quotes(sentences: list[Sentence], sources: list[SentenceSource]) -> None:
        """Sentences inside a quotation take the attribution that closes it in the same paragraph."""
        depth = 0
        pending: list[int] = []
        for i, sentence in enumerate(sentences):
            if i and sentence.block_index != sentences[i - 1].block_index:
                depth, pending = 0, []
            opened = depth > 0 or sentence.text.lstrip()[:1] in _OPEN_QUOTES
            depth += sentence.text.count("“") - sentence.text.count("”")
            if sentence.text.count('"') % 2 == 1:
                depth = 0 if depth > 0 else 1
            if sources[i].own:
                for j in pending:
                    sources[j] = replace(sources[i], clause=None, own=False, scope_start=None)
                pending = []
            elif opened:
                pending.append(i)

    @staticmethod
    def _lede(sentences: list[Sentence], sources: list[SentenceSource]) -> None:
        """A lede without a source of its own takes the one the next sentences name."""
        for i, sentence in enumerate(sentences):
            if not sentence.first_in_body:
                continue
            own = sources[i]
            if own.own and not own.vague:
                return  # its own speaker, even an actor speaking for itself (kind none)
            # Only a report being rewritten lends the lede its source: an anonymous or relayed
            # source; an official quoted later speaks for himself, not for the lede.
            following = [
                s
                for s in sources[i + 1 : i + 4]
                if s.kind != "none" and not s.vague and (s.kind in ("anonymous", "media") or s.via)
            ]
            best = next((s for s in following if s.kind != "media"), None)
            best = best or (following[0] if following else None)
            if best is not None:
                via = list(best.via)
                for s in following:
                    via += [v for v in s.via if v not in via]
                sources[i] = replace(best, via=via, clause=own.clause, own=False, scope_start=None)
            return


def _name_words(name: str) -> list[str]:
    """A medium's name as lower-case words, without "the" and punctuation."""
    return re.sub(r"[^a-z0-9 ]", "", name.lower().replace("the ", " ")).split()


def _same_outlet(via: str, outlet_canon: list[str], outlet_words: list[str]) -> bool:
    """Whether a relay is the article's own publisher ("Yonhap" in a Yonhap News Agency story).

    ``outlet_canon`` are the known media the outlet's name holds, ``outlet_words`` its folded words.
    """
    if via in outlet_canon:
        return True
    words = _name_words(via)
    if not words or not outlet_words:
        return False
    return words == outlet_words or (
        len(" ".join(words)) >= 4
        and set(words) <= set(outlet_words)
        and not set(words) <= _GENERIC_MEDIA_WORDS
    )


def _inside_quote(left: str) -> bool:
    """Whether the end of ``left`` is inside a quotation opened in the same sentence.

    A closing mark whose opening is in an earlier sentence ('... Baghdad," the source added')
    does not open one; typographic and straight marks may be mixed.
    """
    inside = False
    for index, char in enumerate(left):
        if char == "“":
            inside = True
        elif char == "”":
            inside = False
        elif char == '"':
            closing = index > 0 and left[index - 1] in ",.!?…"
            inside = not (inside or closing)
    return inside
