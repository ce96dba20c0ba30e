"""Strategic-positioning frameworks (太原's 六地 and any other) and linking items to them.

A framework is a versioned JSON file (``analyzer/resources/frameworks/*.json``, or any file given
with ``--framework``) listing positions, each with an ``id``, ``name``, ``aliases``, a
``description`` and seed ``terms``.

Every commitment, achievement and project gets ``positions``: an ordered list (first = primary)
of links, each with a ``method``:

* ``explicit``: its sentence names the position (落实全市建设“国家先进制造业重要承载地”战略部署 …);
* ``section``: its section names the position (the section's first explicit citation);
* ``similarity``: TF-IDF cosine (scikit-learn) between the item's context (its sentence and the
  title of its section, segmented) and each position's profile (name, description, seed terms and
  the sentences of the report that cite the position explicitly), above a threshold.

An empty list means the item serves none of the positions: nothing is forced.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from analyzer.errors import AnalyzerError
from analyzer.records import PositionLink, Section, Sentence

__all__ = [
    "DEFAULT_FRAMEWORK",
    "Citation",
    "Framework",
    "Linker",
    "Position",
    "find_citations",
    "load_framework",
    "packaged_frameworks",
]

DEFAULT_FRAMEWORK = "taiyuan-liudi"
SIMILARITY_THRESHOLD = 0.12
SECTION_SIMILARITY_THRESHOLD = 0.10
RE_STATEMENT = re.compile(
    r"(?:建设|打造|锚定|围绕|落实|服务|聚焦)[^，。；“]{0,12}“([^”]{2,30})”(?:战略部署|发展定位|功能定位|定位|战略)"
    r"|锚定“([^”]{2,10})”(?:发展)?定位"
)


@dataclass(frozen=True, slots=True)
class Position:
    id: str
    name: str
    aliases: tuple[str, ...]
    description: str
    terms: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        """Name and aliases, longest first (for matching in text)."""
        return tuple(sorted({self.name, *self.aliases}, key=lambda s: (-len(s), s)))


@dataclass(frozen=True, slots=True)
class Framework:
    name: str
    version: str
    description: str
    source: str
    government: str | None
    region: str | None
    positions: tuple[Position, ...]
    applies_to: tuple[str, ...] = ()  # governments (city, its districts and counties) it is for

    def applies(self, region: str | None, government: str | None) -> bool:
        """Is this framework the one for a report of *region* / *government*?"""
        names = (region or "", government or "")
        if self.region and any(n.startswith(self.region) for n in names):
            return True
        return any(a and a in n for a in self.applies_to for n in names)

    def position(self, pid: str) -> Position:
        for p in self.positions:
            if p.id == pid:
                return p
        raise KeyError(pid)


@dataclass(frozen=True, slots=True)
class Citation:
    """A place where the report names a position (or states a positioning not in the framework)."""

    id: str | None  # position id, None for a statement naming no known position
    text: str
    start: int
    end: int
    sentence: str


def parse_framework(data: Any, *, source: str) -> Framework:
    """Validate a framework's JSON data."""
    if not isinstance(data, dict):
        raise AnalyzerError(f"{source}: a framework is a JSON object")
    for key in ("name", "version", "description", "source", "positions"):
        if key not in data:
            raise AnalyzerError(f"{source}: framework lacks {key!r}")
    positions = []
    seen: set[str] = set()
    if not isinstance(data["positions"], list):
        raise AnalyzerError(f"{source}: 'positions' must be a list of objects")
    for i, p in enumerate(data["positions"]):
        if not isinstance(p, dict) or not {"id", "name"} <= p.keys():
            raise AnalyzerError(f"{source}: position {i} needs at least 'id' and 'name'")
        if not isinstance(p["id"], str) or not isinstance(p["name"], str):
            raise AnalyzerError(f"{source}: position {i}: 'id' and 'name' must be strings")
        for key in ("aliases", "terms"):
            value = p.get(key, [])
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise AnalyzerError(f"{source}: position {p['id']!r}: {key!r} must be a list of strings")
        if not isinstance(p.get("description", ""), str):
            raise AnalyzerError(f"{source}: position {p['id']!r}: 'description' must be a string")
        if p["id"] in seen or not re.fullmatch(r"[a-z][a-z0-9_]*", str(p["id"])):
            raise AnalyzerError(
                f"{source}: position id {p['id']!r} is repeated or not a lower-case identifier"
            )
        seen.add(p["id"])
        positions.append(
            Position(
                id=p["id"],
                name=str(p["name"]),
                aliases=tuple(str(a) for a in p.get("aliases", ())),
                description=str(p.get("description", "")),
                terms=tuple(str(t) for t in p.get("terms", ())),
            )
        )
    if not positions:
        raise AnalyzerError(f"{source}: framework has no positions")
    return Framework(
        name=str(data["name"]),
        version=str(data["version"]),
        description=str(data["description"]),
        source=str(data["source"]),
        government=data.get("government"),
        region=data.get("region"),
        positions=tuple(positions),
        applies_to=tuple(str(a) for a in data.get("applies_to", ()) if isinstance(a, str)),
    )


def packaged_frameworks() -> list[str]:
    """Names of the frameworks shipped with analyzer."""
    folder = resources.files("analyzer.resources").joinpath("frameworks")
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


@functools.cache
def _packaged(name: str) -> Framework:
    ref = resources.files("analyzer.resources").joinpath("frameworks", f"{name}.json")
    return parse_framework(json.loads(ref.read_text(encoding="utf-8")), source=f"{name}.json")


def load_framework(name_or_path: str | Path = DEFAULT_FRAMEWORK) -> Framework:
    """A packaged framework by name (``taiyuan-liudi``) or a framework JSON file by path.

    >>> fw = load_framework()
    >>> [p.id for p in fw.positions]
    ['manufacturing', 'energy', 'services', 'culture_tourism', 'opening', 'livelihood']
    """
    text = str(name_or_path)
    if isinstance(name_or_path, Path) or text.endswith(".json"):
        path = Path(name_or_path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise AnalyzerError(f"{path}: cannot read framework: {exc.strerror or exc}") from exc
        except ValueError as exc:
            raise AnalyzerError(f"{path}: framework is not valid JSON: {exc}") from exc
        return parse_framework(data, source=str(path))
    try:
        return _packaged(text)
    except FileNotFoundError:
        raise AnalyzerError(f"framework {text!r} is not packaged; give a framework JSON file") from None


def find_citations(framework: Framework, sentences: Sequence[Sentence]) -> list[Citation]:
    """Where the report names a position, and positioning statements naming none of them."""
    out: list[Citation] = []
    for s in sentences:
        taken: list[tuple[int, int]] = []
        for p in framework.positions:
            for name in p.names:
                for m in re.finditer(re.escape(name), s.text):
                    a, b = m.span()
                    if any(x <= a < y or x < b <= y for x, y in taken):
                        continue
                    taken.append((a, b))
                    out.append(Citation(p.id, name, s.start + a, s.start + b, s.id))
        for m in RE_STATEMENT.finditer(s.text):
            g = 1 if m.group(1) else 2
            a, b = m.span(g)
            if not any(x <= a < y or x < b <= y or a <= x < b for x, y in taken):
                out.append(Citation(None, m.group(g), s.start + a, s.start + b, s.id))
    out.sort(key=lambda c: (c.start, c.end))
    return out


class Linker:
    """Links items to the positions of a framework within one report."""

    def __init__(
        self,
        framework: Framework,
        sentences: Sequence[Sentence],
        sections: Sequence[Section],
        words: Callable[[str], list[str]],
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.framework = framework
        self.citations = find_citations(framework, sentences)
        self._sentences = {s.id: s for s in sentences}
        self._sections = {s.id: s for s in sections}
        self._words = words
        by_sentence: dict[str, list[str]] = {}
        for c in self.citations:
            if c.id is not None:
                by_sentence.setdefault(c.sentence, [])
                if c.id not in by_sentence[c.sentence]:
                    by_sentence[c.sentence].append(c.id)
        self._explicit = by_sentence
        # A section cites the positions named in its own sentences (first citation first).
        self._section_cites: dict[str, list[tuple[str, str]]] = {}
        for c in self.citations:
            sent = self._sentences[c.sentence]
            if c.id is not None and sent.section:
                cites = self._section_cites.setdefault(sent.section, [])
                if c.id not in [x for x, _ in cites]:
                    cites.append((c.id, c.text))
        profiles = []
        for p in framework.positions:
            cited = " ".join(self._sentences[c.sentence].text for c in self.citations if c.id == p.id)
            profiles.append(" ".join([p.name, *p.aliases, p.description, *p.terms, *p.terms, cited]))
        vocabulary = sorted({t for p in framework.positions for t in p.terms} | set())
        self._vectorizer = TfidfVectorizer(
            tokenizer=self._features, lowercase=False, token_pattern=None, sublinear_tf=True, norm="l2"
        )
        corpus = [s.text for s in sentences] + profiles
        self._vectorizer.fit(corpus)
        self._profiles = self._vectorizer.transform(profiles)
        self._terms = vocabulary

    def _features(self, text: str) -> list[str]:
        words = [w for w in self._words(text) if len(w) >= 2 and not w.isspace()]
        # Seed terms found verbatim count as features too, whatever the segmenter made of them.
        extra = [t for p in self.framework.positions for t in p.terms if t in text]
        return words + extra

    def _similar(self, text: str, threshold: float) -> list[tuple[str, float]]:
        from sklearn.metrics.pairwise import linear_kernel

        vec = self._vectorizer.transform([text])
        scores = linear_kernel(vec, self._profiles)[0]
        ranked = sorted(
            ((p.id, float(s)) for p, s in zip(self.framework.positions, scores, strict=True)),
            key=lambda x: (-x[1], x[0]),
        )
        return [(pid, s) for pid, s in ranked if s >= threshold]

    def link(
        self, sentence_id: str, focus: str, span: tuple[int, int] | None = None
    ) -> tuple[PositionLink, ...]:
        """Positions served by an item in a sentence.

        *focus* is the item's own text (action and object, or a project's name); *span* (its
        offsets) is accepted for callers that know it and reserved for finer context.
        """
        sent = self._sentences.get(sentence_id)
        if sent is None:
            return ()
        links: list[PositionLink] = []
        for pid in self._explicit.get(sentence_id, []):
            links.append(PositionLink(pid, "explicit", 1.0, sent.text))
        section = self._sections.get(sent.section or "")
        # The item's own words count twice, then its sentence: the clause alone is too little
        # context in these reports (measured on the seed's positioning gold).
        context = f"{focus} {focus} {sent.text}"
        for pid, s in self._similar(context, SIMILARITY_THRESHOLD):
            if pid not in [x.id for x in links] and s >= SIMILARITY_THRESHOLD * 1.5:
                links.append(PositionLink(pid, "similarity", round(s, 4), focus or sent.text))
        if section is not None:
            for pid, text in self._section_cites.get(section.id, []):
                if pid not in [x.id for x in links]:
                    links.append(PositionLink(pid, "section", 0.8, f"{section.title}: {text}"))
            for pid, s in self._similar(f"{section.title} {context}", SECTION_SIMILARITY_THRESHOLD):
                if pid not in [x.id for x in links]:
                    links.append(PositionLink(pid, "similarity", round(s, 4), section.title))
        return tuple(links)
