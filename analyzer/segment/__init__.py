"""Word segmentation behind one small interface, with the policy lexicon applied by every backend.

Backends (named in :data:`SEGMENTERS`): ``jieba`` (default; an instance-local
``jieba.Tokenizer``), ``pkuseg`` (the default model shipped in the pkuseg 0.0.25 sdist) and
``spacy`` (``spacy.blank("zh")`` whose tokenizer runs jieba or pkuseg, giving a ``Doc`` for rule
components).  Every backend returns :class:`~analyzer.records.Token` objects whose texts rebuild
the input exactly; :func:`check_rebuilds` enforces it.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, Protocol

from analyzer.errors import AnalyzerError, check_choice
from analyzer.records import Token

__all__ = ["SEGMENTERS", "Segmenter", "check_rebuilds", "make_segmenter"]

SegmenterName = Literal["jieba", "pkuseg", "spacy"]
SEGMENTERS: tuple[SegmenterName, ...] = ("jieba", "pkuseg", "spacy")


class Segmenter(Protocol):
    name: str

    def tokenize(self, text: str) -> list[Token]:
        """Tokens of *text* with offsets; their texts joined give *text* back."""
        ...


def check_rebuilds(tokens: list[Token], text: str, backend: str) -> None:
    """Raise if the tokens do not tile *text* exactly (offsets and texts)."""
    pos = 0
    for tok in tokens:
        if tok.start != pos or text[tok.start : tok.end] != tok.text or tok.end <= tok.start:
            raise AnalyzerError(
                f"{backend} segmenter lost the text at offset {pos}: token {tok.text!r} at {tok.start}"
            )
        pos = tok.end
    if pos != len(text):
        raise AnalyzerError(f"{backend} segmenter stopped at offset {pos} of {len(text)}")


def align(words: list[str], text: str, backend: str) -> list[Token]:
    """Turn a backend's word list (which may drop whitespace) into tokens that tile *text*.

    Whitespace the backend dropped becomes its own token, so offsets stay honest.

    >>> [t.text for t in align(["新建", "农田"], "新建 农田", "test")]
    ['新建', ' ', '农田']
    """
    tokens: list[Token] = []
    pos = 0
    for word in words:
        if not word:
            continue
        if not text.startswith(word, pos):
            ws = pos
            while pos < len(text) and text[pos].isspace():
                pos += 1
            if pos > ws:
                tokens.append(Token(text[ws:pos], ws, pos, "x"))
            if not text.startswith(word, pos):
                raise AnalyzerError(f"{backend} segmenter changed the text near offset {pos}: {word!r}")
        tokens.append(Token(word, pos, pos + len(word)))
        pos += len(word)
    if pos < len(text):
        if text[pos:].strip():
            raise AnalyzerError(f"{backend} segmenter dropped text at offset {pos}")
        tokens.append(Token(text[pos:], pos, len(text), "x"))
    return tokens


# Single-character place-name endings of North-China toponyms of the X家峪 / X家庄 type.
TOPONYM_SUFFIXES = frozenset("峪沟坪庄屯堡寨洼塬峁梁湾坡营店窑岭垴峧")


def merge_toponyms(tokens: list[Token]) -> list[Token]:
    """Join ``X家`` + a one-character place ending (杨家 + 峪 -> 杨家峪) into one token.

    >>> [t.text for t in merge_toponyms([Token("杨家", 0, 2), Token("峪", 2, 3), Token("数字", 3, 5)])]
    ['杨家峪', '数字']
    """
    hits = [i for i, tok in enumerate(tokens) if tok.text in TOPONYM_SUFFIXES]
    if not hits:
        return tokens
    out = list(tokens)
    for i in reversed(hits):  # right to left: out[:i] is still the input
        prev = out[i - 1] if i else None
        if prev is not None and 2 <= len(prev.text) <= 3 and prev.text.endswith("家"):
            out[i - 1 : i + 1] = [Token(prev.text + out[i].text, prev.start, out[i].end, "ns")]
    return out


RE_HAN_THEN_DIGIT = re.compile(r"(?<=[\u4e00-\u9fff])(?<![〇零一二两三四五六七八九十百千万亿])(?=\d)")


def split_han_digits(tokens: list[Token]) -> list[Token]:
    """Split a token where a Chinese word runs into Arabic digits (pkuseg's 优12 → 优 / 12).

    >>> [t.text for t in split_han_digits([Token("优12", 0, 3), Token("个", 3, 4)])]
    ['优', '12', '个']
    """
    out: list[Token] = []
    for tok in tokens:
        cuts = [m.start() for m in RE_HAN_THEN_DIGIT.finditer(tok.text)]
        if not cuts:
            out.append(tok)
            continue
        pos = 0
        for cut in [*cuts, len(tok.text)]:
            out.append(Token(tok.text[pos:cut], tok.start + pos, tok.start + cut, tok.pos))
            pos = cut
    return out


def make_segmenter(name: str = "jieba", *, pos_tags: bool = False, base: str = "jieba") -> Segmenter:
    """The segmenter of that name (one shared instance per process and settings).

    Heavy resources (jieba's dictionary, the pkuseg model) load on first use.

    >>> make_segmenter("jeiba")
    Traceback (most recent call last):
    ...
    analyzer.errors.ConfigError: segmenter must be one of 'jieba', 'pkuseg', 'spacy'; got 'jeiba'.
    """
    check_choice("segmenter", name, SEGMENTERS)
    check_choice("spacy base segmenter", base, ("jieba", "pkuseg"))
    return _make(name, pos_tags, base if name == "spacy" else "jieba")


@functools.cache
def _make(name: str, pos_tags: bool, base: str) -> Segmenter:
    if name == "jieba":
        from analyzer.segment.jieba import JiebaSegmenter

        return JiebaSegmenter(pos_tags=pos_tags)
    if name == "pkuseg":
        from analyzer.segment.pkuseg import PkusegSegmenter

        return PkusegSegmenter(pos_tags=pos_tags)
    from analyzer.segment.spacy import SpacySegmenter

    return SpacySegmenter(base=base, pos_tags=pos_tags)
