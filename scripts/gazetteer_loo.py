"""Measure what a corpus gazetteer adds, leave-one-out.

For each annotated report, the gazetteer is mined from every *other* document of the corpus (as
``analyzer gazetteer`` would) and the report is analysed with and without it; recall and precision
of its projects are printed side by side, with how many names the gazetteer added. Their names are
printed only with ``--show-added``: with the precision change beside them they tell which of them an
annotation lists, so leave it off when blind files are among the arguments.

    .venv/bin/python scripts/gazetteer_loo.py tests/gold/shanxi-2026.json tests/heldout/*.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer.evaluate import score_projects
from analyzer.gazetteer import build_gazetteer, document_key
from analyzer.load import walk_reports
from analyzer.pipeline import Analyzer


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--corpus", default="corpora", help="the corpus to mine (default: corpora)")
    ap.add_argument("--segmenter", default="jieba")
    ap.add_argument("--show-added", action="store_true", help="print the added names (not for blind files)")
    args = ap.parse_args(argv)
    plain = Analyzer(segmenter=args.segmenter, framework=None)
    reports = {
        path.stem: plain.analyze(path) for path, _ in walk_reports([args.corpus]) if path.suffix == ".txt"
    }
    for g in args.gold:
        gold = json.loads(g.read_text(encoding="utf-8"))
        if not gold.get("projects") or "source_file" not in gold:
            continue  # a gold file of commitments or positions only
        report = reports[Path(gold["source_file"]).stem]
        own = document_key(report.document)
        others = (
            (document_key(r.document), r.projects)
            for r in reports.values()
            if document_key(r.document) != own
        )
        names = {e.name: e.type for e in build_gazetteer(others)}
        with_gz = Analyzer(segmenter=args.segmenter, framework=None, gazetteer=names).analyze(
            Path(args.corpus) / gold["source_file"]
        )
        a = score_projects(gold, {"projects": [{"name": p.name} for p in report.projects]})
        b = score_projects(gold, {"projects": [{"name": p.name} for p in with_gz.projects]})
        added = sorted({p.name for p in with_gz.projects} - {p.name for p in report.projects})
        shown = f": {added}" if args.show_added else ""
        print(
            f"{gold['doc']:24s} recall {a.recall:.3f} -> {b.recall:.3f}  precision {a.precision:.3f} -> "
            f"{b.precision:.3f}  ({len(names)} names; {len(added)} added{shown})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
