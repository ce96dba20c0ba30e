"""The ``analyzer`` command: a thin layer over the library.

Every command turns an :class:`~analyzer.errors.AnalyzerError` into one line on stderr and a
non-zero exit; it never shows a traceback for a bad file or option.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from analyzer._version import __version__
from analyzer.errors import AnalyzerError
from analyzer.segment import SEGMENTERS

if TYPE_CHECKING:
    from analyzer.pipeline import Analyzer, Report

log = logging.getLogger("analyzer")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
GRAPH_FORMATS = ("graphml", "gexf", "json", "cytoscape", "neo4j", "turtle", "jsonld", "html")
GAZETTEER_HELP = "also find the names of a gazetteer written by 'analyzer gazetteer' (TSV) verbatim"
FRAMEWORK_HELP = (
    "positioning framework: 'auto' (a packaged one whose region holds the report's, e.g. 太原's 六地), "
    "'none', a packaged name such as taiyuan-liudi, or a framework JSON file"
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def iter_inputs(paths: Sequence[str]) -> Iterator[tuple[Path, Path]]:
    """Report files under *paths*, each with its path relative to its folder (see
    :func:`analyzer.load.walk_reports`)."""
    from analyzer.load import walk_reports

    return walk_reports(paths)


def _analyzer(args: argparse.Namespace) -> Analyzer:
    from analyzer.pipeline import Analyzer

    framework = getattr(args, "framework", "auto")
    return Analyzer(
        segmenter=args.segmenter,
        pos_tags=getattr(args, "pos", False),
        framework=None if framework == "none" else framework,
        gazetteer=getattr(args, "gazetteer", None),
    )


def _analyze_all(args: argparse.Namespace) -> tuple[list[Report], int]:
    """Analyse every input, reporting failures on stderr and carrying on."""
    inputs = list(iter_inputs(args.paths))
    if not inputs:
        raise AnalyzerError("no report files (.txt .docx .pdf .html) found in " + ", ".join(args.paths))
    analyzer = _analyzer(args)
    reports, failures = [], 0
    for path, _ in inputs:
        try:
            reports.append(analyzer.analyze(path))
        except AnalyzerError as exc:
            print(f"analyzer: {exc}", file=sys.stderr)
            failures += 1
    return reports, failures


def cmd_export(args: argparse.Namespace) -> int:
    from analyzer.export.graphs import write_graph
    from analyzer.graph import build_graph

    reports, failures = _analyze_all(args)
    if not reports:
        raise AnalyzerError("no report could be analysed; nothing to export")
    graph = build_graph(reports)
    written = write_graph(graph, Path(args.output), args.to)
    print(
        f"exported {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges of "
        f"{len(reports)} report(s) as {args.to}: " + ", ".join(str(p) for p in written),
        file=sys.stderr,
    )
    return EXIT_FAILED if failures else EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    from analyzer.export.jsonout import dumps
    from analyzer.io import write_text

    inputs = list(iter_inputs(args.paths))
    if not inputs:
        raise AnalyzerError("no report files (.txt .docx .pdf .html) found in " + ", ".join(args.paths))
    if len(inputs) > 1 and not args.output:
        raise AnalyzerError("several inputs need -o OUT (a folder to write one JSON per report)")
    analyzer = _analyzer(args)
    failures = 0
    written: dict[str, Path] = {}
    targets = dict(zip((p for p, _ in inputs), _output_names([rel for _, rel in inputs]), strict=True))
    for path, _rel in inputs:
        try:
            report = analyzer.analyze(path)
        except AnalyzerError as exc:
            print(f"analyzer: {exc}", file=sys.stderr)
            failures += 1
            continue
        text = dumps(report.to_dict())
        if not args.output:
            sys.stdout.write(text)
            continue
        out = Path(args.output)
        target = out if len(inputs) == 1 and out.suffix.lower() == ".json" else out / targets[path]
        write_text(target, text)
        written[str(path)] = target
        log.info("%s -> %s", path, target)
    if args.output and len(inputs) > 1:
        print(f"analyzed {len(written)} of {len(inputs)} reports into {args.output}", file=sys.stderr)
        if failures:
            print(f"analyzer: {failures} report(s) failed (see above)", file=sys.stderr)
    return EXIT_FAILED if failures else EXIT_OK


def _output_names(rels: Sequence[Path]) -> list[Path]:
    """Output paths for a run's inputs, never two alike: r.txt and r.html become r_txt.json and
    r_html.json, and names that still clash get -1, -2 … in input order."""
    names = [_output_name(r) for r in rels]
    counts = Counter(names)
    names = [
        _output_name(r.with_name(r.name.replace(".", "_"))) if counts[n] > 1 else n
        for r, n in zip(rels, names, strict=True)
    ]
    total, seen = Counter(names), Counter[Path]()
    out = []
    for n in names:
        if total[n] > 1:
            seen[n] += 1
            n = n.with_name(f"{n.stem}-{seen[n]}{n.suffix}")
        out.append(n)
    return out


def _output_name(rel: Path) -> Path:
    """The output path for an input, mirroring its place under the input folder.

    Built from the input's own relative path (never from report metadata), with every part made
    safe, so it cannot leave the output folder.
    """
    parts = [_safe_part(p) for p in rel.with_suffix("").parts if p not in ("", ".", "..")]
    return Path(*parts).with_name(parts[-1] + ".json") if parts else Path("report.json")


def _safe_part(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in name).strip("._")
    return keep[:120] or "_"


def cmd_segment(args: argparse.Namespace) -> int:
    from analyzer.segment import make_segmenter

    analyzer = _analyzer(args)
    doc = analyzer.load(Path(args.path))
    tokens = make_segmenter(args.segmenter, pos_tags=args.pos).tokenize(doc.text)
    if args.format == "json":
        import json

        rows = [{"text": t.text, "start": t.start, "end": t.end, "pos": t.pos} for t in tokens]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
    else:
        out = []
        for t in tokens:
            if t.text == "\n":
                out.append("\n")
            elif not t.text.isspace():
                out.append(f"{t.text}/{t.pos}" if args.pos and t.pos else t.text)
        sys.stdout.write(" ".join(out).replace(" \n ", "\n") + "\n")
    return EXIT_OK


def cmd_gazetteer(args: argparse.Namespace) -> int:
    from analyzer.gazetteer import build_gazetteer, document_key, write_gazetteer

    args.gazetteer = None  # mined from the reports alone
    reports, failures = _analyze_all(args)
    if not reports:
        raise AnalyzerError("no report could be analysed; no gazetteer written")
    keys = [document_key(r.document) for r in reports]
    entries = build_gazetteer(zip(keys, (r.projects for r in reports), strict=True), min_docs=args.min_docs)
    write_gazetteer(entries, args.output)
    documents = len(set(keys))
    print(
        f"wrote {len(entries)} names seen in at least {args.min_docs} of {documents} documents to {args.output}",
        file=sys.stderr,
    )
    return EXIT_FAILED if failures else EXIT_OK


def cmd_evaluate(args: argparse.Namespace) -> int:
    import json

    from analyzer.evaluate import evaluate_file

    analyzer = _analyzer(args)
    if args.report and len(args.gold) > 1:
        raise AnalyzerError("--report goes with a single gold file")
    results = []
    for gold in args.gold:
        results.extend(
            evaluate_file(
                gold,
                analyzer=analyzer,
                corpus=args.corpus,
                report=args.report,
                kinds=args.kind or ("commitments", "achievements", "projects"),
            )
        )
    minimums = {"f1": args.min_f1, "precision": args.min_precision, "recall": args.min_recall}
    short = [
        f"{r.document} {r.kind} {name} {getattr(r, name):.3f} < {floor}"
        for r in results
        for name, floor in minimums.items()
        if floor is not None and getattr(r, name) < floor
    ]
    if args.format == "json":
        rows = [
            {"document": r.document, "kind": r.kind, **r.figures(), "missed": list(r.missed)} for r in results
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        for r in results:
            if args.verbose and r.missed:
                print(f"  missed: {list(r.missed)}")
            if args.verbose and r.unmatched:
                print(f"  unmatched predictions: {list(r.unmatched)[:20]}")
            print(r.line())
    for line in short:
        print(f"analyzer: below the minimum: {line}", file=sys.stderr)
    return EXIT_FAILED if short else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="analyzer", description="Read Chinese government work reports into data.")
    parser.add_argument("--version", action="version", version=f"analyzer {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add(name: str, func: Callable[[argparse.Namespace], int], help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = add("analyze", cmd_analyze, "analyse reports (txt, docx, pdf, html; folders are walked) to JSON")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--segmenter", choices=SEGMENTERS, default="jieba")
    p.add_argument("--format", choices=("json",), default="json")
    p.add_argument("-o", "--output", metavar="OUT", help="a .json file for one input, else a folder")
    p.add_argument("--framework", default="auto", metavar="NAME|FILE", help=FRAMEWORK_HELP)
    p.add_argument("--gazetteer", metavar="TSV", help=GAZETTEER_HELP)

    p = add("export", cmd_export, "export the concept graph of reports (merged on stable ids)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--to", required=True, choices=GRAPH_FORMATS, help="graph format")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="output file (a folder for neo4j)")
    p.add_argument("--segmenter", choices=SEGMENTERS, default="jieba")
    p.add_argument("--framework", default="auto", metavar="NAME|FILE", help=FRAMEWORK_HELP)
    p.add_argument("--gazetteer", metavar="TSV", help=GAZETTEER_HELP)

    from analyzer.compare import add_compare_arguments, add_timeline_arguments, cmd_compare, cmd_timeline

    p = add("compare", cmd_compare, "compare two reports of one government (year over year)")
    add_compare_arguments(p)
    p = add("timeline", cmd_timeline, "targets against the next year's results over a series of reports")
    add_timeline_arguments(p)

    from analyzer.batch import add_batch_arguments, add_query_arguments, cmd_batch, cmd_query

    p = add("batch", cmd_batch, "analyse a corpus in parallel into a DuckDB store (cached, resumable)")
    add_batch_arguments(p)
    p = add("query", cmd_query, "run SQL over a batch store and print a table")
    add_query_arguments(p)

    p = add("evaluate", cmd_evaluate, "score analyses against gold annotation files (JSON)")
    p.add_argument("gold", nargs="+", metavar="GOLD.json")
    p.add_argument(
        "--corpus", default="corpora", help="folder holding the annotated reports (default: corpora)"
    )
    p.add_argument("--report", help="the report to score, instead of the gold's source_file in --corpus")
    p.add_argument("--segmenter", choices=SEGMENTERS, default="jieba")
    p.add_argument("--kind", choices=("commitments", "achievements", "projects"), action="append")
    p.add_argument("--gazetteer", metavar="TSV", help=GAZETTEER_HELP)
    p.add_argument("--format", choices=("text", "json"), default="text")
    for name in ("f1", "precision", "recall"):
        p.add_argument(f"--min-{name}", type=float, metavar="X", help=f"exit 1 when a {name} is below X")

    p = add(
        "gazetteer",
        cmd_gazetteer,
        "mine a gazetteer from a corpus: names extracted from several reports or years (TSV)",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("-o", "--output", required=True, metavar="OUT.tsv", help="gazetteer file to write")
    p.add_argument(
        "--min-docs",
        type=int,
        default=2,
        metavar="N",
        help="keep names seen in at least N documents (default 2)",
    )
    p.add_argument("--segmenter", choices=SEGMENTERS, default="jieba")

    p = add("segment", cmd_segment, "print the tokens of one report")
    p.add_argument("path", metavar="PATH")
    p.add_argument("--segmenter", choices=SEGMENTERS, default="jieba")
    p.add_argument("--pos", action="store_true", help="add part-of-speech tags where the backend gives them")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="analyzer: %(message)s"
    )
    import jieba  # jieba sets its own logger to DEBUG on import; quiet it here, in the CLI only

    jieba.setLogLevel(logging.WARNING)
    try:
        return int(args.func(args))
    except AnalyzerError as exc:
        print(f"analyzer: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("analyzer: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
