"""A text saved in GBK, GB18030 or UTF-16 (as many government pages and their mirrors are) reads
as the text it is; a PDF, an image or any binary file is refused in one line naming it
(tracker/textio.py, used by `tracker extract`, `tracker add-source` and the quote check)."""

from __future__ import annotations

import io
import sys

import pytest

from tracker.cli import main
from tracker.textio import NotText, decode_text, read_input, read_text_file

# made-up sentences in the style of provincial plans; the short one is what charset-normalizer
# alone takes for Korean
SHORT = "到2027年，全省算力规模达到50EFLOPS。"
PLAN = ("某市人民政府办公室关于印发人工智能产业发展行动计划的通知\n"
        "到2026年，培育人工智能企业100家，核心产业规模突破500亿元，建成3至5个孵化器。\n")
RARE = "䶮龘𠀀：GB18030 四字节字符，到2030年建成智算中心２个。"   # not in GBK: only GB18030 has them
TRADITIONAL = "到2027年，全省智能算力規模達到50EFLOPS，培育兩個行業大模型。"


@pytest.mark.parametrize("text", [SHORT, PLAN, TRADITIONAL])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_a_chinese_text_reads_back_whatever_it_was_saved_in(text, encoding):
    data = text.encode(encoding)
    if encoding == "utf-16":
        assert data[:2] in (b"\xff\xfe", b"\xfe\xff")  # with its BOM; -le/-be have none
    assert decode_text(data, "plan.txt") == text


@pytest.mark.parametrize("bom, encoding", [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_utf16_with_either_byte_order_mark(bom, encoding):
    assert decode_text(bom + PLAN.encode(encoding), "plan.txt") == PLAN


def test_gb18030_only_characters_read():
    assert decode_text(RARE.encode("gb18030"), "rare.txt") == RARE


@pytest.mark.parametrize("data, what", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256)) * 8, "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8, "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 8, "JPEG"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 8, "ZIP"),
    (bytes(range(256)) * 16, "binary"),
    (b"\x00\x01\x02\x03" * 500, "binary"),
])
def test_a_binary_file_is_refused_in_one_line_naming_it(data, what):
    with pytest.raises(NotText) as refused:
        decode_text(data, "scan.pdf")
    message = str(refused.value)
    assert message.startswith("scan.pdf: not a text file") and what in message and "\n" not in message
    assert "save it as text" in message


def test_a_file_and_standard_input_are_read_as_bytes(tmp_path, monkeypatch):
    path = tmp_path / "plan-gbk.txt"
    path.write_bytes(PLAN.encode("gbk"))
    assert read_text_file(path) == PLAN == read_input(str(path))

    class Stdin:
        buffer = io.BytesIO(TRADITIONAL.encode("utf-16"))

    monkeypatch.setattr(sys, "stdin", Stdin)
    assert read_input("-") == TRADITIONAL


def test_add_source_registers_a_gbk_text_as_utf8_and_refuses_a_pdf(make_registry, tmp_path, capsys):
    registry = make_registry("targets: []\nfigures: []\n")
    gbk = tmp_path / "plan-gbk.txt"
    gbk.write_bytes(PLAN.encode("gbk"))
    fields = ["--title", "某市人工智能产业发展行动计划", "--publisher", "某市人民政府办公室", "--published", "2026",
              "--kind", "plan", "--registry", str(registry)]
    assert main(["add-source", str(gbk), "--id", "src-gbk", *fields]) == 0
    archived = next((tmp_path / "sources").glob("src-gbk.txt"))
    assert archived.read_text(encoding="utf-8") == PLAN
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    capsys.readouterr()
    assert main(["add-source", str(pdf), "--id", "src-pdf", *fields]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {pdf}: not a text file (it looks like a PDF); save it as text first\n"
