"""Normalise report text while keeping a map back to the original offsets.

The steps are pure functions of text:

1. fold full-width digits, Latin letters and the signs used in numbers (％ ＋ － ． ／) to ASCII,
   unify odd spaces, drop zero-width characters, but keep Chinese punctuation (，。；：！？（）);
2. strip each line and drop empty lines, so that every remaining line is one paragraph;
3. repair paragraphs broken mid-sentence (a line that stops without closing punctuation and goes
   on in the next line, as in 高水 / 平对外开放, or link-broken transcriptions such as PM / 2.5).

:class:`OffsetMap` keeps, for every character of the result, the index of the source character it
came from, so that any span of the normalised text maps back to the source text.
"""

from __future__ import annotations

import itertools
import re
from array import array
from dataclasses import dataclass

__all__ = ["OffsetMap", "fold_char", "normalize"]

_FOLD_SIGNS = {"％": "%", "＋": "+", "－": "-", "．": ".", "／": "/", "～": "~"}
_SPACES = {"\u3000", "\xa0", "\u2002", "\u2003", "\u2009", "\u202f", "\t"}
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}

# Line ends after which a line break is a real paragraph break.
_TERMINAL = set("。！？!?：:；;…")
# Line ends that announce more of the same sentence (the 2020 report is split at commas).
_CONTINUING = set("，,、（(“‘《")
# Starts of a line that open a new unit: numbered headings, dashes of a list, salutations.
RE_BLOCK_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[.、](?!\d)|——|各位代表)"
)
# A line in front of which a break is never real: closing brackets or punctuation.
_CONTINUATION_START = set("）)”’》，,、。；;：:")
RE_SOFT_BREAK = re.compile(r"(?<=[^\n])\n[ \t]*(?=\S)")
_BODY_LENGTH = 60
_SHORT_FRAGMENT = 5


def fold_char(ch: str) -> str:
    """Fold one character; full-width ASCII letters/digits and number signs become ASCII.

    >>> fold_char("１"), fold_char("％"), fold_char("，"), fold_char("\u3000")
    ('1', '%', '，', ' ')
    """
    code = ord(ch)
    if 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
        return chr(code - 0xFEE0)
    if ch in _FOLD_SIGNS:
        return _FOLD_SIGNS[ch]
    if ch in _SPACES:
        return " "
    if ch in _ZERO_WIDTH:
        return ""
    if ch == "\r":
        return "\n"
    return ch


@dataclass(frozen=True, slots=True)
class OffsetMap:
    """For each character of a normalised text, the index of its source character.

    ``source[i]`` is the original index of normalised character *i*; ``source[len]`` is the
    original length, so that ``to_original(start, end)`` works for empty spans at the end.
    """

    source: array

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text to the span of the original text it came from."""
        if not 0 <= start <= end < len(self.source):
            raise IndexError(f"span {start}:{end} is outside the normalised text")
        if start == end:
            return self.source[start], self.source[start]
        return self.source[start], self.source[end - 1] + 1


# One-to-one foldings, applied in one pass (see RE_FOLDED) when nothing in the text is dropped, so that
# the offsets stay the identity (the common case, and ten times faster than the loop below).
_ONE_TO_ONE: dict[int, int | str] = {
    **{
        c: c - 0xFEE0
        for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
        for c in range(r[0], r[1] + 1)
    },
    **{ord(k): v for k, v in _FOLD_SIGNS.items()},
    **{ord(k): " " for k in _SPACES},
    ord("\r"): "\n",
}
RE_DROPPED = re.compile("[" + "".join(_ZERO_WIDTH) + "]|\r\n")
# str.translate looks every character up in the table (slow on CJK text); folded characters are
# rare, so a regex finds them and only they are replaced.
_FOLDED: dict[str, str] = {chr(k): v if isinstance(v, str) else chr(v) for k, v in _ONE_TO_ONE.items()}
RE_FOLDED = re.compile("[" + "".join(re.escape(c) for c in _FOLDED) + "]")


def _fold(text: str) -> tuple[str, list[int]]:
    """Fold every character (:func:`fold_char`) and the \\r of \\r\\n, with the source index of each
    character kept.  Foldings are one-to-one or deletions, so one regex substitution and a mask of the
    deleted positions do it at C speed."""
    translated = RE_FOLDED.sub(lambda m: _FOLDED[m.group()], text)
    if not RE_DROPPED.search(text):
        return translated, list(range(len(text)))
    keep = bytearray(b"\x01") * len(text)
    for m in RE_DROPPED.finditer(text):
        keep[m.start()] = 0
    return "".join(itertools.compress(translated, keep)), list(itertools.compress(range(len(text)), keep))


def _lines(text: str, src: list[int]) -> list[tuple[str, list[int]]]:
    """Split into stripped non-empty lines, each with its source indices."""
    lines = []
    pos = 0
    for raw in text.split("\n"):
        a, b = pos, pos + len(raw)
        pos = b + 1
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            lines.append((text[a:b], src[a:b]))
    return lines


def _blank_line_separated(text: str) -> bool:
    """Do paragraphs in this text sit between blank lines (so that a single newline is soft)?"""
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    lines = [line for line in text.split("\n") if line.strip()]
    return (
        len(lines) >= 4
        and len(paragraphs) >= 2
        and len(paragraphs) / len(lines) >= 0.5
        and (len(paragraphs) < len(lines))
    )


def _joins(prev: str, nxt: str, *, soft: bool) -> bool:
    """Should the break between two lines be removed (the sentence goes on)?"""
    if RE_BLOCK_START.match(nxt) or prev[-1] in _TERMINAL:
        return False
    if nxt[0] in _CONTINUATION_START or prev[-1] in _CONTINUING:
        return True
    if soft:
        return True
    if RE_BLOCK_START.match(prev):
        return False
    body = "。" in prev or len(prev) > _BODY_LENGTH
    fragment = len(nxt) <= _SHORT_FRAGMENT and not re.search(r"[。！？]", nxt)
    return body or (fragment and len(prev) > _SHORT_FRAGMENT)


def normalize(text: str) -> tuple[str, OffsetMap]:
    """Normalise *text*; return the result and the map of its offsets back to *text*.

    >>> norm, offsets = normalize("新增１２个。\\n\\n推进建设。加快城市\\n\\n更新改造。")
    >>> norm
    '新增12个。\\n推进建设。加快城市更新改造。'
    >>> start = norm.index("更新")
    >>> offsets.to_original(start, start + 4)
    (19, 23)
    """
    folded, src = _fold(text)
    soft_breaks = _soft_break_positions(folded, src)
    lines = _lines(folded, src)
    out: list[str] = []
    out_src: list[int] = []
    for k, (line, line_src) in enumerate(lines):
        if k:
            prev = lines[k - 1][0]
            soft = line_src[0] in soft_breaks
            if not _joins(prev, line, soft=soft):
                out.append("\n")
                out_src.append(lines[k - 1][1][-1] + 1)
        out.append(line)
        out_src.extend(line_src)
    out_src.append(len(text))
    return "".join(out), OffsetMap(array("q", out_src))


def _soft_break_positions(folded: str, src: list[int]) -> set[int]:
    """Source indices of lines that follow a single (soft) newline in a blank-line separated text."""
    if not _blank_line_separated(folded):
        return set()
    return {src[m.end()] for m in RE_SOFT_BREAK.finditer(folded)}
