"""The corpus store of ``analyzer batch``: an embedded DuckDB database plus Parquet copies.

Layout of a store folder ``OUT``::

    OUT/analyzer.duckdb      the database (the only file ``analyzer batch`` writes while it runs)
    OUT/parquet/<table>.parquet   a copy of every table, replaced atomically at the end of each run
    OUT/.lock                held (``flock``) by the one ``analyzer batch`` writing to OUT

Every per-report table carries ``document_id``.  All rows of a report are written in the same
transaction as its ``cache`` row (several reports may share one), so the store never holds half
a report and a report is either cached completely or not at all.  Rows hold no clock time: two runs over the
same files with the same configuration store the same rows, whichever engine ran them.

Reading: :func:`load_store` (pandas DataFrames) and :func:`query` open the database read-only;
while a batch is writing (DuckDB then refuses other processes) they read the Parquet copies of
the last finished run instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.errors import AnalyzerError

log = logging.getLogger("analyzer.store")

if TYPE_CHECKING:
    import duckdb
    import networkx as nx
    import pandas as pd

    from analyzer.pipeline import Report

__all__ = [
    "DATA_TABLES",
    "DB_NAME",
    "STORE_VERSION",
    "TABLES",
    "Store",
    "StoreLock",
    "StoredReport",
    "config_hash",
    "connect_readonly",
    "graph_from_store",
    "load_store",
    "pack_rows",
    "query",
    "report_rows",
]

STORE_VERSION = "1"
DB_NAME = "analyzer.duckdb"
PARQUET_DIR = "parquet"
LOCK_NAME = ".lock"

S, N, F = "VARCHAR", "BIGINT", "DOUBLE"

# Table -> (column, DuckDB type).  Offsets are ``start_char``/``end_char`` (``end`` is an SQL
# keyword); they index the normalised text ``documents.text`` like the JSON contract's start/end.
_ITEM_COLUMNS: tuple[tuple[str, str], ...] = (
    ("document_id", S),
    ("item_id", S),
    ("ordinal", N),
    ("node_id", S),
    ("text", S),
    ("sentence_id", S),
    ("section_id", S),
    ("part", S),
    ("start_char", N),
    ("end_char", N),
    ("action", S),
    ("object", S),
    ("value", F),
    ("value_exact", S),
    ("value_max", F),
    ("value_max_exact", S),
    ("unit", S),
    ("bound", S),
    ("period", S),
    ("status", S),
    ("position_id", S),
    ("sentence", S),
)
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "documents": (
        ("document_id", S),
        ("path", S),
        ("title", S),
        ("government", S),
        ("level", S),
        ("region", S),
        ("year", N),
        ("date", S),
        ("source", S),
        ("format", S),
        ("encoding", S),
        ("chars", N),
        ("framework", S),
        ("sha256", S),
        ("config_hash", S),
        ("n_sections", N),
        ("n_sentences", N),
        ("n_commitments", N),
        ("n_achievements", N),
        ("n_projects", N),
        ("metadata_origin", S),
        ("positions_cited", S),
        ("warnings", S),
        ("text", S),
    ),
    "sections": (
        ("document_id", S),
        ("section_id", S),
        ("ordinal", N),
        ("title", S),
        ("level", N),
        ("part", S),
        ("start_char", N),
        ("end_char", N),
        ("parent_id", S),
    ),
    "sentences": (
        ("document_id", S),
        ("sentence_id", S),
        ("ordinal", N),
        ("section_id", S),
        ("paragraph_id", S),
        ("start_char", N),
        ("end_char", N),
        ("text", S),
    ),
    "commitments": _ITEM_COLUMNS,
    "achievements": _ITEM_COLUMNS,
    "projects": (
        ("document_id", S),
        ("item_id", S),
        ("ordinal", N),
        ("node_id", S),
        ("name", S),
        ("type", S),
        ("n_mentions", N),
        ("start_char", N),
        ("end_char", N),
        ("sentence_id", S),
        ("section_id", S),
        ("position_id", S),
    ),
    "project_mentions": (
        ("document_id", S),
        ("item_id", S),
        ("ordinal", N),
        ("text", S),
        ("start_char", N),
        ("end_char", N),
        ("sentence_id", S),
        ("section_id", S),
    ),
    "positions": (
        ("document_id", S),
        ("item_kind", S),
        ("item_id", S),
        ("position_id", S),
        ("rank", N),
        ("method", S),
        ("confidence", F),
        ("evidence", S),
    ),
    "nodes": (
        ("document_id", S),
        ("ordinal", N),
        ("node_id", S),
        ("kind", S),
        ("label", S),
        ("evidence", S),
        ("attrs", S),
    ),
    "edges": (
        ("document_id", S),
        ("ordinal", N),
        ("source", S),
        ("target", S),
        ("key", S),
        ("type", S),
        ("method", S),
        ("confidence", F),
        ("weight", F),
        ("start_char", N),
        ("end_char", N),
        ("evidence", S),
        ("attrs", S),
    ),
    # Bookkeeping.  ``path`` is the absolute path (the cache key); ``input`` the path as given.
    "failures": (
        ("path", S),
        ("input", S),
        ("kind", S),
        ("reason", S),
        ("document_id", S),
        ("sha256", S),
        ("config_hash", S),
        ("meta_hash", S),
        ("run", N),
    ),
    "cache": (
        ("path", S),
        ("sha256", S),
        ("config_hash", S),
        ("meta_hash", S),
        ("document_id", S),
        ("run", N),
    ),
    "runs": (
        ("run", N),
        ("engine", S),
        ("workers", N),
        ("config_hash", S),
        ("config", S),
        ("inputs", N),
        ("analysed", N),
        ("cached", N),
        ("failed", N),
        ("status", S),
    ),
    "meta": (("key", S), ("value", S)),
}
DATA_TABLES = (
    "documents",
    "sections",
    "sentences",
    "commitments",
    "achievements",
    "projects",
    "project_mentions",
    "positions",
    "nodes",
    "edges",
)
# Deterministic row order for exports and load_store.
ORDER: dict[str, str] = {
    "documents": "document_id",
    "sections": "document_id, ordinal",
    "sentences": "document_id, ordinal",
    "commitments": "document_id, ordinal",
    "achievements": "document_id, ordinal",
    "projects": "document_id, ordinal",
    "project_mentions": "document_id, item_id, ordinal",
    "positions": "document_id, item_kind, item_id, rank",
    "nodes": "document_id, ordinal",
    "edges": "document_id, ordinal",
    "failures": "path",
    "cache": "path",
    "runs": "run",
    "meta": "key",
}

Rows = dict[str, dict[str, list[Any]]]
PackedRows = dict[str, bytes]  # table -> Arrow IPC stream (see pack_rows)


@dataclass(frozen=True)
class StoredReport:
    """One analysed report on its way into the store (see :meth:`Store.put_reports`)."""

    path: str
    document_id: str
    rows: Rows | PackedRows
    sha256: str
    config_hash: str
    meta_hash: str
    run: int


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def config_hash(config: Mapping[str, Any]) -> str:
    """The hash of an analyzer configuration (with the store layout version)."""
    text = _json({"config": dict(config), "store_version": STORE_VERSION})
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# A report as table rows (runs in the workers)


def _columns(table: str, rows: Sequence[Sequence[Any]]) -> dict[str, list[Any]]:
    names = [c for c, _ in TABLES[table]]
    cols: dict[str, list[Any]] = {n: [] for n in names}
    for row in rows:
        if len(row) != len(names):  # pragma: no cover - a programming error
            raise ValueError(f"{table}: row of {len(row)} values for {len(names)} columns")
        for n, v in zip(names, row, strict=True):
            cols[n].append(v)
    return cols


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def report_rows(
    report: Report, *, sha256: str, config_hash: str, graph: nx.MultiDiGraph | None = None
) -> Rows:
    """The rows of one analysed report, table by table, as column lists (picklable, compact)."""
    from analyzer.export.jsonout import report_to_dict

    data = report_to_dict(report)
    d = data["document"]
    doc_id = str(d["id"])
    parts = {s.id: s.part for s in report.sections}
    rows: dict[str, list[tuple[Any, ...]]] = {t: [] for t in DATA_TABLES}
    rows["documents"].append(
        (
            doc_id, d["path"], d["title"], d["government"], d["level"], d["region"], _int(d["year"]),
            d["date"], d["source"], d["format"], d["encoding"], _int(d["chars"]), d["framework"], sha256,
            config_hash, len(report.sections), len(report.sentences), len(report.commitments),
            len(report.achievements), len(report.projects), _json(d["metadata_origin"]),
            _json(d["positions_cited"]), _json(data["warnings"]), report.document.text,
        )
    )  # fmt: skip
    for i, s in enumerate(report.sections):
        rows["sections"].append((doc_id, s.id, i, s.title, s.level, s.part, s.start, s.end, s.parent))
    for i, sent in enumerate(report.sentences):
        rows["sentences"].append(
            (doc_id, sent.id, i, sent.section, sent.paragraph, sent.start, sent.end, sent.text)
        )
    for table, kind, prefix, items in (
        ("commitments", "commitment", "c", report.commitments),
        ("achievements", "achievement", "a", report.achievements),
    ):
        for i, c in enumerate(items):
            item_id = f"{prefix}{i + 1}"
            rows[table].append(
                (
                    doc_id, item_id, i, f"{kind}:{doc_id}:{c.start}-{c.end}", c.text, c.sentence_id, c.section,
                    parts.get(c.section) if c.section else None, c.start, c.end, c.action, c.object,
                    _float(c.value), str(c.value), _float(c.value_max),
                    None if c.value_max is None else str(c.value_max), c.unit, c.bound, c.period, c.status,
                    c.positions[0].id if c.positions else None, c.sentence,
                )
            )  # fmt: skip
            for rank, link in enumerate(c.positions):
                rows["positions"].append(
                    (
                        doc_id,
                        kind,
                        item_id,
                        link.id,
                        rank,
                        link.method,
                        round(float(link.confidence), 4),
                        link.evidence,
                    )
                )
    for i, p in enumerate(report.projects):
        item_id = f"p{i + 1}"
        node_kind = p.type if p.type in ("place", "org") else "project"
        first = p.mentions[0] if p.mentions else None
        rows["projects"].append(
            (
                doc_id, item_id, i, f"{node_kind}:{p.name}", p.name, p.type, len(p.mentions),
                first.start if first else None, first.end if first else None,
                first.sentence if first else None, first.section if first else None,
                p.positions[0].id if p.positions else None,
            )
        )  # fmt: skip
        for j, m in enumerate(p.mentions):
            rows["project_mentions"].append(
                (doc_id, item_id, j, m.text, m.start, m.end, m.sentence, m.section)
            )
        for rank, x in enumerate(p.positions):
            rows["positions"].append(
                (doc_id, "project", item_id, x.id, rank, x.method, round(float(x.confidence), 4), x.evidence)
            )
    if graph is not None:
        # ``attrs`` holds every attribute (to rebuild the graph exactly) but the evidence text,
        # which has its own column.
        for i, (nid, attrs) in enumerate(graph.nodes(data=True)):
            evidence, rest = _split_evidence(attrs)
            rows["nodes"].append(
                (doc_id, i, nid, attrs.get("kind"), _str(attrs.get("label")), evidence, rest)
            )
        for i, (u, v, k, attrs) in enumerate(graph.edges(keys=True, data=True)):
            evidence, rest = _split_evidence(attrs)
            rows["edges"].append(
                (
                    doc_id, i, u, v, str(k), attrs.get("type"), attrs.get("method"),
                    _float(attrs.get("confidence")), _float(attrs.get("weight")), _int(attrs.get("start")),
                    _int(attrs.get("end")), evidence, rest,
                )
            )  # fmt: skip
    return {t: _columns(t, r) for t, r in rows.items()}


def _split_evidence(attrs: Mapping[str, Any]) -> tuple[str | None, str]:
    evidence = attrs.get("evidence")
    if isinstance(evidence, str):
        return evidence, _json({k: v for k, v in attrs.items() if k != "evidence"})
    return None, _json(attrs)


def _joined(attrs: str, evidence: str | None) -> dict[str, Any]:
    data = json.loads(attrs)
    if evidence is not None:
        data["evidence"] = evidence
    return data


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


# --------------------------------------------------------------------------------------------
# The writer


class StoreLock:
    """An exclusive, non-blocking ``flock`` on ``OUT/.lock`` (released by the kernel on any exit)."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.path = self.out / LOCK_NAME
        self._fh: Any = None

    def acquire(self) -> StoreLock:
        import fcntl

        try:
            self.out.mkdir(parents=True, exist_ok=True)
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
        except OSError as exc:
            raise AnalyzerError(f"{self.out}: cannot create the store here: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise AnalyzerError(
                f"another analyzer batch is writing to {self.out}; wait for it to finish (lock: {self.path})"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh
        return self

    def release(self) -> None:
        if self._fh is not None:
            import fcntl

            with contextlib.suppress(OSError):
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@dataclass(frozen=True, slots=True)
class CacheEntry:
    sha256: str
    config_hash: str
    meta_hash: str
    document_id: str


@dataclass(frozen=True, slots=True)
class FailureEntry:
    input: str
    kind: str
    reason: str
    sha256: str | None
    config_hash: str | None
    meta_hash: str | None


class Store:
    """The writable store of one ``analyzer batch`` run (the lock is held while it is open).

    The main process is the only writer; reports go in with :meth:`put_reports` (one
    transaction: old rows of the documents and of the files out, new rows and cache rows in).
    """

    def __init__(self, out: str | os.PathLike[str]) -> None:
        self.out = Path(out)
        self.lock = StoreLock(self.out)
        self.con: duckdb.DuckDBPyConnection | None = None
        # What the store holds, kept in memory so that storing a new report needs no DELETE (a
        # full scan of each table in DuckDB, which made a batch quadratic in its size).
        self._cached: dict[str, str] = {}  # path -> document_id (cache table)
        self._owners: dict[str, str] = {}  # document_id -> path (cache table)
        self._failed: set[str] = set()  # paths in the failures table
        self._documents: set[str] = set()  # document ids with rows in the data tables

    def open(self) -> Store:
        import duckdb

        self.lock.acquire()
        try:
            # One thread and a bounded cache: the CPUs and the memory are the workers'.
            config: dict[str, str | bool | int | float | list[str]] = {
                "threads": 1,
                "memory_limit": "1GB",
                # DuckDB's default (16 MB of WAL) checkpoints every ~100 reports, each time
                # costlier as the tables grow: storing report 1,000 took twice as long as report
                # 100. A larger WAL between checkpoints keeps the cost flat and the memory bounded.
                "checkpoint_threshold": "256MB",
            }
            self.con = duckdb.connect(str(self.out / DB_NAME), config=config)
            self._schema()
            self._load_index()
        except duckdb.Error as exc:
            self.close()
            raise AnalyzerError(f"{self.out / DB_NAME}: cannot open the store: {_one_line(exc)}") from None
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        if self.con is not None:
            with contextlib.suppress(Exception):
                self.con.close()
            self.con = None
        self.lock.release()

    def __enter__(self) -> Store:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def db(self) -> duckdb.DuckDBPyConnection:
        if self.con is None:
            raise AnalyzerError(f"{self.out}: the store is not open")
        return self.con

    def _schema(self) -> None:
        con = self.db
        con.execute("BEGIN")
        for table, cols in TABLES.items():
            body = ", ".join(f'"{c}" {t}' for c, t in cols)
            con.execute(f'CREATE TABLE IF NOT EXISTS "{table}" ({body})')
        found = con.execute("SELECT value FROM meta WHERE key = 'store_version'").fetchone()
        if found is None:
            con.execute("INSERT INTO meta VALUES ('store_version', ?)", [STORE_VERSION])
        con.execute("COMMIT")
        if found is not None and found[0] != STORE_VERSION:
            raise AnalyzerError(
                f"{self.out}: store layout version {found[0]} is not this analyzer's ({STORE_VERSION}); "
                "use a new output folder"
            )

    def _load_index(self) -> None:
        con = self.db
        self._cached = dict(con.execute("SELECT path, document_id FROM cache").fetchall())
        self._owners = {doc: path for path, doc in self._cached.items()}
        self._failed = {r[0] for r in con.execute("SELECT path FROM failures").fetchall()}
        self._documents = {r[0] for r in con.execute("SELECT document_id FROM documents").fetchall()}

    # -- reading state -----------------------------------------------------------------------

    def cache(self) -> dict[str, CacheEntry]:
        rows = self.db.execute(
            "SELECT path, sha256, config_hash, meta_hash, document_id FROM cache"
        ).fetchall()
        return {r[0]: CacheEntry(*r[1:]) for r in rows}

    def failures(self) -> dict[str, FailureEntry]:
        rows = self.db.execute(
            "SELECT path, input, kind, reason, sha256, config_hash, meta_hash FROM failures"
        ).fetchall()
        return {r[0]: FailureEntry(*r[1:]) for r in rows}

    def owner(self, document_id: str) -> str | None:
        """The absolute path of the file whose analysis is stored under *document_id*."""
        row = self.db.execute("SELECT path FROM cache WHERE document_id = ?", [document_id]).fetchone()
        return row[0] if row else None

    def documents(self) -> int:
        row = self.db.execute("SELECT count(*) FROM documents").fetchone()
        return int(row[0]) if row else 0

    # -- runs ----------------------------------------------------------------------------------

    def start_run(self, *, engine: str, workers: int, config: Mapping[str, Any], inputs: int) -> int:
        con = self.db
        con.execute("BEGIN")
        row = con.execute("SELECT coalesce(max(run), 0) + 1 FROM runs").fetchone()
        run = int(row[0]) if row else 1
        con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, 'running')",
            [run, engine, workers, config_hash(config), _json(dict(config)), inputs],
        )
        con.execute("COMMIT")
        return run

    def finish_run(self, run: int, *, analysed: int, cached: int, failed: int, status: str) -> None:
        self.db.execute(
            "UPDATE runs SET analysed = ?, cached = ?, failed = ?, status = ? WHERE run = ?",
            [analysed, cached, failed, status, run],
        )

    # -- writing reports -------------------------------------------------------------------------

    def _drop_document(self, document_id: str) -> None:
        if document_id not in self._documents:
            return
        for table in DATA_TABLES:
            self.db.execute(f'DELETE FROM "{table}" WHERE document_id = ?', [document_id])
        self._documents.discard(document_id)

    def _drop_file(self, path: str) -> None:
        """Remove what the store holds for the file at *path*: its document, cache and failure rows."""
        document_id = self._cached.pop(path, None)
        if document_id is not None:
            self._drop_document(document_id)
            self.db.execute("DELETE FROM cache WHERE path = ?", [path])
            if self._owners.get(document_id) == path:
                del self._owners[document_id]
        if path in self._failed:
            self.db.execute("DELETE FROM failures WHERE path = ?", [path])
            self._failed.discard(path)

    def put_report(
        self,
        *,
        path: str,
        document_id: str,
        rows: Rows,
        sha256: str,
        config_hash: str,
        meta_hash: str,
        run: int,
    ) -> None:
        """Store one analysed report in one transaction, replacing any earlier analysis of it."""
        self.put_reports(
            [
                StoredReport(
                    path=path,
                    document_id=document_id,
                    rows=rows,
                    sha256=sha256,
                    config_hash=config_hash,
                    meta_hash=meta_hash,
                    run=run,
                )
            ]
        )

    def put_reports(self, reports: Sequence[StoredReport]) -> None:
        """Store analysed reports in one transaction (all or none), replacing earlier analyses.

        Each table gets one insert for all of them: a DuckDB statement costs milliseconds, which
        the main process would otherwise spend per report while the workers wait for a core.
        """
        import pyarrow as pa

        if not reports:
            return
        con = self.db
        con.execute("BEGIN")
        try:
            merged: dict[str, list[Any]] = {}
            for r in reports:
                self._drop_file(r.path)
                previous = self._owners.get(r.document_id)  # another file had this id (not in this run)
                if previous is not None:
                    self._drop_file(previous)
                self._drop_document(r.document_id)
                for table, arrow in _arrow_tables(r.rows).items():
                    merged.setdefault(table, []).append(arrow)
            for table in DATA_TABLES:
                if table in merged:
                    con.from_arrow(pa.concat_tables(merged[table])).insert_into(table)
            cache = {
                "path": [r.path for r in reports],
                "sha256": [r.sha256 for r in reports],
                "config_hash": [r.config_hash for r in reports],
                "meta_hash": [r.meta_hash for r in reports],
                "document_id": [r.document_id for r in reports],
                "run": [r.run for r in reports],
            }
            con.from_arrow(pa.Table.from_pydict(cache, schema=_arrow_schema("cache"))).insert_into("cache")
            con.execute("COMMIT")
            for r in reports:
                self._cached[r.path] = r.document_id
                self._owners[r.document_id] = r.path
                self._documents.add(r.document_id)
        except BaseException as exc:
            with contextlib.suppress(Exception):
                con.execute("ROLLBACK")
                self._load_index()  # what the rolled-back transaction had changed in memory
            if _is_db_error(exc):
                raise AnalyzerError(
                    f"{self.out / DB_NAME}: cannot write the store: {_one_line(exc)}"
                ) from None
            raise

    def put_failure(
        self,
        *,
        path: str,
        input: str,
        kind: str,
        reason: str,
        run: int,
        sha256: str | None,
        config_hash: str | None,
        meta_hash: str | None,
        document_id: str | None = None,
    ) -> None:
        """Record that the file at *path* could not be analysed, in one transaction.

        What the file had stored goes: it no longer matches the file's content or configuration.
        """
        con = self.db
        con.execute("BEGIN")
        try:
            self._drop_file(path)
            con.execute(
                "INSERT INTO failures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [path, input, kind, reason, document_id, sha256, config_hash, meta_hash, run],
            )
            con.execute("COMMIT")
            self._failed.add(path)
        except BaseException as exc:
            with contextlib.suppress(Exception):
                con.execute("ROLLBACK")
                self._load_index()
            if _is_db_error(exc):
                raise AnalyzerError(
                    f"{self.out / DB_NAME}: cannot write the store: {_one_line(exc)}"
                ) from None
            raise

    # -- exports -------------------------------------------------------------------------------

    def export_parquet(self) -> list[Path]:
        """Write every table to ``OUT/parquet/<table>.parquet``, each file replaced atomically.

        DuckDB streams each table into a temporary sibling, which is then renamed over the old
        file: a reader sees the old copy or the new one, never a part.
        """
        import duckdb

        folder = self.out / PARQUET_DIR
        written = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AnalyzerError(f"{folder}: cannot write here: {exc.strerror or exc}") from None
        for table in TABLES:
            target = folder / f"{table}.parquet"
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            try:
                quoted = tmp.replace("'", "''")
                self.db.execute(
                    f"COPY (SELECT * FROM \"{table}\" ORDER BY {ORDER[table]}) TO '{quoted}' "
                    "(FORMAT parquet, COMPRESSION zstd)"
                )
                with open(tmp, "rb") as fh:
                    os.fsync(fh.fileno())
                os.chmod(tmp, 0o666 & ~_umask())
                os.replace(tmp, target)
            except BaseException as exc:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                if isinstance(exc, OSError | duckdb.Error):
                    raise AnalyzerError(f"{target}: write failed: {_one_line(exc)}") from None
                raise
            written.append(target)
        return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def pack_rows(rows: Rows) -> PackedRows:
    """A report's rows as Arrow IPC streams, table by table (built where the report was analysed,
    so that the main process only hands buffers to DuckDB; tables without rows are left out)."""
    import pyarrow as pa

    packed: PackedRows = {}
    for table, arrow in _arrow_tables(rows).items():
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, arrow.schema) as writer:
            writer.write_table(arrow)
        packed[table] = sink.getvalue().to_pybytes()
    return packed


def _arrow_tables(rows: Rows | PackedRows) -> dict[str, Any]:
    """Arrow tables of a report's rows, given as column lists or packed by :func:`pack_rows`."""
    import pyarrow as pa

    out: dict[str, Any] = {}
    for table in DATA_TABLES:
        data = rows.get(table)
        if isinstance(data, bytes):
            out[table] = pa.ipc.open_stream(data).read_all()
        elif data and next(iter(data.values()), None):
            out[table] = pa.Table.from_pydict(data, schema=_arrow_schema(table))
    return out


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    types = {S: pa.string(), N: pa.int64(), F: pa.float64()}
    return pa.schema([(c, types[t]) for c, t in TABLES[table]])


def _is_db_error(exc: BaseException) -> bool:
    import duckdb

    return isinstance(exc, duckdb.Error)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


# --------------------------------------------------------------------------------------------
# Reading


def _check_store(out: Path) -> None:
    if not (out / DB_NAME).is_file() and not (out / PARQUET_DIR).is_dir():
        raise AnalyzerError(f"{out}: no analyzer store here (run 'analyzer batch PATH... -o {out}' first)")


@contextlib.contextmanager
def connect_readonly(out: str | os.PathLike[str]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to the store in *out*.

    While an ``analyzer batch`` is writing (DuckDB then locks the file), the connection is an
    in-memory database whose tables are views of the Parquet copies of the last finished run.
    """
    import duckdb

    out = Path(out)
    _check_store(out)
    con = None
    if (out / DB_NAME).is_file():
        try:
            con = duckdb.connect(str(out / DB_NAME), read_only=True)
        except duckdb.Error as exc:  # locked by a writer (another process, or this one)
            if not (out / PARQUET_DIR).is_dir():
                raise AnalyzerError(f"{out / DB_NAME}: cannot open the store: {_one_line(exc)}") from None
            log.warning("%s is being written; reading the Parquet copies of the last finished run", out)
            con = None
    if con is None:
        con = duckdb.connect(":memory:")
        for table in TABLES:
            f = out / PARQUET_DIR / f"{table}.parquet"
            if f.is_file():
                quoted = str(f).replace("'", "''")
                con.execute(f"CREATE VIEW \"{table}\" AS SELECT * FROM read_parquet('{quoted}')")
    try:
        yield con
    finally:
        con.close()


def load_store(out: str | os.PathLike[str], tables: Sequence[str] | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the store in *out* (or those named) as pandas DataFrames, in a fixed row order.

    >>> load_store("/nonexistent-store")
    Traceback (most recent call last):
    ...
    analyzer.errors.AnalyzerError: /nonexistent-store: no analyzer store here (run 'analyzer batch PATH... -o /nonexistent-store' first)
    """
    names = list(tables) if tables is not None else [t for t in TABLES if t != "meta"]
    unknown = [t for t in names if t not in TABLES]
    if unknown:
        raise AnalyzerError(f"unknown table(s) {', '.join(unknown)}; tables are {', '.join(TABLES)}")
    with connect_readonly(out) as con:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return {
            t: con.execute(f'SELECT * FROM "{t}" ORDER BY {ORDER[t]}').df() for t in names if t in present
        }


def query(out: str | os.PathLike[str], sql: str) -> pd.DataFrame:
    """The result of one SQL statement over the store in *out* (read-only)."""
    import duckdb

    with connect_readonly(out) as con:
        try:
            return con.execute(sql).df()
        except duckdb.Error as exc:
            raise AnalyzerError(f"query failed: {_one_line(exc)}") from None


def graph_from_store(out_or_con: Any, document_ids: Sequence[str] | None = None) -> nx.MultiDiGraph:
    """The corpus concept graph: the stored per-report graphs merged on their stable node ids.

    Node attributes merge as :func:`analyzer.graph.build_graph` merges them across reports
    (``documents`` united, ``mentions`` summed, concept ``score`` the highest); edges keep their
    keys, so an edge two reports share (same endpoints and key) is one edge, as in build_graph.
    """
    import networkx as nx

    if isinstance(out_or_con, str | os.PathLike):
        with connect_readonly(out_or_con) as con:
            return graph_from_store(con, document_ids)
    con = out_or_con
    docs = con.execute("SELECT document_id, year FROM documents").fetchall()
    wanted = set(document_ids) if document_ids is not None else None
    ordered = sorted((y or 0, d) for d, y in docs if wanted is None or d in wanted)
    g = nx.MultiDiGraph(name="analyzer concept graph", documents=[d for _, d in ordered])
    g.graph["framework"] = ""
    frameworks = dict(con.execute("SELECT document_id, framework FROM documents").fetchall())
    for _, doc in ordered:
        if frameworks.get(doc) and not g.graph["framework"]:
            g.graph["framework"] = frameworks[doc]
        for nid, attrs, evidence in con.execute(
            "SELECT node_id, attrs, evidence FROM nodes WHERE document_id = ? ORDER BY ordinal", [doc]
        ).fetchall():
            data = _joined(attrs, evidence)
            if nid in g:
                node = g.nodes[nid]
                if "documents" in data:
                    node["documents"] = sorted({*node.get("documents", []), *data["documents"]})
                if "mentions" in data:
                    node["mentions"] = int(node.get("mentions", 0)) + int(data["mentions"])
                if data.get("kind") == "concept" and "score" in data:
                    node["score"] = max(float(node.get("score", 0)), float(data["score"]))
            else:
                g.add_node(nid, **data)
        for u, v, k, attrs, evidence in con.execute(
            "SELECT source, target, key, attrs, evidence FROM edges WHERE document_id = ? ORDER BY ordinal",
            [doc],
        ).fetchall():
            g.add_edge(u, v, key=k, **_joined(attrs, evidence))
    return g
