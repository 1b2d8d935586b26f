"""Reading: bytes → text (decode_bytes) and sources → Source (read_source)."""
from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from govie.errors import DecodeError, GovieError, InputError
from govie.read import decode_bytes, decode_with_encoding, read_source

SIMPLIFIED = "2020年西城区细颗粒物（PM2.5）年均浓度为40微克/立方米，同比下降9.1%；完成指标的115.06%。\n"
TRADITIONAL = "西城區政府績效報告：細顆粒物年均濃度為40微克／立方米，較去年下降9.1%，完成年度目標。\n"


@pytest.mark.parametrize(
    "text, encoding, expected_codec",
    [
        (SIMPLIFIED, "utf-8", "utf-8"),
        (SIMPLIFIED, "utf-8-sig", "utf-8"),
        (SIMPLIFIED, "utf-16", None),  # with BOM, native order
        (SIMPLIFIED, "utf-16-le", "utf-16-le"),  # no BOM: the NUL pattern
        (SIMPLIFIED, "utf-16-be", "utf-16-be"),
        (SIMPLIFIED, "utf-32", None),
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED.replace("（", "(").replace("）", ")"), "gb2312", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (TRADITIONAL, "gb18030", "gb18030"),
        ("西城区", "utf-16-le", "utf-16-le"),  # no ASCII at all: judged by plausibility
    ],
)
def test_decodes_supported_encodings(text: str, encoding: str, expected_codec: str | None) -> None:
    data = text.encode(encoding)
    decoded, codec = decode_with_encoding(data, "report.txt")
    assert decoded == text
    if expected_codec is not None:
        assert codec == expected_codec


def test_utf8_bom_is_stripped() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + "完成".encode(), "x.txt") == "完成"


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("encoding", ["gb18030", "utf-16-le", "utf-16"])
def test_seed_round_trips(seed_texts: dict[str, str], seed: str, encoding: str) -> None:
    text = seed_texts[seed]
    assert decode_bytes(text.encode(encoding), f"{seed}.txt") == text


def test_gbk_is_never_returned_as_mojibake() -> None:
    data = SIMPLIFIED.encode("gbk")
    decoded = decode_bytes(data, "gbk.txt")
    assert decoded == SIMPLIFIED
    assert decoded != data.decode("latin-1")


def test_empty_bytes() -> None:
    with pytest.raises(InputError, match="empty.txt: the file is empty"):
        decode_bytes(b"", "empty.txt")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 20,
        b"\x00\x01\x02\x03\x89PNG\r\n\x1a\n" * 50,
        b"PK\x03\x04\x14\x00\x06\x00" + bytes(200),
    ],
)
def test_binary_junk_is_a_decode_error_naming_the_file(data: bytes) -> None:
    with pytest.raises(DecodeError, match="junk.bin"):
        decode_bytes(data, "junk.bin")


def test_latin1_text_is_rejected_rather_than_guessed() -> None:
    with pytest.raises(DecodeError, match="cannot decode"):
        decode_bytes("café au lait élevé".encode("latin-1"), "fr.txt")


# -- read_source --------------------------------------------------------------


def test_text_is_text() -> None:
    src = read_source("2020年完成情况\n就业9000人以上")
    assert src.format == "text" and src.path is None and src.text.startswith("2020年")


def test_one_line_text_without_suffix_is_text() -> None:
    assert read_source("就业9000人以上").text == "就业9000人以上"


def test_path_as_str_and_pathlike(tmp_path: Path) -> None:
    p = tmp_path / "r.txt"
    p.write_bytes(SIMPLIFIED.encode("gb18030"))
    for src in (read_source(str(p)), read_source(p)):
        assert src.text == SIMPLIFIED and src.format == "txt" and src.path == p


def test_missing_path_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"nope\.txt: no such file"):
        read_source(str(missing))
    with pytest.raises(InputError, match="no such file"):
        read_source(missing)


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_source(tmp_path)
    with pytest.raises(InputError, match=str(tmp_path)):
        read_source(str(tmp_path))


def test_empty_file_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.txt: the file is empty"):
        read_source(p)


def test_binary_file_names_the_file(tmp_path: Path) -> None:
    p = tmp_path / "junk.txt"
    p.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(DecodeError, match=r"junk\.txt"):
        read_source(p)


def test_unsupported_suffix(tmp_path: Path) -> None:
    p = tmp_path / "data.csv"
    p.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"unsupported file type '\.csv'"):
        read_source(p)


def test_non_text_argument() -> None:
    with pytest.raises(GovieError, match="expected report text or a path"):
        read_source(42)  # type: ignore[arg-type]


def test_html_tables_become_pipe_rows(tmp_path: Path) -> None:
    html = """<html><head><title>x</title><style>p{color:red}</style><script>var a = "|";</script></head>
    <body><div>信息详情</div><h1>2017年上半年绩效任务进展情况</h1>
    <table><thead><tr><th>绩效任务</th><th>年度目标</th><th>上半年进展情况</th></tr></thead>
    <tbody><tr><td rowspan="2">高端产业功能区效益</td><td>金融街地均产出率达到2139.4亿元/平方公里</td><td>持续关注<br>研究</td></tr>
    <tr><td>劳均产出率达到280.0万元/人</td><td>新引进金融机构41家</td></tr></tbody></table>
    <p>回到顶部</p></body></html>"""
    p = tmp_path / "report.html"
    p.write_bytes(html.encode("gbk"))  # no charset declared: decoded like any text file
    src = read_source(p)
    lines = src.text.split("\n")
    assert src.format == "html"
    assert "2017年上半年绩效任务进展情况" in lines
    assert "绩效任务 | 年度目标 | 上半年进展情况 |" in lines
    assert "高端产业功能区效益 | 金融街地均产出率达到2139.4亿元/平方公里 | 持续关注 研究 |" in lines
    assert " | 劳均产出率达到280.0万元/人 | 新引进金融机构41家 |" in lines
    assert "var a" not in src.text and "color" not in src.text


def _docx(path: Path) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.add_paragraph("2017年上半年市政府绩效任务进展情况")
    table = doc.add_table(rows=3, cols=3)
    for r, row in enumerate([("绩效任务", "年度目标", "上半年进展情况"),
                             ("地区生产总值", "达到3760亿元左右", "经济运行总体平稳"),
                             ("", "增长6.5%左右", "增长6.8%")]):
        for c, val in enumerate(row):
            table.cell(r, c).text = val
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 0).text = "地区生产总值"
    doc.add_paragraph("说明：数据截至6月底。")
    doc.save(str(path))


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    p = tmp_path / "r.docx"
    _docx(p)
    src = read_source(p)
    lines = src.text.split("\n")
    assert src.format == "docx"
    assert lines[0] == "2017年上半年市政府绩效任务进展情况"
    assert lines[1] == "绩效任务 | 年度目标 | 上半年进展情况 |"
    assert lines[2] == "地区生产总值 | 达到3760亿元左右 | 经济运行总体平稳 |"
    assert lines[3] == " | 增长6.5%左右 | 增长6.8% |"  # the vertically merged cell is empty below
    assert lines[4] == "说明：数据截至6月底。"


def test_damaged_docx(tmp_path: Path) -> None:
    p = tmp_path / "bad.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "not a document")
    with pytest.raises(InputError, match=r"bad\.docx: DOCX file is damaged"):
        read_source(p)
    q = tmp_path / "junk.docx"
    q.write_bytes(b"not a zip at all")
    with pytest.raises(InputError, match=r"junk\.docx: DOCX file is damaged"):
        read_source(q)


def minimal_pdf(lines: list[str]) -> bytes:
    """A valid one-page PDF (Type1 Helvetica) with one ASCII text line per entry."""
    ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
    for ln in lines:
        ops.append("(" + ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_pdf_text_pages(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    p = tmp_path / "r.pdf"
    p.write_bytes(minimal_pdf(["2020 Report", "Jobs | 9000 | 10355 done |"]))
    src = read_source(p)
    assert src.format == "pdf"
    assert src.text.split("\n") == ["2020 Report", "Jobs | 9000 | 10355 done |"]


def test_damaged_pdf(tmp_path: Path) -> None:
    p = tmp_path / "bad.pdf"
    p.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    with pytest.raises(InputError, match=r"bad\.pdf: PDF file is damaged"):
        read_source(p)


def test_pdf_without_text(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    p = tmp_path / "scan.pdf"
    p.write_bytes(minimal_pdf([]))
    with pytest.raises(InputError, match=r"scan\.pdf: the PDF file has no text"):
        read_source(p)
