"""Tests of analyzer.export.graphs: every graph format read back by its reader, determinism, and
the offline HTML viewer rendered by headless Chromium (Debian: ``apt-get install chromium``).

The graphs are built here following the concept-graph schema, with Chinese labels and hostile
strings (script tags, attribute breakers, control characters) in ids, labels and evidence.
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pytest

from analyzer.errors import AnalyzerError, ConfigError, OutputError
from analyzer.export import graphs
from analyzer.export.graphs import (
    FORMATS,
    flatten,
    generate_html,
    layout,
    write_graph,
    write_neo4j,
)

ROOT = Path(__file__).resolve().parent.parent

HOSTILE = [
    "<script>alert(1)</script>",
    "</script><script>alert(2)</script>",
    '" onerror="alert(3)',
    "<img src=x onerror=alert(4)>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned','1')\">",
    "</script><script>document.body.setAttribute('data-pwned','2')</script>",
    "<!-- <script>document.body.setAttribute('data-pwned','3')</script> -->",
    "</SCRIPT ><svg onload=\"document.body.setAttribute('data-pwned','4')\">",
    "\u2028\u2029 & &amp; ' \" \\ `${document.title}` {{DATA}} {{TITLE}}",
]
HOSTILE_ID = "project:<img src=x onerror=\"document.body.setAttribute('data-pwned','5')\">,\"'|;"
EXT = {"graphml": "graphml", "gexf": "gexf", "json": "json", "cytoscape": "cyjs", "neo4j": "", "turtle": "ttl", "jsonld": "jsonld", "html": "html"}  # fmt: skip


def make_graph(*, hostile: bool = False) -> nx.MultiDiGraph:
    """A small concept graph following the schema of analyzer/graph.py."""
    h = HOSTILE if hostile else [""] * len(HOSTILE)
    g = nx.MultiDiGraph(
        name="杏花岭区概念图" + h[0], framework="六地", documents=["xinghualing-2024", "taiyuan-2025"]
    )
    none = {"document": "", "year": None, "start": None, "end": None, "evidence": ""}
    g.add_node("doc:xinghualing-2024", kind="document", label="2024年杏花岭区政府工作报告", **{**none, "document": "xinghualing-2024", "year": 2024})  # fmt: skip
    g.add_node("doc:taiyuan-2025", kind="document", label="2025年太原市政府工作报告", **{**none, "document": "taiyuan-2025", "year": 2025})  # fmt: skip
    for i, (doc, title) in enumerate([("xinghualing-2024", "二、2024年工作安排"), ("xinghualing-2024", "（一）坚持创新驱动" + h[1]), ("taiyuan-2025", "三、2025年重点任务")]):  # fmt: skip
        sid = f"sec:{doc}:sec{i + 1}"
        g.add_node(sid, kind="section", label=title, part="plan", level=1 + i % 2, document=doc, year=int(doc[-4:]), start=100 * i, end=100 * i + 90, evidence="")  # fmt: skip
        g.add_edge(sid, f"doc:{doc}", key="PART_OF", type="PART_OF", document=doc, year=int(doc[-4:]))
    positions = {"pos:manufacturing": "全国重要的先进制造业基地", "pos:digital": "数字经济创新发展高地" + h[2], "pos:culture": "文旅融合发展示范区"}  # fmt: skip
    for pid, label in positions.items():
        g.add_node(pid, kind="position", label=label, name=label, **none)
    commitments = [
        ("commitment:xinghualing-2024:1012-1018", "commitment", "地区生产总值增长6%左右", 6.0, None, "%", "about", "增长", "地区生产总值", "2024", "sec:xinghualing-2024:sec1", "pos:manufacturing", "explicit"),
        ("commitment:xinghualing-2024:1100-1110", "commitment", "新增市场主体1万户以上" + h[3], 1.0, None, "万户", "min", "新增", "市场主体", None, "sec:xinghualing-2024:sec2", "pos:digital", "section"),
        ("commitment:taiyuan-2025:300-312", "commitment", "数字经济核心产业增加值增长10%-12%", 10.0, 12.0, "%", "range", "增长", "数字经济核心产业增加值", "2025", "sec:taiyuan-2025:sec3", "pos:digital", "similarity"),
        ("achievement:xinghualing-2024:50-60", "achievement", "接待游客突破1000万人次", 1000.0, None, "万人次", "min", "接待", "游客", "2023", "sec:xinghualing-2024:sec1", "pos:culture", "explicit"),
    ]  # fmt: skip
    for cid, kind, label, value, vmax, unit, bound, action, obj, period, sec, pos, method in commitments:
        doc = cid.split(":")[1]
        start, end = (int(x) for x in cid.split(":")[2].split("-"))
        evidence = f"{label}。" + ("\n" + h[4] + "\r\n" + h[5] if hostile and kind == "achievement" else "")
        g.add_node(cid, kind=kind, label=label, document=doc, year=int(doc[-4:]), start=start, end=end, evidence=evidence, value=value, value_max=vmax, unit=unit, bound=bound, status="target" if kind == "commitment" else "achieved", action=action, object=obj, period=period)  # fmt: skip
        g.add_edge(cid, sec, key="IN_SECTION", type="IN_SECTION", confidence=1.0, evidence="", document=doc, year=int(doc[-4:]), start=start, end=end)  # fmt: skip
        g.add_edge(cid, pos, key="SUPPORTS", type="SUPPORTS", method=method, confidence={"explicit": 1.0, "section": 0.8, "similarity": 0.42}[method], evidence=evidence + h[6], document=doc, year=int(doc[-4:]), start=start, end=end)  # fmt: skip
    project = HOSTILE_ID if hostile else "project:杨家峪数字经济产业园"
    g.add_node(project, kind="project", label="杨家峪数字经济产业园" + h[7], type="产业园", documents=["xinghualing-2024", "taiyuan-2025"], document="xinghualing-2024", year=2024, start=2000, end=2010, evidence="加快建设杨家峪数字经济产业园。" + h[8])  # fmt: skip
    g.add_node("project:太原植物园", kind="project", label="太原植物园", type="公园", documents=["taiyuan-2025"], **{**none, "document": "taiyuan-2025", "year": 2025, "evidence": "建成太原植物园。"})  # fmt: skip
    g.add_edge(project, "pos:digital", key="SUPPORTS", type="SUPPORTS", method="explicit", confidence=0.9, evidence="打造数字经济创新发展高地", document="xinghualing-2024", year=2024, start=2000, end=2010)  # fmt: skip
    g.add_edge(project, "sec:xinghualing-2024:sec2", key="IN_SECTION", type="IN_SECTION", document="xinghualing-2024", year=2024)  # fmt: skip
    g.add_node("place:杏花岭区", kind="place", label="杏花岭区", **none)
    g.add_node("org:睿信智达", kind="org", label="睿信智达", **{**none, "evidence": "睿信智达落户杏花岭区" + ("\x00\x1b\ufffe" if hostile else "")})  # fmt: skip
    g.add_edge(project, "place:杏花岭区", key="LOCATED_IN", type="LOCATED_IN", confidence=1.0)
    g.add_edge("org:睿信智达", "place:杏花岭区", key="LOCATED_IN", type="LOCATED_IN", confidence=0.7)
    g.add_node("concept:新质生产力", kind="concept", label="新质生产力", score=0.91, **none)
    g.add_node("concept:数字经济", kind="concept", label="数字经济", score=0.5, **none)
    g.add_edge(project, "concept:数字经济", key="MENTIONS", type="MENTIONS", confidence=1.0, evidence="", document="xinghualing-2024", year=2024, start=2000, end=2004)  # fmt: skip
    g.add_edge("concept:新质生产力", "concept:数字经济", key="CO_OCCURS", type="CO_OCCURS", weight=3.0, confidence=0.6)  # fmt: skip
    g.add_edge("commitment:taiyuan-2025:300-312", "concept:数字经济", key="MENTIONS", type="MENTIONS")
    return g


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return make_graph()


@pytest.fixture(scope="module")
def hostile() -> nx.MultiDiGraph:
    return make_graph(hostile=True)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory, hostile: nx.MultiDiGraph) -> dict[str, list[Path]]:
    out = tmp_path_factory.mktemp("hostile")
    return {
        fmt: write_graph(hostile, out / f"g.{EXT[fmt]}" if EXT[fmt] else out / "neo4j", fmt)
        for fmt in FORMATS
    }


def clean(text: str) -> str:
    return graphs._clean(text)


# ---------------------------------------------------------------------------------------------
# API


def test_formats_and_unknown_format(tmp_path: Path, graph: nx.MultiDiGraph) -> None:
    assert FORMATS == ("graphml", "gexf", "json", "cytoscape", "neo4j", "turtle", "jsonld", "html")
    with pytest.raises(ConfigError) as err:
        write_graph(graph, tmp_path / "g.x", "dot")
    assert isinstance(err.value, AnalyzerError)
    for fmt in FORMATS:
        assert repr(fmt) in str(err.value)
    assert not list(tmp_path.iterdir())


def test_write_graph_returns_files(written: dict[str, list[Path]]) -> None:
    for fmt, files in written.items():
        assert files and all(f.is_file() and f.stat().st_size > 0 for f in files), fmt
        assert len(files) == 1 or fmt == "neo4j"
    assert not [p for p in written["html"][0].parent.iterdir() if p.name.startswith(".")], "temp files left"


def test_unwritable_target_is_output_error(tmp_path: Path, graph: nx.MultiDiGraph) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for fmt in FORMATS:
        with pytest.raises(OutputError):
            write_graph(graph, blocker / "sub" / f"g.{fmt}", fmt)
    with pytest.raises(OutputError):
        write_neo4j(graph, blocker)  # a file, not a folder
    assert blocker.read_text(encoding="utf-8") == "x"


def test_flatten_gives_scalars_only(hostile: nx.MultiDiGraph) -> None:
    flat = flatten(hostile)
    assert list(flat.nodes) == sorted(hostile.nodes)
    assert flat.number_of_edges() == hostile.number_of_edges()
    assert flat.graph["documents"] == "xinghualing-2024|taiyuan-2025"
    assert flat.nodes[HOSTILE_ID]["documents"] == "xinghualing-2024|taiyuan-2025"
    assert "value_max" not in flat.nodes["commitment:xinghualing-2024:1012-1018"]  # None dropped
    assert flat.nodes["commitment:taiyuan-2025:300-312"]["value_max"] == 12.0
    assert "period" not in flat.nodes["commitment:xinghualing-2024:1100-1110"]
    for scope in (flat.graph.values(), *(d.values() for _, d in flat.nodes(data=True)), *(d.values() for *_, d in flat.edges(data=True))):  # fmt: skip
        for value in scope:
            assert isinstance(value, (str, int, float, bool)), value
    types: dict[str, set[type]] = {}
    for _, data in flat.nodes(data=True):
        for k, v in data.items():
            types.setdefault(k, set()).add(type(v))
    assert all(len(t) == 1 for t in types.values()), types
    assert "\x00" not in flat.nodes["org:睿信智达"]["evidence"]
    assert hostile.nodes["org:睿信智达"]["evidence"].endswith("\x00\x1b\ufffe")  # input untouched


def test_flatten_unifies_mixed_types() -> None:
    g = nx.MultiDiGraph()
    g.add_node("a", level=1, score=1, flag=True)
    g.add_node("b", level="一", score=0.5, flag=False)
    flat = flatten(g)
    assert flat.nodes["a"]["level"] == "1" and flat.nodes["b"]["level"] == "一"
    assert flat.nodes["a"]["score"] == 1.0 and isinstance(flat.nodes["a"]["score"], float)
    assert flat.nodes["a"]["flag"] is True


# ---------------------------------------------------------------------------------------------
# GraphML, GEXF, node-link, Cytoscape


def check_nodes(read: nx.Graph, original: nx.MultiDiGraph, *, label_key: str = "label") -> None:
    assert read.number_of_nodes() == original.number_of_nodes()
    assert set(map(str, read.nodes)) == {clean(str(n)) for n in original.nodes}
    for node, data in original.nodes(data=True):
        got = read.nodes[clean(node)]
        assert got[label_key] == clean(data["label"])
        assert got["kind"] == data["kind"]
    assert read.nodes["pos:manufacturing"][label_key] == "全国重要的先进制造业基地"


def test_graphml_round_trip(written: dict[str, list[Path]], hostile: nx.MultiDiGraph) -> None:
    text = written["graphml"][0].read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "杏花岭区概念图" in text  # Chinese not escaped
    read = nx.read_graphml(written["graphml"][0])
    check_nodes(read, hostile)
    assert read.number_of_edges() == hostile.number_of_edges()
    c = read.nodes["commitment:taiyuan-2025:300-312"]
    assert (c["value"], c["value_max"], c["unit"], c["year"], c["start"]) == (10.0, 12.0, "%", 2025, 300)
    ach = read.nodes["achievement:xinghualing-2024:50-60"]
    assert ach["evidence"] == hostile.nodes["achievement:xinghualing-2024:50-60"]["evidence"]  # \r\n kept
    assert read.nodes["org:睿信智达"]["evidence"] == "睿信智达落户杏花岭区\ufffd\ufffd\ufffd"
    assert read.nodes[HOSTILE_ID]["documents"] == "xinghualing-2024|taiyuan-2025"
    assert read.graph["framework"] == "六地"
    supports = [d for *_, d in read.edges(data=True) if d["type"] == "SUPPORTS"]
    assert len(supports) == 5 and {d["method"] for d in supports} == {"explicit", "section", "similarity"}
    assert all(isinstance(d["confidence"], float) for d in supports)
    ids = re.findall(r'<edge [^>]*id="([^"]+)"', text)
    assert len(ids) == len(set(ids)) == hostile.number_of_edges()


def test_gexf_round_trip(written: dict[str, list[Path]], hostile: nx.MultiDiGraph) -> None:
    text = written["gexf"][0].read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text and 'mode="static"' in text
    read = nx.read_gexf(written["gexf"][0])
    check_nodes(read, hostile)
    assert read.number_of_edges() == hostile.number_of_edges()
    c = read.nodes["commitment:xinghualing-2024:1012-1018"]
    assert (c["value"], c["char_start"], c["char_end"], c["action"]) == (6.0, 1012, 1018, "增长")
    relations = sorted(d["relation"] for *_, d in read.edges(data=True))
    assert relations == sorted(d["type"] for *_, d in hostile.edges(data=True))
    co = [d for *_, d in read.edges(data=True) if d["relation"] == "CO_OCCURS"]
    assert co[0]["weight"] == 3.0


def test_node_link_round_trip(written: dict[str, list[Path]], hostile: nx.MultiDiGraph) -> None:
    data = json.loads(written["json"][0].read_text(encoding="utf-8"))
    read = nx.node_link_graph(data, edges="edges")
    assert isinstance(read, nx.MultiDiGraph)
    assert sorted(read.nodes) == sorted(clean(n) for n in hostile.nodes)
    assert sorted(read.edges(keys=True)) == sorted(
        (clean(u), clean(v), k) for u, v, k in hostile.edges(keys=True)
    )
    for node, attrs in hostile.nodes(data=True):
        expected = {k: clean(v) if isinstance(v, str) else v for k, v in attrs.items()}
        assert read.nodes[clean(node)] == expected  # lists, None and Chinese kept as they are
    assert read.graph["documents"] == ["xinghualing-2024", "taiyuan-2025"]
    assert '"label":"全国重要的先进制造业基地"' in written["json"][0].read_text(encoding="utf-8")


def test_cytoscape_json(written: dict[str, list[Path]], hostile: nx.MultiDiGraph) -> None:
    data = json.loads(written["cytoscape"][0].read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert ids == {clean(n) for n in hostile.nodes}
    assert len(edges) == hostile.number_of_edges()
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    commitment = next(n["data"] for n in nodes if n["data"]["id"] == "commitment:taiyuan-2025:300-312")
    assert commitment["value"] == 10.0 and commitment["label"] == "数字经济核心产业增加值增长10%-12%"
    assert {e["data"]["type"] for e in edges} == {"SUPPORTS", "IN_SECTION", "PART_OF", "MENTIONS", "LOCATED_IN", "CO_OCCURS"}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Neo4j


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_neo4j_csv(written: dict[str, list[Path]], hostile: nx.MultiDiGraph) -> None:
    files = written["neo4j"]
    folder = files[0].parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in files)
    node_files = sorted(folder.glob("nodes_*.csv"))
    rel_files = sorted(folder.glob("relationships_*.csv"))
    assert {p.name for p in node_files} == {f"nodes_{k}.csv" for k in ("document", "section", "position", "commitment", "achievement", "project", "concept", "place", "org")}  # fmt: skip
    ids: dict[str, dict[str, str]] = {}
    for path in node_files:
        header, rows = read_csv(path)
        assert header[0] == "id:ID" and header[-1] == ":LABEL" and "label" in header and "kind" in header
        for row in rows:
            assert len(row) == len(header)
            record = dict(zip(header, row, strict=True))
            assert record[":LABEL"].split(";")[0] == "AnalyzerNode"
            assert record["id:ID"] not in ids
            ids[record["id:ID"]] = record
    assert set(ids) == {clean(n) for n in hostile.nodes}
    assert ids[HOSTILE_ID]["label"] == clean(hostile.nodes[HOSTILE_ID]["label"])
    assert ids[HOSTILE_ID]["documents:string[]"] == "xinghualing-2024|taiyuan-2025"
    ach = ids["achievement:xinghualing-2024:50-60"]
    assert ach["evidence"] == hostile.nodes["achievement:xinghualing-2024:50-60"]["evidence"]
    assert ach[":LABEL"] == "AnalyzerNode;Achievement" and ach["value:double"] == "1000.0"
    assert ids["commitment:xinghualing-2024:1012-1018"]["year:long"] == "2024"
    assert ids["commitment:xinghualing-2024:1012-1018"]["value_max:double"] == ""
    count = 0
    for path in rel_files:
        header, rows = read_csv(path)
        assert header[:3] == [":START_ID", ":END_ID", ":TYPE"]
        for row in rows:
            assert len(row) == len(header)
            assert row[0] in ids and row[1] in ids, row
            assert path.name == f"relationships_{row[2]}.csv"
            count += 1
    assert count == hostile.number_of_edges()
    header, rows = read_csv(folder / "relationships_SUPPORTS.csv")
    assert "method" in header and "confidence:double" in header
    cypher = (folder / "load.cypher").read_text(encoding="utf-8")
    for path in node_files + rel_files:
        assert f"LOAD CSV WITH HEADERS FROM 'file:///{path.name}' AS row" in cypher
    assert cypher.count("MERGE (n:AnalyzerNode {id: row.`id:ID`})") == len(node_files)
    assert cypher.count("CREATE (a)-[r:") == len(rel_files)
    readme = (folder / "README.txt").read_text(encoding="utf-8")
    assert "neo4j-admin database import full" in readme and "load.cypher" in readme
    assert all(f"--nodes=import/{p.name}" in readme for p in node_files)


def test_neo4j_folder_replaced_atomically(tmp_path: Path, graph: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    target = tmp_path / "neo4j"
    target.mkdir()
    (target / "stale.csv").write_text("old", encoding="utf-8")
    files = write_neo4j(graph, target)
    assert not (target / "stale.csv").exists() and all(f.parent == target for f in files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo4j"]  # no temporary folders left
    before = {p.name: p.read_bytes() for p in target.iterdir()}
    calls = []

    def failing(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OutputError(f"{path}: disk full")
        Path(path).write_text(text, encoding="utf-8")

    monkeypatch.setattr(graphs, "write_text", failing)
    with pytest.raises(OutputError):
        write_neo4j(make_graph(hostile=True), target)
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo4j"]


# ---------------------------------------------------------------------------------------------
# RDF


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_rdf_turtle_and_jsonld(written: dict[str, list[Path]], hostile: nx.MultiDiGraph) -> None:
    rdflib = pytest.importorskip("rdflib", reason="rdflib is a dependency of analyzer: pip install rdflib")
    from rdflib import RDF, RDFS, Literal, Namespace, URIRef
    from rdflib.compare import isomorphic

    az = Namespace(graphs.NAMESPACE)
    ttl = rdflib.Graph().parse(written["turtle"][0], format="turtle")
    jsonld = rdflib.Graph().parse(written["jsonld"][0], format="json-ld")
    assert len(ttl) > 100
    assert isomorphic(ttl, jsonld)
    assert isomorphic(ttl, graphs.to_rdf(hostile))
    node = URIRef(graphs.ID_BASE + quote("pos:manufacturing", safe=""))
    assert ttl.value(node, RDFS.label) == Literal("全国重要的先进制造业基地")
    assert (node, RDF.type, az.Position) in ttl
    project = URIRef(graphs.ID_BASE + quote(HOSTILE_ID, safe=""))
    assert str(ttl.value(project, RDFS.label)) == hostile.nodes[HOSTILE_ID]["label"]
    assert str(ttl.value(project, az.nodeId)) == HOSTILE_ID
    assert {str(d) for d in ttl.objects(project, az.document)} == {"xinghualing-2024", "taiyuan-2025"}
    ach = URIRef(graphs.ID_BASE + quote("achievement:xinghualing-2024:50-60", safe=""))
    assert str(ttl.value(ach, az.evidence)) == hostile.nodes["achievement:xinghualing-2024:50-60"]["evidence"]
    assert ttl.value(ach, az.value).toPython() == 1000.0 and ttl.value(ach, az.year).toPython() == 2024
    # SUPPORTS: a direct triple plus a qualified az:Support node with method and confidence
    c = URIRef(graphs.ID_BASE + quote("commitment:taiyuan-2025:300-312", safe=""))
    digital = URIRef(graphs.ID_BASE + quote("pos:digital", safe=""))
    assert (c, az.supports, digital) in ttl
    support = ttl.value(predicate=az["from"], object=c, any=True)
    supports = [s for s in ttl.subjects(RDF.type, az.Support) if ttl.value(s, az["from"]) == c]
    assert len(supports) == 1 and support is not None
    s = supports[0]
    assert ttl.value(s, az.to) == digital and ttl.value(s, az.relation) == az.supports
    assert str(ttl.value(s, az.method)) == "similarity" and ttl.value(s, az.confidence).toPython() == 0.42
    for kind in ("Document", "Section", "Position", "Commitment", "Achievement", "Project", "Concept", "Place", "Org"):  # fmt: skip
        assert any(ttl.subjects(RDF.type, az[kind])), kind
    for prop in ("supports", "inSection", "partOf", "mentions", "locatedIn", "coOccurs"):
        assert any(ttl.triples((None, az[prop], None))), prop


# ---------------------------------------------------------------------------------------------
# determinism


def write_all(graph: nx.MultiDiGraph, out: Path) -> dict[str, bytes]:
    for fmt in FORMATS:
        write_graph(graph, out / f"g.{EXT[fmt]}" if EXT[fmt] else out / "neo4j", fmt)
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_outputs_are_deterministic(tmp_path: Path, hostile: nx.MultiDiGraph) -> None:
    first = write_all(hostile, tmp_path / "a")
    second = write_all(hostile, tmp_path / "b")
    shuffled = nx.MultiDiGraph()  # the same graph built in another order
    shuffled.graph.update(hostile.graph)
    shuffled.add_nodes_from(sorted(hostile.nodes(data=True), reverse=True))
    shuffled.add_edges_from(sorted(hostile.edges(keys=True, data=True), key=lambda e: (e[2], e[1], e[0]), reverse=True))  # fmt: skip
    third = write_all(shuffled, tmp_path / "c")
    # 7 single files, and the neo4j folder: README.txt, load.cypher, 9 node and 6 relationship CSVs
    assert len(first) == len(FORMATS) - 1 + 2 + 9 + 6
    for name in first:
        assert first[name] == second[name], name
        assert first[name] == third[name], name


def test_outputs_do_not_depend_on_hash_seed(tmp_path: Path) -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]); from pathlib import Path; import test_export as t; "
        "t.write_all(t.make_graph(hostile=True), Path(sys.argv[1]))"
    )
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(out), str(Path(__file__).parent)], check=True, env=env, cwd=ROOT, timeout=300)  # fmt: skip
        outputs.append(
            {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
        )
    assert outputs[0] == outputs[1]


def test_layout_is_deterministic_and_bounded() -> None:
    assert layout(nx.MultiDiGraph()) == {}
    assert layout(nx.MultiDiGraph([("a", "a")])) == {"a": (500.0, 500.0)}
    big = nx.MultiDiGraph(nx.barabasi_albert_graph(900, 2, seed=3))  # the grid approximation (> 600 nodes)
    big = nx.relabel_nodes(big, {n: f"n{n}" for n in big})
    pos = layout(big)
    assert pos == layout(big) and len(pos) == 900
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    assert min(xs) >= 0 and min(ys) >= 0 and max(max(xs), max(ys)) == 1000.0
    assert len(set(pos.values())) > 850  # nodes are spread out, not stacked


# ---------------------------------------------------------------------------------------------
# HTML viewer: static checks


def data_block(page: str) -> str:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, flags=re.S)
    assert match, "graph-data block missing"
    return match.group(1)


def test_html_data_block_is_escaped(written: dict[str, list[Path]], hostile: nx.MultiDiGraph) -> None:
    page = written["html"][0].read_text(encoding="utf-8")
    block = data_block(page)
    for bad in ("<", ">", "&", "\u2028", "\u2029"):
        assert bad not in block, bad
    data = json.loads(block)
    assert len(data["nodes"]) == hostile.number_of_nodes() and len(data["edges"]) == hostile.number_of_edges()
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    assert labels[HOSTILE_ID] == hostile.nodes[HOSTILE_ID]["label"]  # exact text after JSON decoding
    evidence = {n["id"]: n["attrs"].get("evidence") for n in data["nodes"]}
    assert evidence[HOSTILE_ID] == hostile.nodes[HOSTILE_ID]["evidence"]
    for n in data["nodes"]:
        assert 0 <= n["x"] <= 1000 and 0 <= n["y"] <= 1000
    positions = {nodes["id"] for nodes in (data["nodes"][i] for i in data["positions"])}
    assert positions == {"pos:manufacturing", "pos:digital", "pos:culture"}
    digital = next(i for i, n in enumerate(data["nodes"]) if n["id"] == "pos:digital")
    linked = {n["id"] for n in data["nodes"] if digital in n["pos"]}
    assert linked == {"commitment:xinghualing-2024:1100-1110", "commitment:taiyuan-2025:300-312", HOSTILE_ID}


def test_html_has_no_unescaped_hostile_strings(written: dict[str, list[Path]]) -> None:
    page = written["html"][0].read_text(encoding="utf-8")
    for text in [*HOSTILE, HOSTILE_ID, "<img", "<svg", "data-pwned"]:
        if text.strip(" &'\"\\") and text not in ("{{DATA}}",):
            assert text not in page.replace(data_block(page), ""), text
    assert page.lower().count("</script") == 2  # the data block and the viewer script only
    assert page.count("<script") == 2
    title = html.escape("杏花岭区概念图" + HOSTILE[0])
    assert f"<title>{title}</title>" in page and f'<h1 id="title">{title}</h1>' in page
    for needle in ("{{", "}}"):
        assert needle not in page.replace(data_block(page), "")


def test_html_is_offline_and_self_contained(written: dict[str, list[Path]]) -> None:
    page = written["html"][0].read_text(encoding="utf-8")
    outside = page.replace(data_block(page), "")
    assert not re.search(r"\b(src|href|action|srcset)\s*=", outside, flags=re.I)
    assert not re.search(r"https?://|//cdn|@import|url\(|fetch\(|XMLHttpRequest|WebSocket", outside)
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page)
    assert csp and "default-src 'none'" in csp.group(1) and "script-src 'sha256-" in csp.group(1)
    assert "unsafe-inline" not in csp.group(1)
    assert '"Noto Sans CJK SC", "WenQuanYi Micro Hei"' in page and "sans-serif" in page
    assert ".innerHTML" not in page and "insertAdjacentHTML" not in page and "document.write" not in page


def test_html_title_default_and_override(graph: nx.MultiDiGraph) -> None:
    assert "<title>杏花岭区概念图</title>" in generate_html(graph)
    page = generate_html(graph, title='"><b>x</b>')
    assert "<title>&quot;&gt;&lt;b&gt;x&lt;/b&gt;</title>" in page and "<b>x" not in page


# ---------------------------------------------------------------------------------------------
# HTML viewer in headless Chromium


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail("chromium is not installed: run `apt-get update && apt-get install -y chromium` (scripts/bootstrap.sh does)")  # fmt: skip


def run_chromium(tmp_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    args = [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,800",
        *extra, url,
    ]  # fmt: skip
    result = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def png_pixels(path: Path) -> tuple[int, int, list[bytes], int]:
    """(width, height, rows, bytes per pixel) of an 8-bit, non-interlaced RGB(A) PNG."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert header is not None
    width, height, depth, colour_type, _, _, interlace = header
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, header
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def test_viewer_renders_in_headless_chromium(tmp_path: Path, graph: nx.MultiDiGraph) -> None:
    page = tmp_path / "viewer.html"
    write_graph(graph, page, "html")
    shot = tmp_path / "shot.png"
    run_chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--virtual-time-budget=3000")
    width, height, rows, bpp = png_pixels(shot)
    assert (width, height) == (1200, 800)
    counts: dict[bytes, int] = {}
    for row in rows[80:]:  # below the toolbar: the legend and the canvas
        for x in range(0, width * bpp, bpp):
            pixel = row[x : x + 3]
            counts[pixel] = counts.get(pixel, 0) + 1
    assert len(counts) > 20, "blank page"
    node_colours = [bytes.fromhex(c[1:]) for c in graphs.KIND_COLOURS.values()]
    drawn = [c for c in node_colours if counts.get(c, 0) >= 20]
    assert len(drawn) >= 6, f"only {len(drawn)} node colours drawn"
    # the canvas (right of the legend) has the nodes, not only the legend swatches
    canvas_pixels: dict[bytes, int] = {}
    for row in rows[100:]:
        for x in range(300 * bpp, width * bpp, bpp):
            pixel = row[x : x + 3]
            if pixel in node_colours:
                canvas_pixels[pixel] = canvas_pixels.get(pixel, 0) + 1
    assert len(canvas_pixels) >= 6, canvas_pixels


def test_viewer_does_not_run_hostile_strings(tmp_path: Path, written: dict[str, list[Path]], hostile: nx.MultiDiGraph) -> None:  # fmt: skip
    page = written["html"][0]
    for fragment in ("", "#node=" + quote(HOSTILE_ID, safe=""), "#node=" + quote("achievement:xinghualing-2024:50-60", safe=""), "#q=" + quote("<img")):  # fmt: skip
        dom = run_chromium(
            tmp_path, page.as_uri() + fragment, "--dump-dom", "--virtual-time-budget=3000"
        ).stdout
        assert "<body" in dom, dom[:500]
        assert re.search(r'data-drawn="(\d+)"', dom) and int(re.search(r'data-drawn="(\d+)"', dom).group(1)) > 0, "viewer script did not run"  # fmt: skip
        body_tag = re.search(r"<body[^>]*>", dom)
        assert body_tag and "data-pwned" not in body_tag.group()  # no injected script ran
        assert not re.search(r"data-pwned\s*=", dom)
        assert not re.search(r"<(img|svg|iframe)\b", dom, flags=re.I), "element created from data"
        body = dom.replace(data_block(dom), "")
        assert "<script>alert" not in body and "<script>document" not in body
        assert body.count("<script") == 2
        assert "<title>杏花岭区概念图&lt;script&gt;alert(1)&lt;/script&gt;</title>" in dom
        assert '<label><input type="checkbox"><span class="swatch"' in dom  # legend built by the script
        if "node=" + quote(HOSTILE_ID, safe="") in fragment:
            panel = dom[dom.index('<aside id="panel"') :]
            label = html.escape(hostile.nodes[HOSTILE_ID]["label"], quote=False)
            assert f"<h2>{label}</h2>" in panel  # shown as text
            evidence = html.escape(hostile.nodes[HOSTILE_ID]["evidence"], quote=False)
            assert evidence[:30] in panel
        if "achievement" in fragment:
            panel = dom[dom.index('<aside id="panel"') :]
            assert "&lt;img src=x onerror=\"document.body.setAttribute('data-pwned','1')\"&gt;" in panel
            assert "&lt;/script&gt;&lt;script&gt;document.body" in panel
        if "#q=" in fragment:
            assert re.search(r'<span id="matches"[^>]*>\d+ match', dom)
