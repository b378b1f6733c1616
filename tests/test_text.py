"""Vietnamese text: folding, NFC, alphabetical order."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_tui.domain.text import (
    ALPHABET,
    DASHES,
    clean,
    fold,
    fold_char,
    matches,
    nfc,
    sort_key,
    vn_sorted,
)

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)
vn_text = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " -–—", max_size=40)


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Đăng ký đất đai", "dang ky dat dai"),
        ("  Phòng   Tài nguyên\tvà Môi trường ", "phong tai nguyen va moi truong"),
        ("Tài chính – Kế hoạch", "tai chinh - ke hoach"),
        ("Tài chính — Kế hoạch", "tai chinh - ke hoach"),
        ("ỦY BAN NHÂN DÂN", "uy ban nhan dan"),
        (unicodedata.normalize("NFD", "Nghĩa Hành"), "nghia hanh"),
    ],
)
def test_fold_examples(text, folded):
    assert fold(text) == folded


@given(vn_text)
def test_fold_is_idempotent_and_ascii(text):
    once = fold(text)
    assert fold(once) == once
    assert once.isascii()


@given(vn_text)
def test_nfc_of_nfd_round_trips(text):
    assert nfc(unicodedata.normalize("NFD", text)) == unicodedata.normalize("NFC", text)


def test_collation_orders_the_alphabet():
    letters = list("aăâbcdđeêghiklmnoôơpqrstuưvxy")
    shuffled = list(reversed(letters))
    assert vn_sorted(shuffled) == letters
    assert [c for c in ALPHABET if c in letters] == letters


@given(st.permutations(list("aăâbcdđeêghiklmnoôơpqrstuưvxy")))
def test_collation_property(perm):
    assert vn_sorted(perm) == list("aăâbcdđeêghiklmnoôơpqrstuưvxy")


def test_collation_names_and_tones():
    names = [
        "Văn phòng",
        "Ủy ban",
        "Đội thuế",
        "Ban quản lý",
        "Phòng Nội vụ",
        "Dân tộc",
        "Phòng Kinh tế",
    ]
    assert vn_sorted(names) == [
        "Ban quản lý",
        "Dân tộc",
        "Đội thuế",
        "Phòng Kinh tế",
        "Phòng Nội vụ",
        "Ủy ban",
        "Văn phòng",
    ]
    # plain sorted() is wrong for Vietnamese: Đ and Ủ go after V
    assert sorted(names)[-1] != "Văn phòng"
    # tones after letters: ma < mà < mả < mã < má < mạ < mai
    assert vn_sorted(["mai", "mạ", "má", "mã", "mả", "mà", "ma"]) == [
        "ma",
        "mà",
        "mả",
        "mã",
        "má",
        "mạ",
        "mai",
    ]


def test_sort_key_is_a_string_usable_in_sql():
    assert isinstance(sort_key("Đội"), str)
    assert sort_key("Ban") < sort_key("Đội") < sort_key("Văn")


def test_matches_and_clean():
    assert matches("dang ky DAT", fold("Văn phòng đăng ký đất đai"))
    assert not matches("dang ky nha", fold("đăng ký đất đai"))
    assert clean("  a \n b ") == "a b"


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + DASHES + "-", min_size=1, max_size=1))
def test_fold_char_agrees_with_fold_one_for_one(ch):
    assert fold_char(ch) == fold(ch)
    assert len(fold_char(ch)) == 1
