"""Matplotlib helpers: a CJK font that is really used, checked figures, PNG output.

Chinese labels need a font with CJK glyphs; matplotlib's default (DejaVu Sans) has none and draws
empty boxes.  :func:`cjk_font` finds one (Noto Sans CJK, WenQuanYi Micro Hei, Source Han Sans …;
or the file named by ``ANALYZER_CJK_FONT``), adds it to matplotlib's font manager and puts it first
in ``font.sans-serif``; with none installed it raises :class:`~analyzer.errors.AnalyzerError`
instead of drawing boxes.  :func:`assert_cjk_glyphs` checks a figure after the fact: every
character of every visible text must have a glyph in the font matplotlib picks for that text.

Figures are built with :class:`matplotlib.figure.Figure` (no pyplot, no GUI backend).
"""

from __future__ import annotations

import base64
import functools
import io
import math
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from analyzer.errors import AnalyzerError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from analyzer.compare import Comparison, Timeline

__all__ = [
    "CJKFont",
    "MissingGlyphsError",
    "assert_cjk_glyphs",
    "cjk_font",
    "configure_matplotlib",
    "emphasis_figure",
    "figure_png",
    "keyness_figure",
    "new_figure",
    "png_data_uri",
    "timeline_figure",
]

# Family names in order of preference (simplified-Chinese faces first).
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Sarasa Gothic SC",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "Noto Serif CJK SC",
)
# Font files worth adding to the font manager even when its cache predates their installation.
RE_CJK_FILE = re.compile(
    r"cjk|wqy|wenquanyi|sourcehan|notosanssc|notoserifsc|simhei|msyh|pingfang|sarasa", re.I
)
SAMPLE = "中国政府工作报告预期目标增长就业价格"
ENV_FONT = "ANALYZER_CJK_FONT"


class MissingGlyphsError(AnalyzerError, AssertionError):
    """A figure's text is drawn in a font that lacks some of its characters."""


@dataclass(frozen=True, slots=True)
class CJKFont:
    name: str  # family name, as matplotlib knows it
    path: str  # font file
    face_index: int = 0  # face in a collection (.ttc)


@functools.cache
def _ft2font(path: str, face_index: int) -> Any:
    from matplotlib.ft2font import FT2Font

    try:
        return FT2Font(path, face_index=face_index)
    except TypeError:  # matplotlib < 3.10 has no face_index
        return FT2Font(path)


@functools.cache
def _has_glyph(path: str, face_index: int, char: str) -> bool:
    return _ft2font(path, face_index).get_char_index(ord(char)) != 0


def _covers(path: str, face_index: int, text: str) -> bool:
    try:
        return all(_has_glyph(path, face_index, ch) for ch in text)
    except (OSError, RuntimeError, ValueError):
        return False


def _font_path(found: Any) -> tuple[str, int]:
    """A font_manager.findfont result (str, or FontPath with a face index) as (path, face)."""
    path = getattr(found, "path", None) or str(found)
    return str(path), int(getattr(found, "face_index", 0) or 0)


@functools.cache
def cjk_font() -> CJKFont:
    """The CJK font used for every figure (found once, then cached).

    Raises :class:`~analyzer.errors.AnalyzerError` when no installed font has CJK glyphs.
    """
    from matplotlib import font_manager as fm

    override = os.environ.get(ENV_FONT)
    if override:
        if not os.path.isfile(override):
            raise AnalyzerError(f"{ENV_FONT}={override}: no such font file")
        fm.fontManager.addfont(override)
        if not _covers(override, 0, SAMPLE):
            raise AnalyzerError(f"{ENV_FONT}={override}: the font has no CJK glyphs")
        return CJKFont(fm.FontProperties(fname=override).get_name(), override, 0)

    known = {os.path.realpath(e.fname) for e in fm.fontManager.ttflist}
    for path in fm.findSystemFonts():
        if RE_CJK_FILE.search(os.path.basename(path)) and os.path.realpath(path) not in known:
            try:
                fm.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
    entries = [e for e in fm.fontManager.ttflist if e.style == "normal"]
    for family in PREFERRED_FAMILIES:
        for e in sorted(entries, key=lambda e: abs(_weight(e.weight) - 400)):
            idx = int(getattr(e, "index", 0) or 0)
            if e.name == family and _covers(e.fname, idx, SAMPLE):
                return CJKFont(e.name, e.fname, idx)
    for e in entries:  # any other font with the glyphs, among files named like CJK fonts
        idx = int(getattr(e, "index", 0) or 0)
        if RE_CJK_FILE.search(os.path.basename(e.fname)) and _covers(e.fname, idx, SAMPLE):
            return CJKFont(e.name, e.fname, idx)
    raise AnalyzerError(
        "no font with Chinese glyphs found for plots: install one (Debian/Ubuntu: apt-get install "
        f"fonts-noto-cjk or fonts-wqy-microhei) or set {ENV_FONT} to a .ttf/.otf/.ttc file"
    )


def _weight(w: Any) -> int:
    if isinstance(w, int):
        return w
    names = {"light": 300, "normal": 400, "regular": 400, "book": 400, "medium": 500, "bold": 700}
    return names.get(str(w).lower(), 400)


def configure_matplotlib() -> CJKFont:
    """Put the CJK font first in matplotlib's sans-serif list and return it."""
    import matplotlib

    font = cjk_font()
    rc = matplotlib.rcParams
    rest = [f for f in rc["font.sans-serif"] if f != font.name]
    rc["font.family"] = ["sans-serif"]
    rc["font.sans-serif"] = [font.name, *rest]
    rc["axes.unicode_minus"] = False  # U+2212 is missing from some CJK fonts; use '-'
    return font


def new_figure(**kwargs: Any) -> Figure:
    """A figure on the Agg canvas, with the CJK font configured."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    configure_matplotlib()
    fig = Figure(**kwargs)
    FigureCanvasAgg(fig)
    return fig


_RE_MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$")


def _texts(fig: Figure) -> Iterable[Any]:
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text() and (t.axes is None or t.axes.get_visible()):
            yield t


def assert_cjk_glyphs(fig: Figure, *, draw: bool = True) -> None:
    """Fail if any visible text of *fig* is drawn in a font that lacks one of its characters.

    The figure is drawn first (so tick labels exist); each text's font is the one
    ``font_manager.findfont`` picks for its FontProperties, and every character (outside
    ``$math$``) must have a glyph in it (``FT2Font.get_char_index(ord(ch)) != 0``).  Raises
    :class:`MissingGlyphsError` (an AssertionError) listing the texts, fonts and characters.
    ``draw=False`` skips the drawing, for a figure that was just drawn (saved).
    """
    from matplotlib import font_manager as fm
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
        draw = True
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        if draw:
            fig.canvas.draw()  # missing glyphs are reported below, all at once
    problems = []
    for t in _texts(fig):
        text = t.get_text()
        if t.get_usetex():
            continue
        plain = _RE_MATH.sub("", text) if text.count("$") >= 2 else text
        chars = sorted({ch for ch in plain if not ch.isspace() and ch.isprintable()})
        if not chars:
            continue
        path, face = _font_path(fm.findfont(t.get_fontproperties(), fallback_to_default=True))
        missing = [ch for ch in chars if not _covers(path, face, ch)]
        if missing:
            problems.append(
                f"{text[:40]!r} in {os.path.basename(path)}: no glyph for {''.join(missing[:12])}"
            )
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise MissingGlyphsError("text drawn without glyphs: " + "; ".join(problems[:5]) + more)


def figure_png(fig: Figure, *, dpi: int = 110, check: bool = True) -> bytes:
    """The figure as PNG bytes, after :func:`assert_cjk_glyphs` (unless ``check=False``)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
        fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    if check:
        assert_cjk_glyphs(fig, draw=False)  # saving drew every text
    return buf.getvalue()


def png_data_uri(fig: Figure, *, dpi: int = 110) -> str:
    """A ``data:image/png;base64,…`` URI of the figure, for self-contained HTML."""
    return "data:image/png;base64," + base64.b64encode(figure_png(fig, dpi=dpi)).decode("ascii")


# ----------------------------------------------------------------------------------------------
# Figures of analyzer.compare

_MARKERS = {"at_least": "^", "at_most": "v", "approx": "o", "exact": "s"}
_BOUND_LABELS = {"at_least": "以上", "at_most": "以内", "approx": "左右", "exact": "（区间或确数）"}
_PANEL = {
    "gdp": ("国内生产总值增长（%）", 1),
    "new_urban_jobs": ("城镇新增就业（万人）", 10_000),
    "cpi": ("居民消费价格涨幅（%）", 1),
}


def timeline_figure(tl: Timeline) -> Figure:
    """One panel per indicator: each year's target (marker by bound, bar for a range) and the
    result the next year's report gives."""
    labels = list(dict.fromkeys(r["indicator"] for r in tl.rows)) or [s[2] for s in tl.specs]
    n = max(1, len(labels))
    fig = new_figure(figsize=(7.5, 2.6 * n + 0.6), layout="constrained")
    axes = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
    ids = {label: ident for ident, _, label in tl.specs}
    years = [y for y in tl.years if y is not None]
    for ax, label in zip(axes, labels, strict=False):
        ident = ids.get(label, label)
        title, scale = _PANEL.get(ident, (label, 1))
        rows = [r for r in tl.rows if r["indicator"] == label]
        unit = next(
            (r["target_unit"] or r["achieved_unit"] for r in rows if r["target_unit"] or r["achieved_unit"]),
            "",
        )
        if ident not in _PANEL and unit == "人" and max((r["target_value"] or 0) for r in rows) >= 10_000:
            scale, title = 10_000, f"{label}（万人）"
        elif ident not in _PANEL and unit:
            title = f"{label}（{unit}）"
        seen: set[str] = set()
        for r in rows:
            if r["target_value"] is None:
                continue
            lo = r["target_value"] / scale
            hi = (r["target_value_max"] or r["target_value"]) / scale
            bound = r["target_bound"]
            if hi != lo:
                ax.vlines(r["year"], lo, hi, color="tab:blue", linewidth=4, alpha=0.6)
                key = "目标区间"
            else:
                ax.plot([r["year"]], [lo], marker=_MARKERS[bound], color="tab:blue", linestyle="none")
                key = f"目标（{_BOUND_LABELS[bound]}）"
            if key not in seen:
                seen.add(key)
                ax.plot(
                    [],
                    [],
                    marker="|" if hi != lo else _MARKERS[bound],
                    color="tab:blue",
                    linestyle="none",
                    label=key,
                )
        done = {r["year"]: r["achieved_value"] / scale for r in rows if r["achieved_value"] is not None}
        if done:
            # a gap (no result reported) breaks the line instead of bridging it
            ys = [done.get(y, math.nan) for y in years]
            ax.plot(years, ys, color="tab:red", marker="x", linewidth=1.2, label="实际（次年报告）")
        for r in rows:
            if r["verdict"] == "missed" and r["achieved_value"] is not None:
                ax.annotate("未完成", (r["year"], r["achieved_value"] / scale), textcoords="offset points",
                            xytext=(14, 0), va="center", fontsize=8, color="tab:red")  # fmt: skip
        ax.set_title(title, fontsize=10)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7, loc="best")
    if years:
        axes[-1].set_xticks(years)
        axes[-1].set_xticklabels([str(y) for y in years], rotation=45)
    axes[-1].set_xlabel("年份（目标所属年度）")
    fig.suptitle(f"{tl.government or ''}：预期目标与次年报告的实际结果", fontsize=11)
    return fig


def emphasis_figure(comp: Comparison, *, top: int = 12) -> Figure:
    """Share of sentences per theme, earlier and later report side by side."""
    rows = comp._emphasis_rows("theme")
    rows = sorted(rows, key=lambda r: -(r["before"]["sentences_share"] + r["after"]["sentences_share"]))[:top]
    labels = [str(r["theme"])[:18] for r in rows][::-1]
    b = [r["before"]["sentences_share"] * 100 for r in rows][::-1]
    a = [r["after"]["sentences_share"] * 100 for r in rows][::-1]
    fig = new_figure(figsize=(8, 0.42 * max(len(rows), 3) + 1.2), layout="constrained")
    ax = fig.subplots()
    ys = range(len(labels))
    yb, ya = (
        comp.before.document.year or comp.before.document.id,
        comp.after.document.year or comp.after.document.id,
    )
    ax.barh([y + 0.2 for y in ys], b, height=0.4, label=f"{yb}年", color="tab:gray")
    ax.barh([y - 0.2 for y in ys], a, height=0.4, label=f"{ya}年", color="tab:blue")
    ax.set_yticks(list(ys))
    ax.set_yticklabels(labels, fontsize=8)
    ax.set_xlabel("句子占比（%）")
    ax.set_title("各部分主题的句子占比", fontsize=10)
    ax.legend(fontsize=8)
    return fig


def keyness_figure(comp: Comparison, *, top: int = 15) -> Figure:
    """The words most over- and under-used in the later report (signed G²)."""
    kn = [r for r in comp.keyness() if r["G2"] != 0]
    picked = kn[:top] + [r for r in kn[-top:] if r["G2"] < 0 and r not in kn[:top]]
    picked.sort(key=lambda r: r["G2"])
    fig = new_figure(figsize=(7, 0.28 * max(len(picked), 4) + 1.2), layout="constrained")
    ax = fig.subplots()
    ys = range(len(picked))
    ax.barh(
        list(ys), [r["G2"] for r in picked], color=["tab:blue" if r["G2"] > 0 else "tab:gray" for r in picked]
    )
    ax.set_yticks(list(ys))
    ax.set_yticklabels([r["feature"] for r in picked], fontsize=8)
    ax.axvline(0, color="black", linewidth=0.8)
    yb, ya = comp.before.document.year or "前", comp.after.document.year or "后"
    ax.set_xlabel(f"G²（正：{ya}年多用；负：{yb}年多用）")
    ax.set_title("关键词（对数似然比 G²）", fontsize=10)
    return fig
