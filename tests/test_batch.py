"""``analyzer batch`` and its store: failures carry on, cache, resume after a kill, lock, engines agree."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("duckdb")
pytest.importorskip("pyarrow")

import analyzer.batch as batch_module
from analyzer.batch import (
    CRASH_ENV,
    DELAY_ENV,
    add_batch_arguments,
    add_query_arguments,
    cmd_query,
    main,
)
from analyzer.errors import AnalyzerError
from analyzer.store import DATA_TABLES, TABLES, graph_from_store, load_store

from .conftest import CORPORA

pytestmark = pytest.mark.slow

GOOD = ("hebei-2026.txt", "henan-2025.txt", "xinghualing-2024.txt")
# Columns that identify a row within a document, per table: no two rows may share them.
ROW_KEYS = {
    "documents": ["document_id"],
    "sections": ["document_id", "section_id"],
    "sentences": ["document_id", "sentence_id"],
    "commitments": ["document_id", "item_id"],
    "achievements": ["document_id", "item_id"],
    "projects": ["document_id", "item_id"],
    "project_mentions": ["document_id", "item_id", "ordinal"],
    "positions": ["document_id", "item_kind", "item_id", "rank"],
    "nodes": ["document_id", "ordinal"],
    "edges": ["document_id", "ordinal"],
    "cache": ["path"],
    "failures": ["path"],
}


def batch(*args: str) -> tuple[int, str]:
    """Run ``python -m analyzer.batch ARGS`` in this process; the exit code and stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["--quiet", *args])
    return code, err.getvalue()


def last_run(out: Path) -> dict:
    return load_store(out, ["runs"])["runs"].iloc[-1].to_dict()


def sorted_frame(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(list(df.columns)).reset_index(drop=True) if len(df) else df.reset_index(drop=True)


def assert_no_duplicates(tables: dict[str, pd.DataFrame]) -> None:
    for name, keys in ROW_KEYS.items():
        df = tables[name]
        assert not df.duplicated(keys).any(), f"{name} has duplicate rows"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three real reports (with their manifest), a .docx of random bytes and an empty .txt."""
    folder = tmp_path_factory.mktemp("corpus")
    for name in (*GOOD, "MANIFEST.tsv"):
        shutil.copy(CORPORA / name, folder / name)
    (folder / "broken.docx").write_bytes(random.Random(7).randbytes(4000))
    (folder / "empty.txt").write_bytes(b"")
    return folder


@pytest.fixture(scope="module")
def first(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("store") / "out"
    code, err = batch(str(corpus), "-o", str(out), "--workers", "2")
    return {"out": out, "code": code, "stderr": err, "tables": load_store(out)}


def test_batch_stores_good_reports_and_names_broken_ones(first: dict, corpus: Path) -> None:
    assert first["code"] == 1
    err = first["stderr"]
    assert f"analyzer: {corpus / 'broken.docx'}: " in err
    assert f"analyzer: {corpus / 'empty.txt'}: empty" in err
    t = first["tables"]
    assert sorted(t["documents"]["document_id"]) == ["hebei-2026", "henan-2025", "xinghualing-2024"]
    assert sorted(Path(p).name for p in t["failures"]["input"]) == ["broken.docx", "empty.txt"]
    assert set(t["failures"]["kind"]) == {"invalid"}
    assert set(t["failures"]["run"]) == {1}
    for name in DATA_TABLES:
        assert "document_id" in t[name].columns
    for name in ("sections", "sentences", "commitments", "nodes", "edges"):
        assert set(t[name]["document_id"]) == set(t["documents"]["document_id"]), name
    # The 六地 framework links the 杏花岭 report's items to positions, one row per link.
    pos = t["positions"]
    assert set(pos["document_id"]) == {"xinghualing-2024"}
    assert {"manufacturing", "livelihood"} & set(pos["position_id"])
    assert_no_duplicates(t)
    run = last_run(first["out"])
    assert (run["analysed"], run["cached"], run["failed"], run["status"]) == (3, 0, 2, "finished")
    # Parquet copies of every table, with the database's rows.
    for name in TABLES:
        copy = pd.read_parquet(first["out"] / "parquet" / f"{name}.parquet")
        if name in t:
            assert len(copy) == len(t[name]), name


def test_dask_engine_stores_the_same_rows_as_local(first: dict, corpus: Path, tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    out = tmp_path / "dask"
    code, err = batch(str(corpus), "-o", str(out), "--engine", "dask", "--workers", "1")
    assert code == 1, err
    local, dask = first["tables"], load_store(out)
    for name in (*DATA_TABLES, "cache"):
        a, b = sorted_frame(local[name]), sorted_frame(dask[name])
        pd.testing.assert_frame_equal(a, b, obj=name)
    cols = ["path", "input", "kind", "reason", "sha256", "config_hash"]
    pd.testing.assert_frame_equal(sorted_frame(local["failures"][cols]), sorted_frame(dask["failures"][cols]))
    assert last_run(out)["engine"] == "dask"


def test_second_run_is_served_from_the_cache(first: dict, corpus: Path) -> None:
    t0 = time.perf_counter()
    code, err = batch(str(corpus), "-o", str(first["out"]), "--workers", "2")
    took = time.perf_counter() - t0
    assert code == 1  # the broken files are still broken, and still named
    assert "broken.docx" in err and "empty.txt" in err
    run = last_run(first["out"])
    assert (run["run"], run["analysed"], run["cached"], run["failed"]) == (2, 0, 3, 2)
    again = load_store(first["out"])
    for name in DATA_TABLES:
        pd.testing.assert_frame_equal(again[name], first["tables"][name], obj=name)
    assert took < 30


def test_changing_a_file_reanalyses_just_that_one(first: dict, corpus: Path) -> None:
    target = corpus / "hebei-2026.txt"
    original = target.read_bytes()
    try:
        target.write_bytes(original + "\n今年新建口袋公园50个。\n".encode())
        code, _ = batch(str(corpus), "-o", str(first["out"]), "--workers", "1")
        assert code == 1
        run = last_run(first["out"])
        assert (run["analysed"], run["cached"]) == (1, 2)
        t = load_store(first["out"])
        assert_no_duplicates(t)
        docs = t["documents"].set_index("document_id")
        before = first["tables"]["documents"].set_index("document_id")
        assert docs.loc["hebei-2026", "sha256"] != before.loc["hebei-2026", "sha256"]
        assert docs.loc["hebei-2026", "chars"] > before.loc["hebei-2026", "chars"]
        for doc in ("henan-2025", "xinghualing-2024"):
            assert docs.loc[doc].equals(before.loc[doc])
        assert (t["cache"]["run"] == run["run"]).sum() == 1
    finally:
        target.write_bytes(original)


def test_a_worker_crash_fails_that_file_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPORA / "xinghualing-2024.txt", folder / "xinghualing-2024.txt")
    shutil.copy(CORPORA / "xinghualing-2024.txt", folder / "crash-me.txt")
    monkeypatch.setenv(CRASH_ENV, "crash-me")
    out = tmp_path / "out"
    code, err = batch(str(folder), "-o", str(out), "--workers", "1")
    assert code == 1
    assert f"analyzer: {folder / 'crash-me.txt'}: the worker process died" in err
    t = load_store(out)
    assert list(t["documents"]["document_id"]) == ["xinghualing-2024"]
    assert list(t["failures"]["kind"]) == ["crash"]


def _reader(proc: subprocess.Popen) -> queue.Queue:
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stderr:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue, text: str, timeout: float = 120) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"no {text!r} in the batch's stderr: {''.join(seen)}")


def test_an_interrupted_run_resumes_without_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["hebei-2025.txt", "hebei-2026.txt", "henan-2025.txt", "henan-2026.txt", "xinghualing-2024.txt"]
    for name in names:
        shutil.copy(CORPORA / name, folder / name)
    out = tmp_path / "out"

    # Ctrl-C (KeyboardInterrupt in the main process) after the first report is committed: what
    # was finished stays stored, the run is marked interrupted, exit 130 with a one-line hint.
    commit = batch_module._commit

    def commit_then_interrupt(*args, **kwargs):  # type: ignore[no-untyped-def]
        commit(*args, **kwargs)
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(batch_module, "_commit", commit_then_interrupt)
        code, err = batch(str(folder), "-o", str(out), "--workers", "1")
    assert code == 130
    assert err.endswith("run the same command again to resume\n") and "interrupted" in err
    assert list(load_store(out, ["documents"])["documents"]["document_id"]) == ["hebei-2025"]

    # kill -9 of a batch in another process, after it stored one more report; meanwhile a second
    # batch on the same store is refused.
    env = {**os.environ, DELAY_ENV: "1", "PYTHONIOENCODING": "utf-8"}
    cmd = [sys.executable, "-m", "analyzer.batch", "-v", str(folder), "-o", str(out), "--workers", "1"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env)
    try:
        _wait_for(_reader(proc), "stored ")
        code, err = batch(str(folder), "-o", str(out))
        assert code == 1
        lock = out / ".lock"
        assert (
            err
            == f"analyzer: another analyzer batch is writing to {out}; wait for it to finish (lock: {lock})\n"
        )
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=60) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stored = load_store(out)
    assert_no_duplicates(stored)
    assert len(stored["documents"]) >= 2

    # The rerun finishes the rest: every report once, nothing analysed twice.
    code, err = batch(str(folder), "-o", str(out), "--workers", "2")
    assert code == 0, err
    t = load_store(out)
    assert_no_duplicates(t)
    assert sorted(t["documents"]["document_id"]) == sorted(Path(n).stem for n in names)
    runs = t["runs"]
    assert list(runs["status"]) == ["interrupted", "running", "finished"]
    last = runs.iloc[-1]
    assert last["cached"] == len(stored["documents"])
    assert last["analysed"] + last["cached"] == len(names)


def _query(*args: str) -> argparse.Namespace:
    p = argparse.ArgumentParser()
    add_query_arguments(p)
    return p.parse_args(list(args))


def test_query_prints_rows(first: dict, capsys: pytest.CaptureFixture[str]) -> None:
    sql = "SELECT document_id, count(*) AS n FROM commitments GROUP BY document_id ORDER BY document_id"
    assert cmd_query(_query(str(first["out"]), sql)) == 0
    text = capsys.readouterr().out
    assert "hebei-2026" in text and "xinghualing-2024" in text and "(3 rows)" in text
    assert cmd_query(_query(str(first["out"]), "SELECT document_id FROM documents", "--format", "csv")) == 0
    assert capsys.readouterr().out.splitlines()[0] == "document_id"
    with pytest.raises(AnalyzerError, match="query failed"):
        cmd_query(_query(str(first["out"]), "DELETE FROM documents"))
    with pytest.raises(AnalyzerError, match="no analyzer store"):
        cmd_query(_query(str(first["out"] / "nowhere"), "SELECT 1"))


def test_load_store_returns_dataframes(first: dict) -> None:
    tables = load_store(first["out"])
    assert set(tables) == set(TABLES) - {"meta"}
    assert all(isinstance(df, pd.DataFrame) for df in tables.values())
    assert list(tables["commitments"].columns)[:3] == ["document_id", "item_id", "ordinal"]
    assert list(load_store(first["out"], ["documents"])) == ["documents"]


def test_readers_use_the_parquet_copies_while_a_batch_writes(first: dict) -> None:
    import duckdb

    writer = duckdb.connect(str(first["out"] / "analyzer.duckdb"))  # as a running batch holds it
    try:
        tables = load_store(first["out"], ["documents", "failures"])
        assert len(tables["documents"]) == 3 and len(tables["failures"]) == 2
    finally:
        writer.close()


def test_graph_from_store_merges_the_reports(first: dict) -> None:
    g = graph_from_store(first["out"])
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert {"document", "section", "commitment", "concept"} <= kinds
    assert {d["document"] for _, _, d in g.edges(data=True)} == set(
        first["tables"]["documents"]["document_id"]
    )
    one = graph_from_store(first["out"], ["hebei-2026"])
    nodes = load_store(first["out"], ["nodes"])["nodes"]
    assert one.number_of_nodes() == (nodes["document_id"] == "hebei-2026").sum()


def test_graph_option_writes_or_errors_clearly(first: dict, corpus: Path) -> None:
    try:
        import analyzer.export.graphs  # noqa: F401
    except ImportError:
        code, err = batch(str(corpus), "-o", str(first["out"]), "--graph", "graphml")
        assert code == 1
        assert err.startswith("analyzer: --graph: graph export is not available")
        return
    code, err = batch(str(corpus), "-o", str(first["out"]), "--graph", "graphml")
    assert code == 1  # the broken files
    assert (first["out"] / "graph.graphml").exists()


def test_parser_takes_the_documented_options() -> None:
    p = argparse.ArgumentParser()
    add_batch_arguments(p)
    args = p.parse_args(
        ["a", "b", "-o", "OUT", "--workers", "3", "--engine", "dask", "--scheduler", "tcp://x:1"]
    )
    assert (args.paths, args.output, args.workers, args.engine, args.scheduler) == (
        ["a", "b"],
        "OUT",
        3,
        "dask",
        "tcp://x:1",
    )
    code, err = batch("a", "-o", "OUT", "--scheduler", "tcp://x:1")
    assert code == 1 and "--scheduler goes with --engine dask" in err


def test_store_puts_reports_together_and_replaces_across_runs(tmp_path: Path) -> None:
    """Reports stored in one transaction; a later run moving a document id to another file
    replaces the first file's rows (the store's in-memory index is rebuilt on open)."""
    from analyzer import analyze
    from analyzer.store import Store, StoredReport, report_rows

    def stored(path: str, text: str, doc_id: str) -> StoredReport:
        report = analyze(text)
        rows = report_rows(report, sha256="s", config_hash="c")
        for cols in rows.values():
            if "document_id" in cols:
                cols["document_id"] = [doc_id] * len(cols["document_id"])
        return StoredReport(path, doc_id, rows, "s", "c", "m", 1)

    a = stored("/r/a.txt", "今年新建高标准农田1000亩。建设王家峪智能制造产业园。", "x")
    b = stored("/r/b.txt", "新建5个口袋公园。", "y")
    with Store(tmp_path) as store:
        store.put_reports([a, b])
        counts = {t: store.db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in DATA_TABLES}
    assert counts["documents"] == 2 and counts["commitments"] >= 2 and counts["projects"] >= 1
    c = stored("/r/c.txt", "今年新建高标准农田2000亩。", "x")
    with Store(tmp_path) as store:
        store.put_report(**{k: getattr(c, k) for k in c.__dataclass_fields__})
        cache = dict(store.db.execute("SELECT path, document_id FROM cache").fetchall())
        docs = store.db.execute(
            "SELECT document_id, count(*) FROM documents GROUP BY 1 ORDER BY 1"
        ).fetchall()
        values = store.db.execute("SELECT value FROM commitments WHERE document_id = 'x'").fetchall()
        projects = store.db.execute("SELECT count(*) FROM projects WHERE document_id = 'x'").fetchone()[0]
    assert cache == {"/r/b.txt": "y", "/r/c.txt": "x"}
    assert docs == [("x", 1), ("y", 1)]
    assert [v for (v,) in values] == [2000]
    assert projects == 0  # the first file's project went with it


def test_packed_rows_store_the_same_as_column_lists(tmp_path: Path) -> None:
    """Rows packed as Arrow IPC in the worker (pack_rows) give the same tables as column lists."""
    import dataclasses

    from analyzer import analyze
    from analyzer.store import Store, StoredReport, pack_rows, report_rows

    report = analyze(CORPORA / "xinghualing-2024.txt")
    rows = report_rows(report, sha256="s", config_hash="c")
    plain = StoredReport("/r/x.txt", report.document.id, rows, "s", "c", "m", 1)
    packed = dataclasses.replace(plain, rows=pack_rows(rows))
    assert all(isinstance(v, bytes) for v in packed.rows.values())
    tables = []
    for name, item in (("plain", plain), ("packed", packed)):
        with Store(tmp_path / name) as store:
            store.put_reports([item])
            tables.append(
                {t: store.db.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in DATA_TABLES}
            )
    assert tables[0] == tables[1]
    assert len(tables[0]["sentences"]) == len(report.sentences) > 50
