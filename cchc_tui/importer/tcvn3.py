"""The legacy TCVN3 (ABC) encoding: detection and conversion to Unicode.

TCVN3 text shows up as Latin-1 look-alikes ("Th«ng b¸o" for "Thông báo"),
either as raw 8-bit bytes or already wrongly decoded into a UTF-8 file.
VNI text (another legacy encoding, "Thoâng baùo") is recognised only to be
refused: its marks follow the vowel and cannot be told apart reliably."""

from __future__ import annotations

import re

# TCVN3 code point (as Latin-1) -> Unicode, lower-case letters and the seven
# upper-case letters the encoding has (other capitals come from ".VnTimeH"
# fonts that reuse the lower-case codes).
_TCVN3_PAIRS = (
    "µà ¸á ¶ả ·ã ¹ạ ¨ă »ằ ¾ắ ¼ẳ ½ẵ Æặ ©â Çầ Êấ Èẩ Éẫ Ëậ ®đ Ìè Ðé Îẻ Ïẽ Ñẹ "
    "ªê Òề Õế Óể Ôễ Öệ ×ì Ýí Øỉ Üĩ Þị ßò ãó áỏ âõ äọ «ô åồ èố æổ çỗ éộ "
    "¬ơ êờ íớ ëở ìỡ îợ ïù óú ñủ òũ ôụ \u00adư õừ øứ öử ÷ữ ùự úỳ ýý ûỷ üỹ þỵ "
    "¡Ă ¢Â §Đ £Ê ¤Ô ¥Ơ ¦Ư"
)
TCVN3_TO_UNICODE = {pair[0]: pair[1] for pair in _TCVN3_PAIRS.split()}
# Characters that only TCVN3 puts inside words (VNI does not use 0xA1–0xBF).
_TCVN3_MARKERS = set("µ¸¶·¹¨»¾¼½©®ª«¬\u00ad¡¢§£¤¥¦")
_VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
_WORD = re.compile(r"[^\s.,;:!?()\"'“”/\-]+")
# VNI: a plain vowel followed by a mark character (tone or shape), or ñ/Ñ for đ/Đ.
_VNI_WORD = re.compile(r"[aeiouyAEIOUY][øùûõïâêôöøåäáàèéíìòóëÙØÛÕÏÂÊÔÖÅÄÁÀÈÉÍÌÒÓË]|\bñ|\bÑ")


def _ratio(words: list[str], test) -> float:
    if not words:
        return 0.0
    return sum(1 for w in words if test(w)) / len(words)


def looks_like_tcvn3(text: str) -> bool:
    """Many words carry TCVN3-only characters and none is real Unicode Vietnamese."""
    words = [w for w in _WORD.findall(text) if any(ch.isalpha() for ch in w)]
    if len(words) < 3:
        return False
    vietnamese = _ratio(words, lambda w: bool(_VIETNAMESE.search(w)))
    tcvn3 = _ratio(words, lambda w: any(ch in _TCVN3_MARKERS for ch in w))
    return tcvn3 >= 0.08 and tcvn3 > 3 * vietnamese


def looks_like_vni(text: str) -> bool:
    """Words that look like VNI (mark characters after plain vowels), and no Unicode Vietnamese."""
    words = [w for w in _WORD.findall(text) if any(ch.isalpha() for ch in w)]
    if len(words) < 3:
        return False
    vietnamese = _ratio(words, lambda w: bool(_VIETNAMESE.search(w)))
    vni = _ratio(words, lambda w: bool(_VNI_WORD.search(w)))
    return vni >= 0.08 and vni > 3 * vietnamese


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 text; a word written in capitals (".VnTimeH" fonts) stays in capitals."""

    def convert(match: re.Match) -> str:
        word = match.group(0)
        converted = "".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in word)
        letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
        if len(letters) >= 2 and all(ch.isupper() for ch in letters):
            if converted != word:
                return converted.upper()
        return converted

    return _WORD.sub(convert, text)


def unicode_to_tcvn3(text: str) -> str:
    """The reverse mapping (lower case only), used by tests to make TCVN3 samples."""
    reverse = {uni: code for code, uni in TCVN3_TO_UNICODE.items()}
    out = []
    for ch in text:
        if ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse and ch.isupper():
            out.append(reverse[ch.lower()])
        else:
            out.append(ch)
    return "".join(out)
