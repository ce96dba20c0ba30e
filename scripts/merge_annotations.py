"""Merge two independent blind annotations of a report's named entities into one held-out file.

The rule is the shared gold's (``cn-state-council-2024.json``): the result is annotation A with the
disagreements moved to ``optional_names``.  A must-find project of A that B does not list as a
project, and a project of B that A does not list as one, become optional; every name either
annotator gives in any list stays acceptable.  Names are compared as the scorer compares them
(quotation marks and spaces removed; equal, or one covering at least 75% of the other).

    python scripts/merge_annotations.py tests/heldout/raw/fujian-2026.A.json \
        tests/heldout/raw/fujian-2026.B.json -o tests/heldout/fujian-2026.json
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analyzer.io import write_text

LISTS = ("projects", "programs", "orgs", "places", "optional_names")
RE_NOISE = re.compile(r"[“”‘’\"'「」『』《》\s]")


def norm(name: str) -> str:
    return RE_NOISE.sub("", name)


def same(a: str, b: str) -> bool:
    return a == b or ((a in b or b in a) and min(len(a), len(b)) / max(len(a), len(b)) >= 0.75)


def name_of(item: object) -> str:
    return item["name"] if isinstance(item, dict) else str(item)


def agreement(a: list[str], b: list[str]) -> tuple[float, float, float]:
    """Share of A's projects B has, share of B's projects A has, and their F1."""
    ra = sum(any(same(x, y) for y in b) for x in a) / len(a) if a else 0.0
    rb = sum(any(same(y, x) for x in a) for y in b) / len(b) if b else 0.0
    return ra, rb, (2 * ra * rb / (ra + rb) if ra + rb else 0.0)


def merge(a: dict, b: dict) -> dict:
    pa = [norm(name_of(p)) for p in a["projects"]]
    pb = [norm(name_of(p)) for p in b["projects"]]
    projects = [p for p, n in zip(a["projects"], pa, strict=True) if any(same(n, m) for m in pb)]
    # the shared gold writes the lists other than projects as plain strings, and the scorer reads
    # only strings there
    optional = [name_of(x) for x in a.get("optional_names", [])]
    optional += [
        name_of(p) for p, n in zip(a["projects"], pa, strict=True) if not any(same(n, m) for m in pb)
    ]
    known = {norm(name_of(x)) for k in LISTS for x in a.get(k, [])}
    for key in LISTS:
        for x in b.get(key, []):
            if norm(name_of(x)) not in known:
                optional.append(name_of(x))
                known.add(norm(name_of(x)))
    ra, rb, f1 = agreement(pa, pb)
    notes = (
        f"Two independent blind annotations (A, B) of the named entities, each by a helper that read only "
        f"the report, tests/gold/README.md and the shared gold files, and never read or ran analyzer. "
        f"Merged by scripts/merge_annotations.py as the shared gold does: this file is A with the "
        f"disagreements moved to optional_names; every name either annotator listed stays acceptable. "
        f"Agreement on projects: B finds {ra:.3f} of A's, A finds {rb:.3f} of B's, F1 {f1:.3f}. "
        f"A's notes: {a.get('annotator_notes', '')} | B's notes: {b.get('annotator_notes', '')}"
    )
    out = dict(a)  # A's other annotations (commitments, if it has them) are kept as they are
    out.pop("annotator", None)
    out["annotator_notes"] = notes
    out.setdefault("scope", "named entities of the whole report (no commitments annotated)")
    out["projects"] = projects
    for key in ("programs", "orgs", "places"):
        out[key] = [name_of(x) for x in a.get(key, [])]
    out["optional_names"] = optional
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("-o", "--output", type=Path, required=True)
    args = ap.parse_args(argv)
    a = json.loads(args.a.read_text(encoding="utf-8"))
    b = json.loads(args.b.read_text(encoding="utf-8"))
    if a["doc"] != b["doc"]:
        ap.error(f"{args.a} annotates {a['doc']} but {args.b} annotates {b['doc']}")
    merged = merge(a, b)
    write_text(args.output, json.dumps(merged, ensure_ascii=False, indent=1) + "\n")
    ra, rb, f1 = agreement(
        [norm(name_of(p)) for p in a["projects"]], [norm(name_of(p)) for p in b["projects"]]
    )
    print(f"{args.output}: {len(merged['projects'])} projects; agreement F1 {f1:.3f} ({ra:.3f} / {rb:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
