"""Read a report file (txt, docx, pdf, html) into text, and find its metadata.

Loading is the only step that looks at bytes.  It decodes (or extracts) the text, converts
traditional Chinese to simplified, and normalises line breaks (``\\r\\n`` and ``\\r`` become
``\\n``); everything else (full-width characters, spaces, blank lines) is kept as it was read and
left to :mod:`analyzer.normalize`.

Every problem a user can cause raises :class:`~analyzer.errors.LoadError`, whose one-line message
names the file and the problem ("missing.txt: no such file").

Formats, chosen by the file name's suffix:

``.txt`` (and any unknown suffix)
    Byte-order mark first (UTF-8, UTF-16, UTF-32); NUL bytes mean UTF-16 without a BOM or a
    binary file; then strict UTF-8; then GB18030 and Big5, both strict, and when both decode the
    one whose result reads more like Chinese (see :func:`decode_text`).  A multi-byte character
    cut off at the very end of the file is dropped with a warning (a file truncated by a
    download); any other undecodable byte is an error.
``.docx``
    ``word/document.xml`` parsed by us (no python-docx), with the zip-bomb and XML-entity checks
    described in :func:`extract_docx`.  Paragraphs and tables in reading order, one paragraph a
    line; a table row is one line with its cells joined by ``\\t``.
``.pdf``
    The pypdf text layer, pages joined with ``\\n``.
``.html`` / ``.htm``
    The report's text only: page chrome removed, the main content container chosen, one block
    (paragraph, heading, list item, table row) a line, no blank lines.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import functools
import io
import logging
import os
import re
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from analyzer.errors import LoadError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DOCX_RATIO",
    "MAX_DOCX_UNCOMPRESSED",
    "Loaded",
    "decode_text",
    "extract_docx",
    "extract_html",
    "extract_pdf",
    "load_bytes",
    "load_file",
    "load_string",
    "manifest_entry",
    "metadata_from_text",
    "read_manifest",
]

log = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
"""Largest file :func:`load_file` reads; larger files are refused with a :class:`LoadError`."""

MAX_DOCX_UNCOMPRESSED = 100 * 1024 * 1024
"""Zip-bomb cap: the sum of a docx's uncompressed member sizes."""

MAX_DOCX_RATIO = 200
"""Zip-bomb cap: the compression ratio of a docx member larger than 1 MiB (real ones are < 40)."""

MIN_PDF_CHARS_PER_PAGE = 20
"""A PDF with fewer non-space characters per page on average has no (usable) text layer."""

MANIFEST_NAME = "MANIFEST.tsv"

TXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".csv", ".tsv"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

_UTF16_TEXTY_SHARE = 0.9
_SAMPLE_CHARS = 200_000  # statistics on text are taken on its first 200,000 characters
_TRUNCATION_REASONS = frozenset({"unexpected end of data", "incomplete multibyte sequence", "truncated data"})
_BINARY_CONTROL_SHARE = 0.01
_TRADITIONAL_SHARE = 0.05
_DOCX_RATIO_MIN_SIZE = 1024 * 1024
_METADATA_WINDOW = 5000

RE_NEWLINES = re.compile(r"\r\n?")
RE_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
RE_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
RE_FILENAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
RE_META_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
RE_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta)", re.I)

# Bytes that never occur in text: C0 controls other than \t \n \v \f \r and ESC, and DEL.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Codec names a <meta charset> may use, mapped to the superset we decode with.
_CHARSET_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "cp950",
    "x-x-big5": "cp950",
    "unicode": "utf-16",
}


@dataclass(frozen=True, slots=True)
class Loaded:
    """A report as read: the decoded or extracted text, before normalisation.

    ``text`` has ``\\n`` line breaks only; for docx, pdf and html it is the extracted text with
    paragraphs separated by ``\\n``.  ``encoding`` is the codec the bytes were decoded with (txt
    and html), ``None`` for docx and pdf.  ``converted`` is ``'opencc:t2s'`` when traditional
    Chinese was converted to simplified.
    """

    path: str | None
    text: str
    encoding: str | None
    format: str  # 'txt' | 'docx' | 'pdf' | 'html' | 'text'
    converted: str | None = None


# --------------------------------------------------------------------------------------------
# Public entry points


def load_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Read the report at *path*; the format comes from its suffix (see the module docstring).

    Raises :class:`LoadError` when the file is missing, a directory, larger than *max_bytes*,
    binary, undecodable, empty, corrupt, encrypted or has no text layer.
    """
    p = Path(path)
    shown = os.fspath(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise LoadError(shown, "no such file") from None
    except NotADirectoryError:
        raise LoadError(shown, "no such file (a parent is not a folder)") from None
    except OSError as exc:
        raise LoadError(shown, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(shown, "is a directory, not a report file")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(shown, "not a regular file")
    _check_size(shown, st.st_size, max_bytes)
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise LoadError(shown, f"cannot read: {exc.strerror or exc}") from None
    _check_size(shown, len(data), max_bytes)  # the file grew since stat()
    return replace(load_bytes(data, name=shown, max_bytes=max_bytes), path=shown)


def load_bytes(data: bytes, *, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load a report from *data*; *name* gives the format (by its suffix) and names it in errors.

    The result's ``path`` is ``None`` (nothing was read from disk).

    >>> load_bytes("各位代表：\\r\\n现在".encode("gb18030"), name="r.txt")
    Loaded(path=None, text='各位代表：\\n现在', encoding='gb18030', format='txt', converted=None)
    """
    _check_size(name, len(data), max_bytes)
    if not data.strip():
        raise LoadError(name, "empty: no text")
    fmt = _format_of(name, data)
    encoding: str | None = None
    if fmt == "docx":
        text = extract_docx(data, name=name)
    elif fmt == "pdf":
        text = extract_pdf(data, name=name)
    elif fmt == "html":
        text, encoding = extract_html(data, name=name)
    else:
        text, encoding = decode_text(data, name=name)
    text, converted = _to_simplified(text, force=encoding in ("big5", "cp950", "big5hkscs"))
    text = RE_NEWLINES.sub("\n", text)
    if not text.strip():
        raise LoadError(name, "empty: no text")
    return Loaded(path=None, text=text, encoding=encoding, format=fmt, converted=converted)


def load_string(text: str, *, name: str = "<text>") -> Loaded:
    """Wrap text that is already in memory: traditional → simplified and newlines as for a file.

    >>> load_string("政府工作報告\\r\\n")
    Loaded(path=None, text='政府工作报告\\n', encoding=None, format='text', converted='opencc:t2s')
    """
    text, converted = _to_simplified(text, force=False)
    text = RE_NEWLINES.sub("\n", text)
    if not text.strip():
        raise LoadError(name, "empty: no text")
    return Loaded(path=None, text=text, encoding=None, format="text", converted=converted)


def _check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise LoadError(
            name, f"file is {_human_size(size)}, over the {_human_size(max_bytes)} limit (max_bytes)"
        )


def _human_size(n: int) -> str:
    """A size for a message.

    >>> _human_size(20 * 1024 * 1024), _human_size(26_500_000), _human_size(1536), _human_size(10)
    ('20 MB', '25.3 MB', '1.5 KB', '10 bytes')
    """
    for unit, size in (("MB", 1024 * 1024), ("KB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _format_of(name: str, data: bytes) -> str:
    """The format for *name*'s suffix; an unknown suffix is sniffed (zip, %PDF, <html) else txt.

    >>> _format_of("a/B.DOCX", b""), _format_of("x.htm", b""), _format_of("x", b"%PDF-1.7")
    ('docx', 'html', 'pdf')
    """
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix == ".docx":
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TXT_SUFFIXES:
        return "txt"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "docx"
    if RE_HTML_SNIFF.match(data[:1024].lstrip(codecs.BOM_UTF8)):
        return "html"
    return "txt"


# --------------------------------------------------------------------------------------------
# Text decoding


def decode_text(data: bytes, *, name: str) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    Order: BOM (UTF-8-SIG, UTF-16, UTF-32); with NUL bytes, UTF-16-LE/BE without BOM if one of
    them decodes to (nearly) all text characters, else a binary file; strict UTF-8; a high share
    of control bytes means a binary file.
    Then GB18030 (a superset of GBK and GB2312) and Big5 (cp950 as fallback), each strict, and
    for even lengths UTF-16-LE/BE (a text without a single ASCII character): when several decode,
    the result with the larger share of common Chinese characters (GB2312 level 1 or
    Big5 level 1) and fewer implausible ones (private use, kana, Greek, Cyrillic, box drawing)
    wins, ties to GB18030.  (charset-normalizer was tried and is not used: it calls 10-character
    GB18030 snippets cp949.)  A multi-byte character cut off at the end of the data is dropped
    with a warning.  No newline or traditional→simplified conversion happens here.

    >>> decode_text("政府工作报告".encode("utf-16-le"), name="r.txt")
    ('政府工作报告', 'utf-16-le')
    >>> decode_text("政府工作報告".encode("big5"), name="r.txt")
    ('政府工作報告', 'big5')
    >>> decode_text(bytes(range(256)), name="r.bin")
    Traceback (most recent call last):
    ...
    analyzer.errors.LoadError: r.bin: binary file, not a text report
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _decode_or_none(data, codec, name)
            if text is None:
                raise LoadError(name, f"not valid text in {codec.upper()} although it starts with its BOM")
            if codec != "utf-8-sig" and _texty_share(text) < 0.5:  # FF FE also starts binary files
                raise LoadError(name, "binary file, not a text report")
            return _check_decoded(text, name), codec
    if b"\x00" in data:
        utf16 = _decode_utf16_without_bom(data, name)
        if utf16 is not None:
            return utf16
        raise LoadError(name, "binary file, not a text report")
    text = _decode_or_none(data, "utf-8", name)
    if text is not None:
        return _check_decoded(text, name), "utf-8"
    if _control_share(data) > _BINARY_CONTROL_SHARE:
        raise LoadError(name, "binary file, not a text report")
    candidates: list[tuple[str, str]] = []
    gb = _decode_or_none(data, "gb18030", name)
    if gb is not None:
        candidates.append((gb, "gb18030"))
    for codec in ("big5", "cp950"):
        b5 = _decode_or_none(data, codec, name)
        if b5 is not None:
            candidates.append((b5, codec))
            break
    if len(data) % 2 == 0:  # UTF-16 without BOM and without any ASCII character (so no NUL byte)
        for codec in ("utf-16-le", "utf-16-be"):
            with contextlib.suppress(UnicodeDecodeError):
                candidate = data.decode(codec)
                if _texty_share(candidate) >= _UTF16_TEXTY_SHARE:
                    candidates.append((candidate, codec))
    if not candidates:
        raise LoadError(name, "not valid text in UTF-8, GB18030, Big5 or UTF-16")
    text, codec = max(candidates, key=lambda c: _chinese_score(c[0]))  # max() keeps the first of ties
    return _check_decoded(text, name), codec


def _decode_or_none(data: bytes, codec: str, name: str) -> str | None:
    """Strict decode; a multi-byte character cut off at the very end is dropped with a warning."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        cut = len(data) - exc.start
        if (
            exc.reason not in _TRUNCATION_REASONS
            or exc.end != len(data)
            or cut > 3
            or (codec.startswith("utf-16") and cut > 1)
            or (codec in ("gb18030", "big5", "cp950") and not 0x81 <= data[exc.start] <= 0xFE)
        ):
            return None
        try:
            text = data[: exc.start].decode(codec)
        except UnicodeDecodeError:
            return None
        log.warning("%s: the last character (%d byte(s)) is cut off; dropped it (%s)", name, cut, codec)
        return text


def _check_decoded(text: str, name: str) -> str:
    """Refuse decoded text with a high share of control characters (binary misread as text)."""
    if text:
        bad = len(RE_CONTROL_CHARS.findall(text))
        if bad / len(text) > _BINARY_CONTROL_SHARE:
            raise LoadError(name, "binary file, not a text report")
    return text


def _control_share(data: bytes) -> float:
    """Share of bytes that never occur in text (C0 controls except whitespace and ESC).

    >>> _control_share(b"ab\\n\\x01")
    0.25
    """
    if not data:
        return 0.0
    return (len(data) - len(data.translate(None, _CONTROL_BYTES))) / len(data)


def _decode_utf16_without_bom(data: bytes, name: str) -> tuple[str, str] | None:
    """UTF-16 without BOM: the byte order whose strict decoding is (nearly) all text characters.

    ASCII characters leave NUL bytes at odd (LE) or even (BE) positions; read the wrong way round
    they become unlikely characters (U+0A00, U+3200 ...), so the plausibility check decides.

    >>> _decode_utf16_without_bom("各位代表: 2025".encode("utf-16-be"), "r.txt")
    ('各位代表: 2025', 'utf-16-be')
    """
    best: tuple[float, str, str] | None = None
    for codec in ("utf-16-le", "utf-16-be"):
        text = _decode_or_none(data, codec, name)
        if not text:
            continue
        plausible = _texty_share(text)
        if plausible >= _UTF16_TEXTY_SHARE and (best is None or plausible > best[0]):
            best = (plausible, text, codec)
    if best is None:
        return None
    return _check_decoded(best[1], name), best[2]


def _texty_share(text: str) -> float:
    """Share of text characters in (a sample of) *text*."""
    sample = text[:_SAMPLE_CHARS]
    return sum(1 for c in sample if _is_texty(c)) / len(sample) if sample else 0.0


def _is_texty(c: str) -> bool:
    """Characters a Chinese report is made of (for the UTF-16 plausibility check)."""
    return (
        " " <= c <= "~"
        or c in "\t\n\r\u3000"
        or "\u2000" <= c <= "\u206f"  # general punctuation
        or "\u3000" <= c <= "\u303f"  # CJK symbols and punctuation
        or "\uff00" <= c <= "\uffef"  # full-width forms
        or RE_CJK.match(c) is not None
    )


@functools.cache
def _common_hanzi() -> frozenset[str]:
    """GB2312 level 1 (3,755 common simplified) and Big5 level 1 (5,401 common traditional)."""
    chars: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes((lead, trail)).decode("gb2312"))
    for code in range(0xA440, 0xC67F):
        with contextlib.suppress(UnicodeDecodeError):
            chars.add(code.to_bytes(2, "big").decode("big5"))
    return frozenset(c for c in chars if RE_CJK.match(c))


def _implausible(c: str) -> bool:
    """Characters a misdecoded GB18030/Big5 byte pair typically turns into."""
    return (
        "\ue000" <= c <= "\uf8ff"  # private use (GB user-defined areas)
        or "\u3040" <= c <= "\u30ff"  # kana
        or "\u0370" <= c <= "\u04ff"  # Greek, Cyrillic
        or "\u3100" <= c <= "\u312f"  # bopomofo
        or "\u2460" <= c <= "\u257f"  # enclosed numbers, box drawing
        or "\uac00" <= c <= "\ud7af"  # hangul
        or "\ua000" <= c <= "\ua4cf"  # yi
        or c == "\ufffd"
    )


def _chinese_score(text: str) -> float:
    """How much *text* reads like Chinese: common hanzi minus implausible characters, per char.

    >>> misread = "政府工作报告".encode("gb18030").decode("big5", "replace")
    >>> _chinese_score("政府工作报告") > _chinese_score(misread)
    True
    """
    sample = text[:_SAMPLE_CHARS]
    if not sample:
        return 0.0
    common = _common_hanzi()
    good = sum(1 for c in sample if c in common)
    rare = sum(1 for c in sample if c not in common and RE_CJK.match(c))
    bad = sum(1 for c in sample if _implausible(c))
    return (good - 0.5 * rare - 2 * bad) / len(sample)


# --------------------------------------------------------------------------------------------
# Traditional → simplified


@functools.cache
def _t2s() -> Any:
    import opencc

    try:
        return opencc.OpenCC("t2s")
    except Exception:  # older opencc releases want the config file name
        return opencc.OpenCC("t2s.json")


def _to_simplified(text: str, *, force: bool) -> tuple[str, str | None]:
    """Convert traditional Chinese to simplified with OpenCC (t2s).

    Converts when *force* (Big5 bytes) or when t2s changes at least 5 % of the Chinese characters
    (simplified reports: < 0.02 %; traditional ones: about 35 %).

    >>> _to_simplified("二〇二五年政府工作報告", force=False)
    ('二〇二五年政府工作报告', 'opencc:t2s')
    >>> _to_simplified("现在，我代表省人民政府向大会报告工作，请予审议：旭日东昇。", force=False)
    ('现在，我代表省人民政府向大会报告工作，请予审议：旭日东昇。', None)
    """
    if not RE_CJK.search(text):
        return text, None
    # Lone surrogates (a broken PDF text layer) cannot be encoded for OpenCC: replace them.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    converted = _t2s().convert(text)
    if converted == text:
        return text, None
    if not force and len(converted) == len(text):
        sample = text[:_SAMPLE_CHARS]
        cjk = len(RE_CJK.findall(sample))
        changed = sum(1 for a, b in zip(sample, converted[:_SAMPLE_CHARS], strict=True) if a != b)
        if changed < _TRADITIONAL_SHARE * cjk:
            return text, None
    return converted, "opencc:t2s"


# --------------------------------------------------------------------------------------------
# docx

_W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
_MC_NAMESPACE = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_OFFICE_DOCUMENT_REL = re.compile(r"/officeDocument$")
_MC_FALLBACK = f"{{{_MC_NAMESPACE}}}Fallback"
_DOCX_SKIP = frozenset({"delText", "instrText", "del", "pPr", "rPr"})
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def extract_docx(data: bytes, *, name: str) -> str:
    """The text of a .docx: body paragraphs and tables in reading order, one paragraph a line.

    Safety first: the zip is opened with :mod:`zipfile` (corrupt or truncated → LoadError); the
    sum of the members' declared uncompressed sizes must stay under
    :data:`MAX_DOCX_UNCOMPRESSED` and no member over 1 MiB may expand more than
    :data:`MAX_DOCX_RATIO` times (zip bomb), and the main part is read with a bounded read.  The
    XML is parsed with defusedxml, which refuses any DOCTYPE: external entities, entity expansion
    (billion laughs) and DTD loading cannot happen.

    Text: ``w:t`` runs, ``w:tab`` → ``\\t``, ``w:br``/``w:cr`` → ``\\n``; deleted text, field
    codes and the VML fallback copy of text boxes are skipped; text-box paragraphs follow the
    paragraph that anchors them.  A table row is one line, its cells joined by ``\\t`` (a cell's
    own paragraphs and nested tables joined by a space), so columns stay aligned.  Content controls
    (``w:sdt``) are read through.  Headers, footers, footnotes and comments are not read.
    """
    if data.startswith(_OLE_MAGIC):
        raise LoadError(name, "not a docx: an old binary .doc or password-protected file; save it as .docx")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise LoadError(name, f"corrupt or truncated docx: {exc}") from None
    with zf:
        _check_zip_bomb(zf, name)
        part = _docx_main_part(zf, name)
        xml = _read_member(zf, part, name)
    root = _parse_xml(xml, name, part)
    body = _find_child(root, "body")
    if body is None:
        raise LoadError(name, f"corrupt docx: {part} has no w:body")
    lines: list[str] = []
    try:
        _docx_blocks(body, lines)
    except RecursionError:
        raise LoadError(name, f"docx nested too deeply to read ({part})") from None
    return "\n".join(lines)


def _check_zip_bomb(zf: zipfile.ZipFile, name: str) -> None:
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    if total > MAX_DOCX_UNCOMPRESSED:
        cap = _human_size(MAX_DOCX_UNCOMPRESSED)
        raise LoadError(name, f"docx expands to {_human_size(total)}, over the {cap} limit (zip bomb?)")
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _DOCX_RATIO_MIN_SIZE and ratio > MAX_DOCX_RATIO:
            raise LoadError(
                name,
                f"docx member {info.filename} expands {ratio:.0f} times,"
                f" over the {MAX_DOCX_RATIO} limit (zip bomb?)",
            )


def _read_member(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    """Read one member, never more than the cap (the declared size may lie)."""
    try:
        with zf.open(member) as fh:
            data = fh.read(MAX_DOCX_UNCOMPRESSED + 1)
    except KeyError:
        raise LoadError(name, f"not a Word document: no {member} in the docx") from None
    except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError, RuntimeError (encrypted member) ...
        raise LoadError(name, f"corrupt or truncated docx: {_one_line(exc)}") from None
    if len(data) > MAX_DOCX_UNCOMPRESSED:
        cap = _human_size(MAX_DOCX_UNCOMPRESSED)
        raise LoadError(name, f"docx member {member} expands to over {cap}, the limit (zip bomb?)")
    return data


def _docx_main_part(zf: zipfile.ZipFile, name: str) -> str:
    """The main document part named in ``_rels/.rels``; ``word/document.xml`` when absent."""
    try:
        rels = zf.getinfo("_rels/.rels")
    except KeyError:
        return "word/document.xml"
    root = _parse_xml(_read_member(zf, rels.filename, name), name, rels.filename)
    for rel in root:
        if _OFFICE_DOCUMENT_REL.search(rel.get("Type", "")):
            target = rel.get("Target", "").lstrip("/")
            if target and target in zf.namelist():
                return target
    return "word/document.xml"


def _parse_xml(xml: bytes, name: str, part: str) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise LoadError(name, f"docx contains a DTD/entity declaration in {part}; refused") from None
    except ParseError as exc:
        raise LoadError(name, f"corrupt docx: {part} is not well-formed XML ({exc})") from None


def _local(el: Element) -> str:
    """The tag's local name when it is in a WordprocessingML namespace, else ``''``."""
    ns, _, local = el.tag.rpartition("}")
    return local if ns[1:] in _W_NAMESPACES else ""


def _find_child(el: Element, local: str) -> Element | None:
    return next((c for c in el if _local(c) == local), None)


def _docx_blocks(container: Element, lines: list[str]) -> None:
    """Append the lines of a block container (body, cell, text box) in reading order."""
    for child in container:
        kind = _local(child)
        if kind == "p":
            text, boxes = _docx_paragraph(child)
            lines.append(text)
            for box in boxes:
                _docx_blocks(box, lines)
        elif kind == "tbl":
            lines.extend(_docx_table_rows(child))
        elif kind in ("sdt", "customXml", "sdtContent", "ins", "smartTag"):
            _docx_blocks(child, lines)


def _docx_paragraph(p: Element) -> tuple[str, list[Element]]:
    """A paragraph's text, and the text boxes anchored in it (read after it)."""
    out: list[str] = []
    boxes: list[Element] = []
    stack = list(reversed(p))
    while stack:
        el = stack.pop()
        kind = _local(el)
        if kind == "t":
            out.append(el.text or "")
        elif kind in ("tab", "ptab"):
            out.append("\t")
        elif kind in ("br", "cr"):
            out.append("\n")
        elif kind == "noBreakHyphen":
            out.append("-")
        elif kind == "txbxContent":
            boxes.append(el)
        elif kind in _DOCX_SKIP or el.tag == _MC_FALLBACK:
            continue
        else:
            stack.extend(reversed(el))
    return "".join(out), boxes


def _docx_table_rows(tbl: Element) -> list[str]:
    rows: list[str] = []
    for row in _docx_children(tbl, "tr"):
        cells = []
        for cell in _docx_children(row, "tc"):
            lines: list[str] = []
            _docx_blocks(cell, lines)
            text = " ".join(s.strip() for s in lines if s.strip())
            cells.append(text.replace("\n", " ").replace("\t", " "))
        rows.append("\t".join(cells))
    return rows


def _docx_children(el: Element, local: str) -> Iterator[Element]:
    """Children called *local*, looking through content controls and custom XML wrappers."""
    for child in el:
        kind = _local(child)
        if kind == local:
            yield child
        elif kind in ("sdt", "sdtContent", "customXml"):
            yield from _docx_children(child, local)


# --------------------------------------------------------------------------------------------
# PDF


def extract_pdf(data: bytes, *, name: str) -> str:
    """The pypdf text layer, pages joined with ``\\n``.

    An encrypted PDF is opened with the empty password if it has one (owner-only protection);
    otherwise "encrypted PDF".  Fewer than :data:`MIN_PDF_CHARS_PER_PAGE` non-space characters per
    page means a scan without text layer.  pypdf's own log records go to this module's logger at
    DEBUG level while it runs.
    """
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    with _pypdf_logs_to_debug():
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    opened = reader.decrypt("")
                except (DependencyError, NotImplementedError) as exc:
                    raise LoadError(name, f"encrypted PDF; cannot decrypt it here ({exc})") from None
                if not opened:
                    raise LoadError(name, "encrypted PDF: a password is needed to open it")
            pages = [_pdf_page_text(page, number, name) for number, page in enumerate(reader.pages, 1)]
        except LoadError:
            raise
        except FileNotDecryptedError:
            raise LoadError(name, "encrypted PDF: a password is needed to open it") from None
        except RecursionError:
            raise LoadError(name, "corrupt PDF: nested too deeply to read") from None
        except Exception as exc:  # pypdf raises many kinds on damaged files
            raise LoadError(name, f"corrupt PDF: {_one_line(exc)}") from None
    if not pages:
        raise LoadError(name, "corrupt PDF: no pages")
    if all(page is None for page in pages):
        raise LoadError(name, "corrupt PDF: no page could be read")
    text = "\n".join(page or "" for page in pages)
    chars = sum(1 for c in text if not c.isspace())
    if chars < MIN_PDF_CHARS_PER_PAGE * len(pages):
        raise LoadError(
            name,
            f"PDF has no text layer (scanned?); run OCR first ({chars} characters in {len(pages)} page(s))",
        )
    return text


def _pdf_page_text(page: Any, number: int, name: str) -> str | None:
    """One page's text; ``None`` (and a warning) when pypdf fails on this page only."""
    try:
        return page.extract_text() or ""
    except RecursionError:
        log.warning("%s: page %d is nested too deeply to read; skipped", name, number)
    except Exception as exc:  # a damaged content stream or font on this page
        log.warning("%s: page %d cannot be read (%s); skipped", name, number, _one_line(exc))
    return None


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


class _ToDebug(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        log.debug("pypdf: %s", record.getMessage())


@contextlib.contextmanager
def _pypdf_logs_to_debug() -> Iterator[None]:
    """Route the ``pypdf`` logger to our logger at DEBUG while reading (not thread-safe)."""
    pypdf_log = logging.getLogger("pypdf")
    handler = _ToDebug()
    saved = pypdf_log.propagate
    pypdf_log.addHandler(handler)
    pypdf_log.propagate = False
    try:
        yield
    finally:
        pypdf_log.removeHandler(handler)
        pypdf_log.propagate = saved


# --------------------------------------------------------------------------------------------
# HTML

_JUNK_NAMES = "script style noscript template iframe svg canvas object embed select textarea input"
_HTML_JUNK_TAGS = tuple(_JUNK_NAMES.split())
_HTML_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "button"})
RE_HTML_CHROME_ATTR = re.compile(r"nav|menu|footer|header|breadcrumb|share|toolbar", re.I)
RE_HTML_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCK_NAMES = (
    "p div br li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table section article main blockquote pre hr"
    " center address figure figcaption caption body"
)
_HTML_BLOCKS = frozenset(_BLOCK_NAMES.split())
_CJK_OR_PUNCT = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"
RE_HTML_SPACE_BETWEEN_CJK = re.compile(rf"(?<={_CJK_OR_PUNCT})[ \t\r\f]*\n\s*(?={_CJK_OR_PUNCT})")
RE_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")
RE_HTML_TITLE_CUT = re.compile(r"\s*[_|｜—–-]+\s*")
_MAIN_SHARE = 0.9
_CHROME_GUARD_SHARE = 0.5


def extract_html(data: bytes, *, name: str) -> tuple[str, str]:
    """The report's text in an HTML page, and the encoding the page was decoded with.

    Decoding: a BOM, else the ``<meta charset>`` (GB2312/GBK read as GB18030), else as
    :func:`decode_text`.  Extraction (BeautifulSoup with lxml):

    1. drop script, style, noscript, template, iframe and form controls;
    2. drop page chrome — nav, header, footer, aside, form, button elements, elements whose id
       or class contains nav/menu/footer/header/breadcrumb/share/toolbar, hidden elements —
       unless the element holds half or more of the page's Chinese text (sites that wrap the
       whole page in ``<form>`` or a "header" div);
    3. choose the main container: the smallest element holding 90 % of the Chinese text outside
       links (inside ``<article>``/``<main>`` when one holds half of it); this finds
       ``div#zoom``, ``.TRS_Editor``, ``.article-content`` and the like without naming them;
    4. one block (p, div, li, h1-h6, tr, br, ...) a line, table cells joined by ``\\t``,
       whitespace runs collapsed (a source line break between two Chinese characters removed),
       lines stripped, no blank lines;
    5. the page's heading (h1-h3 or ``<title>`` mentioning 工作报告) is put first when the
       container lacks it.

    A page nested too deeply for BeautifulSoup falls back to a flat lxml extraction.
    """
    text, encoding = _decode_html(data, name)
    try:
        return _html_text(text), encoding
    except RecursionError:
        log.warning("%s: HTML nested too deeply for BeautifulSoup; flat lxml text extraction", name)
        return _html_text_flat(text, name), encoding


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return decode_text(data, name=name)
    m = RE_META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii").lower()
        codec = _CHARSET_ALIASES.get(declared, declared)
        try:
            codecs.lookup(codec)
        except LookupError:
            log.warning("%s: unknown <meta charset=%s>; detecting the encoding", name, declared)
        else:
            text = _decode_or_none(data, codec, name)
            if text is not None:
                return _check_decoded(text, name), codecs.lookup(codec).name
            log.warning("%s: not valid %s as <meta charset> says; detecting the encoding", name, declared)
    return decode_text(data, name=name)


def _html_text(markup: str) -> str:
    from bs4 import BeautifulSoup
    from bs4.element import Tag

    soup = BeautifulSoup(markup, "lxml")
    # One pass over the tree: bs4's find_all() costs a second per call on a 100,000-tag page.
    tags = [node for node in soup.descendants if isinstance(node, Tag)]
    heading = _html_heading(tags)
    for tag in tags:
        if tag.name in _HTML_JUNK_TAGS:
            tag.extract()
    root = soup.body or soup
    _drop_chrome(root)
    container = _main_container(root)
    text = _linearize(container)
    if heading and _squash(heading) not in _squash(text[: len(heading) + 200]):
        text = f"{heading}\n{text}" if text else heading
    return text


def _is_text_node(node: Any) -> bool:
    from bs4.element import NavigableString, PreformattedString, Script, Stylesheet, TemplateString

    return isinstance(node, NavigableString) and not isinstance(
        node, PreformattedString | Script | Stylesheet | TemplateString
    )


def _cjk_counts(root: Any) -> tuple[dict[int, int], list[Any]]:
    """Chinese characters outside links in each element's subtree (keyed by ``id(element)``),
    and the elements under *root* in document order.

    Linear: one pre-order pass (iterative), then children are added to parents in reverse order.
    """
    from bs4.element import Tag

    nodes = [root, *root.descendants]
    in_link: dict[int, bool] = {id(root): root.name == "a"}
    counts: dict[int, int] = {id(root): 0}
    tags: list[Any] = []
    for node in nodes[1:]:
        parent_link = in_link.get(id(node.parent), False)
        if isinstance(node, Tag):
            in_link[id(node)] = parent_link or node.name == "a"
            counts[id(node)] = 0
            tags.append(node)
        elif _is_text_node(node) and not parent_link:
            counts[id(node)] = len(RE_CJK.findall(node))
    for node in reversed(nodes[1:]):
        n = counts.get(id(node), 0)
        if n and node.parent is not None:
            counts[id(node.parent)] = counts.get(id(node.parent), 0) + n
    return counts, tags


def _is_chrome(tag: Any) -> bool:
    if tag.name in _HTML_CHROME_TAGS or tag.has_attr("hidden"):
        return True
    attrs = tag.attrs or {}
    classes = attrs.get("class") or []
    label = " ".join([attrs.get("id") or "", *(classes if isinstance(classes, list) else [classes])])
    if label and RE_HTML_CHROME_ATTR.search(label):
        return True
    return bool(RE_HTML_HIDDEN_STYLE.search(attrs.get("style") or ""))


def _drop_chrome(root: Any) -> None:
    counts, tags = _cjk_counts(root)
    limit = _CHROME_GUARD_SHARE * max(counts[id(root)], 1)
    for tag in [t for t in tags if _is_chrome(t) and counts[id(t)] < limit]:
        tag.extract()  # harmless for an element inside one extracted already


def _main_container(root: Any) -> Any:
    counts, tags = _cjk_counts(root)
    total = counts[id(root)]
    if not total:
        return root
    scope, scope_total = root, total
    for tag in tags:
        n = counts[id(tag)]
        if tag.name in ("article", "main") and 0.5 * total <= n < scope_total:
            scope, scope_total = tag, n
    if scope is not root:
        tags = [t for t in scope.descendants if id(t) in counts and t.name is not None]
    floor = _MAIN_SHARE * scope_total
    best, best_n = scope, scope_total
    for tag in tags:
        n = counts[id(tag)]
        if floor <= n <= best_n:
            best, best_n = tag, n  # later in document order with the same count = deeper
    return best


def _linearize(container: Any) -> str:
    """Text with one block a line; iterative, so deep nesting cannot overflow the stack."""
    from bs4.element import Tag

    out: list[str] = []
    stack: list[tuple[Any, bool]] = [(container, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            out.append("\t" if node.name in ("td", "th") else "\n")
            continue
        if isinstance(node, Tag):
            if node.name == "br" or node.name == "hr":
                out.append("\n")
                continue
            if node.name in _HTML_BLOCKS:
                out.append("\n")
                stack.append((node, True))
            elif node.name in ("td", "th"):
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.contents))
        elif _is_text_node(node):
            out.append(RE_HTML_SPACE.sub(" ", RE_HTML_SPACE_BETWEEN_CJK.sub("", str(node))))
    return _tidy_lines("".join(out))


def _tidy_lines(text: str) -> str:
    """Strip each line, trailing tabs included, and drop blank lines.

    >>> _tidy_lines("  一、总体要求 \\n\\n\\n 各位代表\\t\\n")
    '一、总体要求\\n各位代表'
    """
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _squash(text: str) -> str:
    return "".join(text.split())


def _html_heading(tags: list[Any]) -> str | None:
    """The page heading that names the report: an h1-h3, else the ``<title>`` before its site part."""
    for tag in tags:
        if tag.name in ("h1", "h2", "h3"):
            text = " ".join(tag.get_text(" ").split())
            if "工作报告" in text and len(text) <= 60:
                return text
    for tag in tags:
        if tag.name == "title":
            text = RE_HTML_TITLE_CUT.split(" ".join(tag.get_text(" ").split()))[0]
            if "工作报告" in text and len(text) <= 60:
                return text
            break
    return None


def _html_text_flat(markup: str, name: str) -> str:
    """Fallback for pages BeautifulSoup cannot walk: lxml's own iterative walk, no chrome rules."""
    from lxml import etree

    try:
        parser = etree.HTMLParser(
            encoding="utf-8", huge_tree=True, no_network=True, remove_comments=True, remove_pis=True
        )
        root = etree.fromstring(markup.encode("utf-8"), parser)
    except (etree.Error, ValueError) as exc:
        raise LoadError(name, f"corrupt HTML: {_one_line(exc)}") from None
    if root is None:
        return ""
    etree.strip_elements(root, *_HTML_JUNK_TAGS, with_tail=False)
    out: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _HTML_BLOCKS:
            out.append("\n")
        text = el.text if event == "start" else el.tail
        if text:
            out.append(RE_HTML_SPACE.sub(" ", text))
    return _tidy_lines("".join(out))


# --------------------------------------------------------------------------------------------
# Manifest


# The column naming each file: ``path`` (this project's manifests) or ``filename`` / ``file``.
MANIFEST_PATH_COLUMNS = ("path", "filename", "file")


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    """Rows of ``folder/MANIFEST.tsv`` keyed by their ``path`` column (relative to *folder*).

    The file is UTF-8 tab-separated with a header row that has a ``path`` column.  A missing
    file, a missing ``path`` column, a row with the wrong number of fields, or an empty or
    repeated path raises :class:`LoadError` naming the line.
    """
    manifest = Path(folder) / MANIFEST_NAME
    try:
        st = manifest.stat()
    except OSError:
        raise LoadError(manifest, "no such file") from None
    rows = _read_manifest_cached(str(manifest.resolve()), st.st_mtime_ns, st.st_size, str(manifest))
    return {key: dict(row) for key, row in rows.items()}


@functools.lru_cache(maxsize=32)
def _read_manifest_cached(resolved: str, _mtime: int, _size: int, shown: str) -> dict[str, dict[str, str]]:
    try:
        raw = Path(resolved).read_bytes()
    except OSError as exc:
        raise LoadError(shown, f"cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(shown, f"not valid UTF-8 at byte {exc.start}") from None
    lines = RE_NEWLINES.sub("\n", text).split("\n")
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None) or []
    key_column = next((c for c in MANIFEST_PATH_COLUMNS if c in header), None)
    if key_column is None:
        raise LoadError(shown, "line 1: the header has no 'path' (or 'filename') column")
    if len(set(header)) != len(header):
        raise LoadError(shown, "line 1: repeated column names in the header")
    rows: dict[str, dict[str, str]] = {}
    for lineno, fields in enumerate(reader, start=2):
        if not fields or fields == [""]:
            continue
        if len(fields) != len(header):
            raise LoadError(shown, f"line {lineno}: {len(fields)} fields, the header has {len(header)}")
        row = dict(zip(header, fields, strict=True))
        row.setdefault("path", row[key_column])
        key = PurePosixPath(row[key_column].strip().replace("\\", "/")).as_posix()
        if not row[key_column].strip() or key == ".":
            raise LoadError(shown, f"line {lineno}: empty path")
        if key in rows:
            raise LoadError(shown, f"line {lineno}: path {key!r} listed twice")
        rows[key] = row
    return rows


def manifest_entry(path: Path) -> dict[str, str] | None:
    """The manifest row for *path*: ``MANIFEST.tsv`` in its folder, then in the parent folder.

    ``corpora/docx/x.docx`` finds ``corpora/MANIFEST.tsv``'s row ``docx/x.docx``.  ``None`` when
    neither manifest has a row for it; a malformed manifest raises :class:`LoadError`.
    """
    path = Path(path)
    folder = path.parent
    for key_parts, base in (((path.name,), folder), ((folder.name, path.name), folder.parent)):
        if not (base / MANIFEST_NAME).is_file():
            continue
        row = read_manifest(base).get("/".join(key_parts))
        if row is not None:
            return row
    return None


# --------------------------------------------------------------------------------------------
# Metadata found in the text

_CN_DIGITS = "〇零一二三四五六七八九十百"
RE_DATE_LINE = re.compile(
    r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日[^\n]{0,30}?在(?P<rest>[^\n]{0,40}?人民代表大会)"
)
RE_LOCAL_CONGRESS = re.compile(rf"(?P<region>[\u4e00-\u9fff]{{2,24}}?)第[{_CN_DIGITS}]+届人民代表大会")
RE_NATIONAL_CONGRESS = re.compile(rf"第[{_CN_DIGITS}]+届全国人民代表大会")
RE_REGION_PREFIX = re.compile(r"^.*(?:在|于|近日|今日|昨日|日前)")
RE_REGION_SHAPE = re.compile(r"^[\u4e00-\u9fff]{1,20}(?:省|自治区|地区|市|州|盟|区|县|旗)$")
RE_TITLE = re.compile(r"^(?:(?P<y>\d{4})\s*年\s*)?(?P<who>[^\n]{0,30}?)政府工作报告$")
RE_REVIEW_HEADING = re.compile(r"^[ \t\u3000]*(?P<line>[^\n]{0,40}工作回顾[^\n]{0,30})$", re.M)
RE_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
RE_STATE_COUNCIL = re.compile(r"我代表国务院")
RE_SPEAKER_GOVERNMENT = re.compile(r"我代表(?P<region>[\u4e00-\u9fff]{2,20}?)人民政府")
RE_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
_PROVINCIAL_MUNICIPALITIES = frozenset({"北京市", "上海市", "天津市", "重庆市"})
_NATIONAL = {"government": "中华人民共和国国务院", "region": "中国", "level": "national"}


def metadata_from_text(text: str, *, filename: str | None = None) -> dict[str, object]:
    """Title, government, region, level, year and date found in a report's opening (5,000 chars).

    Only keys that were found are present; ``origin`` maps each to ``'text'`` or ``'filename'``.

    * title: a short line (of the first 12) ending in 政府工作报告 that is not the date line;
      a title broken over two lines (政府工作报 / 告) is joined.
    * date, year, region: the date line "——2026年2月2日在山西省第十四届人民代表大会第五次会议上"
      (dashes optional, text between 日 and 在 allowed: "2025年1月15日龚正市长在上海市…").
    * government and level: 全国人民代表大会 (or "我代表国务院") → 中华人民共和国国务院,
      national; else REGION人民政府 with level province (省, 自治区, 北京/上海/天津/重庆市), city
      (other 市, 州, 盟, 地区) or district (区, 县, 旗).  Region falls back to the title
      ("2025年北京市政府工作报告"), a congress named anywhere in the opening
      ("杏花岭区第六届人民代表大会") and "我代表XX人民政府".
    * year: the date line; else the title's year; else the review heading "一、2023年工作回顾"
      plus one (2024); else a year in *filename* (origin ``'filename'``).

    >>> head = "2026年山西省政府工作报告\\n——2026年2月2日在山西省第十四届人民代表大会第五次会议上"
    >>> m = metadata_from_text(head)
    >>> m["title"], m["government"], m["region"], m["level"], m["year"], m["date"]
    ('2026年山西省政府工作报告', '山西省人民政府', '山西省', 'province', 2026, '2026-02-02')
    >>> m = metadata_from_text("各位代表：\\n一、2023年工作回顾\\n", filename="cn-2024.txt")
    >>> m["year"], m["origin"]["year"]
    (2024, 'text')
    >>> metadata_from_text("各位代表：", filename="data/shanxi-2026.txt")
    {'year': 2026, 'origin': {'year': 'filename'}}
    """
    head = RE_INVISIBLE.sub("", text[:_METADATA_WINDOW])
    found: dict[str, object] = {}
    origin: dict[str, str] = {}

    def put(key: str, value: object, source: str = "text") -> None:
        if key not in found and value is not None:
            found[key] = value
            origin[key] = source

    title = _find_title(head)
    put("title", title)
    date_match = _find_date(head)
    if date_match is not None:
        day, rest = date_match
        put("date", day.isoformat())
        put("year", day.year)
        _put_government(put, rest)
    if title:
        t = RE_TITLE.match(title)
        if t and t.group("y"):
            put("year", int(t.group("y")))
        if t and "government" not in found:
            _put_government(put, "", region=_clean_region(t.group("who").removesuffix("人民")))
    if "government" not in found:
        if RE_STATE_COUNCIL.search(head) or RE_NATIONAL_CONGRESS.search(head[:200]):
            _put_government(put, "全国人民代表大会")
        else:
            congress = RE_LOCAL_CONGRESS.search(head)
            speaker = RE_SPEAKER_GOVERNMENT.search(head)
            region = _clean_region(congress.group("region")) if congress else None
            if region is None and speaker:
                region = _clean_region(speaker.group("region"))
            _put_government(put, "", region=region)
    if "year" not in found:
        put("year", _year_from_review(head))
    if "year" not in found and filename:
        years = RE_FILENAME_YEAR.findall(PurePosixPath(filename.replace("\\", "/")).name)
        if years:
            put("year", int(years[-1]), "filename")
    if found:
        found["origin"] = origin
    return found


def _find_title(head: str) -> str | None:
    lines = [ln.strip() for ln in head.split("\n")[:30] if ln.strip()][:12]
    for i, line in enumerate(lines):
        joined = line
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if "政府工作报告" not in line and "政府工作报告" not in following:
            joined = line + following  # a title broken over two lines: 政府工作报 / 告
        joined = "".join(joined.split())
        if len(joined) <= 40 and "人民代表大会" not in joined and RE_TITLE.match(joined):
            return joined
    return None


def _find_date(head: str) -> tuple[date, str] | None:
    for m in RE_DATE_LINE.finditer(head):
        try:
            day = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        except ValueError:
            continue
        return day, m.group("rest")
    return None


def _put_government(put: Any, congress: str, *, region: str | None = None) -> None:
    """Government, region and level from a congress name ("北京市第十六届人民代表大会") or region."""
    if RE_NATIONAL_CONGRESS.search(congress) or congress.startswith("全国人民代表大会"):
        for key, value in _NATIONAL.items():
            put(key, value)
        return
    if region is None and congress:
        m = RE_LOCAL_CONGRESS.search(congress)
        region = _clean_region(m.group("region")) if m else None
    if region:
        put("government", f"{region}人民政府")
        put("region", region)
        put("level", _level_of(region))


def _clean_region(raw: str | None) -> str | None:
    """The place name in a run of Chinese before 第N届人民代表大会, or ``None``.

    >>> _clean_region("龚正市长在上海市"), _clean_region("近日杏花岭区"), _clean_region("省")
    ('上海市', '杏花岭区', None)
    """
    if not raw:
        return None
    region = RE_REGION_PREFIX.sub("", raw)
    return region if len(region) >= 2 and RE_REGION_SHAPE.match(region) else None


def _level_of(region: str) -> str:
    """Administrative level of a region name.

    >>> [_level_of(r) for r in ("北京市", "山西省", "广西壮族自治区", "太原市", "杏花岭区", "和田地区")]
    ['province', 'province', 'province', 'city', 'district', 'city']
    """
    if region in _PROVINCIAL_MUNICIPALITIES or region.endswith(("省", "自治区")):
        return "province"
    if region.endswith(("市", "州", "盟", "地区")):
        return "city"
    return "district"


def _year_from_review(head: str) -> int | None:
    """The report year from the review heading: "一、2023年工作回顾" → 2024."""
    for m in RE_REVIEW_HEADING.finditer(head):
        years = [int(y) for y in RE_YEAR.findall(m.group("line"))]
        if years:
            return max(years) + 1
    return None


REPORT_SUFFIXES = (".txt", ".docx", ".pdf", ".html", ".htm")


def walk_reports(paths: Iterable[str | os.PathLike[str]]) -> Iterator[tuple[Path, Path]]:
    """Report files under *paths* with each one's path relative to the folder it was found in.

    Folders are walked in sorted order; symlinked folders are not followed and a folder seen
    twice is skipped, so a loop cannot hang a run.  A path that is not a folder is yielded as it
    is (loading it then says what is wrong with it).
    """
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path, Path(path.name)
            continue
        seen: set[tuple[int, int]] = set()
        for root, dirs, files in os.walk(path, followlinks=False):
            st = os.stat(root)
            if (st.st_dev, st.st_ino) in seen:
                dirs[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(REPORT_SUFFIXES) and not name.startswith("."):
                    found = Path(root) / name
                    yield found, found.relative_to(path)
