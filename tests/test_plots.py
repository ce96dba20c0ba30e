"""Plots draw Chinese with a CJK font, and the glyph check can fail."""

from __future__ import annotations

import os

import pytest

from analyzer import plots
from analyzer.errors import AnalyzerError

LABELS = ("国内生产总值增长（%）", "城镇新增就业", "居民消费价格涨幅")


def _figure():
    fig = plots.new_figure(figsize=(4, 3))
    ax = fig.subplots()
    ax.bar(range(3), [5.2, 12.4, 0.2])
    ax.set_xticks(range(3))
    ax.set_xticklabels(LABELS)
    ax.set_title("预期目标与实际结果")
    ax.set_ylabel("数值")
    return fig


def test_cjk_font_is_installed_and_has_glyphs():
    font = plots.cjk_font()
    assert os.path.isfile(font.path)
    assert font.name
    from matplotlib.ft2font import FT2Font

    face = FT2Font(font.path, face_index=font.face_index)
    assert all(face.get_char_index(ord(ch)) != 0 for ch in "中国政府工作报告")


def test_chinese_labels_render_with_the_cjk_font(tmp_path):
    from matplotlib import font_manager

    fig = _figure()
    plots.assert_cjk_glyphs(fig)  # draws the figure and checks every text
    title = fig.axes[0].title
    found = font_manager.findfont(title.get_fontproperties())
    assert os.path.realpath(getattr(found, "path", found)) == os.path.realpath(plots.cjk_font().path)
    out = tmp_path / "labels.png"
    out.write_bytes(plots.figure_png(fig))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_check_fails_on_a_latin_only_font():
    fig = _figure()
    ax = fig.axes[0]
    for text in [ax.title, *ax.get_xticklabels()]:
        text.set_fontfamily(["DejaVu Sans"])
    with pytest.raises(AssertionError, match=r"DejaVuSans.*no glyph for"):
        plots.assert_cjk_glyphs(fig)
    with pytest.raises(plots.MissingGlyphsError):
        plots.figure_png(fig)


def test_latin_text_in_a_latin_font_passes():
    fig = plots.new_figure(figsize=(3, 2))
    ax = fig.subplots()
    ax.set_title("GDP 2024", fontfamily="DejaVu Sans")
    plots.assert_cjk_glyphs(fig)


def test_no_cjk_font_is_an_error_not_a_silent_fallback(monkeypatch):
    monkeypatch.setenv(plots.ENV_FONT, "/nonexistent/font.ttf")
    plots.cjk_font.cache_clear()
    try:
        with pytest.raises(AnalyzerError, match="no such font file"):
            plots.cjk_font()
    finally:
        monkeypatch.delenv(plots.ENV_FONT)
        plots.cjk_font.cache_clear()
    assert plots.cjk_font().name


def test_png_data_uri_is_base64_png():
    uri = plots.png_data_uri(_figure())
    assert uri.startswith("data:image/png;base64,iVBOR")


def test_no_installed_cjk_font_raises(monkeypatch):
    from matplotlib import font_manager

    latin = [e for e in font_manager.fontManager.ttflist if "DejaVu" in e.name]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    monkeypatch.delenv(plots.ENV_FONT, raising=False)
    plots.cjk_font.cache_clear()
    try:
        with pytest.raises(AnalyzerError, match="no font with Chinese glyphs"):
            plots.cjk_font()
    finally:
        plots.cjk_font.cache_clear()
