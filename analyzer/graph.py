"""The concept graph: reports, their sections, positions, commitments, projects and key concepts.

:func:`build_graph` turns analysed reports into one ``networkx.MultiDiGraph``.  Nodes of several
reports merge on stable ids (``pos:<id>``, ``project:<canonical name>``, ``concept:<term>``,
``place:<name>``), so one graph can hold a government's years.  Every node and edge carries its
provenance: ``document``, ``year`` and, where it comes from one place in a text, ``start``/``end``
and the ``evidence`` sentence.

Node kinds: document, section, position, commitment, achievement, project, concept, place, org.
Edge types (also the edge key): SUPPORTS (item → position, with method, confidence, evidence),
IN_SECTION (item → section), PART_OF (section → parent section or document), MENTIONS (item or
document → concept), LOCATED_IN (project → place), CO_OCCURS (concept ↔ concept in one sentence,
weighted by the number of sentences).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx

from analyzer.export.jsonout import number
from analyzer.records import Commitment, Project
from analyzer.segment.lexicon import load_lexicon

if TYPE_CHECKING:
    from analyzer.pipeline import Report
    from analyzer.positioning import Framework

__all__ = ["EDGE_TYPES", "NODE_KINDS", "GraphView", "build_graph", "key_concepts", "view"]

NODE_KINDS = (
    "document",
    "section",
    "position",
    "commitment",
    "achievement",
    "project",
    "concept",
    "place",
    "org",
)
EDGE_TYPES = ("SUPPORTS", "IN_SECTION", "PART_OF", "MENTIONS", "LOCATED_IN", "CO_OCCURS")
CONCEPTS_PER_DOCUMENT = 40
RE_TERM = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]+$")
# Function words and generic policy verbs that carry no concept.
STOP_TERMS = frozenset(
    [
        "我们",
        "他们",
        "坚持",
        "加快",
        "推进",
        "推动",
        "实施",
        "加强",
        "建设",
        "全面",
        "深入",
        "持续",
        "进一步",
        "不断",
        "积极",
        "大力",
        "着力",
        "扎实",
        "切实",
        "有效",
        "更加",
        "更好",
        "完善",
        "提升",
        "提高",
        "优化",
        "强化",
        "深化",
        "落实",
        "支持",
        "促进",
        "发展",
        "工作",
        "开展",
        "做好",
        "抓好",
        "统筹",
        "加大",
        "健全",
        "一批",
        "重点",
        "主要",
        "各类",
        "各项",
        "会议",
        "精神",
        "总体",
        "要求",
        "基础",
        "重要",
        "今年",
        "去年",
        "全年",
        "以上",
        "左右",
        "同比",
        "增长",
        "实现",
        "达到",
        "完成",
        "新增",
        "新建",
        "各位",
        "代表",
        "政府",
        "我省",
        "我市",
        "全省",
        "全市",
        "全区",
        "全国",
        "以及",
        "并且",
        "同时",
        "其中",
        "通过",
        "围绕",
        "聚焦",
        "力争",
        "确保",
        "继续",
        "保持",
        "稳定",
        "作用",
        "能力",
        "水平",
        "体系",
        "机制",
        "工程",
        "项目",
        "行动",
        "方面",
        "领域",
        "地区",
        "产业",
        "经济",
        "服务",
        "政策",
        "创新",
        "改革",
        "社会",
        "城市",
        "农村",
        "国家",
        "中国",
    ]
)


def _node_id(kind: str, *parts: object) -> str:
    return f"{kind}:" + ":".join(str(p) for p in parts)


NOUN_TAGS = frozenset({"n", "nz", "nt", "ns", "nw", "vn", "an", "l"})


@functools.cache
def _word_tags() -> dict[str, str]:
    """jieba's dictionary of part-of-speech tags (a lookup table, loaded once; jieba's globals untouched)."""
    import jieba
    import jieba.posseg

    tags: dict[str, str] = dict(jieba.posseg.POSTokenizer(jieba.Tokenizer()).word_tag_tab)
    tags.update(load_lexicon().terms)
    return tags


def _is_concept(word: str, tags: dict[str, str]) -> bool:
    if not RE_TERM.match(word) or word in STOP_TERMS:
        return False
    tag = tags.get(word)
    return tag in NOUN_TAGS if tag is not None else len(word) >= 3


def key_concepts(
    reports: Sequence[Report], *, top: int = CONCEPTS_PER_DOCUMENT
) -> dict[str, list[tuple[str, float]]]:
    """Key terms of each report: nouns and policy terms (jieba's tag dictionary and the policy
    lexicon), ranked by TF-IDF over the given reports (their tokens)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    tags = _word_tags()
    docs = [[t.text for t in r.tokens if _is_concept(t.text, tags)] for r in reports]
    if not any(docs):
        return {r.document.id: [] for r in reports}
    vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2")
    matrix = vec.fit_transform(docs)
    terms = vec.get_feature_names_out()
    out: dict[str, list[tuple[str, float]]] = {}
    for i, r in enumerate(reports):
        row = matrix.getrow(i).tocoo()
        ranked = sorted(zip(row.data, row.col, strict=True), key=lambda x: (-x[0], terms[x[1]]))
        out[r.document.id] = [(str(terms[c]), round(float(s), 6)) for s, c in ranked[:top]]
    return out


def build_graph(
    reports: Iterable[Report], *, framework: Framework | None = None, name: str = "analyzer concept graph"
) -> nx.MultiDiGraph:
    """The concept graph of one or more analysed reports.

    >>> from analyzer import analyze
    >>> g = build_graph([analyze("今年新建5个口袋公园。")])
    >>> sorted({d["kind"] for _, d in g.nodes(data=True)})
    ['commitment', 'concept', 'document', 'section']
    """
    reports = sorted(reports, key=lambda r: (r.document.year or 0, r.document.id))
    g = nx.MultiDiGraph(name=name, documents=[r.document.id for r in reports])
    frameworks = [framework] if framework else []
    frameworks += [r.extras["framework"] for r in reports if r.extras.get("framework")]
    fw = frameworks[0] if frameworks else None
    g.graph["framework"] = f"{fw.name}@{fw.version}" if fw else ""
    if fw:
        for p in fw.positions:
            g.add_node(
                _node_id("pos", p.id), kind="position", label=p.name, name=p.name, document="", year=None,
                start=None, end=None, evidence=p.description,
            )  # fmt: skip
    concepts = key_concepts(reports)
    for r in reports:
        _add_report(g, r, concepts.get(r.document.id, []))
    return g


def _add_report(g: nx.MultiDiGraph, r: Report, concepts: list[tuple[str, float]]) -> None:
    d = r.document
    doc = _node_id("doc", d.id)
    prov = {"document": d.id, "year": d.year}
    g.add_node(
        doc, kind="document", label=d.title or d.id, government=d.government or "", level=d.level or "",
        start=0, end=len(d.text), evidence="", **prov,
    )  # fmt: skip
    for s in r.sections:
        sid = _node_id("sec", d.id, s.id)
        g.add_node(
            sid, kind="section", label=s.title, part=s.part, level=s.level, start=s.start, end=s.end,
            evidence=s.title, **prov,
        )  # fmt: skip
        parent = _node_id("sec", d.id, s.parent) if s.parent else doc
        g.add_edge(sid, parent, key="PART_OF", type="PART_OF", start=s.start, end=s.end, evidence="", **prov)
    sentences = {s.id: s.text for s in r.sentences}
    for cite in r.extras.get("citations", ()):
        pos = _node_id("pos", cite.id)
        if cite.id is not None and pos in g:
            g.add_edge(
                doc, pos, key=f"MENTIONS:{d.id}:{cite.start}", type="MENTIONS", start=cite.start, end=cite.end,
                evidence=sentences.get(cite.sentence, ""), **prov,
            )  # fmt: skip
    for c in r.commitments:
        _add_item(g, r, c, "commitment")
    for c in r.achievements:
        _add_item(g, r, c, "achievement")
    places = {p.name for p in r.projects if p.type == "place"}
    for p in r.projects:
        _add_project(g, r, p, places)
    _add_concepts(g, r, concepts)


def _item_node(d_id: str, kind: str, c: Commitment) -> str:
    return _node_id(kind, d_id, f"{c.start}-{c.end}")


def _add_item(g: nx.MultiDiGraph, r: Report, c: Commitment, kind: str) -> None:
    d = r.document
    nid = _item_node(d.id, kind, c)
    prov = {"document": d.id, "year": d.year, "start": c.start, "end": c.end, "evidence": c.sentence}
    label = f"{c.action or ''}{c.object or ''} {c.text}".strip()
    g.add_node(
        nid, kind=kind, label=label, value=float(number(c.value) or 0),
        value_max=None if c.value_max is None else float(number(c.value_max) or 0), unit=c.unit, bound=c.bound,
        status=c.status, action=c.action or "", object=c.object or "", period=c.period or "", **prov,
    )  # fmt: skip
    if c.section:
        g.add_edge(nid, _node_id("sec", d.id, c.section), key="IN_SECTION", type="IN_SECTION", **prov)
    _add_supports(g, nid, c.positions, prov)


def _add_supports(g: nx.MultiDiGraph, nid: str, positions: Sequence[Any], prov: dict[str, Any]) -> None:
    for rank, link in enumerate(positions):
        pos = _node_id("pos", link.id)
        if pos not in g:
            continue
        g.add_edge(
            nid, pos, key=f"SUPPORTS:{rank}" if rank else "SUPPORTS", type="SUPPORTS", method=link.method,
            confidence=float(link.confidence), primary=rank == 0,
            **{**prov, "evidence": link.evidence},
        )  # fmt: skip


def _add_project(g: nx.MultiDiGraph, r: Report, p: Project, places: set[str]) -> None:
    d = r.document
    kind = p.type if p.type in ("place", "org") else "project"
    nid = _node_id(kind, p.name)
    first = p.mentions[0] if p.mentions else None
    sentences = {s.id: s.text for s in r.sentences}
    evidence = sentences.get(first.sentence, "") if first else ""
    if nid in g:
        node = g.nodes[nid]
        node["documents"] = sorted({*node.get("documents", []), d.id})
        node["mentions"] = int(node.get("mentions", 0)) + len(p.mentions)
    else:
        g.add_node(
            nid, kind=kind, label=p.name, type=p.type, document=d.id, documents=[d.id], year=d.year,
            start=first.start if first else None, end=first.end if first else None, evidence=evidence,
            mentions=len(p.mentions),
        )  # fmt: skip
    for m in p.mentions:
        prov = {
            "document": d.id,
            "year": d.year,
            "start": m.start,
            "end": m.end,
            "evidence": sentences.get(m.sentence, ""),
        }
        if m.section and kind == "project":
            g.add_edge(
                nid,
                _node_id("sec", d.id, m.section),
                key=f"IN_SECTION:{d.id}:{m.start}",
                type="IN_SECTION",
                **prov,
            )
    if kind == "project" and first:
        prov = {
            "document": d.id,
            "year": d.year,
            "start": first.start,
            "end": first.end,
            "evidence": evidence,
        }
        _add_supports(g, nid, p.positions, prov)
        for place in sorted(places):
            if place != p.name and p.name.startswith(place):
                g.add_edge(nid, _node_id("place", place), key="LOCATED_IN", type="LOCATED_IN", **prov)


def _add_concepts(g: nx.MultiDiGraph, r: Report, concepts: list[tuple[str, float]]) -> None:
    d = r.document
    terms = {t: s for t, s in concepts}
    if not terms:
        return
    for term, score in concepts:
        nid = _node_id("concept", term)
        if nid not in g:
            g.add_node(
                nid,
                kind="concept",
                label=term,
                score=score,
                document="",
                year=None,
                start=None,
                end=None,
                evidence="",
            )
        else:
            g.nodes[nid]["score"] = max(float(g.nodes[nid]["score"]), score)
        g.add_edge(
            _node_id("doc", d.id), nid, key=f"MENTIONS:{d.id}", type="MENTIONS", weight=score, document=d.id,
            year=d.year, start=None, end=None, evidence="",
        )  # fmt: skip
    # Concepts that share a sentence, weighted by the number of such sentences.
    pairs: Counter[tuple[str, str]] = Counter()
    first_seen: dict[tuple[str, str], Any] = {}
    for s in r.sentences:
        present = sorted(t for t in terms if t in s.text)
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                pairs[(a, b)] += 1
                first_seen.setdefault((a, b), s)
    for (a, b), n in sorted(pairs.items()):
        s = first_seen[(a, b)]
        g.add_edge(
            _node_id("concept", a), _node_id("concept", b), key=f"CO_OCCURS:{d.id}", type="CO_OCCURS",
            weight=float(n), document=d.id, year=d.year, start=s.start, end=s.end, evidence=s.text,
        )  # fmt: skip
    # Items mention the concepts found in their object or name.
    for kind, items in (("commitment", r.commitments), ("achievement", r.achievements)):
        for c in items:
            for t in terms:
                if c.object and t in c.object:
                    g.add_edge(
                        _item_node(d.id, kind, c), _node_id("concept", t), key="MENTIONS", type="MENTIONS",
                        weight=1.0, document=d.id, year=d.year, start=c.start, end=c.end, evidence=c.sentence,
                    )  # fmt: skip


class GraphView:
    """The interactive viewer of a graph, displayed inline in a notebook (``_repr_html_``).

    The viewer page is embedded as an ``<iframe srcdoc>``, escaped, so that its scripts run in
    their own document and nothing from the reports can break out into the notebook page.
    """

    def __init__(
        self, graph: nx.MultiDiGraph, *, title: str = "analyzer concept graph", height: int = 640
    ) -> None:
        self.graph = graph
        self.title = title
        self.height = height

    def _repr_html_(self) -> str:
        from html import escape

        from analyzer.export.graphs import generate_html

        page = generate_html(self.graph, title=self.title)
        return (
            f'<iframe srcdoc="{escape(page, quote=True)}" style="width:100%;height:{int(self.height)}px;'
            f'border:1px solid #ddd" sandbox="allow-scripts"></iframe>'
        )


def view(graph: nx.MultiDiGraph, **options: Any) -> GraphView:
    """Show *graph* in the offline viewer, inline in Jupyter.

    >>> from analyzer import analyze
    >>> "<iframe" in view(build_graph([analyze("今年新建5个口袋公园。")]))._repr_html_()
    True
    """
    return GraphView(graph, **options)
