"""Who says so: the source of each sentence and the media that relay it.

For every sentence the attribution clause is found ("An Iraqi military source said",
", the statement added", "according to a ministry statement"); its words
decide the source kind (anonymous, named, official_statement, media, none) and media named
as relays ("told al-Akhbar", "Sputnik cited ...") go into ``via`` with their canonical
name. Continuations ("The source added", "he said") extend the last source's chain, and a
relay named anywhere in a chain applies to all of it. Quoted paragraphs take the
attribution that closes them; a lede without one takes the source the next sentences name.
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
_GENERIC_SPEAKERS = re.compile(
    r"\b(?:experts?|analysts?|observers?|residents?|witnesses|activists|critics|people|locals)\b",
    re.IGNORECASE,
)
_LEADING_CLAUSE = re.compile(
    r"^(?:(?:on|in|late|early|later)\b[^,]{0,40},\s*|however,\s*|meanwhile,\s*)", re.IGNORECASE
)
_ANON_PHRASE = re.compile(
    r"\b(?:an?|the|another|two|three|several|some|one)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:sources?|officials?|officers?|insiders?|diplomats?)\b",
    re.IGNORECASE,
)
_AUX_TAIL = re.compile(
    r"(?:\s+(?:has|have|had|also|reportedly|previously|earlier|then|later|again|allegedly))+$"
)
_FUNCTION_TAIL = re.compile(
    r"\b(?:what|that|which|is|are|was|were|be|been|to|it|this|who|whom|as|and|or|but|of|having|being)$",
    re.IGNORECASE,
)
_INSTITUTION_HEAD = re.compile(
    r"^(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,4}?(?:ministry|command|office|department|headquarters|"
    r"council|cell|directorate|agency of|presidency|embassy|mission|authority|authorities)\b"
    r"(?!\s+(?:spokes|official|source))",
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
_CITING = re.compile(r"\s*,?\s*(?:citing|quoting)\s+(?P<who>[^,.;]{2,90})", re.IGNORECASE)
_NATIONALITY = re.compile(r"[A-Z][a-z]+(?:ian|ean|ese|ish)")
_TRIM_CHARS = " ,-\u2013\u2014"  # spaces, commas and dashes around a speaker's words
_OPEN_QUOTES = '“"'
_CLOSE_QUOTES = '”"'


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
        self._continuation = re.compile(attr["continuation"], re.IGNORECASE)
        self._anonymous = re.compile(attr["anonymous"], re.IGNORECASE)
        self._official = re.compile(attr["official"], re.IGNORECASE)
        self._media_noun = re.compile(attr["media_nouns"], re.IGNORECASE)
        self._vague = re.compile(attr.get("vague_reports", r"(?!x)x"), re.IGNORECASE)
        self._credit = re.compile(attr["photo_credit"], re.IGNORECASE)
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

    def caption_credit(self, text: str) -> str | None:
        """The photo credit at the end of a caption ("AFP photo", "the Associated Press")."""
        match = self._credit.search(text.strip())
        if not match:
            return None
        credit = re.sub(
            r"^(?:photo|picture)?\s*(?:by|credit:?)\s+", "", match.group("credit").strip(), flags=re.I
        )
        return credit or None

    # ------------------------------------------------------------------ one sentence
    def _classify(self, who: str) -> str:
        """Source kind of the words naming a speaker."""
        if _INSTITUTION_HEAD.match(who.strip()):
            return "official_statement"  # "the Ministry of National Defense", "the army's media office"
        if self._official.search(who) and not _NAME.search(self._strip_actors(who)):
            return "official_statement"
        if re.search(r"\bstatement\b|\bcommuniqu", who, re.IGNORECASE):
            return "official_statement"
        if self._anonymous.search(who):
            return "anonymous"
        bare = self._strip_actors(who)
        if re.search(
            r"\b(?:officials|officers|diplomats|sources|an? (?:[\w.-]+ ){0,3}official)\b", who
        ) and not _NAME.search(bare):
            return "anonymous"  # "two US officials said": officials without a name
        if self._media_noun.search(who) or self.media_in(who):
            return "media"
        if _NAME.search(bare):
            return "named"
        if re.search(r"\bspokes(?:man|woman|person)\b", who, re.IGNORECASE):
            return "official_statement"
        # "the Iraqi military said", "the Pentagon said": an institution speaking. A country, an
        # armed group or a crowd speaking about its own deeds is narration (kind none).
        if _INSTITUTION_SPEAKER.search(who) and self.actors.find(who):
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
        return who.strip(" ,")

    def read(self, sentence: Sentence) -> SentenceSource:
        """The attribution the sentence gives itself (kind none when it gives none)."""
        text = sentence.text
        base = sentence.start
        if self._vague.search(text):
            match = self._vague.search(text)
            assert match is not None
            return SentenceSource(
                kind="media",
                text=match.group(0),
                vague=True,
                own=True,
                clause=(base + match.start(), base + match.end()),
            )
        according = self._according.search(text)
        if according:
            who = according.group("who").strip()
            kind = self._classify(who)
            if self._continuation.match(who) and len(who.split()) <= 4:
                return SentenceSource(
                    continuation=True,
                    text=who,
                    own=True,
                    via=self.media_in(who),
                    clause=(base + according.start(), base + according.end()),
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
            return SentenceSource(
                kind=kind,
                text=who,
                via=via,
                own=True,
                clause=(base + according.start(), base + end),
            )
        for verb in self._verb.finditer(text):
            left = text[: verb.start()]
            # Speech inside an open quotation is not the attribution clause.
            if sum(left.count(q) for q in '“”"') % 2 == 1:
                continue
            tail = text[verb.end() :]
            left = left.rstrip()
            left = left[:-1] if left.endswith(",") else left
            last_part = left[left.rfind(",") + 1 :] if "," in left else ""
            trailing = (
                bool(last_part.strip())
                and len(last_part.split()) <= 10
                and (len(tail.strip(' ."”')) < 60 or tail.lstrip().startswith(","))
            )
            if trailing:
                who = left[left.rfind(",") + 1 :] if left.rstrip().endswith(("”", '"')) is False else left
                who = re.split(r"[”\"]\s*,?", who)[-1]
                # Appositions: "Name, title of X, said" -> keep the name and the title.
                chunks = [c for c in re.split(r",\s*", left) if c.strip()]
                if (
                    len(chunks) >= 2
                    and len(chunks[-2].split()) <= 6
                    and _NAME.match(chunks[-2].strip())
                    and chunks[-1].strip()[:1].islower()
                ):
                    who = f"{chunks[-2]}, {chunks[-1]}"
                clause = (base + verb.start() - len(who), base + len(text))
                statement = re.search(r"\bin a statement\b", tail, re.IGNORECASE)
            else:
                who = _AUX_TAIL.sub("", left.rstrip())
                if (
                    len(who) > 160
                    or len(who.split()) > 14
                    or _FUNCTION_TAIL.search(who)
                    or _CLAUSE_WORDS.search(who)
                ):
                    continue
                # The clause runs to "that"/"as saying" so a relay's country ("told Lebanon's
                # al-Akhbar") is not taken for the event's place.
                that = re.search(r"\b(?:that|as saying)\b", tail[:150])
                clause = (base, base + verb.end() + (that.end() if that else 0))
                statement = re.search(r"^\s*(?:\w+\s+){0,2}in a statement\b", tail, re.IGNORECASE)
            who = self._trim(who)
            if not who:
                continue
            if self._continuation.match(who) and len(who.split(",")[0].split()) <= 4:
                via = self.media_in(tail[:120]) if verb.group(0) in ("told", "tells") else []
                return SentenceSource(continuation=True, text=who, via=via, clause=clause, own=True)
            kind = self._classify(who)
            if trailing and kind in ("none", "named") and self._anonymous.search(tail[:80]):
                kind = "anonymous"  # ", two officials said, speaking on condition of anonymity"
            via: list[str] = []
            cited = self._cited.search(text)
            if cited and cited.start() >= verb.start() - 1:
                # "X news agency cited a source as saying": the source is the object, X the relay.
                via = self.media_in(who) or ([who] if kind == "media" else [])
                who = cited.group("who")
                who = re.sub(r"\s+(?:on|in)\s+\w+$", "", who)
                kind = self._classify(who)
            elif verb.group(0).lower() in ("told", "tells"):
                via = self.media_in(tail[:120])
            elif kind == "media":
                via = self.media_in(who)
            if statement and kind != "anonymous":
                kind = "official_statement"
            if kind == "anonymous":
                phrase = _ANON_PHRASE.search(who)
                if phrase:
                    who = phrase.group(0)
            return SentenceSource(kind=kind, text=who.strip(" ,"), via=via, clause=clause, own=True)
        return SentenceSource()

    # ------------------------------------------------------------------ whole article
    def read_all(self, sentences: list[Sentence]) -> list[SentenceSource]:
        """Attribution of every sentence, with chains, quotes and the lede resolved."""
        sources = [self.read(s) if s.block_kind == "body" else SentenceSource() for s in sentences]
        chains: dict[int, list[int]] = {}
        last: int | None = None
        relay: list[str] = []  # the medium the outlet is rewriting, if it named one
        for i, src in enumerate(sources):
            if not src.own:
                continue
            if src.continuation:
                if last is not None:
                    prev = sources[last]
                    sources[i] = replace(
                        prev,
                        via=list(dict.fromkeys(prev.via + src.via)),
                        clause=src.clause,
                        continuation=True,
                        own=True,
                    )
                    chains[prev.chain].append(i)
                    continue
                sources[i] = replace(src, kind=self._classify(src.text or ""), continuation=False)
            if src.vague:
                continue
            src = sources[i]
            src.chain = i
            chains[i] = [i]
            if src.kind == "media" and src.via:
                relay = list(src.via)
            elif src.kind == "anonymous" and not src.via and relay:
                src.via = list(relay)
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
        return sources

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
                    sources[j] = replace(sources[i], clause=None, own=False)
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
            following = [s for s in sources[i + 1 : i + 4] if s.kind != "none" and not s.vague]
            best = next(
                (s for s in following if s.kind in ("anonymous", "named", "official_statement")), None
            )
            best = best or (following[0] if following else None)
            if best is not None:
                via = list(best.via)
                for s in following:
                    via += [v for v in s.via if v not in via]
                sources[i] = replace(best, via=via, clause=own.clause, own=False)
            return
