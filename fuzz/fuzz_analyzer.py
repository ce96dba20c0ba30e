#!/usr/bin/env python
"""Fuzz analyzer's loaders (txt, docx, pdf, html) and extractors, for a bounded time.

    .venv/bin/python fuzz/fuzz_analyzer.py --seconds 300            # atheris if installed
    .venv/bin/python fuzz/fuzz_analyzer.py --seconds 60 --engine hypothesis
    .venv/bin/python fuzz/fuzz_analyzer.py --replay tests/regressions/*.bin

An input is one byte choosing a *mode* (see :data:`MODES`) followed by a payload.  The loader
modes call ``analyzer.load.load_bytes(payload, name=...)`` (``docx-xml`` and ``pdf-stream`` wrap
the payload in a valid docx zip / PDF file first, so that the fuzzer reaches the XML parser and
the content-stream reader); whatever loads is analysed.  The text modes call
``analyzer.analyze(text)``.  The only acceptable exception is :class:`analyzer.AnalyzerError`
with a one-line message (naming the file for the loaders); every analysis must pass
:func:`check_report` (spans slice back to their text, finite values, valid bounds, offsets map
back to the loaded text, JSON serialisable).

A failing input is saved (unless its signature — exception type and innermost analyzer frame —
is already reproduced by a file in the crash folder) as ``<mode>-<sha1>.bin`` with a ``.log``
holding the traceback; ``tests/test_bad_input.py`` replays every ``.bin`` there.  An input that
takes over ``--slow`` seconds is a failure too.  Exit status: 0 when no new failure was found,
1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import io
import json
import math
import os
import random
import subprocess
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

STARTED = time.monotonic()
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REGRESSIONS = ROOT / "tests" / "regressions"
CORPORA = ROOT / "corpora"
MODES = ("txt", "docx", "docx-xml", "pdf", "pdf-stream", "html", "text", "text-mix")
SUFFIX = {"txt": ".txt", "docx": ".docx", "docx-xml": ".docx", "pdf": ".pdf", "pdf-stream": ".pdf"}
SUFFIX |= {"html": ".html"}
DEFAULT_SLOW = 20.0
MAX_INPUT = 50_000  # bytes; analysis time grows with size, and a slow input counts as a failure
MAX_MIX_CHARS = 30_000
ATHERIS_MAX_LEN = 8192  # libFuzzer's inputs: small ones run faster
INSTRUMENTED = (  # the modules libFuzzer gets coverage from (instrumenting jieba or pypdf costs speed)
    "analyzer.load",
    "analyzer.normalize",
    "analyzer.structure",
    "analyzer.pipeline",
    "analyzer.extract.numbers",
    "analyzer.extract.commitments",
    "analyzer.extract.projects",
)
ATHERIS_STARTUP = 8.0  # seconds the libFuzzer child needs to instrument and import before fuzzing
BOUNDS = {"exact", "at_least", "at_most", "approx"}
STATUSES = {"target", "achieved"}
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

_ANALYZER: Any = None
_PARAGRAPHS: list[str] = []


class InvariantError(AssertionError):
    """An analysis broke one of the invariants of :func:`check_report` (``label`` names which)."""

    def __init__(self, label: str, detail: str) -> None:
        self.label = label
        super().__init__(f"{label}: {detail}")


# --------------------------------------------------------------------------------------------
# Wrapping payloads in valid containers


def docx_with(document_xml: bytes) -> bytes:
    """A minimal valid docx whose ``word/document.xml`` is *document_xml*."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        zf.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def document_xml(paragraphs: Iterable[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode()


def pdf_with(content: bytes, *, stream_keys: bytes = b"") -> bytes:
    """A one-page PDF (CJK font STSong-Light, UniGB-UCS2-H) whose content stream is *content*.

    *stream_keys* go into the stream's dictionary (``b" /Filter /FlateDecode"``).
    """
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R"
        b" /F2 6 0 R >> >> /Contents 7 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
        b" /DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo"
        b" << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d%s >>\nstream\n" % (len(content), stream_keys) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_text_stream(lines: Iterable[str]) -> bytes:
    shows = " ".join(f"<{line.encode('utf-16-be').hex()}> Tj T*" for line in lines)
    return f"BT /F1 12 Tf 14 TL 50 800 Td {shows} ET".encode("ascii")


# --------------------------------------------------------------------------------------------
# Text built from the corpus and random characters

_INTERESTING = (
    "。，、；：！？（）《》“”‘’…—％．／－＋～０１２３４５６７８９ＡＢ\u3000\u00a0\u200b\ufeff\t\r\n "
    "一二三四五六七八九十百千万亿元个项亩吨家户人次%左右以上以下不低于力争确保增长新建建设项目工程产业园"
    "各位代表政府工作报告年月日第届人民代表大会省市区县"
)


def corpus_paragraphs() -> list[str]:
    if not _PARAGRAPHS:
        for path in sorted(CORPORA.glob("*.txt"))[:40]:
            lines = path.read_text(encoding="utf-8").split("\n")
            _PARAGRAPHS.extend(line for line in lines if line.strip())
        if not _PARAGRAPHS:
            _PARAGRAPHS.append("今年新建高标准农田1000亩。")
    return _PARAGRAPHS


def _char(code: int) -> str:
    code %= 0x110000
    return "\ufffd" if 0xD800 <= code <= 0xDFFF else chr(code)


def mix_text(payload: bytes) -> str:
    """Corpus paragraphs (or pieces of them) interleaved with line breaks and odd characters."""
    paras = corpus_paragraphs()
    out: list[str] = []
    i = 0
    size = 0
    while i < len(payload) and size < MAX_MIX_CHARS:
        op = payload[i]
        arg = int.from_bytes(payload[i + 1 : i + 4].ljust(3, b"\0"), "big")
        i += 4
        if op < 80:
            para = paras[arg % len(paras)]
            if op < 20:  # a piece of the paragraph, cut anywhere
                a = (arg >> 8) % (len(para) + 1)
                para = para[a : a + 1 + (arg & 0xFF)]
            out.append(para)
        elif op < 120:
            out.append("\n" * (1 + op % 3))
        elif op < 220:
            out.append(_INTERESTING[arg % len(_INTERESTING)] * (1 + op % 4))
        else:
            out.append(_char(arg))
        size += len(out[-1])
    return "".join(out)[:MAX_MIX_CHARS]


# --------------------------------------------------------------------------------------------
# Invariants


def _check(cond: bool, label: str, detail: Any = "") -> None:
    if not cond:
        raise InvariantError(label, str(detail)[:300])


def _finite(x: Any) -> bool:
    if x is None:
        return True
    if isinstance(x, Decimal):
        return x.is_finite()
    return isinstance(x, int | float) and math.isfinite(x)


def check_offsets(report: Any) -> None:
    """Every normalised character maps back to the loaded character it came from."""
    from analyzer.normalize import fold_char

    doc = report.document
    text, original, source = doc.text, doc.original, doc.offsets.source
    _check(len(source) == len(text) + 1, "offsets.length", (len(source), len(text)))
    _check(source[len(text)] == len(original), "offsets.end", (source[len(text)], len(original)))
    previous = -1
    for i, ch in enumerate(text):
        j = source[i]
        _check(0 <= j <= len(original), "offsets.range", (i, j))
        _check(j >= previous, "offsets.monotonic", (i, j, previous))
        if ch != "\n":
            _check(j < len(original) and ch in fold_char(original[j]), "offsets.char", (i, ch, j))
            _check(j > previous, "offsets.strict", (i, j))
            previous = j
    for s in report.sentences:
        a, b = doc.offsets.to_original(s.start, s.end)
        _check(0 <= a <= b <= len(original), "offsets.sentence", (s.id, a, b))


def check_report(report: Any) -> None:
    """The invariants every analysis must satisfy (raise :class:`InvariantError` when broken)."""
    text = report.document.text
    n = len(text)
    section_ids = {s.id: s for s in report.sections}
    for s in report.sections:
        _check(0 <= s.start <= s.end <= n, "section.bounds", s)
        _check(s.start <= s.title_start <= s.title_end <= s.end, "section.title_bounds", s)
        if s.title_end > s.title_start:
            _check(text[s.title_start : s.title_end] == s.title, "section.title_slice", s)
        if s.parent is not None:
            parent = section_ids.get(s.parent)
            _check(parent is not None, "section.parent", s)
            _check(parent.start <= s.start and s.end <= parent.end, "section.nested", (s, parent))
    sentences = {s.id: s for s in report.sentences}
    for s in report.sentences:
        _check(0 <= s.start < s.end <= n, "sentence.bounds", s)
        _check(text[s.start : s.end] == s.text, "sentence.slice", s)
        _check(s.section is None or s.section in section_ids, "sentence.section", s)
        for a, b in s.clauses:
            _check(s.start <= a <= b <= s.end, "sentence.clause", (s, a, b))
    for p in report.structure.paragraphs:
        _check(0 <= p.start <= p.end <= n, "paragraph.bounds", p)
    for kind, items, status in (
        ("commitment", report.commitments, "target"),
        ("achievement", report.achievements, "achieved"),
    ):
        for c in items:
            _check(0 <= c.start < c.end <= n, f"{kind}.bounds", c)
            _check(text[c.start : c.end] == c.text, f"{kind}.slice", c)
            sentence = sentences.get(c.sentence_id)
            _check(sentence is not None, f"{kind}.sentence_id", c)
            _check(sentence.start <= c.start and c.end <= sentence.end, f"{kind}.in_sentence", c)
            _check(sentence.text == c.sentence, f"{kind}.sentence_text", c)
            _check(_finite(c.value) and _finite(c.value_max), f"{kind}.finite", c)
            _check(c.value_max is None or c.value_max >= c.value, f"{kind}.range", c)
            _check(c.bound in BOUNDS and c.status == status, f"{kind}.labels", c)
            for link in c.positions:
                _check(_finite(link.confidence) and 0 <= link.confidence <= 1, f"{kind}.confidence", link)
    for p in report.projects:
        _check(bool(p.name) and bool(p.mentions), "project.name", p)
        for m in p.mentions:
            _check(0 <= m.start < m.end <= n, "project.bounds", m)
            _check(text[m.start : m.end] == m.text, "project.slice", m)
            sentence = sentences.get(m.sentence)
            _check(sentence is not None, "project.sentence", m)
            _check(sentence.start <= m.start and m.end <= sentence.end, "project.in_sentence", m)
        for link in p.positions:
            _check(_finite(link.confidence) and 0 <= link.confidence <= 1, "project.confidence", link)
    check_offsets(report)
    data = report.to_dict()
    json.dumps(data, ensure_ascii=False, allow_nan=False).encode("utf-8")


# --------------------------------------------------------------------------------------------
# One input


def _analyzer() -> Any:
    global _ANALYZER
    if _ANALYZER is None:
        from analyzer import Analyzer

        _ANALYZER = Analyzer()
    return _ANALYZER


def split(data: bytes) -> tuple[str, bytes]:
    if not data:
        return MODES[0], b""
    return MODES[data[0] % len(MODES)], data[1:]


def run_one(data: bytes) -> str:
    """Run one fuzz input; return ``'ok'`` or ``'refused'``; raise on a bug."""
    import analyzer
    from analyzer.load import load_bytes
    from analyzer.pipeline import build_document

    mode, payload = split(data)
    if mode in ("text", "text-mix"):
        text = payload.decode("utf-8", "replace") if mode == "text" else mix_text(payload)
        try:
            report = analyzer.analyze(text)
        except analyzer.AnalyzerError as exc:
            _check("\n" not in str(exc), "error.one_line", exc)
            return "refused"
        check_report(report)
        return "ok"
    if mode == "docx-xml":
        payload = docx_with(payload)
    elif mode == "pdf-stream":
        payload = pdf_with(payload)
    name = f"fuzz input{SUFFIX[mode]}"
    try:
        loaded = load_bytes(payload, name=name)
        report = _analyzer().analyze_document(build_document(loaded, {}))
    except analyzer.AnalyzerError as exc:
        message = str(exc)
        _check("\n" not in message, "error.one_line", message)
        _check(message.startswith(name + ": "), "error.names_file", message)
        return "refused"
    check_report(report)
    return "ok"


def signature(exc: BaseException) -> str:
    """Exception type and the innermost frame inside analyzer/ (or the innermost frame at all)."""
    if isinstance(exc, InvariantError):
        return f"InvariantError:{exc.label}"
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f"{os.sep}analyzer{os.sep}" in f.filename]
    frame = (ours or frames or [None])[-1]
    where = f"{Path(frame.filename).name}:{frame.name}" if frame else "?"
    return f"{type(exc).__name__}@{where}"


def _setup_quiet() -> None:
    import logging

    logging.disable(logging.WARNING)  # the loaders warn about cut-off characters etc.
    import jieba

    jieba.setLogLevel(logging.WARNING)


# --------------------------------------------------------------------------------------------
# Recording failures


class Recorder:
    """Saves new failures to the crash folder; knows the signatures already reproduced there."""

    def __init__(self, crash_dir: Path, slow: float, known: Iterable[str] = ()) -> None:
        self.crash_dir = crash_dir
        self.slow = slow
        self.known = set(known)
        self.new: list[tuple[str, Path]] = []
        self.runs = 0
        self.outcomes: dict[str, int] = {}

    def run(self, data: bytes) -> BaseException | None:
        """Run *data*; record a new failure; return the exception of a new failure (else None)."""
        self.runs += 1
        start = time.monotonic()
        try:
            outcome = run_one(data)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # a bug: anything but AnalyzerError escaped
            sig = signature(exc)
            text = "".join(traceback.format_exception(exc))
            return exc if self.save(data, sig, text) else None
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        took = time.monotonic() - start
        if took > self.slow:  # run it again: the first use of a resource (a model, a lexicon) is slow
            again = time.monotonic()
            run_one(data)
            took = min(took, time.monotonic() - again)
        if took > self.slow:
            mode = split(data)[0]
            self.save(data, f"slow@{mode}", f"took {took:.1f} s twice (limit {self.slow} s)\n")
        return None

    def save(self, data: bytes, sig: str, text: str) -> bool:
        if sig in self.known:
            return False
        self.known.add(sig)
        self.crash_dir.mkdir(parents=True, exist_ok=True)
        name = f"{split(data)[0]}-{hashlib.sha1(data).hexdigest()[:12]}"
        path = self.crash_dir / f"{name}.bin"
        path.write_bytes(data)
        (self.crash_dir / f"{name}.log").write_text(f"signature: {sig}\n\n{text}", encoding="utf-8")
        self.new.append((sig, path))
        print(f"fuzz: NEW failure {sig} saved to {path}", file=sys.stderr, flush=True)
        return True


def known_signatures(crash_dir: Path) -> set[str]:
    """Signatures of the saved failures that still reproduce (replays every .bin in *crash_dir*).

    A saved slow input is not replayed (that would cost its time on every run): the signature
    in its ``.log`` counts as known.
    """
    known = set()
    for path in sorted(crash_dir.glob("*.bin")):
        log = path.with_suffix(".log")
        head = log.read_text(encoding="utf-8").split("\n", 1)[0] if log.exists() else ""
        if head.startswith("signature: slow@"):
            known.add(head.removeprefix("signature: "))
            continue
        try:
            run_one(path.read_bytes())
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            known.add(signature(exc))
    return known


# --------------------------------------------------------------------------------------------
# Seeds and mutation (shared by both engines)


def seeds() -> list[bytes]:
    """Valid inputs of every mode, the starting points of mutation."""
    paras = corpus_paragraphs()
    seed_path = CORPORA / "xinghualing-2024.txt"
    seed = seed_path.read_text(encoding="utf-8") if seed_path.exists() else "\n".join(paras[:40])
    short = seed[:1500]
    lines = [line for line in short.split("\n") if line.strip()][:12]

    def m(mode: str, payload: bytes) -> bytes:
        return bytes([MODES.index(mode)]) + payload

    out = [
        m("txt", short.encode("utf-8")),
        m("txt", short.encode("gb18030")),
        m("txt", short.encode("utf-16-le")),
        m("txt", short[:800].encode("big5", "replace")),
        m("txt", b"\xef\xbb\xbf" + short[:500].encode()),
        m("docx", docx_with(document_xml(lines))),
        m("docx-xml", document_xml(lines)),
        m("pdf", pdf_with(pdf_text_stream(lines[:6]))),
        m("pdf-stream", pdf_text_stream(lines[:6])),
        m(
            "html",
            (
                "<html><head><meta charset='utf-8'><title>2024年政府工作报告</title><script>x=1</script>"
                "</head><body><nav>首页</nav><div id='zoom'>"
                + "".join(f"<p>{line}</p>" for line in lines)
                + "</div><table><tr><td>指标</td><td>5%</td></tr></table></body></html>"
            ).encode(),
        ),
        m("text", short.encode()),
        m("text-mix", bytes(range(0, 256, 7)) * 4),
    ]
    return out


TOKENS = (
    *(b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"<", b"</p>", b"<!DOCTYPE x [", b"&#0;", b"<div>" * 50),
    *(b"\xe4\xb8", b"\x81", "。".encode(), "％".encode(), b"\r", b"\n\n", b"<w:p>", b"</w:t>"),
    *(b"BT ", b" Tj ", b"ET", b"obj", b"stream", b"(", b")", b"<<", b">>", b"99999999999"),
)


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    """A few random edits: flip, insert, delete, duplicate, splice, truncate, interesting bytes."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(8)
        pos = rng.randrange(len(buf) + 1)
        if op == 0 and buf:
            buf[min(pos, len(buf) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1:
            buf[pos:pos] = rng.randbytes(rng.randint(1, 8))
        elif op == 2:
            del buf[pos : pos + rng.randint(1, 64)]
        elif op == 3 and buf:
            a = rng.randrange(len(buf))
            buf[pos:pos] = buf[a : a + rng.randint(1, 256)] * rng.randint(1, 4)
        elif op == 4:
            other = rng.choice(pool)
            a = rng.randrange(len(other) + 1)
            buf[pos:pos] = other[a : a + rng.randint(1, 512)]
        elif op == 5 and len(buf) > 1:
            del buf[rng.randint(1, len(buf)) :]
        elif op == 6:
            token = rng.choice(TOKENS)
            buf[pos:pos] = token
        elif op == 7 and buf:
            buf[0] = rng.randrange(256)  # another mode for the same payload
    return bytes(buf[:MAX_INPUT])


# --------------------------------------------------------------------------------------------
# Engines


def run_random(seconds: float, recorder: Recorder, seed: int) -> None:
    """Seed-based mutation fuzzing driven by :mod:`random` (no dependency)."""
    rng = random.Random(seed)
    pool = seeds()
    corpus = list(pool)
    for data in pool:
        recorder.run(data)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = mutate(rng.choice(corpus), rng, pool)
        if rng.random() < 0.05:
            data = bytes([rng.randrange(256)]) + rng.randbytes(rng.randint(0, 2000))
        if recorder.run(data) is None and rng.random() < 0.02 and len(corpus) < 500:
            corpus.append(data)


def run_hypothesis(seconds: float, recorder: Recorder, seed: int) -> None:
    """Hypothesis generates inputs (raw, mutated seeds, structured text) and shrinks failures."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    pool = seeds()
    deadline = time.monotonic() + seconds
    failing: list[bytes] = []

    inputs = st.one_of(
        st.binary(max_size=4000),
        st.builds(
            lambda s, r: mutate(pool[s % len(pool)], random.Random(r), pool),
            st.integers(0, 10_000),
            st.integers(0, 2**32),
        ),
        st.builds(
            lambda mode, text: bytes([MODES.index(mode)]) + text.encode("utf-8"),
            st.sampled_from(["txt", "html", "text", "docx-xml"]),
            st.text(alphabet=st.sampled_from(_INTERESTING) | st.characters(), max_size=2000),
        ),
    )

    @settings(
        max_examples=100,
        deadline=None,
        database=None,
        derandomize=False,
        phases=[Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(inputs)
    def target(data: bytes) -> None:
        if time.monotonic() > deadline:
            return
        recorder.runs += 1
        try:
            run_one(data)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            if signature(exc) in recorder.known:
                return
            failing.append(data)
            raise

    for data in pool:
        recorder.run(data)
    random.seed(seed)
    while time.monotonic() < deadline:
        failing.clear()
        try:
            target()
        except KeyboardInterrupt:
            raise
        except BaseException:
            if failing:
                recorder.run(failing[-1])  # the shrunk example is the last one run


def run_atheris_child(args: argparse.Namespace) -> None:
    """Runs in a child process: libFuzzer exits the process when its time is up."""
    import atheris

    with atheris.instrument_imports(include=["analyzer"]):
        for module in INSTRUMENTED:
            importlib.import_module(module)

    _setup_quiet()
    recorder = Recorder(Path(args.crash_dir), args.slow, known=json.loads(args.known or "[]"))
    work = Path(args.workdir)
    seed_dir = work / "seeds"
    seed_dir.mkdir(parents=True, exist_ok=True)
    for i, data in enumerate(seeds()):
        (seed_dir / f"seed-{i:02d}").write_bytes(data)
    corpus_dir = work / "corpus"
    corpus_dir.mkdir(exist_ok=True)
    summary = work / "new.jsonl"

    def test_one_input(data: bytes) -> None:
        before = len(recorder.new)
        recorder.run(data)
        if len(recorder.new) > before:
            with summary.open("a", encoding="utf-8") as fh:
                for sig, path in recorder.new[before:]:
                    fh.write(json.dumps({"signature": sig, "path": str(path)}) + "\n")

    argv = [
        sys.argv[0],
        f"-max_total_time={max(1, int(args.seconds))}",
        f"-timeout={int(args.slow * 3)}",
        f"-max_len={ATHERIS_MAX_LEN}",
        "-rss_limit_mb=4096",
        f"-seed={args.seed}",
        f"-artifact_prefix={work}/",
        "-print_final_stats=1",
        str(corpus_dir),
        str(seed_dir),
    ]
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


def run_atheris(args: argparse.Namespace, recorder: Recorder, seconds: float) -> None:
    seconds = max(1.0, seconds - ATHERIS_STARTUP)
    with tempfile.TemporaryDirectory(prefix="fuzz-analyzer-") as work:
        cmd = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--engine",
            "_atheris_child",
            "--seconds",
            str(seconds),
            "--slow",
            str(args.slow),
            "--seed",
            str(args.seed),
            "--crash-dir",
            str(recorder.crash_dir),
            "--workdir",
            work,
            "--known",
            json.dumps(sorted(recorder.known)),
        ]
        child = subprocess.run(cmd, check=False, timeout=seconds + 600)
        summary = Path(work) / "new.jsonl"
        if summary.exists():
            for line in summary.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                recorder.new.append((row["signature"], Path(row["path"])))
        if child.returncode != 0:  # libFuzzer stopped on a timeout, an out-of-memory or a crash
            for artifact in sorted(Path(work).glob("*-*")):
                if artifact.is_file() and artifact.name.split("-")[0] in ("timeout", "oom", "crash"):
                    data = artifact.read_bytes()
                    kind = artifact.name.split("-")[0]
                    recorder.save(
                        data, f"{kind}@{split(data)[0]}", f"libFuzzer {kind} (exit {child.returncode})\n"
                    )
            if not recorder.new:
                recorder.new.append((f"atheris exit {child.returncode}", Path(work)))


# --------------------------------------------------------------------------------------------
# Main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="fuzzing time budget (default 60)")
    parser.add_argument(
        "--engine",
        choices=("auto", "atheris", "hypothesis", "random", "_atheris_child"),
        default="auto",
        help="auto: atheris when installed, else hypothesis",
    )
    parser.add_argument("--crash-dir", default=str(REGRESSIONS), help="where new failures are saved")
    parser.add_argument("--slow", type=float, default=DEFAULT_SLOW, help="seconds after which an input fails")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    parser.add_argument("--replay", nargs="*", metavar="FILE", help="run these inputs and print the outcome")
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--known", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.engine == "_atheris_child":
        run_atheris_child(args)
        return 0
    _setup_quiet()
    if args.replay is not None:
        status = 0
        for name in args.replay:
            try:
                print(f"{name}: {run_one(Path(name).read_bytes())}")
            except Exception as exc:
                status = 1
                print(f"{name}: FAILS {signature(exc)}: {exc!s:.300}")
        return status
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") else "hypothesis"
    crash_dir = Path(args.crash_dir)
    known = known_signatures(crash_dir)
    recorder = Recorder(crash_dir, args.slow, known)
    # --seconds is the budget of the whole run: start-up and the replay of saved failures count
    left = max(1.0, args.seconds - (time.monotonic() - STARTED))
    print(
        f"fuzz: engine {engine}, {left:.0f} of {args.seconds:g} s left for fuzzing, seed {args.seed}, "
        f"{len(known)} known failure signature(s) in {crash_dir}",
        file=sys.stderr,
        flush=True,
    )
    runners: dict[str, Callable[[], None]] = {
        "atheris": lambda: run_atheris(args, recorder, left),
        "hypothesis": lambda: run_hypothesis(left, recorder, args.seed),
        "random": lambda: run_random(left, recorder, args.seed),
    }
    try:
        runners[engine]()
    except KeyboardInterrupt:
        print("fuzz: interrupted", file=sys.stderr)
    took = time.monotonic() - STARTED
    runs = f"{recorder.runs} inputs" if engine != "atheris" else "see libFuzzer stats"
    print(
        f"fuzz: done in {took:.0f} s ({runs}); {len(recorder.new)} new failure(s)"
        + "".join(f"\n  {sig}: {path}" for sig, path in recorder.new),
        file=sys.stderr,
    )
    return 1 if recorder.new else 0


if __name__ == "__main__":
    sys.exit(main())
