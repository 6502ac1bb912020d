"""The installations register: loading, validation, lookup and matching in text.

The packaged ``data/installations.yaml`` holds the curated entries; users add
their own YAML files (``extra_paths`` or env ``BASEWATCH_REGISTER``, separated
by ``os.pathsep``) in the same format without touching code.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
import yaml
from rapidfuzz.fuzz import ratio

from basewatch.config import data_path
from basewatch.places.normalize import ARTICLES, fold, iter_tokens, key_tokens, token_key
from basewatch.records import Installation

REGISTER_ENV = "BASEWATCH_REGISTER"
REGISTER_FILE = "installations.yaml"
KINDS: frozenset[str] = frozenset({"air base", "base", "camp", "outpost", "naval base", "airfield"})
_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]*")
REQUIRED_FIELDS: tuple[str, ...] = ("id", "name", "kind", "country", "lat", "lon", "coord_source")
# Fields an entry may carry beyond the Installation record.
EXTRA_FIELDS: frozenset[str] = frozenset({"place_names", "notes"})
KNOWN_FIELDS: frozenset[str] = frozenset(Installation.__dataclass_fields__) | EXTRA_FIELDS


class RegisterError(ValueError):
    """A register file cannot be used; the message names the file, entry and field."""


@dataclass(frozen=True)
class RegisterProblem:
    """One problem in a register file: where it is and what to do about it."""

    path: str
    index: int  # position of the entry in the file (0-based), -1 for the file itself
    entry_id: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}"
        if self.line is not None:
            where += f":{self.line}"
        entry = f" entry #{self.index}" if self.index >= 0 else ""
        if self.entry_id:
            entry += f" ({self.entry_id})"
        fld = f" field '{self.field}'" if self.field else ""
        return f"{where}{entry}{fld}: {self.message}"


@dataclass
class _Pattern:
    keys: tuple[str, ...]
    installation: Installation
    needs_generic: bool  # a town name that means the base only next to "air base", "camp" ...
    spellings: set[str] = field(default_factory=set)  # folded names behind a one-word key


@dataclass
class _Generics:
    prefixes: list[tuple[str, ...]] = field(default_factory=list)
    suffixes: list[tuple[str, ...]] = field(default_factory=list)


def _index_by_first(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return index


def _phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(k for k in key_tokens([t for t, _, _ in iter_tokens(phrase)]) if k)


# --------------------------------------------------------------------------- parsing


def _entry_lines(text: str) -> list[int]:
    """1-based line numbers of each entry of the installations list (best effort)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return []
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == "installations":
                node = value_node
                break
    if isinstance(node, yaml.SequenceNode):
        return [item.start_mark.line + 1 for item in node.value]
    return []


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LazyLines(list):  # type: ignore[type-arg]
    """Entry line numbers, parsed only when a problem needs one."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text: str | None = text

    def _fill(self) -> None:
        if self._text is not None:
            self.extend(_entry_lines(self._text))
            self._text = None

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        self._fill()
        return super().__getitem__(index)

    def __len__(self) -> int:
        self._fill()
        return super().__len__()


def _read_file(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]], list[int], list[RegisterProblem]]:
    """Raw document, its entry list and entry line numbers, or the problems that stop reading it."""
    label = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        return (
            {},
            [],
            [],
            [RegisterProblem(label, -1, "", "", f"cannot read the file: {exc.strerror or exc}")],
        )
    try:
        doc = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        msg = f"not valid YAML ({getattr(exc, 'problem', exc)}); fix the syntax"
        return {}, [], [], [RegisterProblem(label, -1, "", "", msg, line)]
    if doc is None:
        return {}, [], [], []
    if isinstance(doc, list):
        doc = {"installations": doc}
    if not isinstance(doc, dict) or not isinstance(doc.get("installations", []), list):
        msg = "expected a list of entries, or a mapping with an 'installations:' list"
        return {}, [], [], [RegisterProblem(label, -1, "", "installations", msg)]
    return doc, doc.get("installations") or [], _LazyLines(text), []


# User-assigned codes in common use (Kosovo).
EXTRA_COUNTRIES: frozenset[str] = frozenset({"XK"})


def _valid_country(code: str) -> bool:
    if code in EXTRA_COUNTRIES:
        return True
    return len(code) == 2 and code.isupper() and pycountry.countries.get(alpha_2=code) is not None


def _check_entry(raw: Any, index: int, label: str, line: int | None) -> list[RegisterProblem]:
    if not isinstance(raw, dict):
        return [RegisterProblem(label, index, "", "", "an entry must be a mapping of fields", line)]
    entry_id = str(raw.get("id") or "")
    problems: list[RegisterProblem] = []

    def bad(fld: str, message: str) -> None:
        problems.append(RegisterProblem(label, index, entry_id, fld, message, line))

    for fld in REQUIRED_FIELDS:
        if raw.get(fld) in (None, ""):
            bad(fld, "missing; every entry needs " + ", ".join(REQUIRED_FIELDS))
    for fld in raw:
        if fld not in KNOWN_FIELDS:
            bad(str(fld), "unknown field; allowed: " + ", ".join(sorted(KNOWN_FIELDS)))
    if raw.get("kind") not in (None, "") and raw.get("kind") not in KINDS:
        bad("kind", f"'{raw.get('kind')}' is not one of: " + ", ".join(sorted(KINDS)))
    country = raw.get("country")
    if country not in (None, "") and not (isinstance(country, str) and _valid_country(country)):
        bad("country", f"'{country}' is not an ISO 3166-1 alpha-2 code (e.g. IQ, SY, DE)")
    for fld, limit in (("lat", 90.0), ("lon", 180.0)):
        value = raw.get(fld)
        if value in (None, ""):
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(float(value)):
            bad(fld, f"'{value}' is not a number (decimal degrees)")
        elif not -limit <= float(value) <= limit:
            bad(fld, f"{value} is outside -{limit:g}..{limit:g}")
    for fld in ("aliases", "operators", "place_names"):
        value = raw.get(fld)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            bad(fld, "must be a list of strings")
    for fld in ("id", "name", "admin1", "coord_source"):
        value = raw.get(fld)
        if value is not None and not isinstance(value, str):
            bad(fld, "must be a string")
    if isinstance(raw.get("id"), str) and raw["id"] and not _ID_RE.fullmatch(raw["id"]):
        # "unlisted:..." ids name installations the register lacks: a register id never has a colon.
        bad("id", f"'{raw['id']}' must be lowercase letters, digits and hyphens (e.g. iq-ain-al-asad)")
    return problems


def _with_line(problems: list[RegisterProblem], lines: list[int], index: int) -> list[RegisterProblem]:
    """Problems of one entry with its line number filled in (parsed only when needed)."""
    if not problems:
        return problems
    line = lines[index] if index < len(lines) else None
    return [dataclasses.replace(p, line=line) for p in problems]


def _to_installation(raw: dict[str, Any]) -> Installation:
    return Installation(
        id=raw["id"],
        name=raw["name"],
        aliases=list(raw.get("aliases") or []),
        kind=raw["kind"],
        country=raw["country"],
        admin1=raw.get("admin1"),
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        operators=list(raw.get("operators") or []),
        coord_source=raw["coord_source"],
    )


def _check_collisions(entries: list[tuple[dict[str, Any], int, str, int | None]]) -> list[RegisterProblem]:
    """Duplicate ids, and one spelling claimed by two entries."""
    problems: list[RegisterProblem] = []
    seen_ids: dict[str, str] = {}
    owner_of_key: dict[str, str] = {}
    for raw, index, label, line in entries:
        entry_id = str(raw.get("id"))
        if entry_id in seen_ids:
            problems.append(
                RegisterProblem(
                    label, index, entry_id, "id", f"duplicate id (also in {seen_ids[entry_id]})", line
                )
            )
        seen_ids[entry_id] = label
        names = [raw.get("name") or "", *(raw.get("aliases") or []), *(raw.get("place_names") or [])]
        own_keys = {" ".join(_phrase_keys(n)) for n in names if isinstance(n, str)}
        for key in sorted(own_keys - {""}):
            other = owner_of_key.get(key)
            if other is not None and other != entry_id:
                problems.append(
                    RegisterProblem(
                        label,
                        index,
                        entry_id,
                        "aliases",
                        f"spelling '{key}' is also a name of '{other}'",
                        line,
                    )
                )
            owner_of_key.setdefault(key, entry_id)
    return problems


def validate_register(path: Path | str) -> list[RegisterProblem]:
    """Every problem in one register file (empty when the file is fine)."""
    path = Path(path)
    _, raw_entries, lines, problems = _read_file(path)
    if problems:
        return problems
    checked: list[tuple[dict[str, Any], int, str, int | None]] = []
    for index, raw in enumerate(raw_entries):
        entry_problems = _with_line(_check_entry(raw, index, str(path), None), lines, index)
        problems.extend(entry_problems)
        if not entry_problems:
            checked.append((raw, index, str(path), None))
    problems.extend(_check_collisions(checked))
    return problems


# --------------------------------------------------------------------------- the register


class Register:
    """Installations with spelling-insensitive lookup and mention matching."""

    def __init__(
        self,
        installations: list[Installation],
        generics: _Generics | None = None,
        place_names: dict[str, list[str]] | None = None,
    ) -> None:
        self.installations = installations
        self._generics = generics or _Generics()
        self._prefix_index = _index_by_first(self._generics.prefixes)
        self._suffix_index = _index_by_first(self._generics.suffixes)
        self._by_key: dict[str, list[Installation]] = {}
        self._bare_keys: dict[str, list[Installation]] = {}  # spellings that alone mean the installation
        self._patterns: dict[str, list[_Pattern]] = {}
        place_names = place_names or {}
        for inst in installations:
            names = [inst.name, *inst.aliases]
            for name in names:
                self._add(name, inst, needs_generic=False)
            for name in place_names.get(inst.id, []):
                self._add(name, inst, needs_generic=True)
        for patterns in self._patterns.values():
            patterns.sort(key=lambda p: len(p.keys), reverse=True)

    def _add(self, name: str, inst: Installation, *, needs_generic: bool) -> None:
        keys = _phrase_keys(name)
        core = self._strip_generics(keys)
        # The core of a name ("Asad" of "Al Asad Air Base") may be a person or a town: it
        # means the installation only next to a generic word, unless listed on its own.
        variants = [(keys, needs_generic)]
        if core != keys:
            variants.append((core, True))
        for variant, generic in variants:
            if not variant:
                continue
            joined = " ".join(variant)
            for index in (self._by_key, self._bare_keys) if not generic else (self._by_key,):
                bucket = index.setdefault(joined, [])
                if inst not in bucket:
                    bucket.append(inst)
            patterns = self._patterns.setdefault(variant[0], [])
            existing = next((p for p in patterns if p.keys == variant and p.installation is inst), None)
            if existing is None:
                existing = _Pattern(variant, inst, generic)
                patterns.append(existing)
            elif not generic:
                existing.needs_generic = False  # listed on its own somewhere: bare mentions count
            if len(variant) == 1:
                existing.spellings.add(_bare_spelling(name))

    def _strip_generics(self, keys: tuple[str, ...]) -> tuple[str, ...]:
        """The name without generic words around it ("Al Asad Air Base" -> "Asad")."""
        changed = True
        while changed and keys:
            changed = False
            for pre in self._generics.prefixes:
                if len(keys) > len(pre) and keys[: len(pre)] == pre:
                    keys, changed = keys[len(pre) :], True
                    break
            for suf in self._generics.suffixes:
                if len(keys) > len(suf) and keys[-len(suf) :] == suf:
                    keys, changed = keys[: -len(suf)], True
                    break
        return keys

    def __len__(self) -> int:
        return len(self.installations)

    def get(self, installation_id: str) -> Installation | None:
        return next((i for i in self.installations if i.id == installation_id), None)

    def find(self, name: str, country: str | None = None, *, strict: bool = False) -> Installation | None:
        """The installation a name refers to, whatever its spelling, or None.

        ``strict`` ignores town and person names that mean the installation only next to a
        generic word ("Balad" alone is the town; "Balad air base" the base).
        """
        keys = _phrase_keys(name)
        index = self._bare_keys if strict else self._by_key
        for variant in (keys, self._strip_generics(keys)):
            if strict and variant != keys:
                candidates = self._by_key.get(" ".join(variant), []) if len(variant) < len(keys) else []
            else:
                candidates = index.get(" ".join(variant), [])
            if country:
                candidates = [c for c in candidates if c.country == country.upper()]
            if candidates:
                return candidates[0]
        return None

    def match(self, text: str) -> list[tuple[int, int, Installation]]:
        """Every installation mention in ``text``: (start, end, installation), longest first, no overlaps."""
        tokens = _text_tokens(text)
        keys = [t[0] for t in tokens]
        found: list[tuple[int, int, Installation]] = []
        i = 0
        n = len(tokens)
        while i < n:
            hit = self._match_at(text, tokens, keys, i)
            if hit is None:
                i += 1
                continue
            start_tok, end_tok, inst = hit
            found.append((tokens[start_tok][1], tokens[end_tok - 1][2], inst))
            i = end_tok
        return found

    def _match_at(
        self, text: str, tokens: list[tuple[str, int, int, bool]], keys: list[str], i: int
    ) -> tuple[int, int, Installation] | None:
        # A mention may start with a generic prefix ("Camp Taji", "Naval Station Rota").
        prefix_len = self._longest(keys, i, self._prefix_index)
        for start_core in [i + prefix_len, i] if prefix_len else [i]:
            if start_core >= len(keys):
                continue
            for pattern in self._patterns.get(keys[start_core], []):
                end = start_core + len(pattern.keys)
                if tuple(keys[start_core:end]) != pattern.keys:
                    continue
                if not tokens[start_core][3]:
                    continue  # names are capitalised in running text
                suffix_len = self._longest(keys, end, self._suffix_index)
                has_prefix = start_core > i
                if pattern.needs_generic and not (suffix_len or has_prefix):
                    continue
                if not (suffix_len or has_prefix) and not _close_spelling(
                    text[tokens[start_core][1] : tokens[end - 1][2]], pattern
                ):
                    continue
                return i, end + suffix_len, pattern.installation
        return None

    @staticmethod
    def _longest(keys: list[str], at: int, phrases: dict[str, list[tuple[str, ...]]]) -> int:
        if at >= len(keys):
            return 0
        best = 0
        for phrase in phrases.get(keys[at], ()):
            if len(phrase) > best and tuple(keys[at : at + len(phrase)]) == phrase:
                best = len(phrase)
        return best


_LOWER_ARTICLES = frozenset({"al", "el"})
# A one-word name alone ("Belbek") must be spelled nearly as listed: the coarse key alone
# would take a town of similar consonants ("Baalbek") for the base.
_BARE_SIMILARITY = 80.0


def _bare_spelling(name: str) -> str:
    return "".join(t for t in fold(name).split() if t not in ARTICLES).replace("-", "")


def _close_spelling(mention: str, pattern: _Pattern) -> bool:
    if len(pattern.keys) != 1 or not pattern.spellings:
        return True
    folded = _bare_spelling(mention)
    return any(ratio(folded, s) >= _BARE_SIMILARITY for s in pattern.spellings)


def _text_tokens(text: str) -> list[tuple[str, int, int, bool]]:
    """Keyed tokens of running text: (key, start, end, capitalised).

    An Arabic article ("al-", "Al ", "As ") is folded into the next token, whose span
    then starts at the article; "K-1" and "K 1" are joined.
    """
    raw = list(iter_tokens(text))
    out: list[tuple[str, int, int, bool]] = []
    i = 0
    n = len(raw)
    while i < n:
        tok, start, end = raw[i]
        if tok in ARTICLES and i + 1 < n:
            gap = text[end : raw[i + 1][1]]
            if gap == "-" or (gap == " " and (tok in _LOWER_ARTICLES or text[start].isupper())):
                nxt, nstart, nend = raw[i + 1]
                first = text[nstart]
                # "At", "As", "An" may be English words: the mention then starts at the name.
                span_start = start if (gap == "-" or tok in _LOWER_ARTICLES) else nstart
                out.append((token_key(nxt), span_start, nend, first.isupper() or first.isdigit()))
                i += 2
                continue
        first = text[start]
        cap = first.isupper() or first.isdigit()
        if len(tok) == 1 and tok.isalpha() and cap and i + 1 < n:
            nxt, nstart, nend = raw[i + 1]
            gap = text[end:nstart]
            if gap in ("-", "") or (gap == " " and nxt.isdigit()):
                out.append((token_key(tok + nxt), start, nend, True))
                i += 2
                continue
        out.append((tok if tok.isdigit() else token_key(tok), start, end, cap))
        i += 1
    return out


# --------------------------------------------------------------------------- loading


def _register_paths(extra_paths: Sequence[Path | str]) -> list[Path]:
    paths = [data_path(REGISTER_FILE)]
    env = os.environ.get(REGISTER_ENV, "")
    paths += [Path(p) for p in env.split(os.pathsep) if p.strip()]
    paths += [Path(p) for p in extra_paths]
    return paths


def load_register(extra_paths: Sequence[Path | str] = ()) -> Register:
    """The packaged register plus user files (``extra_paths`` and env ``BASEWATCH_REGISTER``).

    Raises RegisterError naming the file, entry and field when a file is malformed.
    Cached per list of paths.
    """
    return _load_cached(tuple(str(p) for p in _register_paths(extra_paths)))


@lru_cache(maxsize=16)
def _load_cached(paths: tuple[str, ...]) -> Register:
    installations: list[Installation] = []
    place_names: dict[str, list[str]] = {}
    generics = _Generics()
    checked: list[tuple[dict[str, Any], int, str, int | None]] = []
    problems: list[RegisterProblem] = []
    for path_str in paths:
        path = Path(path_str)
        doc, raw_entries, lines, file_problems = _read_file(path)
        problems.extend(file_problems)
        for fld, target in (("generic_prefixes", generics.prefixes), ("generic_suffixes", generics.suffixes)):
            for phrase in doc.get(fld) or []:
                keys = _phrase_keys(str(phrase))
                if keys and keys not in target:
                    target.append(keys)
        for index, raw in enumerate(raw_entries):
            entry_problems = _with_line(_check_entry(raw, index, path_str, None), lines, index)
            problems.extend(entry_problems)
            if not entry_problems:
                checked.append((raw, index, path_str, None))
    # A user's file may reuse a spelling of a packaged entry (its own local name): only ids must be unique.
    problems.extend(p for p in _check_collisions(checked) if p.field == "id")
    if problems:
        shown = "\n  ".join(str(p) for p in problems[:10])
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise RegisterError(f"installations register has {len(problems)} problem(s):\n  {shown}{more}")
    for raw, _, _, _ in checked:
        inst = _to_installation(raw)
        installations.append(inst)
        if raw.get("place_names"):
            place_names[inst.id] = list(raw["place_names"])
    return Register(installations, generics, place_names)
