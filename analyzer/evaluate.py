"""Score an analysis against hand-checked gold annotations.

The matching rules are those of the gold's README (and of its reference scorer, whose figures
this module reproduces exactly; a test checks that on every gold file):

* a predicted commitment matches a gold item of the same list when the values are equal (relative
  difference at most 1e-6), the units are equal, and the gold quote lies inside the predicted
  item's sentence (or the predicted text inside the quote); among candidates, one whose object
  overlaps the gold object is preferred; each gold item matches at most one prediction;
* predictions that match an optional item, or repeat an already matched prediction exactly (same
  value, unit and object), are not counted;
* project names are compared without quotation marks and spaces; a prediction equal to, or
  covering at least 75% of, a gold name matches it.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from analyzer.errors import AnalyzerError

__all__ = ["Score", "evaluate_file", "load_gold", "score", "score_commitments", "score_projects"]

Kind = Literal["commitments", "achievements", "projects", "positions"]
KINDS: tuple[Kind, ...] = ("commitments", "achievements", "projects")
QUOTES = "“”\"'‘’「」『』《》"
_QUOTE_TABLE = {ord(c): None for c in QUOTES}
UNIT_ALIASES = {"％": "%", "个百分点": "百分点", "千米": "公里"}


@dataclass(frozen=True, slots=True)
class Score:
    """Precision, recall and F1 of one list, with attribute accuracies on the matched pairs."""

    document: str
    kind: Kind
    precision: float
    recall: float
    f1: float
    gold: int
    predicted: int
    object_acc: float | None = None
    bound_acc: float | None = None
    action_acc: float | None = None
    missed: tuple[str, ...] = ()
    unmatched: tuple[str, ...] = field(default=(), repr=False)

    def figures(self) -> dict[str, Any]:
        keys = ("precision", "recall", "f1", "object_acc", "bound_acc", "action_acc", "gold", "predicted")
        return {k: getattr(self, k) for k in keys if getattr(self, k) is not None}

    def line(self) -> str:
        parts = [f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in self.figures().items()]
        return f"{self.document} {self.kind}: " + " ".join(parts)


def _norm(s: object) -> str:
    s = "" if s is None else str(s)
    return re.sub(r"\s+", "", s.translate(_QUOTE_TABLE))


def _overlap(a: object, b: object) -> bool:
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x in y or y in x:
        return True
    return len(set(x) & set(y)) / min(len(set(x)), len(set(y))) >= 0.6


def _near(x: object, y: object) -> bool:
    try:
        fx, fy = float(x), float(y)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(fx - fy) <= 1e-6 * max(1.0, abs(fy))


def _unit(u: object) -> str:
    n = _norm(u)
    return UNIT_ALIASES.get(n, n)


def _located(p: Mapping[str, Any], q: str) -> bool:
    sent, text = _norm(p.get("sentence")), _norm(p.get("text"))
    if q in sent or (text and (text in q or q in text)):
        return True
    if not sent:
        return False
    m = difflib.SequenceMatcher(None, q, sent, autojunk=False).find_longest_match(0, len(q), 0, len(sent))
    return m.size >= 0.6 * len(q)


def score_commitments(gold: Mapping[str, Any], pred: Mapping[str, Any], kind: Kind = "commitments") -> Score:
    """Score the ``commitments`` or ``achievements`` list of an analysis (JSON form)."""
    golds = list(gold.get(kind, []))
    opts = [o for o in [*gold.get("optional_" + kind, []), *gold.get("optional", [])] if isinstance(o, dict)]
    preds = list(pred.get(kind, []))
    used: set[int] = set()
    pairs: list[tuple[Mapping[str, Any], Mapping[str, Any], bool]] = []
    for g in golds:
        q = _norm(g["quote"])
        best: tuple[int, int] | None = None
        for pi, p in enumerate(preds):
            if (
                pi in used
                or not _near(p.get("value"), g["value"])
                or _unit(p.get("unit")) != _unit(g["unit"])
            ):
                continue
            if not _located(p, q):
                continue
            rank = 0 if _overlap(p.get("object"), g["object"]) else 1
            if best is None or rank < best[0]:
                best = (rank, pi)
        if best is not None:
            used.add(best[1])
            pairs.append((g, preds[best[1]], best[0] == 0))
    ignored = 0
    for pi, p in enumerate(preds):
        if pi in used:
            continue
        hit_opt = any(_near(p.get("value"), o.get("value")) and _located(p, _norm(o["quote"])) for o in opts)
        dup = any(
            _near(p.get("value"), preds[u].get("value"))
            and _unit(p.get("unit")) == _unit(preds[u].get("unit"))
            and _norm(p.get("object")) == _norm(preds[u].get("object"))
            for u in used
        )
        if hit_opt or dup:
            ignored += 1
    counted = len(preds) - ignored
    tp = len(pairs)
    precision = tp / counted if counted else 0.0
    recall = tp / len(golds) if golds else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        document=str(gold.get("doc")),
        kind=kind,
        precision=precision,
        recall=recall,
        f1=f1,
        gold=len(golds),
        predicted=len(preds),
        object_acc=sum(ok for _, _, ok in pairs) / tp if tp else 0.0,
        bound_acc=sum((p.get("bound") or "exact") == g["bound"] for g, p, _ in pairs) / tp if tp else 0.0,
        action_acc=sum(_overlap(p.get("action"), g["action"]) for g, p, _ in pairs) / tp if tp else 0.0,
        missed=tuple(g["quote"] for g in golds if all(g is not t[0] for t in pairs)),
        unmatched=tuple(str(p.get("text")) for pi, p in enumerate(preds) if pi not in used),
    )


def score_projects(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> Score:
    """Score the ``projects`` list: recall on gold projects, precision against every correct name."""
    must = [_norm(p["name"]) for p in gold["projects"]]
    ok_names = set(must) | {
        _norm(x)
        for k in ("programs", "optional", "optional_names", "orgs", "places")
        for x in gold.get(k, [])
        if isinstance(x, str)
    }
    names = list(dict.fromkeys(n for n in (_norm(p.get("name")) for p in pred.get("projects", [])) if n))

    def same(a: str, b: str) -> bool:
        return a == b or ((a in b or b in a) and min(len(a), len(b)) / max(len(a), len(b)) >= 0.75)

    found = [m for m in must if any(same(m, n) for n in names)]
    fp = [n for n in names if not any(same(n, o) for o in ok_names)]
    precision = (len(names) - len(fp)) / len(names) if names else 0.0
    recall = len(found) / len(must) if must else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        document=str(gold.get("doc")),
        kind="projects",
        precision=precision,
        recall=recall,
        f1=f1,
        gold=len(must),
        predicted=len(names),
        missed=tuple(m for m in must if m not in found),
        unmatched=tuple(fp),
    )


def is_positioning_gold(gold: Mapping[str, Any]) -> bool:
    """Positioning gold maps item quotes and names to acceptable primary positions."""
    return "framework" in gold and isinstance(gold.get("commitments"), dict)


def score_positions(gold: Mapping[str, Any], pred: Mapping[str, Any]) -> Score:
    """Primary positions against positioning gold.

    Each gold commitment (by quote) and project (by name) is looked up among the predictions (the
    same location rule as for commitments; the same name rule as for projects).  ``precision`` is
    the share of found items whose primary position (or ``none`` for an empty list) is acceptable,
    ``recall`` the share of gold items found at all.
    """
    found = ok = 0
    missed: list[str] = []
    wrong: list[str] = []
    commitments = list(pred.get("commitments", [])) + list(pred.get("achievements", []))
    for quote, acceptable in gold.get("commitments", {}).items():
        q = _norm(quote)
        hits = [p for p in commitments if _norm(p.get("text")) in q and _located(p, q)]
        if not hits:
            missed.append(quote)
            continue
        found += 1
        primary = hits[0]["positions"][0]["id"] if hits[0].get("positions") else "none"
        ok += primary in acceptable
        if primary not in acceptable:
            wrong.append(f"{quote}: {primary} not in {acceptable}")
    names = [(p, _norm(p.get("name"))) for p in pred.get("projects", [])]
    for name, acceptable in gold.get("projects", {}).items():
        n = _norm(name)
        hit = next((p for p, m in names if m == n), None) or next(
            (p for p, m in names if (m in n or n in m) and min(len(m), len(n)) / max(len(m), len(n)) >= 0.75),
            None,
        )
        if hit is None:
            missed.append(name)
            continue
        found += 1
        primary = hit["positions"][0]["id"] if hit.get("positions") else "none"
        ok += primary in acceptable
        if primary not in acceptable:
            wrong.append(f"{name}: {primary} not in {acceptable}")
    total = len(gold.get("commitments", {})) + len(gold.get("projects", {}))
    precision = ok / found if found else 0.0
    recall = found / total if total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        document=str(gold.get("doc")),
        kind="positions",
        precision=precision,
        recall=recall,
        f1=f1,
        gold=total,
        predicted=found,
        missed=tuple(missed),
        unmatched=tuple(wrong),
    )


def score(gold: Mapping[str, Any], pred: Mapping[str, Any], kinds: Sequence[Kind] = KINDS) -> list[Score]:
    """Every list of *kinds* that the gold annotates, scored (positioning gold: primary positions)."""
    if is_positioning_gold(gold):
        return [score_positions(gold, pred)]
    out = []
    for kind in kinds:
        if kind == "projects":
            if gold.get("projects"):
                out.append(score_projects(gold, pred))
        elif gold.get(kind):
            out.append(score_commitments(gold, pred, kind))
    return out


def load_gold(path: str | Path) -> dict[str, Any]:
    """Read a gold file (JSON; never executed or unpickled)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise AnalyzerError(f"{path}: cannot read gold file: {exc.strerror or exc}") from exc
    except ValueError as exc:
        raise AnalyzerError(f"{path}: not a gold JSON file: {exc}") from exc
    if not isinstance(data, dict) or "doc" not in data:
        raise AnalyzerError(f"{path}: not a gold JSON file (no 'doc' key)")
    if is_positioning_gold(data):
        for key in ("commitments", "projects"):
            items = data.get(key, {})
            if not isinstance(items, dict) or not all(isinstance(v, list) for v in items.values()):
                raise AnalyzerError(
                    f"{path}: positioning gold {key!r} must map names to lists of position ids"
                )
        return data
    for key in ("commitments", "achievements", "optional", "optional_commitments", "optional_achievements"):
        items = data.get(key, [])
        # "optional" may hold optional project names (plain strings) instead, as in the seed's gold.
        if not isinstance(items, list) or not all(
            (isinstance(x, dict) and "quote" in x and "value" in x)
            or (key == "optional" and isinstance(x, str))
            for x in items
        ):
            raise AnalyzerError(f"{path}: gold {key!r} must be a list of items with 'quote' and 'value'")
    for x in data.get("commitments", []) + data.get("achievements", []):
        if not {"unit", "bound", "object", "action"} <= x.keys():
            raise AnalyzerError(f"{path}: gold item {x.get('quote')!r} lacks unit, bound, object or action")
    projects = data.get("projects", [])
    if not isinstance(projects, list) or not all(isinstance(p, dict) and "name" in p for p in projects):
        raise AnalyzerError(f"{path}: gold 'projects' must be a list of items with 'name'")
    return data


def find_report(gold: Mapping[str, Any], corpus: Path) -> Path:
    """The report a gold file annotates, looked up by its ``source_file`` in *corpus*."""
    name = gold.get("source_file") or f"{gold['doc']}.txt"
    path = corpus / str(name)
    if not path.is_file():
        raise AnalyzerError(
            f"{path}: the report annotated by gold '{gold['doc']}' is not there (use --corpus)"
        )
    return path


def evaluate_file(
    gold_path: str | Path,
    *,
    analyzer: Any,
    corpus: str | Path = "corpora",
    report: str | Path | None = None,
    kinds: Sequence[Kind] = KINDS,
) -> list[Score]:
    """Analyse the report a gold file annotates and score it."""
    gold = load_gold(gold_path)
    path = Path(report) if report else find_report(gold, Path(corpus))
    pred = analyzer.analyze(path).to_dict()
    return score(gold, pred, kinds)
