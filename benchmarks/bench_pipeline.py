"""Throughput of load + normalise + structure + segment, against bare segmentation, in one run.

Prints chars/s for each backend next to bare ``jieba.Tokenizer().lcut`` and bare pkuseg ``cut``
over the same texts, and the ratio the pipeline keeps (target: jieba pipeline >= 70% of bare jieba;
full analysis with extraction >= 50%).  Run: ``.venv/bin/python benchmarks/bench_pipeline.py``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def interleaved(stages: list[tuple[str, Callable[[], object]]], repeat: int) -> list[tuple[str, float]]:
    """Best time of each stage over *repeat* rounds, each round running every stage once."""
    best = {label: float("inf") for label, _ in stages}
    for _ in range(repeat):
        for label, fn in stages:
            t0 = time.perf_counter()
            fn()
            best[label] = min(best[label], time.perf_counter() - t0)
    return list(best.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="national", choices=("national", "all"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import jieba
    import pkuseg

    from analyzer.load import load_file
    from analyzer.normalize import normalize
    from analyzer.pipeline import Analyzer
    from analyzer.segment import make_segmenter
    from analyzer.structure import structure

    jieba.setLogLevel(40)
    pattern = "cn-state-council-*.txt" if args.corpus == "national" else "*.txt"
    paths = sorted((ROOT / "corpora").glob(pattern))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(len(t) for t in texts)

    # jieba-side measurements first, then pkuseg's: loading the pkuseg model puts millions of
    # Python objects on the heap, which makes every later garbage collection slower; each
    # pipeline is compared with its bare segmenter measured in the same heap state.
    bare_jieba = jieba.Tokenizer()
    bare_jieba.initialize()
    make_segmenter("jieba").tokenize("预热")  # load outside the timings

    def pipeline(name: str) -> Callable[[], None]:
        seg = make_segmenter(name)
        seg.tokenize("预热")  # load outside the timings

        def run() -> None:
            for p in paths:
                text = normalize(load_file(p).text)[0]
                structure(text)
                seg.tokenize(text)

        return run

    # Stages are timed in rounds, one run of each per round, and each keeps its best round: the
    # machine's speed drifts by tens of percent over a minute, so a stage timed in one block would
    # be compared with a baseline timed in another speed regime.
    full = Analyzer(segmenter="jieba")
    full.analyze(paths[0])
    rows = interleaved(
        [
            ("bare jieba.Tokenizer().lcut", lambda: [bare_jieba.lcut(t) for t in texts]),
            ("pipeline jieba (load+normalise+structure+segment)", pipeline("jieba")),
            ("pipeline spacy (load+normalise+structure+segment)", pipeline("spacy")),
            ("full analysis jieba (+extraction)", lambda: [full.analyze(p) for p in paths]),
        ],
        args.repeat,
    )
    bare_pku = pkuseg.pkuseg()
    make_segmenter("pkuseg").tokenize("预热")
    rows += interleaved(
        [
            ("bare pkuseg cut", lambda: [bare_pku.cut(t) for t in texts]),
            ("pipeline pkuseg (load+normalise+structure+segment)", pipeline("pkuseg")),
        ],
        args.repeat,
    )

    base = dict(rows)
    print(f"corpus: {len(paths)} reports, {chars:,} chars; best of {args.repeat} runs")
    print(f"{'stage':58} {'seconds':>8} {'chars/s':>12}  ratio")
    for label, sec in rows:
        ref = base["bare pkuseg cut"] if "pkuseg" in label else base["bare jieba.Tokenizer().lcut"]
        print(f"{label:58} {sec:8.3f} {chars / sec:12,.0f}  {ref / sec:5.2f}")
    print(
        "jieba pipeline keeps {:.0%} of bare jieba speed (target >= 70%); full analysis keeps {:.0%} (target >= 50%)".format(
            base["bare jieba.Tokenizer().lcut"] / base["pipeline jieba (load+normalise+structure+segment)"],
            base["bare jieba.Tokenizer().lcut"] / base["full analysis jieba (+extraction)"],
        )
    )


if __name__ == "__main__":
    main()
