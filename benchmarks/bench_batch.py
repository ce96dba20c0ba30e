"""Throughput of ``analyzer batch``: workers, engines, peak memory per worker; prints figures only.

Two corpora: the real reports (``corpora/*.txt``) and a synthetic corpus of ``--reports`` files
(default 1,000) made of real paragraphs of the corpus shuffled with a fixed seed, each as long as a
real report drawn at random.  For each engine and number of workers it runs a fresh batch (no
cache) and prints reports/min and chars/s over the whole run (start-up included) and between the
first and the last report stored (steady state), the start-up time (to the first report stored),
the peak RSS of each worker (``ru_maxrss`` the workers report with their results), the cores the
workers actually got (their CPU seconds over the wall time), the main process's CPU time per report
(scheduling and storing, which competes with the workers for the cores) and the load average before and after
(other processes on the machine skew the figures).

Target: with 2 workers at least 1.7x the throughput of 1 worker on the synthetic corpus.

Run: ``.venv/bin/python benchmarks/bench_batch.py`` (about 25 minutes on 2 cores);
``--reports 200 --engines local`` for a quicker look.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    corpus: str
    engine: str
    workers: int
    reports: int
    failed: int
    chars: int
    seconds: float
    startup: float
    steady: float  # reports/s between the first and the last report stored
    rss_mb: list[float]
    cpus_used: float  # worker CPU seconds / wall seconds: the cores the workers actually got
    main_cpu: float  # CPU seconds of the main process (scheduling, storing) over the run
    load_before: float
    load_after: float

    @property
    def per_min(self) -> float:
        return 60 * self.reports / self.seconds

    @property
    def chars_s(self) -> float:
        return self.chars / self.seconds


def synthetic_corpus(folder: Path, n: int, seed: int) -> int:
    """Write *n* reports of shuffled real paragraphs into *folder*; return the total characters."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpora").glob("*.txt"))]
    lengths = [len(t) for t in texts]
    paragraphs = [line for t in texts for line in t.splitlines() if line.strip()]
    rng = random.Random(seed)
    order: list[str] = []
    total = 0
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        target = rng.choice(lengths)
        body: list[str] = []
        size = 0
        while size < target:
            if not order:
                order = paragraphs[:]
                rng.shuffle(order)
            para = order.pop()
            body.append(para)
            size += len(para) + 1
        year = 2013 + i % 14
        text = f"{year}年政府工作报告\n" + "\n".join(body) + "\n"
        (folder / f"synthetic-{i:04d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def measure(corpus: str, inputs: list[str], engine: str, workers: int, tmp: Path) -> Figure:
    from analyzer.batch import run_batch

    out = tmp / f"store-{corpus}-{engine}-{workers}"
    shutil.rmtree(out, ignore_errors=True)
    before = os.getloadavg()[0]
    c0 = time.process_time()
    result = run_batch(inputs, out, workers=workers, engine=engine, quiet=True)
    main_cpu = time.process_time() - c0
    after = os.getloadavg()[0]
    shutil.rmtree(out, ignore_errors=True)
    first, last = result.first_stored or 0.0, result.last_stored or 0.0
    steady = (result.analysed - 1) / (last - first) if result.analysed > 1 and last > first else 0.0
    return Figure(
        corpus=corpus,
        engine=engine,
        workers=workers,
        reports=result.analysed,
        failed=result.failed,
        chars=result.chars,
        seconds=result.seconds,
        startup=first,
        steady=steady,
        rss_mb=sorted(kb / 1024 for kb in result.worker_maxrss_kb.values()),
        cpus_used=result.worker_cpu_seconds / result.seconds,
        main_cpu=main_cpu,
        load_before=before,
        load_after=after,
    )


def show(f: Figure) -> None:
    rss = ", ".join(f"{m:.0f}" for m in f.rss_mb)
    print(
        f"{f.corpus:10} {f.engine:5} {f.workers:>2}  {f.reports:>5} ok {f.failed:>2} failed  "
        f"{f.seconds:7.1f} s  {f.per_min:7.1f} reports/min  {f.chars_s:9.0f} chars/s  "
        f"start-up {f.startup:5.1f} s  steady {60 * f.steady:7.1f} reports/min  cores used {f.cpus_used:.2f}  "
        f"main CPU {1000 * f.main_cpu / max(f.reports, 1):.0f} ms/report  "
        f"worker peak RSS MB [{rss}]  load {f.load_before:.1f}->{f.load_after:.1f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1000, help="synthetic reports (default 1000)")
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    parser.add_argument("--engines", default="local,dask", help="comma-separated: local, dask")
    parser.add_argument(
        "--dask-synthetic", action="store_true", help="also run the dask engine on the synthetic corpus"
    )
    args = parser.parse_args()
    import jieba

    jieba.setLogLevel(40)
    workers = [int(w) for w in args.workers.split(",")]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    print(f"cpus {os.cpu_count()}, load average {os.getloadavg()}", flush=True)
    real = [str(p) for p in sorted((ROOT / "corpora").glob("*.txt"))]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        chars = synthetic_corpus(tmp / "synthetic", args.reports, args.seed)
        print(
            f"synthetic corpus: {args.reports} reports, {chars} chars "
            f"({chars / args.reports:.0f} per report), written in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
        measure("warm-up", real[:1], "local", 1, tmp)  # starts the forkserver, fills the OS cache
        for engine in engines:
            for n in workers:
                figures.append(measure("real", real, engine, n, tmp))
                show(figures[-1])
        for engine in engines:
            ws = [max(workers)] if engine == "dask" and not args.dask_synthetic else workers
            for n in ws:
                figures.append(measure("synthetic", [str(tmp / "synthetic")], engine, n, tmp))
                show(figures[-1])

    print("\nscaling (throughput with N workers / with 1 worker, same corpus and engine):")
    by = {(f.corpus, f.engine, f.workers): f for f in figures}
    for (corpus, engine, n), f in sorted(by.items()):
        one = by.get((corpus, engine, 1))
        if n == 1 or one is None:
            continue
        whole, steady = f.per_min / one.per_min, (f.steady / one.steady if one.steady else 0.0)
        target = "  (target >= 1.7: " + ("met" if whole >= 1.7 else "not met") + ")" if n == 2 else ""
        print(
            f"  {corpus:10} {engine:5} {n} workers: {whole:.2f}x whole run, {steady:.2f}x steady state{target}"
        )
    print("\nengines (dask / local, same corpus and workers):")
    for (corpus, engine, n), f in sorted(by.items()):
        local = by.get((corpus, "local", n))
        if engine == "dask" and local is not None:
            print(f"  {corpus:10} {n} workers: {f.per_min / local.per_min:.2f}x")
    main_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nmain process peak RSS {main_rss:.0f} MB; load average now {os.getloadavg()}")


if __name__ == "__main__":
    main()
