"""pkuseg backend: the default model shipped inside the pkuseg 0.0.25 sdist, loaded once."""

from __future__ import annotations

import threading
from typing import Any

from analyzer.errors import ConfigError
from analyzer.records import Token
from analyzer.segment import align, check_rebuilds, merge_toponyms, split_han_digits
from analyzer.segment.lexicon import load_lexicon

__all__ = ["PkusegSegmenter"]

INSTALL_HINT = (
    "the pkuseg segmenter needs pkuseg 0.0.25 built from its sdist: "
    "pip install numpy cython setuptools wheel && pip install --no-build-isolation pkuseg==0.0.25 "
    "(scripts/bootstrap.sh does this)"
)

_MODELS: dict[tuple[bool, str], Any] = {}
_MODELS_LOCK = threading.Lock()


def _model(pos_tags: bool) -> Any:
    """One pkuseg model per process and setting: loading it takes about a second."""
    lex = load_lexicon()
    key = (pos_tags, lex.version)
    with _MODELS_LOCK:
        if key not in _MODELS:
            try:
                import pkuseg
            except ImportError as exc:
                raise ImportError(INSTALL_HINT) from exc
            _MODELS[key] = pkuseg.pkuseg(model_name="default", user_dict=list(lex.words), postag=pos_tags)
        return _MODELS[key]


class PkusegSegmenter:
    name = "pkuseg"

    def __init__(self, *, pos_tags: bool = False) -> None:
        if pos_tags:
            # pkuseg's tagger model is not in the sdist; pkuseg would download it from GitHub.
            raise ConfigError(
                "pos_tags is not available with the pkuseg segmenter: its tagging model is not "
                "shipped in the pkuseg sdist and cannot be downloaded here; use segmenter='jieba' for tags."
            )
        self.pos_tags = pos_tags

    def words(self, text: str) -> list[str]:
        return [t.text for t in self.tokenize(text) if not t.text.isspace()]

    def tokenize(self, text: str) -> list[Token]:
        model = _model(self.pos_tags)
        tokens: list[Token] = []
        offset = 0
        # pkuseg drops whitespace and line breaks; cut line by line and align to the text.
        for line in text.splitlines(keepends=True):
            cut = model.cut(line)
            words = [w for w, _ in cut] if self.pos_tags else cut
            tags = iter([t for _, t in cut] if self.pos_tags else [None] * len(words))
            for tok in align(words, line, self.name):
                tag = tok.pos if tok.pos == "x" else next(tags)
                tokens.append(Token(tok.text, tok.start + offset, tok.end + offset, tag))
            offset += len(line)
        tokens = merge_toponyms(split_han_digits(tokens))
        check_rebuilds(tokens, text, self.name)
        return tokens
