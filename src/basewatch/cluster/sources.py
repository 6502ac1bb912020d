"""Counting independent sources honestly.

Reports are merged into one source group when they share any of: the same outlet; the same
relayed medium ("via": the agency closest to the source); the same named or official source;
the same anonymous source wording at the same via. Names are compared spelling-insensitively.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from basewatch.cluster.model import Report, SourceGroup
from basewatch.cluster.rules import StatusRules, load_rules

_NON_ALNUM = re.compile(r"[^a-z0-9 ]+")
_APOSTROPHES = re.compile(r"[’'`ʼʻ‘]")
_VOWELS = re.compile(r"(?<=.)[aeiouy]")
_REPEATS = re.compile(r"(.)\1+")


def name_key(name: str | None, rules: StatusRules | None = None) -> str:
    """A spelling-insensitive key for an outlet, agency or source name.

    Drops accents, apostrophes, leading articles (al-, el-, the), qualifiers such as "Arabic" or
    "TV" (from ``status.yaml``), doubled letters and inner vowels, so that transliteration
    variants ("al-Maloumah", "Al Maalomah") share a key.
    """
    if not name:
        return ""
    rules = rules or load_rules()
    return _name_key(name, rules.name_articles, rules.name_qualifiers)


@lru_cache(maxsize=65536)
def _name_key(name: str, articles: frozenset[str], qualifiers: frozenset[str]) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    text = _APOSTROPHES.sub("", text)
    text = _NON_ALNUM.sub(" ", text.replace("-", " "))
    words = [w for w in text.split() if w]
    while len(words) > 1 and words[0] in articles:
        words = words[1:]
    kept = [_trim(w, qualifiers) for w in words if w not in qualifiers and w not in articles]
    words = kept or words
    skeleton = "".join(_VOWELS.sub("", w) for w in words)
    return _REPEATS.sub(r"\1", skeleton)


def _trim(word: str, qualifiers: frozenset[str]) -> str:
    """Drop a glued article or qualifier: "alsumaria" = "al sumaria", "presstv" = "press tv"."""
    for prefix in ("al", "el"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 4:
            word = word[len(prefix) :]
            break
    # Longest first, so the result does not depend on set order.
    for qualifier in sorted(qualifiers, key=lambda q: (-len(q), q)):
        if word.endswith(qualifier) and len(word) - len(qualifier) >= 4:
            return word[: -len(qualifier)]
    return word


def _wording_key(text: str | None) -> str:
    """Anonymous source wording without articles and case ("An Iraqi security source")."""
    if not text:
        return ""
    words = _NON_ALNUM.sub(" ", text.lower()).split()
    return " ".join(w for w in words if w not in {"a", "an", "the", "one"})


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            # The smaller index wins so the result does not depend on union order.
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _report_keys(report: Report, rules: StatusRules) -> list[tuple[str, str, str]]:
    """(key, reason, label) triples; reports sharing a key are one source."""
    keys: list[tuple[str, str, str]] = []
    outlet_key = name_key(report.outlet, rules)
    if outlet_key:
        keys.append((f"outlet:{outlet_key}", f"same outlet {report.outlet}", report.outlet or ""))
    else:
        # Unknown outlet: the article itself is the only identity we have.
        keys.append((f"article:{report.article_id or report.event_id}", "outlet unknown", "unknown outlet"))
    via_key = name_key(report.via[-1], rules) if report.via else ""
    if via_key:
        keys.append((f"via:{via_key}", f"relayed the same medium {report.via[-1]}", report.via[-1]))
    source = report.source
    if source.kind in ("named", "official_statement") and source.text:
        source_key = name_key(source.text, rules)
        if source_key:
            keys.append((f"named:{source_key}", f"quoted the same named source ({source.text})", source.text))
    elif source.kind == "anonymous" and source.text:
        wording = _wording_key(source.text)
        if wording:
            keys.append(
                (
                    f"anon:{via_key}:{wording}",
                    f"the same anonymous source wording ({source.text})"
                    + (f" via {report.via[-1]}" if report.via else ""),
                    source.text,
                )
            )
    return keys


def group_sources(reports: Sequence[Report], rules: StatusRules | None = None) -> list[SourceGroup]:
    """Group reports into independent sources; each group lists why its reports were merged.

    The result depends only on the set of reports (they are sorted by event id first).
    """
    rules = rules or load_rules()
    ordered = sorted(reports, key=lambda r: r.event_id)
    uf = _UnionFind(len(ordered))
    first_holder: dict[str, int] = {}
    keys_per_report = [_report_keys(r, rules) for r in ordered]
    for index, keys in enumerate(keys_per_report):
        for key, _reason, _label in keys:
            if key in first_holder:
                uf.union(first_holder[key], index)
            else:
                first_holder[key] = index
    members: dict[int, list[int]] = {}
    for index in range(len(ordered)):
        members.setdefault(uf.find(index), []).append(index)
    groups: list[SourceGroup] = []
    for number, root in enumerate(sorted(members), start=1):
        indexes = members[root]
        key_counts: dict[str, list[int]] = {}
        labels: dict[str, tuple[str, str]] = {}
        for index in indexes:
            for key, reason, label in keys_per_report[index]:
                key_counts.setdefault(key, []).append(index)
                labels.setdefault(key, (reason, label))
        # A key explains a merge only when two or more reports of the group share it.
        shared = sorted(k for k, holders in key_counts.items() if len(holders) > 1)
        reasons = [labels[k][0] for k in shared]
        label = _group_label(ordered, indexes, shared, labels)
        groups.append(
            SourceGroup(
                id=f"s{number}",
                label=label,
                reasons=reasons if len(indexes) > 1 else [],
                event_ids=[ordered[i].event_id for i in indexes],
                outlets=sorted({ordered[i].outlet or "unknown outlet" for i in indexes}),
            )
        )
    return groups


def _group_label(
    ordered: Sequence[Report], indexes: list[int], shared: list[str], labels: dict[str, tuple[str, str]]
) -> str:
    """Name the origin of a group: the shared medium, else the shared named source, else the outlet."""
    for prefix in ("via:", "named:", "anon:", "outlet:"):
        for key in shared:
            if key.startswith(prefix):
                return labels[key][1]
    report = ordered[indexes[0]]
    if report.via:
        return report.via[-1]
    return report.outlet or "unknown outlet"
