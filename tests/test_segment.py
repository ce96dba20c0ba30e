"""Conformance suite: the same checks over every segmenter backend, on the whole corpus."""

from __future__ import annotations

import pytest

from analyzer.errors import ConfigError
from analyzer.normalize import normalize
from analyzer.segment import SEGMENTERS, check_rebuilds, make_segmenter
from analyzer.segment.lexicon import load_lexicon, parse_lexicon

from .conftest import ALL_TXT, SEED

# Policy vocabulary the lexicon must keep whole (the seed and the national reports use them).
LEXICON_TERMS = ["高标准农田", "口袋公园", "新质生产力", "嵌入式托育"]
# Names whose boundaries no token may cross (the seed, 杏花岭区 2024).
NAME_SPANS = ["杨家峪数字经济产业园", "金融流量谷"]


def _norm(path) -> str:
    return normalize(path.read_text(encoding="utf-8"))[0]


@pytest.mark.slow
@pytest.mark.parametrize("backend", SEGMENTERS)
def test_tokens_rebuild_every_report(backend: str) -> None:
    seg = make_segmenter(backend)
    for path in ALL_TXT:
        text = _norm(path)
        tokens = seg.tokenize(text)
        check_rebuilds(tokens, text, backend)  # raises on any gap, overlap or changed text
        assert "".join(t.text for t in tokens) == text


@pytest.mark.parametrize("backend", SEGMENTERS)
def test_lexicon_terms_stay_whole(backend: str) -> None:
    text = "新建高标准农田1000亩，建设口袋公园，发展新质生产力，推进嵌入式托育服务。"
    words = [t.text for t in make_segmenter(backend).tokenize(text)]
    for term in LEXICON_TERMS:
        assert term in words


@pytest.mark.parametrize("backend", SEGMENTERS)
def test_no_token_crosses_name_boundaries(backend: str) -> None:
    text = _norm(SEED)
    tokens = make_segmenter(backend).tokenize(text)
    for name in NAME_SPANS:
        start = text.index(name)
        end = start + len(name)
        for t in tokens:
            assert not (t.start < start < t.end or t.start < end < t.end), (name, t)


@pytest.mark.parametrize("backend", SEGMENTERS)
def test_place_name_kept_whole(backend: str) -> None:
    words = [t.text for t in make_segmenter(backend).tokenize("依托文子头、杨家峪两大板块空间资源")]
    assert "杨家峪" in words


@pytest.mark.parametrize("backend", SEGMENTERS)
@pytest.mark.parametrize("text", ["", " ", "\n\n", "ＡＢＣ 12.5% —— “引号”", "a\tb\r\nc"])
def test_edge_inputs(backend: str, text: str) -> None:
    tokens = make_segmenter(backend).tokenize(text)
    assert "".join(t.text for t in tokens) == text


@pytest.mark.parametrize("backend", SEGMENTERS)
def test_deterministic(backend: str) -> None:
    text = _norm(SEED)
    seg = make_segmenter(backend)
    assert seg.tokenize(text) == seg.tokenize(text)


@pytest.mark.parametrize("backend", ["jieba", "spacy"])
def test_pos_tags(backend: str) -> None:
    tokens = make_segmenter(backend, pos_tags=True).tokenize("加快推进产业园建设。")
    assert all(t.pos for t in tokens)
    assert any(t.pos.startswith("v") for t in tokens)


def test_pkuseg_pos_tags_refused_offline() -> None:
    # pkuseg's tagger would download its model from GitHub; we say so instead of trying.
    with pytest.raises(ConfigError, match="pos_tags is not available with the pkuseg"):
        make_segmenter("pkuseg", pos_tags=True)


def test_spacy_doc_is_a_real_spacy_doc() -> None:
    from spacy.tokens import Doc

    from analyzer.segment.spacy import SpacySegmenter

    doc = SpacySegmenter().doc("建设府西街金融中心区。")
    assert isinstance(doc, Doc)
    assert doc.text == "建设府西街金融中心区。"


def test_jieba_instance_is_private() -> None:
    import jieba

    make_segmenter("jieba").tokenize("嵌入式托育")
    # Our lexicon lives in our own Tokenizer, not in jieba's global dictionary.
    assert "嵌入式托育" not in (jieba.dt.FREQ or {})


def test_unknown_backend_lists_the_valid_ones() -> None:
    with pytest.raises(ConfigError, match="'jieba', 'pkuseg', 'spacy'; got 'jeiba'"):
        make_segmenter("jeiba")


def test_lexicon_is_versioned_and_validated() -> None:
    lex = load_lexicon()
    assert lex.name == "policy-lexicon" and lex.version and lex.description
    assert len(lex.words) == len(set(lex.words)) > 100
    with pytest.raises(Exception, match="lacks"):
        parse_lexicon("高标准农田\tn\n", source="x")
    with pytest.raises(Exception, match="without spaces"):
        parse_lexicon("# name: a\n# version: 1\n# description: d\n高标 准\tn\n", source="x")
