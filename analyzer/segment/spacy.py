"""spaCy backend: ``spacy.blank("zh")`` whose tokenizer runs our jieba or pkuseg backend.

spaCy's own Chinese tokenizer calls jieba's *global* tokenizer and downloads pkuseg models by
name; instead we hand it the words of our backends, so the policy lexicon applies and the
``Doc`` is built offline.  Rule components (Matcher, SpanRuler, EntityRuler) can then run on it.
"""

from __future__ import annotations

import threading
from typing import Any

from analyzer.records import Token
from analyzer.segment import check_rebuilds

__all__ = ["SpacySegmenter"]


class _BackendTokenizer:
    """A spaCy tokenizer callable over one of our segmenters."""

    def __init__(self, vocab: Any, segmenter: Any) -> None:
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Any:
        from spacy.tokens import Doc

        tokens = self.segmenter.tokenize(text)
        words = [t.text for t in tokens]
        tags = [t.pos or "" for t in tokens] if any(t.pos for t in tokens) else None
        return Doc(self.vocab, words=words, spaces=[False] * len(words), tags=tags)


class SpacySegmenter:
    name = "spacy"

    def __init__(self, *, base: str = "jieba", pos_tags: bool = False) -> None:
        self.base = base
        self.pos_tags = pos_tags
        self._nlp: Any = None
        self._lock = threading.Lock()

    @property
    def nlp(self) -> Any:
        """The ``spacy.blank("zh")`` pipeline (created on first use)."""
        with self._lock:
            if self._nlp is None:
                try:
                    import spacy
                except ImportError as exc:  # pragma: no cover
                    raise ImportError("the spacy segmenter needs spaCy: pip install spacy") from exc
                from analyzer.segment import make_segmenter

                nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
                nlp.tokenizer = _BackendTokenizer(
                    nlp.vocab, make_segmenter(self.base, pos_tags=self.pos_tags)
                )
                self._nlp = nlp
        return self._nlp

    def doc(self, text: str) -> Any:
        """The spaCy ``Doc`` of *text*."""
        return self.nlp(text)

    def words(self, text: str) -> list[str]:
        return [t.text for t in self.doc(text)]

    def tokenize(self, text: str) -> list[Token]:
        doc = self.doc(text)
        tokens = [Token(t.text, t.idx, t.idx + len(t.text), t.tag_ or None) for t in doc]
        check_rebuilds(tokens, text, self.name)
        return tokens
