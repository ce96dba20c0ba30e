"""The whole pipeline on real reports: encodings, formats, the Python API, determinism."""

from __future__ import annotations

from pathlib import Path

import pytest

import analyzer
from analyzer import Analyzer, ConfigError

from .conftest import ALL_TXT, CORPORA, SEED

DOCX = sorted((CORPORA / "docx").glob("*.docx"))


def _sentences(report) -> list[str]:
    return [s.text for s in report.sentences]


@pytest.mark.parametrize("codec", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_seed_gives_identical_sentences_in_every_encoding(tmp_path: Path, codec: str) -> None:
    reference = _sentences(analyzer.analyze(SEED))
    path = tmp_path / "xinghualing-2024.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode(codec))
    report = analyzer.analyze(path)
    assert _sentences(report) == reference
    assert report.document.encoding == codec


@pytest.mark.slow
@pytest.mark.parametrize("docx", DOCX, ids=lambda p: p.stem)
def test_docx_and_txt_give_the_same_sentences(docx: Path) -> None:
    """Sentences compared as texts, in order; the docx's extra '来源：XX日报' attribution line, which
    the txt dropped (see MANIFEST notes), is the only difference allowed."""
    from_docx = [s for s in _sentences(analyzer.analyze(docx)) if not s.startswith("来源")]
    from_txt = _sentences(analyzer.analyze(CORPORA / f"{docx.stem}.txt"))
    assert from_docx == from_txt


@pytest.mark.slow
@pytest.mark.parametrize("path", ALL_TXT, ids=lambda p: p.stem)
def test_every_report_analyses_and_sentences_slice(path: Path) -> None:
    report = analyzer.analyze(path)
    text = report.document.text
    assert report.sentences
    for s in report.sentences:
        assert text[s.start : s.end] == s.text
    assert report.document.year is not None and report.document.government


def test_offsets_map_back_to_the_file_text() -> None:
    report = analyzer.analyze(SEED)
    doc = report.document
    for c in report.commitments:
        a, b = doc.offsets.to_original(c.start, c.end)
        assert doc.original[a:b].replace("\n", "") == c.text


def test_analyzer_settings_round_trip_and_validate() -> None:
    a = Analyzer(segmenter="pkuseg")
    cfg = a.get_config()
    assert cfg["segmenter"] == "pkuseg" and cfg["lexicon"].startswith("policy-lexicon@")
    # the project vocabulary is part of the configuration, so a batch store does not serve results
    # made with another version of it from its cache
    import hashlib
    from pathlib import Path

    import analyzer

    vocab = Path(analyzer.__file__).parent / "resources" / "project_lexicon.json"
    assert cfg["project_lexicon"] == hashlib.sha256(vocab.read_bytes()).hexdigest()[:12]
    with pytest.raises(ConfigError, match="segmenter must be one of 'jieba', 'pkuseg', 'spacy'; got 'jeiba'"):
        Analyzer(segmenter="jeiba")


def test_same_input_same_json() -> None:
    from analyzer.export.jsonout import dumps

    assert dumps(analyzer.analyze(SEED).to_dict()) == dumps(analyzer.analyze(SEED).to_dict())


def test_repr_html_escapes_report_text() -> None:
    report = analyzer.analyze(
        "<script>alert(1)</script>今年新建5个</td><img src=x onerror=alert(2)>口袋公园。"
    )
    assert "<img" in report.commitments[0].object
    html = report._repr_html_()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html or "&lt;img" in html
