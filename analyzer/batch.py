"""``analyzer batch``: analyse a corpus in parallel into a DuckDB + Parquet store; ``analyzer query``.

The main process walks the inputs, hashes each file (sha256 of its bytes) and skips those whose
hash, configuration (:meth:`Analyzer.get_config`) and manifest row match the store's ``cache``
table.  The rest go to worker processes — a spawn-context ``ProcessPoolExecutor`` (``--engine
local``) or a ``dask.distributed`` cluster (``--engine dask``) — each holding one
:class:`~analyzer.pipeline.Analyzer` for its lifetime, so segmenters and lexicons load once per
worker.  Workers return table rows; the main process, the only writer, commits them in input
order, a few seconds' worth of reports per transaction (see :mod:`analyzer.store`).  So the stored rows do not depend
on the engine, the number of workers or the order in which workers finish, and an interrupted
run (Ctrl-C, ``kill -9``) resumes where it stopped.

A file that cannot be analysed — unreadable, corrupt, or a worker that died on it — is recorded in
the ``failures`` table and named on stderr (``analyzer: PATH: problem``); the others complete and
the exit code is 1.

Run it as ``analyzer batch PATH... -o OUT`` or ``python -m analyzer.batch PATH... -o OUT``.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import signal
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analyzer.errors import AnalyzerError, ConfigError, LoadError
from analyzer.load import walk_reports
from analyzer.store import Store, StoredReport, config_hash, load_store, pack_rows, query, report_rows

if TYPE_CHECKING:
    from analyzer.pipeline import Analyzer, Report

__all__ = [
    "ENGINES",
    "BatchResult",
    "Job",
    "Options",
    "add_batch_arguments",
    "add_query_arguments",
    "analyze_job",
    "cmd_batch",
    "cmd_query",
    "iter_inputs",
    "load_store",
    "main",
    "run_batch",
]

log = logging.getLogger("analyzer.batch")

ENGINES = ("local", "dask")
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
GRAPH_FORMATS = ("graphml", "gexf", "json", "cytoscape", "neo4j", "turtle", "jsonld", "html")
GRAPH_EXTENSIONS = {
    "graphml": "graphml",
    "gexf": "gexf",
    "json": "json",
    "cytoscape": "cyjs",
    "neo4j": "neo4j",
    "turtle": "ttl",
    "jsonld": "jsonld",
    "html": "html",
}
# Testing hooks, read in the workers: sleep this many seconds before each report; kill the
# worker (SIGKILL) when the file name contains this text.
DELAY_ENV = "_ANALYZER_BATCH_DELAY"
CRASH_ENV = "_ANALYZER_BATCH_CRASH"
# A pool that dies this many times in a row without finishing a report is not restarted again.
MAX_CONSECUTIVE_CRASHES = 5
CRASH_REASON = "the worker process died while analysing it (killed, out of memory, or crashed)"


# --------------------------------------------------------------------------------------------
# Inputs and options


def iter_inputs(paths: Sequence[str | os.PathLike[str]]) -> Iterator[Path]:
    """Report files under *paths* (:func:`analyzer.load.walk_reports` without the relative names)."""
    return (path for path, _ in walk_reports(paths))


@dataclass(frozen=True, slots=True)
class Options:
    """The :class:`Analyzer` settings of a batch (picklable, sent to every worker)."""

    segmenter: str = "jieba"
    framework: str | None = "auto"
    pos_tags: bool = False
    gazetteer: str | None = None  # a gazetteer TSV (analyzer gazetteer), read by every worker
    # Testing hooks (DELAY_ENV, CRASH_ENV) as set in the main process when the run started.
    hooks: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def make(self) -> Analyzer:
        from analyzer.pipeline import Analyzer

        return Analyzer(
            segmenter=self.segmenter,
            pos_tags=self.pos_tags,
            framework=self.framework,
            gazetteer=self.gazetteer,
        )


@dataclass(frozen=True, slots=True)
class Job:
    """One file to analyse: ``input`` as found (relative if given so), ``path`` absolute."""

    index: int
    input: str
    path: str
    sha256: str | None
    meta_hash: str


def _sha256(path: str) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None  # the worker reports the problem with the loader's own message
    return h.hexdigest()


def _meta_hash(path: Path) -> str:
    """The hash of the file's MANIFEST.tsv row (metadata the analysis takes from outside the file)."""
    from analyzer.load import manifest_entry

    try:
        entry = manifest_entry(path)
    except AnalyzerError as exc:
        entry = {"error": str(exc)}
    text = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------------------------
# Worker side (a ProcessPoolExecutor worker or a dask worker)

_STATE: dict[str, Any] = {}


def _init_worker(options: Options, main_pid: int | None = None) -> None:
    """Pool initializer: load the analyzer (segmenter, lexicons, framework) once.

    In a pool of the main process (*main_pid*), also ignore Ctrl-C (the main process handles it)
    and exit when the main process is gone, even killed with SIGKILL: a worker's parent is the
    forkserver, which itself waits for its workers, so nothing else would end them.
    """
    if main_pid is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_exit_with, args=(main_pid,), name="analyzer-main-watch", daemon=True).start()
    worker_analyzer(options)


def _exit_with(pid: int) -> None:
    try:
        fd = os.pidfd_open(pid)  # readable once the process has exited (Linux >= 5.3)
    except (AttributeError, OSError):
        fd = None
    if fd is not None:
        import select

        select.select([fd], [], [])
    else:
        while True:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(0.5)
    os._exit(1)


def worker_analyzer(options: Options) -> tuple[Analyzer, str]:
    """This process's analyzer for *options* (made and warmed up on first use) and its config hash."""
    if _STATE.get("options") != options:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        analyzer = options.make()
        _warm_up(analyzer)
        _STATE.update(options=options, analyzer=analyzer, config_hash=config_hash(analyzer.get_config()))
    return _STATE["analyzer"], _STATE["config_hash"]


def _warm_up(analyzer: Analyzer) -> None:
    """Load what the first report would: segmenter dictionaries, frameworks and their linker, graph."""
    from analyzer.graph import build_graph
    from analyzer.positioning import load_framework, packaged_frameworks

    text = "一、2025年工作回顾\n今年新建高标准农田1000亩，建设5个口袋公园，推进先进制造业发展。\n"
    regions: list[str | None] = [None]
    with contextlib.suppress(Exception):
        regions += [load_framework(n).region for n in packaged_frameworks()]
    for region in regions:
        with contextlib.suppress(Exception):
            build_graph([analyzer.analyze(text, metadata={"region": region} if region else None)])


def _test_hooks(job: Job, options: Options) -> None:
    hooks = dict(options.hooks)
    delay = hooks.get(DELAY_ENV)
    if delay:
        time.sleep(float(delay))
    crash = hooks.get(CRASH_ENV)
    if crash and crash in Path(job.input).name:
        os.kill(os.getpid(), signal.SIGKILL)


def _as_input(report: Report, job: Job) -> Report:
    """The report with its path as the user named it (workers read the absolute path)."""
    d = report.document
    if d.path == job.input:
        return report
    doc = dataclasses.replace(d, path=job.input, source=job.input if d.source == d.path else d.source)
    return dataclasses.replace(report, document=doc)


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def analyze_job(job: Job, options: Options) -> dict[str, Any]:
    """Analyse one file in a worker; never raises for a bad file or an analysis error.

    Returns a payload: ``ok``, and either ``document_id``/``rows``/``chars`` or ``kind``/``reason``;
    with the worker's ``pid``, its peak RSS so far (``maxrss_kb``), the ``seconds`` taken and the
    CPU time used (``cpu_seconds``).
    """
    import resource

    t0, c0 = time.perf_counter(), time.process_time()
    out: dict[str, Any] = {"index": job.index, "ok": False, "pid": os.getpid()}
    try:
        _test_hooks(job, options)
        analyzer, chash = worker_analyzer(options)
        report = _as_input(analyzer.analyze(Path(job.path)), job)
        from analyzer.graph import build_graph

        rows = pack_rows(
            report_rows(report, sha256=job.sha256 or "", config_hash=chash, graph=build_graph([report]))
        )
        out.update(
            ok=True,
            document_id=report.document.id,
            rows=rows,
            chars=len(report.document.text),
            config_hash=chash,
        )
    except LoadError as exc:
        out.update(kind="invalid", reason=exc.problem)
    except AnalyzerError as exc:
        out.update(kind="invalid", reason=_one_line(str(exc).replace(job.path, job.input)))
    except MemoryError:
        out.update(kind="error", reason="out of memory while analysing it (MemoryError)")
    except Exception as exc:
        out.update(kind="error", reason=_one_line(f"internal error: {type(exc).__name__}: {exc}"))
    out["seconds"] = time.perf_counter() - t0
    out["cpu_seconds"] = time.process_time() - c0
    out["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return out


def _failure_payload(job: Job, kind: str, reason: str) -> dict[str, Any]:
    return {"index": job.index, "ok": False, "kind": kind, "reason": reason, "pid": None}


# --------------------------------------------------------------------------------------------
# Engines: submit jobs, wait for payloads (in any order)


# Imported once by the forkserver, so that a worker (and a worker restarted after a crash) starts
# with them loaded: about 1.5 s to ready instead of 6 s or more with "spawn".
FORKSERVER_PRELOAD = (
    "analyzer.batch",
    "analyzer.pipeline",
    "analyzer.graph",
    "analyzer.export.jsonout",
    "jieba.posseg",
    "sklearn.feature_extraction.text",
    "networkx",
    "pyarrow",
)


def _mp_context() -> Any:
    """The "forkserver" context (a clean process, never a fork of this one) preloaded with the
    analysis modules; "spawn" where there is no forkserver."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(list(FORKSERVER_PRELOAD))
    return ctx


class LocalEngine:
    """Worker processes of a ``ProcessPoolExecutor`` (forkserver context, see :func:`_mp_context`).

    A worker that dies breaks the whole pool.  The jobs that had started then (at most one per
    worker) are rerun one at a time on a new pool: the one that breaks it again is recorded as a
    crash, the others complete; with one worker the culprit is known at once.
    """

    name = "local"

    def __init__(self, workers: int, options: Options) -> None:
        self.workers = self.slots = workers
        self.options = options
        self.pool: Any = None
        self.running: dict[Any, Job] = {}
        self.waiting: deque[Job] = deque()
        self.suspects: deque[Job] = deque()
        self.isolating = False
        self.done: list[dict[str, Any]] = []
        self.crashes_in_a_row = 0

    def _pool(self) -> Any:
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=_mp_context(),
                initializer=_init_worker,
                initargs=(self.options, os.getpid()),
            )
        return self.pool

    def submit(self, job: Job) -> None:
        self.waiting.append(job)
        self._fill()

    def _fill(self) -> None:
        if self.suspects or self.isolating:
            if not self.running and self.suspects:
                self.isolating = True
                self._run(self.suspects.popleft())
            elif not self.running:
                self.isolating = False
            if self.isolating:
                return
        while self.waiting and len(self.running) < 2 * self.workers:
            self._run(self.waiting.popleft())

    def _run(self, job: Job) -> None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            fut = self._pool().submit(analyze_job, job, self.options)
        except BrokenProcessPool:
            self._restart()
            fut = self._pool().submit(analyze_job, job, self.options)
        self.running[fut] = job

    def _restart(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def wait(self) -> list[dict[str, Any]]:
        from concurrent.futures import FIRST_COMPLETED
        from concurrent.futures import wait as wait_futures
        from concurrent.futures.process import BrokenProcessPool

        while not self.done:
            self._fill()
            if not self.running:
                raise RuntimeError("wait() with no job submitted")
            finished, _ = wait_futures(list(self.running), return_when=FIRST_COMPLETED)
            if not any(isinstance(f.exception(), BrokenProcessPool) for f in finished):
                for fut in finished:
                    self._collect(fut, self.running.pop(fut))
                continue
            # The pool is broken: let it finish failing every pending future, then sort them out.
            isolated = self.isolating
            self.pool.shutdown(wait=True, cancel_futures=False)
            self.pool = None
            broken: list[Job] = []
            for fut, job in self.running.items():  # in the order they were submitted
                if fut.done() and not isinstance(fut.exception(), BrokenProcessPool):
                    self._collect(fut, job)
                else:
                    broken.append(job)
            self.running.clear()
            self.crashes_in_a_row += 1
            if self.crashes_in_a_row >= MAX_CONSECUTIVE_CRASHES:
                raise AnalyzerError(
                    f"worker processes died {self.crashes_in_a_row} times in a row; stopping "
                    "(is the machine out of memory?)"
                )
            # Workers take jobs first in, first out, one at a time: only the first `workers` of
            # the unfinished jobs can have started; the others go back to the queue as they were.
            started, unstarted = broken[: self.workers], broken[self.workers :]
            self.waiting.extendleft(reversed(unstarted))
            if isolated or len(started) == 1:
                self.done.extend(_failure_payload(job, "crash", CRASH_REASON) for job in started)
            else:
                self.suspects.extend(started)
        out, self.done = self.done, []
        return out

    def _collect(self, fut: Any, job: Job) -> None:
        exc = fut.exception()
        if exc is None:
            self.done.append(fut.result())
            self.crashes_in_a_row = 0
        else:  # e.g. a result that cannot be pickled
            self.done.append(_failure_payload(job, "error", _one_line(f"internal error: {exc!r}")))

    def close(self, cancel: bool = False) -> None:
        if self.pool is None:
            return
        if cancel:
            procs = list(getattr(self.pool, "_processes", {}).values())
            self.pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:
                with contextlib.suppress(Exception):
                    p.terminate()
            for p in procs:
                with contextlib.suppress(Exception):
                    p.join(timeout=5)
        else:
            self.pool.shutdown(wait=True)
        self.pool = None


class DaskEngine:
    """The same jobs on ``dask.distributed``: a loopback ``LocalCluster`` or ``Client(ADDRESS)``.

    A worker plugin makes each worker's analyzer once; a task whose worker dies twice fails with
    ``KilledWorker`` and is recorded as a crash.
    """

    name = "dask"

    def __init__(self, workers: int, options: Options, scheduler: str | None = None) -> None:
        try:
            import dask
            from distributed import Client, LocalCluster, as_completed
        except ImportError as exc:
            raise AnalyzerError(
                f"--engine dask needs dask.distributed ({exc}); install it: pip install 'dask[distributed]'"
            ) from None
        self.options = options
        self.cluster: Any = None
        self.jobs: dict[str, Job] = {}
        self._config = dask.config.set({"distributed.scheduler.allowed-failures": 1})
        self._config.__enter__()
        self._logger = logging.getLogger("distributed")
        self._log_level = self._logger.level
        self._logger.setLevel(logging.WARNING)  # not the cluster's start and stop chatter
        try:
            if scheduler:
                try:
                    self.client = Client(scheduler, timeout="20s")
                except (OSError, TimeoutError) as exc:
                    raise AnalyzerError(
                        f"cannot connect to the dask scheduler at {scheduler}: {_one_line(exc)}"
                    ) from None
            else:
                self.cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    host="127.0.0.1",
                    silence_logs=logging.ERROR,
                )
                self.client = Client(self.cluster)
            self.client.register_plugin(__getattr__("AnalyzerPlugin")(options), name="analyzer-batch")
        except BaseException:
            self.close()
            raise
        self.ac = as_completed()
        self.token = uuid.uuid4().hex[:8]
        try:  # the cluster's worker threads (a scheduler of your own decides how many)
            info = self.client.scheduler_info()
            self.slots = max(1, sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values()))
        except Exception:
            self.slots = workers

    def submit(self, job: Job) -> None:
        fut = self.client.submit(
            analyze_job, job, self.options, key=f"analyzer-{self.token}-{job.index}", pure=False, retries=0
        )
        self.jobs[str(fut.key)] = job
        self.ac.add(fut)

    def wait(self) -> list[dict[str, Any]]:
        from distributed import KilledWorker

        out = []
        for fut in self.ac.next_batch(block=True):
            job = self.jobs.pop(str(fut.key))
            try:
                out.append(fut.result())
            except KilledWorker:
                out.append(_failure_payload(job, "crash", CRASH_REASON))
            except Exception as exc:
                out.append(_failure_payload(job, "error", _one_line(f"internal error: {exc!r}")))
            fut.release()
        return out

    def close(self, cancel: bool = False) -> None:
        client, cluster = getattr(self, "client", None), self.cluster
        with contextlib.suppress(Exception):
            if client is not None:
                client.close(timeout=10)
        with contextlib.suppress(Exception):
            if cluster is not None:
                cluster.close(timeout=10)
        self.cluster = None
        with contextlib.suppress(Exception):
            self._config.__exit__(None, None, None)
        self._logger.setLevel(self._log_level)


def _define_plugin() -> type:
    from distributed import WorkerPlugin

    class AnalyzerPlugin(WorkerPlugin):
        """Dask worker plugin: loads the analyzer when a worker starts (once per worker process)."""

        def __init__(self, options: Options) -> None:
            self.options = options

        def setup(self, worker: Any) -> None:
            _init_worker(self.options)

    AnalyzerPlugin.__qualname__ = "AnalyzerPlugin"
    AnalyzerPlugin.__module__ = __name__
    return AnalyzerPlugin


def __getattr__(name: str) -> Any:
    # ``AnalyzerPlugin`` is defined on first use, so that importing this module (the CLI does)
    # does not import dask; pickle finds it here by name on the workers.
    if name == "AnalyzerPlugin":
        cls = _define_plugin()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# The run


@dataclass
class BatchResult:
    """What a batch did.  Timings and memory are here, never in the store (which stays deterministic)."""

    out: Path
    run: int
    inputs: int
    analysed: int = 0
    cached: int = 0
    failed: int = 0
    interrupted: bool = False
    chars: int = 0
    seconds: float = 0.0
    failures: list[tuple[str, str]] = field(default_factory=list)
    worker_maxrss_kb: dict[int, int] = field(default_factory=dict)
    worker_seconds: float = 0.0
    worker_cpu_seconds: float = 0.0
    graph_files: list[Path] = field(default_factory=list)
    first_stored: float | None = None  # seconds from the start to the first / last report stored
    last_stored: float | None = None
    _t0: float = field(default_factory=time.perf_counter, repr=False)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FAILED if self.failed else EXIT_OK


class _Display:
    """A rich progress bar on stderr (reports/s and failures), or nothing."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.bar: Any = None
        self.t0 = time.perf_counter()
        if not enabled:
            return
        try:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
        except ImportError:
            return
        self.bar = Progress(
            TextColumn("analyzer batch"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} reports/s"),
            TextColumn("{task.fields[failed]} failed"),
            TimeRemainingColumn(),
            console=Console(file=sys.stderr),
            transient=False,
        )
        self.task = self.bar.add_task("batch", total=total, rate="0.0", failed=0)
        self.bar.start()

    def update(self, result: BatchResult) -> None:
        if self.bar is None:
            return
        elapsed = max(time.perf_counter() - self.t0, 1e-9)
        self.bar.update(
            self.task,
            completed=result.analysed + result.cached + result.failed,
            rate=f"{result.analysed / elapsed:.1f}",
            failed=result.failed,
        )

    def line(self, text: str) -> None:
        if self.bar is not None:
            self.bar.console.print(text, markup=False, highlight=False, soft_wrap=True)
        else:
            print(text, file=sys.stderr, flush=True)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _graph_writer() -> Callable[..., Any]:
    try:
        from analyzer.export.graphs import write_graph
    except ImportError as exc:
        raise AnalyzerError(
            f"--graph: graph export is not available in this installation (analyzer.export.graphs: {exc})"
        ) from None
    return write_graph


def run_batch(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    options: Options | None = None,
    graph: str | None = None,
    quiet: bool = False,
    progress: bool | None = None,
    force: bool = False,
) -> BatchResult:
    """Analyse every report under *paths* into the store in *out*; see the module docstring.

    Raises :class:`AnalyzerError` for a usage problem (no inputs, a store another batch is
    writing, a bad option) and ``KeyboardInterrupt`` after storing what was finished.
    """
    from analyzer.errors import check_choice

    check_choice("engine", engine, ENGINES)
    if scheduler and engine != "dask":
        raise ConfigError("--scheduler goes with --engine dask")
    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise ConfigError(f"workers must be at least 1; got {workers}")
    write_graph = None
    if graph is not None:
        check_choice("graph format", graph, GRAPH_FORMATS)
        write_graph = _graph_writer()
    options = options or Options()
    hooks = tuple((k, os.environ[k]) for k in (DELAY_ENV, CRASH_ENV) if os.environ.get(k))
    options = dataclasses.replace(options, hooks=hooks)
    config = options.make().get_config()
    chash = config_hash(config)
    t0 = time.perf_counter()

    jobs: list[Job] = []
    seen: set[str] = set()
    for found in iter_inputs(paths):
        absolute = os.path.abspath(found)
        if absolute in seen:
            continue
        seen.add(absolute)
        jobs.append(Job(len(jobs), str(found), absolute, None, ""))
    if not jobs:
        raise AnalyzerError(
            "no report files (.txt .docx .pdf .html) found in " + ", ".join(str(p) for p in paths)
        )

    store = Store(out).open()
    pending: _Pending | None = None
    display: _Display | None = None
    eng: LocalEngine | DaskEngine | None = None
    result = BatchResult(out=Path(out), run=0, inputs=len(jobs), _t0=t0)
    try:
        pending = _Pending(store, result)
        result.run = run = store.start_run(engine=engine, workers=workers, config=config, inputs=len(jobs))
        jobs = [
            dataclasses.replace(j, sha256=_sha256(j.path), meta_hash=_meta_hash(Path(j.path))) for j in jobs
        ]
        cache, old_failures = ({}, {}) if force else (store.cache(), store.failures())
        claims: dict[str, str] = {}  # document id -> absolute path holding it in this run
        settled: dict[int, dict[str, Any]] = {}  # index -> payload known without analysis
        for j in jobs:
            hit = cache.get(j.path)
            if (
                hit
                and j.sha256
                and (hit.sha256, hit.config_hash, hit.meta_hash) == (j.sha256, chash, j.meta_hash)
            ):
                settled[j.index] = {"cached": True, "document_id": hit.document_id}
                claims.setdefault(hit.document_id, j.path)
                continue
            bad = old_failures.get(j.path)
            if (
                bad
                and bad.kind == "invalid"
                and j.sha256
                and (bad.sha256, bad.config_hash, bad.meta_hash) == (j.sha256, chash, j.meta_hash)
            ):
                settled[j.index] = {"cached": True, "ok": False, "kind": bad.kind, "reason": bad.reason}
        todo = deque(j for j in jobs if j.index not in settled)
        log.info(
            "%d report file(s): %d to analyse, %d unchanged since the last run",
            len(jobs),
            len(todo),
            len(settled),
        )
        enabled = progress if progress is not None else (not quiet and sys.stderr.isatty())
        display = _Display(len(jobs), enabled)
        window = 0  # jobs submitted and not yet committed (bounds memory): 8 per worker
        outstanding = 0
        results: dict[int, dict[str, Any]] = {}
        nxt = 0
        while nxt < len(jobs):
            # Commit, in input order, everything that is ready.
            while nxt < len(jobs) and (nxt in settled or nxt in results):
                job = jobs[nxt]
                if nxt in results:
                    outstanding -= 1
                    _commit(store, job, results.pop(nxt), run, chash, claims, result, display, pending)
                else:
                    _settle(job, settled.pop(nxt), result, display)
                display.update(result)
                nxt += 1
            if pending.due():
                pending.flush()
                display.update(result)
            if nxt >= len(jobs):
                break
            if eng is None:
                eng = (
                    DaskEngine(workers, options, scheduler)
                    if engine == "dask"
                    else LocalEngine(workers, options)
                )
                window = 8 * eng.slots + 8
            while todo and outstanding < window:
                eng.submit(todo.popleft())
                outstanding += 1
            for payload in eng.wait():
                results[payload["index"]] = payload
        pending.flush()
        if eng is not None:
            eng.close()
            eng = None
        store.finish_run(
            run, analysed=result.analysed, cached=result.cached, failed=result.failed, status="finished"
        )
        store.export_parquet()
        if write_graph is not None:
            from analyzer.store import graph_from_store

            g = graph_from_store(store.db)
            written = write_graph(g, Path(out) / f"graph.{GRAPH_EXTENSIONS[graph or '']}", graph)
            result.graph_files = [Path(p) for p in written or ()]
    except BaseException as exc:
        result.interrupted = isinstance(exc, KeyboardInterrupt)
        if eng is not None:
            eng.close(cancel=True)
            eng = None
        if pending is not None:
            with contextlib.suppress(Exception):
                pending.flush()  # what was finished is kept (each report whole or not at all)
        with contextlib.suppress(Exception):
            store.finish_run(
                result.run,
                analysed=result.analysed,
                cached=result.cached,
                failed=result.failed,
                status="interrupted" if result.interrupted else "aborted",
            )
        raise
    finally:
        if display is not None:
            display.stop()
        if eng is not None:
            eng.close(cancel=True)
        store.close()
        result.seconds = time.perf_counter() - t0
    return result


class _Pending:
    """Analysed reports waiting to be stored together (one transaction, one insert per table).

    They go in when :data:`MAX_REPORTS` have gathered or the oldest has waited
    :data:`MAX_SECONDS`, and at the end of the run (also an interrupted one)."""

    MAX_REPORTS = 64
    MAX_SECONDS = 3.0

    def __init__(self, store: Store, result: BatchResult) -> None:
        self.store = store
        self.result = result
        self.items: list[tuple[StoredReport, str, int]] = []  # report, input as given, chars
        self.since = 0.0

    def add(self, stored: StoredReport, input_name: str, chars: int) -> None:
        if not self.items:
            self.since = time.perf_counter()
        self.items.append((stored, input_name, chars))

    def due(self) -> bool:
        return len(self.items) >= self.MAX_REPORTS or (
            bool(self.items) and time.perf_counter() - self.since >= self.MAX_SECONDS
        )

    def flush(self) -> None:
        if not self.items:
            return
        items, self.items = self.items, []
        self.store.put_reports([stored for stored, _, _ in items])
        result = self.result
        result.last_stored = time.perf_counter() - result._t0
        if result.first_stored is None:
            result.first_stored = result.last_stored
        for stored, input_name, chars in items:
            result.analysed += 1
            result.chars += chars
            log.info("stored %s (%s)", stored.document_id, input_name)


def _settle(job: Job, known: dict[str, Any], result: BatchResult, display: _Display) -> None:
    """Count a file whose outcome the store already holds (unchanged since it was analysed)."""
    if known.get("ok", True):
        result.cached += 1
        return
    result.failed += 1
    result.failures.append((job.input, known["reason"]))
    display.line(f"analyzer: {job.input}: {known['reason']}")


def _commit(
    store: Store,
    job: Job,
    payload: dict[str, Any],
    run: int,
    chash: str,
    claims: dict[str, str],
    result: BatchResult,
    display: _Display,
    pending: _Pending,
) -> None:
    if payload.get("pid") is not None:
        pid = int(payload["pid"])
        result.worker_maxrss_kb[pid] = max(
            result.worker_maxrss_kb.get(pid, 0), int(payload.get("maxrss_kb", 0))
        )
        result.worker_seconds += float(payload.get("seconds", 0.0))
        result.worker_cpu_seconds += float(payload.get("cpu_seconds", 0.0))
    kind, reason, doc_id = payload.get("kind"), payload.get("reason"), payload.get("document_id")
    if payload.get("ok") and doc_id is not None:
        holder = claims.get(doc_id)
        if payload.get("config_hash") != chash:
            kind, reason = (
                "error",
                (
                    "the worker's analyzer configuration differs from this one's "
                    "(a different analyzer version or lexicon on the worker?)"
                ),
            )
        elif holder is not None and holder != job.path:
            kind = "duplicate"
            reason = (
                f"document id {doc_id!r} is already that of {os.path.relpath(holder)}; "
                "give each report its own id (MANIFEST.tsv id column or file name)"
            )
        else:
            claims[doc_id] = job.path
            stored = StoredReport(
                path=job.path,
                document_id=doc_id,
                rows=payload["rows"],
                sha256=job.sha256 or "",
                config_hash=chash,
                meta_hash=job.meta_hash,
                run=run,
            )
            pending.add(stored, job.input, int(payload.get("chars", 0)))
            return
    store.put_failure(
        path=job.path,
        input=job.input,
        kind=str(kind),
        reason=str(reason),
        run=run,
        sha256=job.sha256,
        config_hash=chash,
        meta_hash=job.meta_hash,
        document_id=doc_id,
    )
    result.failed += 1
    result.failures.append((job.input, str(reason)))
    display.line(f"analyzer: {job.input}: {reason}")


# --------------------------------------------------------------------------------------------
# Command line


def add_batch_arguments(p: argparse.ArgumentParser) -> None:
    from analyzer.segment import SEGMENTERS

    p.add_argument("paths", nargs="+", metavar="PATH", help="report files or folders (walked)")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="store folder (created if missing)")
    p.add_argument(
        "--workers",
        type=int,
        default=None,
        metavar="N",
        help="worker processes (default: the number of CPUs)",
    )
    p.add_argument("--engine", choices=ENGINES, default="local", help="local processes (default) or dask")
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: a running scheduler, e.g. tcp://10.0.0.5:8786",
    )
    p.add_argument("--segmenter", choices=SEGMENTERS, default="jieba")
    p.add_argument(
        "--framework",
        default="auto",
        metavar="NAME|FILE",
        help="positioning framework: 'auto', 'none', a packaged name or a framework JSON file",
    )
    p.add_argument(
        "--gazetteer", metavar="TSV", help="also find the names of a gazetteer (analyzer gazetteer) verbatim"
    )
    p.add_argument(
        "--graph", choices=GRAPH_FORMATS, metavar="FMT", help="also write the corpus graph to OUT/graph.<ext>"
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="analyse every file again, even those unchanged since the last run",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")


def add_query_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("store", metavar="OUT", help="a folder written by analyzer batch")
    p.add_argument("sql", metavar="SQL", help='one SQL statement (read-only), e.g. "SELECT * FROM documents"')
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--max-width", type=int, default=60, metavar="N", help="table cells cut at N characters")


def cmd_batch(args: argparse.Namespace) -> int:
    framework = getattr(args, "framework", "auto")
    gazetteer = str(Path(args.gazetteer).resolve()) if args.gazetteer else None
    options = Options(
        segmenter=args.segmenter, framework=None if framework == "none" else framework, gazetteer=gazetteer
    )
    handler = None
    if threading.current_thread() is threading.main_thread():
        handler = signal.signal(signal.SIGTERM, _sigterm)
    try:
        result = run_batch(
            args.paths,
            args.output,
            workers=args.workers,
            engine=args.engine,
            scheduler=args.scheduler,
            options=options,
            graph=args.graph,
            quiet=args.quiet,
            force=getattr(args, "force", False),
        )
    except KeyboardInterrupt:
        print(
            f"analyzer: interrupted; what was finished is stored in {args.output}: "
            "run the same command again to resume",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    finally:
        if handler is not None:
            signal.signal(signal.SIGTERM, handler)
    if not args.quiet:
        rate = result.analysed / result.seconds if result.seconds else 0.0
        print(
            f"analyzer: batch: {result.analysed} analysed, {result.cached} unchanged, {result.failed} failed "
            f"of {result.inputs} report file(s) in {result.seconds:.1f} s ({rate:.2f} reports/s); "
            f"store: {Path(args.output) / 'analyzer.duckdb'}",
            file=sys.stderr,
        )
    if result.graph_files and not args.quiet:
        print("analyzer: graph: " + ", ".join(str(p) for p in result.graph_files), file=sys.stderr)
    if result.failed:
        print(f"analyzer: {result.failed} report file(s) failed (see above)", file=sys.stderr)
    return result.exit_code


def _sigterm(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def cmd_query(args: argparse.Namespace) -> int:
    df = query(args.store, args.sql)
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, lines=True, date_format="iso"))
        if len(df):
            sys.stdout.write("\n")
    else:
        sys.stdout.write(_table(df, args.max_width) + "\n")
    return EXIT_OK


def _table(df: Any, width: int) -> str:
    if df.empty:
        return " | ".join(str(c) for c in df.columns) + "\n(0 rows)"

    def cut(v: Any) -> str:
        s = "" if v is None or (isinstance(v, float) and v != v) else " ".join(str(v).split())
        return s if len(s) <= width else s[: max(width - 1, 1)] + "…"

    text = df.astype(object).map(cut).to_string(index=False)
    return f"{text}\n({len(df)} row{'s' if len(df) != 1 else ''})"


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m analyzer.batch PATH... -o OUT``: the batch command on its own."""
    parser = argparse.ArgumentParser(prog="python -m analyzer.batch", description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="log each stored report to stderr")
    add_batch_arguments(parser)
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="analyzer: %(message)s"
    )
    import jieba

    jieba.setLogLevel(logging.WARNING)
    try:
        return cmd_batch(args)
    except AnalyzerError as exc:
        print(f"analyzer: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    # Run the imported module's main, so that workers unpickle analyzer.batch functions, not
    # __main__'s; and keep worker processes from re-running this module by name as their __main__.
    from analyzer.batch import main as _main

    __spec__ = None  # type: ignore[assignment]

    sys.exit(_main())
