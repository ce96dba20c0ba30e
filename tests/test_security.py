"""Security checks: hostile reports produce inert HTML, no network references, no unsafe loading
of user data, outputs that stay in their folder, and the documented resource limits.

The HTML outputs (``export --to html``, ``compare --format html``, ``Report._repr_html_``,
``Comparison._repr_html_``) are rendered by headless Chromium (Debian: ``apt-get install
chromium``); the rendered DOM must hold no element made from report text.  See docs/security.md.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tokenize
import zipfile
import zlib
from pathlib import Path
from typing import Any

import pytest

import analyzer
from analyzer.cli import main
from analyzer.errors import LoadError

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "analyzer"
SEED = ROOT / "corpora" / "xinghualing-2024.txt"

PWN = "document.body.setAttribute('data-pwned','1')"
HOSTILE = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    '" onerror="alert(3)',
    f'<img src=x onerror="{PWN}">',
    f'</title></style><svg onload="{PWN}">',
]
GOVERNMENT = f"杏花岭区人民政府</title><script>{PWN}</script>"


def hostile_report(year: int) -> str:
    h = HOSTILE
    return "\n".join(
        [
            f"{year}年{h[0]}杏花岭区政府工作报告",
            "各位代表：",
            f"一、{year - 1}年工作回顾",
            f"过去一年，建成{h[1]}产业园3个，新增{h[2]}市场主体1万户，地区生产总值增长5.1%。",
            f"二、{year}年工作安排",
            f"今年建设“{h[1]}”产业园项目和{h[3]}科技园，新建5个{h[3]}口袋公园。",
            f"地区生产总值增长{6 if year % 2 else 5}%左右，新增{h[0]}市场主体1万户以上。",
            f"加快建设杨家峪数字经济产业园，推进{h[4]}智慧城市项目。",
            "",
        ]
    )


@pytest.fixture(scope="module")
def hostile_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two hostile reports of one (hostile) government, with a MANIFEST.tsv next to them."""
    folder = tmp_path_factory.mktemp("hostile")
    a, b = folder / "hostile-2023.txt", folder / "hostile-2024.txt"
    a.write_text(hostile_report(2023), encoding="utf-8")
    b.write_text(hostile_report(2024), encoding="utf-8")
    rows = ["path\tid\tgovernment\tlevel\tregion\tyear\ttitle\tsource"]
    for path, year in ((a, 2023), (b, 2024)):
        rows.append(
            "\t".join(
                [
                    path.name,
                    f"hostile-{year}\"'><svg onload=alert({year})>",
                    GOVERNMENT,
                    "district",
                    "杏花岭区",
                    str(year),
                    f"{HOSTILE[0]}{year}年政府工作报告",
                    f'http://evil.invalid/{year}.html"><img src=x onerror="{PWN}">',
                ]
            )
        )
    (folder / "MANIFEST.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return a, b


# --------------------------------------------------------------------------------------------
# Headless Chromium


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("chromium is not installed: run `apt-get update && apt-get install -y chromium`")


def rendered_dom(page: Path, tmp_path: Path) -> str:
    args = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--virtual-time-budget=3000", "--dump-dom", page.as_uri(),
    ]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "<body" in result.stdout, result.stdout[:500]
    return result.stdout


def without_json_blocks(html: str) -> str:
    """The page without its ``<script type="application/json">`` data (escaped JSON, not markup)."""
    return re.sub(r'<script type="application/json"[^>]*>.*?</script>', "", html, flags=re.S)


def assert_inert(raw: str, dom: str, own_scripts: int) -> None:
    """The rendered page has no element or attribute made from the hostile report text."""
    for html in (raw, dom):
        markup = without_json_blocks(html)
        assert not re.search(r"<[^>]*\sdata-pwned\s*=", html), "injected script ran"
        assert not re.search(r"<img\b[^>]*\bsrc=[\"']?x\b", html, flags=re.I), "<img src=x> element"
        assert not re.search(r"<svg\b[^>]*\bonload", html, flags=re.I), "<svg onload> element"
        assert not re.search(r"<[a-z][^<>]*\son(?:error|load)\s*=", markup, flags=re.I), "event handler"
        assert "<script>alert" not in html and "<script>document" not in html
        assert html.lower().count("<script") == own_scripts, "extra <script> elements"
    for pattern in (r"src\s*=\s*[\"']?https?:", r"href\s*=\s*[\"']?https?:", r"url\(\s*[\"']?https?:"):
        assert not re.search(pattern, raw, flags=re.I), f"network reference: {pattern}"
    assert not re.search(r"@import|<link\b|<iframe\b|<object\b|<embed\b", raw, flags=re.I)


def test_export_html_of_a_hostile_report_is_inert(
    hostile_pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "graph.html"
    assert main(["export", str(hostile_pair[0]), str(hostile_pair[1]), "--to", "html", "-o", str(out)]) == 0
    capsys.readouterr()
    raw = out.read_text(encoding="utf-8")
    assert "onerror" in raw  # the hostile text is in the page (as JSON data), just not as markup
    dom = rendered_dom(out, tmp_path)
    assert re.search(r'data-drawn="[1-9]\d*"', dom), "the viewer did not run"
    assert_inert(raw, dom, own_scripts=raw.lower().count("<script"))
    assert raw.lower().count("<script") == 2  # the data block and the viewer


def test_compare_html_of_hostile_reports_is_inert(
    hostile_pair: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "compare.html"
    code = main(["compare", str(hostile_pair[0]), str(hostile_pair[1]), "--format", "html", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    raw = out.read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in raw  # shown, escaped
    assert "&lt;/title&gt;&lt;script&gt;" in raw.split("</title>")[0]  # the government in <title>
    dom = rendered_dom(out, tmp_path)
    assert_inert(raw, dom, own_scripts=0)


def test_notebook_reprs_of_hostile_reports_are_inert(hostile_pair: tuple[Path, Path], tmp_path: Path) -> None:
    from analyzer.compare import compare

    a, b = (analyzer.analyze(p) for p in hostile_pair)
    assert any("<img" in (c.object or "") for c in b.commitments)  # hostile text reached the records
    fragments = [a._repr_html_(), compare(a, b)._repr_html_()]
    for fragment in fragments:
        assert "<script" not in fragment.lower() and "<img" not in fragment and "<svg" not in fragment
    page = tmp_path / "reprs.html"
    raw = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + "<hr>".join(fragments) + "</body></html>"  # fmt: skip
    page.write_text(raw, encoding="utf-8")
    dom = rendered_dom(page, tmp_path)
    assert "&lt;img src=x onerror=" in dom
    assert_inert(raw, dom, own_scripts=0)


# --------------------------------------------------------------------------------------------
# No unsafe loading of user data


UNSAFE_CALLS = {
    ("pickle", "load"),
    ("pickle", "loads"),
    ("cloudpickle", "loads"),
    ("dill", "loads"),
    ("marshal", "loads"),
    ("marshal", "load"),
    ("shelve", "open"),
    ("yaml", "load"),
    ("yaml", "unsafe_load"),
    ("pd", "read_pickle"),
    ("pandas", "read_pickle"),
}
UNSAFE_NAMES = {"eval", "exec", "__import__"}


def unsafe_calls(source: str) -> list[tuple[int, str]]:
    """Calls of eval/exec/pickle.load/yaml.load ... in Python source (comments and strings ignored)."""
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)
    ]
    hits = []
    for i, tok in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        if tok.type == tokenize.NAME and tok.string in UNSAFE_NAMES and nxt.string == "(":
            hits.append((tok.start[0], tok.line.strip()))
        if (
            tok.type == tokenize.NAME
            and i + 2 < len(tokens)
            and nxt.string == "."
            and (tok.string, tokens[i + 2].string) in UNSAFE_CALLS
        ):
            hits.append((tok.start[0], tok.line.strip()))
        if tok.type == tokenize.NAME and tok.string == "import" and nxt.string in ("pickle", "cloudpickle", "dill", "marshal", "shelve"):  # fmt: skip
            hits.append((tok.start[0], tok.line.strip()))
    return hits


def test_the_checker_finds_unsafe_calls() -> None:
    code = "import json\n# eval(x) in a comment\ns = 'exec(y)'\nx = eval(s)\nd = pickle.loads(b)\ny = yaml.load(f)\nimport pickle\n"  # fmt: skip
    assert [line for line, _ in unsafe_calls(code)] == [4, 5, 6, 7]


def test_no_pickle_eval_or_yaml_load_in_the_package() -> None:
    sources = sorted(PACKAGE.rglob("*.py"))
    assert len(sources) > 20
    hits = [f"{p.relative_to(ROOT)}:{line}: {text}" for p in sources for line, text in unsafe_calls(p.read_text(encoding="utf-8"))]  # fmt: skip
    assert hits == []
    viewer = (PACKAGE / "export" / "viewer.html").read_text(encoding="utf-8")
    assert not re.search(
        r"\beval\(|new Function\(|setTimeout\(\s*['\"]|\.innerHTML\b|document\.write", viewer
    )


# --------------------------------------------------------------------------------------------
# Output names cannot leave the output folder


def snapshot(folder: Path, skip: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if skip not in p.parents and p != skip}


def test_output_names_stay_in_the_output_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "work"
    src = work / "in"
    (src / "sub").mkdir(parents=True)
    seed = SEED.read_bytes()
    names = [
        "..%2F..%2Fevil.txt",
        "..%2F..%2F..%2Ftmp%2Fevil.txt",
        "....txt",
        "sub/x.txt",
        "sub/y.txt",
        "z.txt",
    ]
    for name in names:
        (src / name).write_bytes(seed)
    (src / "MANIFEST.tsv").write_text(
        "path\tid\tyear\n"
        "z.txt\t../../evil\t2024\n"
        "sub/x.txt\t/tmp/absolute-evil\t2024\n"
        "sub/y.txt\t..\\..\\evil\t2024\n",
        encoding="utf-8",
    )
    out = work / "deep" / "out"
    before = snapshot(tmp_path, out)
    code, err = main(["analyze", str(src), "-o", str(out)]), capsys.readouterr().err  # a folder walk
    assert code == 0, err
    # names starting with "." are hidden files: a folder walk skips them; named one by one they count
    dotted = [str(src / n) for n in names if n.startswith(".")]
    code, err = (
        main(["analyze", *dotted, str(src / "z.txt"), "-o", str(out / "listed")]),
        capsys.readouterr().err,
    )
    assert code == 0, err
    assert snapshot(tmp_path, out) == before | {"work/deep"}  # nothing written outside OUT
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert len(written) == len(names) + 1, written
    for rel in written:
        assert (out / rel).resolve().is_relative_to(out.resolve())
        assert ".." not in Path(rel).parts
    assert not Path("/tmp/absolute-evil.json").exists()
    ids = {analyzer.analyze(src / n).document.id for n in ("z.txt", "sub/x.txt")}
    assert ids == {"../../evil", "/tmp/absolute-evil"}  # the ids are kept as data, not used as names


def test_graph_export_names_do_not_come_from_document_ids(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "r.txt").write_bytes(SEED.read_bytes())
    (src / "MANIFEST.tsv").write_text("path\tid\nr.txt\t../../../evil\n", encoding="utf-8")
    out = tmp_path / "out" / "neo4j"
    assert main(["export", str(src / "r.txt"), "--to", "neo4j", "-o", str(out)]) == 0
    capsys.readouterr()
    assert sorted(p.parent for p in tmp_path.rglob("*.csv")) == [out] * len(list(out.glob("*.csv")))
    assert not list(tmp_path.parent.glob("evil*"))


# --------------------------------------------------------------------------------------------
# Resource limits (docs/security.md): sizes are refused before they are read or expanded


def test_limits_are_the_documented_values() -> None:
    from analyzer import load

    assert load.DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    assert load.MAX_DOCX_UNCOMPRESSED == 100 * 1024 * 1024
    assert load.MAX_DOCX_RATIO == 200
    assert analyzer.Analyzer().get_config()["max_bytes"] == load.DEFAULT_MAX_BYTES
    doc = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for figure in ("20 MB", "100 MB", "200", "1 MiB", "75 MB"):
        assert figure in doc, figure


def test_max_bytes_lowers_the_limit(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(SEED.read_bytes())
    with pytest.raises(LoadError, match=r"r\.txt: file is 11.7 KB, over the 1 KB limit \(max_bytes\)"):
        analyzer.Analyzer(max_bytes=1024).analyze(report)


def _docx_with_lying_sizes(real: int, declared: int) -> bytes:
    """A docx whose word/document.xml declares *declared* bytes but inflates to *real* bytes."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = f'<w:document xmlns:w="{w}"><w:body><w:p><w:r><w:t>'.encode() + b"a" * real
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", xml)
    data = bytearray(buf.getvalue())
    size = len(xml).to_bytes(4, "little")
    for at in (m.start() for m in re.finditer(re.escape(size), bytes(data))):
        data[at : at + 4] = declared.to_bytes(4, "little")  # local header and central directory
    return bytes(data)


def test_docx_that_lies_about_its_size_is_not_expanded(tmp_path: Path) -> None:
    from analyzer.load import load_bytes

    data = _docx_with_lying_sizes(real=150 * 1024 * 1024, declared=1000)
    assert len(data) < 1024 * 1024
    with pytest.raises(LoadError) as exc_info:
        load_bytes(data, name="liar.docx")
    message = str(exc_info.value)
    assert message.startswith("liar.docx: ") and ("corrupt" in message or "zip bomb" in message), message


def test_pdf_stream_decompression_bomb_is_bounded() -> None:
    from analyzer.load import load_bytes

    fuzz = _fuzz()
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    stream = packer.compress(b"BT /F1 12 Tf 50 800 Td (hello) Tj ET\n")
    stream += b"".join(packer.compress(chunk) for _ in range(100)) + packer.flush()
    data = fuzz.pdf_with(stream, stream_keys=b" /Filter /FlateDecode")
    assert len(data) < 1024 * 1024
    with pytest.raises(LoadError, match=r"bomb\.pdf: corrupt PDF: no page could be read"):
        load_bytes(data, name="bomb.pdf")  # pypdf stops inflating at its 75 MB limit


def test_html_entities_are_never_expanded() -> None:
    from analyzer.load import load_bytes

    page = (
        '<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><html><body><p>各位代表&xxe;&b;</p></body></html>'
    )
    text = load_bytes(page.encode(), name="e.html").text
    assert "root:" not in text and "aaaaaaaaaa" not in text


def _fuzz() -> Any:
    import importlib.util
    import sys

    if "fuzz_analyzer" in sys.modules:
        return sys.modules["fuzz_analyzer"]
    spec = importlib.util.spec_from_file_location("fuzz_analyzer", ROOT / "fuzz" / "fuzz_analyzer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module
