"""The command line: outputs, exit codes and one-line errors (never a traceback)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.cli import build_parser, main

from .conftest import CORPORA, SEED


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "analyzer", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        check=False,
    )


def test_analyze_one_report_to_stdout_is_the_json_contract() -> None:
    out = run_cli("analyze", str(SEED))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {
        "schema_version",
        "document",
        "sections",
        "sentences",
        "commitments",
        "achievements",
        "config",
    } <= set(data)
    doc = data["document"]
    assert {"id", "title", "government", "level", "year", "source", "encoding", "chars", "text"} <= set(doc)
    assert doc["year"] == 2024 and doc["id"] == "xinghualing-2024"
    text = doc["text"]
    for s in data["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
    assert "高标准农田" in out.stdout  # Chinese is not escaped


def test_analyze_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    assert run_cli("analyze", str(SEED), "-o", str(a)).returncode == 0
    assert run_cli("analyze", str(SEED), "-o", str(b)).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_analyze_folder_mirrors_inputs_and_carries_on_after_a_bad_file(tmp_path: Path) -> None:
    src = tmp_path / "in 报告"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "seed.txt").write_bytes(SEED.read_bytes())
    (src / "empty.txt").write_text("   \n", encoding="utf-8")
    (src / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "out"
    res = run_cli("analyze", str(src), "-o", str(out))
    assert res.returncode == 1
    assert (out / "sub" / "seed.json").is_file()
    lines = [line for line in res.stderr.splitlines() if line.startswith("analyzer: ")]
    assert any("empty.txt" in line and "empty" in line for line in lines)
    assert any("broken.docx" in line for line in lines)
    assert "Traceback" not in res.stderr
    assert not list(out.rglob("*.tmp"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["analyze", "no/such/report.txt"], "no such file"),
        (
            ["analyze", str(SEED), "--segmenter", "jeiba"],
            "invalid choice: 'jeiba' (choose from 'jieba', 'pkuseg', 'spacy')",
        ),
        (["segment", str(CORPORA)], "is a directory"),
    ],
)
def test_errors_are_one_line(args: list[str], message: str) -> None:
    res = run_cli(*args)
    assert res.returncode != 0
    assert message in res.stderr
    assert "Traceback" not in res.stderr


def test_unwritable_output_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    res = run_cli("analyze", str(SEED), "-o", str(blocker / "out.json"))
    assert res.returncode == 1
    assert "cannot write" in res.stderr and "Traceback" not in res.stderr


def test_segment_prints_tokens() -> None:
    res = run_cli("segment", str(SEED), "--segmenter", "jieba")
    assert res.returncode == 0
    assert "高标准农田" in res.stdout.split()


def test_evaluate_command_with_minimums() -> None:
    gold = str(Path(__file__).parent / "gold" / "xinghualing-2024.commitments.json")
    ok = run_cli("evaluate", gold, "--corpus", str(CORPORA), "--min-f1", "0.97")
    assert ok.returncode == 0, ok.stderr
    assert "xinghualing-2024 commitments: precision=" in ok.stdout
    too_high = run_cli("evaluate", gold, "--corpus", str(CORPORA), "--min-f1", "1.01")
    assert too_high.returncode == 1 and "below the minimum" in too_high.stderr


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction").choices
    for name in commands:
        assert f"analyzer {name}" in readme, name


def test_main_returns_exit_codes_without_exiting(capsys) -> None:
    assert main(["analyze", str(SEED), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["document"]["id"] == "xinghualing-2024"
