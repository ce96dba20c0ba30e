"""jieba backend: an instance-local ``jieba.Tokenizer`` (never jieba's global one)."""

from __future__ import annotations

import threading
from itertools import accumulate, repeat
from typing import Any

from analyzer.errors import AnalyzerError
from analyzer.records import Token
from analyzer.segment import check_rebuilds, merge_toponyms
from analyzer.segment.lexicon import load_lexicon

__all__ = ["JiebaSegmenter"]


class JiebaSegmenter:
    """Segment with jieba (HMM on), the policy lexicon added to a private dictionary."""

    name = "jieba"

    def __init__(self, *, pos_tags: bool = False) -> None:
        self.pos_tags = pos_tags
        self._tokenizer = None
        self._pos = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._tokenizer is None:
                try:
                    import jieba
                    import jieba.posseg
                except ImportError as exc:  # pragma: no cover - jieba is a hard dependency
                    raise ImportError("the jieba segmenter needs jieba: pip install jieba") from exc
                tok = jieba.Tokenizer()
                tok.initialize()
                for term, pos in load_lexicon().terms:
                    tok.add_word(term, freq=tok.suggest_freq(term, tune=False), tag=pos)
                    tok.suggest_freq(term, tune=True)
                self._pos = jieba.posseg.POSTokenizer(tok) if self.pos_tags else None
                self._tokenizer = tok
        return self._tokenizer

    def words(self, text: str) -> list[str]:
        """Bare words, no offsets (used by the spaCy backend)."""
        return self._load().lcut(text)

    def tokenize(self, text: str) -> list[Token]:
        tok = self._load()
        if self._pos is not None:
            tagged: list[Token] = []
            pos = 0
            for pair in self._pos.cut(text):
                word = pair.word
                tagged.append(Token(word, pos, pos + len(word), pair.flag))
                pos += len(word)
            tagged = merge_toponyms(tagged)
            check_rebuilds(tagged, text, self.name)
            return tagged
        # The fast path: jieba's own ``tokenize`` is ``cut`` plus running offsets, so take the
        # words and accumulate their lengths here (a third of the cost of its generator).
        words = tok.lcut(text)
        if "".join(words) != text or "" in words:
            raise AnalyzerError(f"{self.name} segmenter did not rebuild the text")
        ends = list(accumulate(map(len, words)))
        # tuple.__new__ builds the named tuples in C, without a Python-level call per token
        rows = zip(words, [0, *ends[:-1]], ends, repeat(None))
        tokens: list[Token] = list(map(tuple.__new__, repeat(Token), rows))
        # Tokens tile the text by construction (cumulative lengths of words that rebuild it);
        # merge_toponyms only joins neighbours, so the tiling holds after it too.
        return merge_toponyms(tokens)
