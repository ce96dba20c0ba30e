"""The shipped policy lexicon: terms every segmenter keeps whole."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

from analyzer.errors import AnalyzerError

__all__ = ["Lexicon", "load_lexicon"]

RE_HEADER = re.compile(r"^#\s*(name|version|description)\s*:\s*(.+?)\s*$")


@dataclass(frozen=True, slots=True)
class Lexicon:
    name: str
    version: str
    description: str
    terms: tuple[tuple[str, str], ...]  # (term, POS tag)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(t for t, _ in self.terms)


def parse_lexicon(text: str, *, source: str) -> Lexicon:
    """Parse the lexicon format: ``# key: value`` headers, then one ``term<TAB>pos`` per line."""
    header: dict[str, str] = {}
    terms: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            m = RE_HEADER.match(line)
            if m:
                header[m.group(1)] = m.group(2)
            continue
        term, _, pos = line.partition("\t")
        term = term.strip()
        if not term or any(c.isspace() for c in term):
            raise AnalyzerError(f"{source}:{n}: a lexicon term must be one word without spaces: {line!r}")
        terms.setdefault(term, pos.strip() or "n")
    missing = {"name", "version", "description"} - header.keys()
    if missing:
        raise AnalyzerError(f"{source}: lexicon header lacks {', '.join(sorted(missing))}")
    return Lexicon(header["name"], header["version"], header["description"], tuple(terms.items()))


@functools.cache
def load_lexicon() -> Lexicon:
    """The packaged policy lexicon (``analyzer/resources/policy_lexicon.txt``)."""
    ref = resources.files("analyzer.resources").joinpath("policy_lexicon.txt")
    return parse_lexicon(ref.read_text(encoding="utf-8"), source="policy_lexicon.txt")
