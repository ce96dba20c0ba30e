"""jieba backend: an instance-local ``jieba.Tokenizer`` (never jieba's global one)."""

from __future__ import annotations

import threading
from typing import Any

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
        return [w for w, _, _ in self._load().tokenize(text)]

    def tokenize(self, text: str) -> list[Token]:
        tok = self._load()
        if self._pos is not None:
            tokens = []
            pos = 0
            for pair in self._pos.cut(text):
                word = pair.word
                tokens.append(Token(word, pos, pos + len(word), pair.flag))
                pos += len(word)
        else:
            tokens = [Token(w, a, b) for w, a, b in tok.tokenize(text)]
        tokens = merge_toponyms(tokens)
        check_rebuilds(tokens, text, self.name)
        return tokens
