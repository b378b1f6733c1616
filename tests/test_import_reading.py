"""Reading notice files: encodings, TCVN3, .docx, and the files refused."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_tui.importer import NoticeImportError, read_notice_bytes, read_notice_file
from cchc_tui.importer.reading import MAX_FILE_BYTES
from cchc_tui.importer.tcvn3 import looks_like_tcvn3, tcvn3_to_unicode, unicode_to_tcvn3

SAMPLE = (
    "THÔNG BÁO\nKết luận của Chủ tịch UBND huyện\n\n"
    "1. Phòng Nội vụ chủ trì, phối hợp với Phòng Tư pháp rà soát thủ tục hành chính.\n"
)


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("utf-16"),  # with BOM (little endian here)
        b"\xfe\xff" + SAMPLE.encode("utf-16-be"),
        SAMPLE.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "crlf"],
)
def test_text_encodings_read_alike(encoded):
    assert read_notice_bytes(encoded, "tb.txt") == SAMPLE


def test_nfd_input_is_stored_nfc():
    import unicodedata

    text = read_notice_bytes(unicodedata.normalize("NFD", SAMPLE).encode("utf-8"), "tb.txt")
    assert text == SAMPLE


def test_tcvn3_bytes_are_converted():
    legacy = unicode_to_tcvn3(SAMPLE).encode("latin-1")
    text = read_notice_bytes(legacy, "cu.txt")
    assert "Phòng Nội vụ chủ trì, phối hợp với Phòng Tư pháp" in text
    assert text.startswith("THÔNG BÁO")  # words in capitals stay in capitals


def test_tcvn3_pasted_into_a_utf8_file_is_converted():
    text = read_notice_bytes(unicode_to_tcvn3(SAMPLE).encode("utf-8"), "dan.txt")
    assert "rà soát thủ tục hành chính" in text


def test_tcvn3_detection_does_not_fire_on_unicode():
    assert not looks_like_tcvn3(SAMPLE)
    assert looks_like_tcvn3("Th«ng b¸o kÕt luËn cña Chñ tÞch UBND huyÖn vÒ c¶i c¸ch hµnh chÝnh")
    assert tcvn3_to_unicode("Phßng Néi vô") == "Phòng Nội vụ"


def test_vni_is_refused_with_a_clear_message():
    vni = "Thoâng baùo keát luaän cuûa Chuû tòch UBND huyeän veà caûi caùch haønh chính"
    for data in (vni.encode("cp1252"), vni.encode("utf-8")):
        with pytest.raises(NoticeImportError) as exc:
            read_notice_bytes(data, "vni.txt")
        assert "VNI" in exc.value.message and "vni.txt" in exc.value.message


@pytest.mark.parametrize(
    "data, words",
    [
        (b"", "rỗng"),
        (b"   \n\n  ", "rỗng"),
        (bytes(range(256)) * 20, "nhị phân"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "nhị phân"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".doc"),
        ("\u00e9\u00e8\u00ea ".encode("cp1252") * 50 + b"\x81\x8d", "bảng mã"),
    ],
    ids=["empty", "blank", "binary", "png", "pdf", "doc", "unknown-8bit"],
)
def test_bad_files_are_refused(data, words):
    with pytest.raises(NoticeImportError) as exc:
        read_notice_bytes(data, "xau.txt")
    assert words in exc.value.message
    assert "xau.txt" in exc.value.message
    assert exc.value.field == "file"


def test_too_large_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "lon.txt"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(NoticeImportError, match="quá lớn"):
        read_notice_file(big)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(NoticeImportError, match="Không tìm thấy"):
        read_notice_file(tmp_path / "khong-co.txt")
    with pytest.raises(NoticeImportError, match="thư mục"):
        read_notice_file(tmp_path)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_docx_zip_bomb_by_size_is_refused():
    data = _zip({"word/document.xml": b"<a/>", "big.bin": bytes(60 * 1024 * 1024)})
    assert len(data) < MAX_FILE_BYTES  # small on disk, huge unpacked
    with pytest.raises(NoticeImportError, match="giải nén quá lớn"):
        read_notice_bytes(data, "bom.docx")


def test_docx_with_too_many_members_is_refused():
    data = _zip({f"x/{i}.xml": b"" for i in range(2100)} | {"word/document.xml": b"<a/>"})
    with pytest.raises(NoticeImportError, match="quá nhiều thành phần"):
        read_notice_bytes(data, "nhieu.docx")


def test_broken_docx_is_refused():
    with pytest.raises(NoticeImportError, match="không phải tệp .docx"):
        read_notice_bytes(b"PK\x03\x04garbage", "hong.docx")
    with pytest.raises(NoticeImportError, match="word/document.xml"):
        read_notice_bytes(_zip({"a.txt": b"x"}), "khac.docx")


def test_docx_paragraphs_and_header_table_in_order(tmp_path):
    from notice_docx import build

    text = read_notice_file(build(tmp_path / "tb.docx"))
    lines = [line for line in text.split("\n") if line.strip()]
    # the header table: each cell line beside its neighbour, then the body
    assert lines[0].startswith("UBND HUYỆN NGHĨA HÀNH") and "CỘNG HÒA" in lines[0]
    assert "Số: 77/TB-TCKH" in lines[2] and "ngày 12 tháng 11 năm 2025" in lines[2]
    assert lines[3] == "THÔNG BÁO"
    assert lines[-1].endswith("thực hiện./.")


def test_docx_typed_in_tcvn3_fonts_is_converted(tmp_path):
    import docx

    document = docx.Document()
    for line in SAMPLE.split("\n"):
        document.add_paragraph(unicode_to_tcvn3(line))
    path = tmp_path / "vntime.docx"
    document.save(path)
    assert "Phòng Nội vụ chủ trì, phối hợp với Phòng Tư pháp" in read_notice_file(path)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(["a.txt", "a.docx", "a"]))
def test_reading_arbitrary_bytes_gives_text_or_a_clear_refusal(data, name):
    try:
        text = read_notice_bytes(data, name)
    except NoticeImportError as exc:
        assert name in exc.message
        return
    assert isinstance(text, str) and text.strip()
