"""Tests for analyzer.load: decoding, docx/pdf/html extraction, refusals, manifest and metadata.

Every fixture is made at test time in tmp_path (PDFs with pypdf's own objects, docx with
python-docx and zipfile); only the real reports in corpora/ are read from the repository.
"""

from __future__ import annotations

import difflib
import io
import logging
import random
import re
import zipfile
from pathlib import Path

import pytest

from analyzer.errors import LoadError
from analyzer.load import (
    DEFAULT_MAX_BYTES,
    Loaded,
    decode_text,
    load_bytes,
    load_file,
    load_string,
    manifest_entry,
    metadata_from_text,
    read_manifest,
)

CORPORA = Path(__file__).resolve().parent.parent / "corpora"
SEED = CORPORA / "xinghualing-2024.txt"
DOCX_FILES = sorted((CORPORA / "docx").glob("*.docx"))
CORPUS_TXT = sorted(CORPORA.glob("*.txt"))
CJK_FONTS = [
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
]

# (codec used to write the seed, encoding load_file must report)
ENCODINGS = [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
    ("utf-16", "utf-16"),
    ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"),
    ("utf-32", "utf-32"),
]

# (file name, bytes, words the LoadError message must contain)
BAD_TEXT_FILES = [
    ("empty.txt", b"", "empty: no text"),
    ("blank.txt", " \n\t\r\n\u3000\n".encode(), "empty: no text"),
    ("random.txt", random.Random(7).randbytes(4096), "binary file, not a text report"),
    ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "binary file"),
    ("controls.txt", b"\x01\x02\x03\x04\x05\x06report\x07\x08\x0e\x0f" * 50, "binary file"),
    (
        "mixed.txt",
        "各位代表".encode("gb18030") + b"\xff\xff" + "现在".encode("gb18030"),
        "not valid text in UTF-8",
    ),
    (
        "bom-binary.dat",
        b"\xff\xfe" + "".join(map(chr, range(0x100, 0x500))).encode("utf-16-le"),
        "binary file",
    ),
    ("empty.docx", b"", "empty: no text"),
    ("chrome-only.html", b"<html><body><nav>menu</nav><script>x=1</script></body></html>", "empty: no text"),
]

# (first lines of a report, file name, expected metadata subset, expected origins)
METADATA_CASES = [
    (
        "2026年山西省政府工作报告\n——2026年2月2日在山西省第十四届人民代表大会第五次会议上\n省长 卢东亮\n",
        None,
        {"title": "2026年山西省政府工作报告", "date": "2026-02-02", "year": 2026, "region": "山西省"},
        {"year": "text", "date": "text"},
    ),
    (
        "2025年1月17日在山西省第十四届人民代表大会第三次会议上山西省省长金湘军作政府工作报告\n",
        None,
        {"date": "2025-01-17", "year": 2025, "government": "山西省人民政府", "level": "province"},
        {},
    ),
    (
        "2025年上海市政府工作报告\n----2025年1月15日龚正市长在上海市第十六届人民代表大会第三次会议的政府工作报告\n",
        None,
        {"title": "2025年上海市政府工作报告", "date": "2025-01-15", "region": "上海市", "level": "province"},
        {},
    ),
    (
        "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理　\n李　强\n",
        None,
        {"title": "政府工作报告", "government": "中华人民共和国国务院", "level": "national", "year": 2024},
        {},
    ),
    (
        "各位代表：\n现在，我代表国务院，向大会报告政府工作。\n一、2023年工作回顾\n过去一年……",
        "report.txt",
        {"government": "中华人民共和国国务院", "level": "national", "year": 2024},
        {"year": "text"},
    ),
    (
        "各位代表：\n现在，我代表国务院，向大会报告过去五年的政府工作。\n一、过去五年工作回顾\n",
        "data/cn-state-council-2013.txt",
        {"year": 2013, "level": "national"},
        {"year": "filename", "level": "text"},
    ),
    (
        "2025年北京市政府工作报告\n各位代表：\n",
        None,
        {"region": "北京市", "government": "北京市人民政府", "level": "province", "year": 2025},
        {},
    ),
    (
        "——2025年1月10日在太原市第十五届人民代表大会第四次会议上\n",
        None,
        {"region": "太原市", "government": "太原市人民政府", "level": "city", "date": "2025-01-10"},
        {},
    ),
    (
        "近日，杏花岭区第六届人民代表大会第五次会议召开，会上回顾了2023年的工作。",
        "shanxi/xinghualing-2024.txt",
        {"region": "杏花岭区", "government": "杏花岭区人民政府", "level": "district", "year": 2024},
        {"year": "filename"},
    ),
    (
        "——2024年1月8日在广西壮族自治区第十四届人民代表大会第三次会议上\n",
        None,
        {"region": "广西壮族自治区", "level": "province", "year": 2024},
        {},
    ),
    (
        "\u200b\n\n政府工作报\n\n告\n\n——2017年3月5日在第十二届全国人民代表大会第五次会议上",
        None,
        {"title": "政府工作报告"},
        {},
    ),
    ("各位代表：\n现在我向大会报告工作。", None, {}, {}),
]


# --------------------------------------------------------------------------------------------
# helpers


def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    """Whitespace-stripped non-empty paragraphs."""
    return [p for p in ("".join(line.split()) for line in text.split("\n")) if p]


def assert_refused(exc_info: pytest.ExceptionInfo[LoadError], name: str, *words: str) -> None:
    message = str(exc_info.value)
    assert "\n" not in message
    assert name in message, message
    for word in words:
        assert word in message, message


def make_docx(parts: list[str | list[list[str]]]) -> bytes:
    """A docx made with python-docx: strings are paragraphs, lists of rows are tables."""
    import docx

    doc = docx.Document()
    for part in parts:
        if isinstance(part, str):
            doc.add_paragraph(part)
        else:
            table = doc.add_table(rows=len(part), cols=len(part[0]))
            for r, row in enumerate(part):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def replace_member(docx: bytes, member: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, data if info.filename == member else src.read(info.filename))
    return out.getvalue()


def make_pdf(
    lines: list[str], *, cjk: bool = True, password: str | None = None, draw_only: bool = False
) -> bytes:
    """A one-page PDF built from pypdf objects (no extra dependency).

    CJK text uses the non-embedded standard font STSong-Light with the UniGB-UCS2-H CMap (text
    as UTF-16BE), Latin text Helvetica; ``draw_only`` draws a filled rectangle and no text.
    """
    from pypdf import PdfWriter
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    def name(n: str) -> NameObject:
        return NameObject(n)

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    if cjk:
        system = {name("/Registry"): TextStringObject("Adobe"), name("/Ordering"): TextStringObject("GB1")}
        system[name("/Supplement")] = NumberObject(4)
        descendant = DictionaryObject(
            {
                name("/Type"): name("/Font"),
                name("/Subtype"): name("/CIDFontType0"),
                name("/BaseFont"): name("/STSong-Light"),
                name("/CIDSystemInfo"): DictionaryObject(system),
            }
        )
        font = DictionaryObject(
            {
                name("/Type"): name("/Font"),
                name("/Subtype"): name("/Type0"),
                name("/BaseFont"): name("/STSong-Light"),
                name("/Encoding"): name("/UniGB-UCS2-H"),
                name("/DescendantFonts"): ArrayObject([writer._add_object(descendant)]),
            }
        )
        shows = [f"<{line.encode('utf-16-be').hex()}> Tj T*" for line in lines]
    else:
        font = DictionaryObject(
            {
                name("/Type"): name("/Font"),
                name("/Subtype"): name("/Type1"),
                name("/BaseFont"): name("/Helvetica"),
            }
        )
        shows = [f"({line}) Tj T*" for line in lines]
    fonts = DictionaryObject({name("/F1"): writer._add_object(font)})
    page[name("/Resources")] = DictionaryObject({name("/Font"): fonts})
    ops = (
        "0 0 1 rg 100 100 200 300 re f"
        if draw_only
        else "BT /F1 12 Tf 14 TL 50 800 Td " + " ".join(shows) + " ET"
    )
    stream = DecodedStreamObject()
    stream.set_data(ops.encode("latin-1"))
    page[name("/Contents")] = writer._add_object(stream)
    if password:
        writer.encrypt(password, algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------------------------
# text files and encodings


@pytest.mark.parametrize(("codec", "reported"), ENCODINGS)
def test_seed_loads_the_same_in_every_encoding(tmp_path: Path, codec: str, reported: str) -> None:
    original = seed_text()
    path = write(tmp_path, f"seed-{codec}.txt", original.encode(codec))
    loaded = load_file(path)
    assert loaded == Loaded(path=str(path), text=original, encoding=reported, format="txt", converted=None)


def test_big5_traditional_is_converted_to_simplified(tmp_path: Path) -> None:
    import opencc

    original = seed_text()
    traditional = opencc.OpenCC("s2tw").convert(original)
    assert traditional != original
    path = write(tmp_path, "seed-big5.txt", traditional.encode("big5", errors="replace"))
    loaded = load_file(path)
    assert loaded.encoding in ("big5", "cp950")
    assert loaded.converted == "opencc:t2s"
    assert len(loaded.text) == len(original)
    same = sum(a == b for a, b in zip(loaded.text, original, strict=True)) / len(original)
    assert same > 0.995  # 着 comes back as 著: t2s keeps it


def test_traditional_utf8_is_converted_and_simplified_is_not(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "trad.txt", "二〇二五年政府工作報告\n各位代表：".encode()))
    assert (loaded.text, loaded.converted, loaded.encoding) == (
        "二〇二五年政府工作报告\n各位代表：",
        "opencc:t2s",
        "utf-8",
    )
    assert load_file(SEED).converted is None


def test_short_gb18030_and_big5_snippets_are_told_apart() -> None:
    assert decode_text("各位代表：".encode("gb18030"), name="a.txt") == ("各位代表：", "gb18030")
    assert decode_text("各位代表：".encode("big5"), name="b.txt") == ("各位代表：", "big5")


def test_newlines_are_normalised(tmp_path: Path) -> None:
    loaded = load_file(
        write(tmp_path, "crlf.txt", "一、总体要求\r\n各位代表\r现在\n　　全角空格保留 ".encode())
    )
    assert loaded.text == "一、总体要求\n各位代表\n现在\n　　全角空格保留 "


def test_cut_multibyte_character_at_the_end_is_dropped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    text = "各位代表：现在，我代表区人民政府向大会报告工作"
    for codec in ("utf-8", "gb18030"):
        path = write(tmp_path, f"cut-{codec}.txt", text.encode(codec)[:-1])
        with caplog.at_level(logging.WARNING, logger="analyzer.load"):
            loaded = load_file(path)
        assert loaded.text == text[:-1]
        assert loaded.encoding == codec
        assert any("cut off" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)
        caplog.clear()


def test_invalid_byte_before_the_end_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.txt", "各位代表".encode() + b"\xff" + "现在".encode())
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "not valid text")


@pytest.mark.parametrize(("name", "data", "words"), BAD_TEXT_FILES, ids=[c[0] for c in BAD_TEXT_FILES])
def test_bad_files_are_refused(tmp_path: Path, name: str, data: bytes, words: str) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), words)


def test_unknown_suffix_is_read_as_text(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "report.dat", "各位代表：".encode("gb18030")))
    assert (loaded.format, loaded.text) == ("txt", "各位代表：")
    assert load_file(write(tmp_path, "README", b"plain words")).format == "txt"


def test_load_bytes_sniffs_unknown_suffixes_and_has_no_path() -> None:
    docx = load_bytes(make_docx(["各位代表："]), name="download")
    pdf = load_bytes(make_pdf(["各位代表：现在，我代表省人民政府向大会报告工作。"]), name="download.bin")
    html = load_bytes("<html><body><p>各位代表：</p></body></html>".encode(), name="page")
    assert [(x.format, x.path) for x in (docx, pdf, html)] == [("docx", None), ("pdf", None), ("html", None)]


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "没有 这个.txt"
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "no such file")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "报告 目录"
    folder.mkdir()
    with pytest.raises(LoadError) as exc_info:
        load_file(folder)
    assert_refused(exc_info, str(folder), "is a directory")


def test_over_size(tmp_path: Path) -> None:
    path = write(tmp_path, "big.txt", seed_text().encode())
    with pytest.raises(LoadError) as exc_info:
        load_file(path, max_bytes=100)
    assert_refused(exc_info, str(path), "over the 100 bytes limit", "max_bytes")
    with pytest.raises(LoadError) as exc_info:
        load_bytes(b"x" * 101, name="mem.txt", max_bytes=100)
    assert_refused(exc_info, "mem.txt", "over the 100 bytes limit")


def test_over_the_default_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:  # sparse: nothing is written or read
        fh.truncate(DEFAULT_MAX_BYTES + 5 * 1024 * 1024)
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "file is 25 MB, over the 20 MB limit (max_bytes)")


def test_paths_with_spaces_and_chinese(tmp_path: Path) -> None:
    path = write(tmp_path, "山西 报告/2026年 山西省 政府工作报告.txt", "各位代表：".encode())
    loaded = load_file(path)
    assert (loaded.path, loaded.text) == (str(path), "各位代表：")
    assert load_file(str(path)).path == str(path)


def test_load_string() -> None:
    assert load_string("政府工作報告\r\n").text == "政府工作报告\n"
    with pytest.raises(LoadError, match="<text>: empty"):
        load_string(" \n")


# --------------------------------------------------------------------------------------------
# docx


def test_docx_paragraphs_and_table_in_reading_order(tmp_path: Path) -> None:
    data = make_docx(
        [
            "2026年某区政府工作报告",
            "各位代表：",
            [["序号", "民生实事", "目标"], ["1", "新建公厕", "20座"]],
            "以上民生实事确保年内完成。",
        ]
    )
    loaded = load_file(write(tmp_path, "区 报告.docx", data))
    assert loaded.format == "docx" and loaded.encoding is None
    assert loaded.text.split("\n") == [
        "2026年某区政府工作报告",
        "各位代表：",
        "序号\t民生实事\t目标",
        "1\t新建公厕\t20座",
        "以上民生实事确保年内完成。",
    ]


@pytest.mark.parametrize("docx_path", DOCX_FILES, ids=[p.stem for p in DOCX_FILES])
def test_real_docx_matches_its_txt(docx_path: Path) -> None:
    loaded = load_file(docx_path)
    from_docx = paragraphs(loaded.text)
    from_txt = paragraphs((CORPORA / f"{docx_path.stem}.txt").read_text(encoding="utf-8"))
    matcher = difflib.SequenceMatcher(None, from_docx, from_txt, autojunk=False)
    identical = sum(block.size for block in matcher.get_matching_blocks())
    assert identical == len(from_txt)  # every paragraph of the txt, in order, word for word
    extra = [p for p in from_docx if p not in from_txt]
    assert all(p.startswith("来源：") for p in extra), extra  # the attribution line the txt dropped


def test_truncated_docx(tmp_path: Path) -> None:
    data = DOCX_FILES[0].read_bytes() if DOCX_FILES else make_docx(["各位代表："] * 200)
    path = write(tmp_path, "half.docx", data[: len(data) // 2])
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "corrupt or truncated docx")


def test_docx_zip_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = bytes(1024 * 1024)
            for _ in range(200):
                fh.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "docx expands to 200 MB, over the 100 MB limit (zip bomb?)")


def test_docx_high_compression_ratio_is_refused(tmp_path: Path) -> None:
    data = replace_member(make_docx(["各位代表："]), "word/document.xml", b" " * (5 * 1024 * 1024))
    path = write(tmp_path, "ratio.docx", data)
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "word/document.xml expands", "zip bomb?")


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
        '<!DOCTYPE w:document SYSTEM "http://example.invalid/evil.dtd">',
    ],
    ids=["xxe", "billion-laughs", "external-dtd"],
)
def test_docx_with_dtd_or_entities_is_refused(tmp_path: Path, doctype: str) -> None:
    entity = "&xxe;" if "xxe" in doctype else "&b;" if "ENTITY b" in doctype else "正文"
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"{doctype}\n"
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>{entity}</w:t></w:r></w:p></w:body></w:document>"
    )
    data = replace_member(make_docx(["占位"]), "word/document.xml", xml.encode())
    path = write(tmp_path, "xxe.docx", data)
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "DTD/entity", "refused")
    assert "root:" not in str(exc_info.value)


def test_docx_without_text_is_empty(tmp_path: Path) -> None:
    path = write(tmp_path, "blank.docx", make_docx(["", "  "]))
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "empty: no text")


def test_old_doc_renamed_to_docx(tmp_path: Path) -> None:
    path = write(tmp_path, "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "not a docx", ".doc")


def test_docx_skips_deleted_text_and_reads_tabs_breaks_and_content_controls(tmp_path: Path) -> None:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (
        f'<w:document xmlns:w="{w}"><w:body>'
        "<w:p><w:r><w:t>一、</w:t><w:tab/><w:t>总体要求</w:t><w:br/><w:t>第二行</w:t></w:r>"
        "<w:del><w:r><w:delText>删掉的字</w:delText></w:r></w:del></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件里的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "</w:body></w:document>"
    )
    data = replace_member(make_docx(["占位"]), "word/document.xml", xml.encode())
    loaded = load_file(write(tmp_path, "marks.docx", data))
    assert loaded.text == "一、\t总体要求\n第二行\n控件里的段落"


# --------------------------------------------------------------------------------------------
# PDF


def test_pdf_with_chinese_text_layer(tmp_path: Path) -> None:
    lines = ["2026年山西省政府工作报告", "各位代表：现在，我代表省人民政府向大会报告工作，请予审议。"]
    path = write(tmp_path, "报告 2026.pdf", make_pdf(lines))
    loaded = load_file(path)
    assert (loaded.format, loaded.encoding) == ("pdf", None)
    assert paragraphs(loaded.text) == paragraphs("\n".join(lines))


def test_pdf_with_latin_text_layer(tmp_path: Path) -> None:
    lines = ["Government Work Report 2026", "Fellow deputies, on behalf of the State Council"]
    loaded = load_file(write(tmp_path, "latin.pdf", make_pdf(lines, cjk=False)))
    assert loaded.text.split("\n")[:2] == lines


def test_pdf_made_with_fpdf2_and_an_embedded_cjk_font(tmp_path: Path) -> None:
    import fpdf

    font = next((f for f in CJK_FONTS if f.exists()), None)
    assert font is not None, (
        "no CJK font: scripts/bootstrap.sh installs fonts-wqy-microhei and fonts-noto-cjk"
    )
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.add_font("cjk", fname=str(font))
    pdf.set_font("cjk", size=12)
    paras = paragraphs(seed_text())[:6]
    for para in paras:
        pdf.multi_cell(0, 8, para, new_x="LMARGIN", new_y="NEXT")
    loaded = load_file(write(tmp_path, "fpdf.pdf", bytes(pdf.output())))
    assert "".join(paragraphs(loaded.text)) == "".join(paras)  # lines are wrapped, text intact


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    path = write(tmp_path, "scan.pdf", make_pdf([], draw_only=True))
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "PDF has no text layer (scanned?); run OCR first")


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "locked.pdf",
        make_pdf(["各位代表：现在，我代表省人民政府向大会报告工作。"], password="s3cret"),
    )
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "encrypted PDF")


def test_pdf_with_owner_password_only_opens(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(
        clone_from=PdfReader(io.BytesIO(make_pdf(["各位代表：现在，我代表省人民政府向大会报告工作。"])))
    )
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    loaded = load_file(write(tmp_path, "owner.pdf", buf.getvalue()))
    assert "各位代表" in loaded.text


@pytest.mark.parametrize("cut", ["half", "garbage"])
def test_corrupt_pdf(tmp_path: Path, cut: str) -> None:
    data = make_pdf(["各位代表：现在，我代表省人民政府向大会报告工作。"])
    data = data[: len(data) // 2] if cut == "half" else b"%PDF-1.4\n" + random.Random(3).randbytes(300)
    path = write(tmp_path, f"{cut}.pdf", data)
    with pytest.raises(LoadError) as exc_info:
        load_file(path)
    assert_refused(exc_info, str(path), "PDF")


def test_pypdf_warnings_go_to_our_logger_not_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    data = make_pdf(["各位代表：现在，我代表省人民政府向大会报告工作。"])
    head, _, offset = data.rstrip().rpartition(b"startxref\n")
    broken = head + b"startxref\n" + str(int(offset.split(b"\n")[0]) + 7).encode() + b"\n%%EOF\n"
    with caplog.at_level(logging.DEBUG, logger="analyzer.load"):
        loaded = load_file(write(tmp_path, "xref.pdf", broken))
    assert "各位代表" in loaded.text
    assert capsys.readouterr().err == ""
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]
    assert any(r.name == "analyzer.load" and "pypdf" in r.getMessage() for r in caplog.records)


# --------------------------------------------------------------------------------------------
# HTML


def gov_page(paras: list[str], *, charset: str = "gb2312") -> str:
    body = "\n".join(f"<p style='text-indent:2em'>\n  {p}\n</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>杏花岭区2024年政府工作报告_太原市杏花岭区人民政府</title>
<style>p {{ color: red }} .x:before {{ content: "样式文字" }}</style>
<script>var s = "脚本里的中文"; document.write("<p>脚本</p>");</script></head>
<body><form id="form1">
<div class="header"><div class="logo">太原市杏花岭区人民政府</div>
<ul class="nav-list"><li><a href="/">首页</a></li><li>政务服务与互动交流栏目</li></ul></div>
<nav>导航条</nav>
<div class="breadcrumb">当前位置：首页 &gt; 政务公开 &gt; 政府工作报告</div>
<div class="main"><div class="left-menu"><h3>栏目导航</h3><ul><li>规划计划</li><li>财政预算</li></ul></div>
<div class="content">
<h1 class="title">杏花岭区2024年政府工作报告</h1>
<div class="info">来源：杏花岭区政府办 发布时间：2024-02-01 字号：<a>大</a> <a>中</a> <a>小</a></div>
<div id="zoom" class="TRS_Editor">{body}</div>
<div class="share-box">分享到：微信 微博 打印本页 关闭窗口</div>
<div class="related"><h4>相关文章</h4><ul><li><a href="1">2023年杏花岭区政府工作报告全文</a></li></ul></div>
</div></div>
<aside>侧栏广告</aside>
<div class="footer">主办单位：太原市杏花岭区人民政府办公室 备案号：晋ICP备00000000号</div>
<noscript>请启用脚本</noscript><button>返回顶部</button>
</form></body></html>"""


CHROME_WORDS = [
    "脚本",
    "样式",
    "首页",
    "导航",
    "当前位置",
    "来源",
    "分享到",
    "相关文章",
    "侧栏",
    "主办单位",
    "返回顶部",
]


@pytest.mark.parametrize("codec", ["gb18030", "utf-8"])
def test_html_keeps_only_the_report(tmp_path: Path, codec: str) -> None:
    paras = paragraphs(seed_text())
    charset = "gb2312" if codec == "gb18030" else "utf-8"
    path = write(tmp_path, "报告.html", gov_page(paras, charset=charset).encode(codec))
    loaded = load_file(path)
    assert (loaded.format, loaded.encoding) == ("html", codec)
    assert loaded.text.split("\n") == ["杏花岭区2024年政府工作报告", *paras]
    assert not [w for w in CHROME_WORDS if w in loaded.text]


def test_html_with_br_lines_article_and_table(tmp_path: Path) -> None:
    page = (
        "<html><head><meta charset='utf-8'></head><body><header>网站标题</header><article>"
        "<h1>2025年某市政府工作报告</h1><div>各位代表：<br>现在，我代表市人民政府\n向大会报告工作。<br/><br/>"
        "一、2024年工作回顾</div><table><tr><td>指标</td><td>目标</td></tr>"
        "<tr><td>地区生产总值增长</td><td>5%左右</td></tr></table></article>"
        "<footer>版权所有</footer></body></html>"
    )
    loaded = load_file(write(tmp_path, "br.htm", page.encode()))
    assert loaded.text.split("\n") == [
        "2025年某市政府工作报告",
        "各位代表：",
        "现在，我代表市人民政府向大会报告工作。",
        "一、2024年工作回顾",
        "指标\t目标",
        "地区生产总值增长\t5%左右",
    ]


def test_html_with_a_wrong_meta_charset_is_detected(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    page = "<html><head><meta charset='utf-8'></head><body><p>各位代表：现在，我代表区人民政府报告工作。</p></body></html>"
    with caplog.at_level(logging.WARNING, logger="analyzer.load"):
        loaded = load_file(write(tmp_path, "lies.html", page.encode("gb18030")))
    assert (loaded.text, loaded.encoding) == ("各位代表：现在，我代表区人民政府报告工作。", "gb18030")
    assert any("meta charset" in r.getMessage() for r in caplog.records)


def test_html_big5_page_is_converted(tmp_path: Path) -> None:
    page = "<html><head><meta charset='big5'></head><body><p>政府工作報告</p><p>各位代表：</p></body></html>"
    loaded = load_file(write(tmp_path, "tw.html", page.encode("big5")))
    assert (loaded.text, loaded.converted, loaded.encoding) == (
        "政府工作报告\n各位代表：",
        "opencc:t2s",
        "cp950",
    )


def test_deeply_nested_html(tmp_path: Path) -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "<p>各位代表：现在，我代表区人民政府向大会报告工作。</p>"
    page += "</div>" * depth + "</body></html>"
    loaded = load_file(write(tmp_path, "deep.html", page.encode()))
    assert loaded.text == "各位代表：现在，我代表区人民政府向大会报告工作。"


def test_html_falls_back_to_flat_text_on_recursion_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import analyzer.load as load_module

    def overflow(markup: str) -> str:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(load_module, "_html_text", overflow)
    page = "<html><body><script>x</script><div><p>各位代表：</p>"
    page += "<p>现在，我代表区人民政府报告工作。</p></div></body></html>"
    path = write(tmp_path, "flat.html", page.encode())
    with caplog.at_level(logging.WARNING, logger="analyzer.load"):
        loaded = load_file(path)
    assert loaded.text == "各位代表：\n现在，我代表区人民政府报告工作。"
    assert any("nested too deeply" in r.getMessage() for r in caplog.records)


# --------------------------------------------------------------------------------------------
# manifest


def test_read_manifest_of_the_corpus() -> None:
    rows = read_manifest(CORPORA)
    assert rows["shanxi-2026.txt"]["government"] == "山西省人民政府"
    assert rows["docx/beijing-2025.docx"]["id"] == "beijing-2025-docx"
    assert {p.name for p in CORPUS_TXT} <= rows.keys()


def test_manifest_entry_looks_in_the_folder_then_its_parent(tmp_path: Path) -> None:
    assert manifest_entry(CORPORA / "docx" / "shanxi-2025.docx")["id"] == "shanxi-2025-docx"  # type: ignore[index]
    assert manifest_entry(CORPORA / "shanxi-2026.txt")["year"] == "2026"  # type: ignore[index]
    assert manifest_entry(tmp_path / "nowhere.txt") is None
    assert manifest_entry(CORPORA / "not-listed.txt") is None


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("id\tyear\nx\t2024\n", "line 1: the header has no 'path' (or 'filename') column"),
        ("path\tid\na.txt\ta\nb.txt\n", "line 3: 1 fields, the header has 2"),
        ("path\tid\na.txt\ta\na.txt\tb\n", "line 3: path 'a.txt' listed twice"),
        ("path\tid\n\tz\n", "line 2: empty path"),
    ],
)
def test_malformed_manifest(tmp_path: Path, content: str, words: str) -> None:
    (tmp_path / "MANIFEST.tsv").write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as exc_info:
        read_manifest(tmp_path)
    assert_refused(exc_info, "MANIFEST.tsv", words)
    with pytest.raises(LoadError):
        manifest_entry(tmp_path / "a.txt")


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as exc_info:
        read_manifest(tmp_path)
    assert_refused(exc_info, "MANIFEST.tsv", "no such file")


# --------------------------------------------------------------------------------------------
# metadata


@pytest.mark.parametrize(("head", "filename", "expected", "origins"), METADATA_CASES)
def test_metadata_from_text(head: str, filename: str | None, expected: dict, origins: dict) -> None:
    found = metadata_from_text(head, filename=filename)
    assert {k: found.get(k) for k in expected} == expected
    assert {k: found["origin"][k] for k in origins} == origins  # type: ignore[index]
    if not expected:
        assert found == {}


@pytest.mark.parametrize("path", CORPUS_TXT, ids=[p.stem for p in CORPUS_TXT])
def test_metadata_agrees_with_the_manifest(path: Path) -> None:
    row = read_manifest(CORPORA)[path.name]
    found = metadata_from_text(load_file(path).text, filename=path.name)
    assert found["year"] == int(row["year"])
    assert found["level"] == row["level"]
    if path.stem != "xinghualing-2024":  # the news summary names 杏花岭区 only, not 太原市杏花岭区
        assert (found["government"], found["region"]) == (row["government"], row["region"])
    has_dateline = re.search(r"verified from text: (?:——|----)?20\d\d年\d+月\d+日", row["notes"])
    assert ("date" in found) == bool(has_dateline)
    if has_dateline:
        assert str(found["date"]).startswith(row["year"])


def test_metadata_from_docx_text_matches_txt() -> None:
    for docx_path in DOCX_FILES:
        from_docx = metadata_from_text(load_file(docx_path).text, filename=docx_path.name)
        from_txt = metadata_from_text(load_file(CORPORA / f"{docx_path.stem}.txt").text)
        assert from_docx == from_txt
