"""Turn the bytes of an uploaded report into text.

Chinese reports arrive as UTF-8 (with or without BOM), GB18030/GBK, Big5 or UTF-16, and
sometimes as something that is not text at all. Detection order:

1. a byte-order mark (UTF-8, UTF-16, UTF-32) decides;
2. known binary signatures (PNG, JPEG, GIF, PDF, ZIP, gzip, ...) and NUL bytes are refused;
3. strict UTF-8 decoding succeeds only on real UTF-8 (multi-byte sequences are
   self-checking), so it is tried first;
4. otherwise GB18030 and Big5 are both tried strictly and the decoding whose Han
   characters are the more *common* ones wins: mojibake produced by the wrong table is
   full of rare characters, while real text is dominated by the most frequent ones
   (GB2312 level 1 for simplified, Big5 "frequently used" block for traditional);
5. Windows-1252 is the last resort for Western text.

A result that still contains control characters is reported as not text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

#: Upload limit in bytes; larger files are refused with a clear message.
MAX_BYTES = 20 * 1024 * 1024

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]

_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF file (save it as text or DOCX first)"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x7fELF", "a program (ELF binary)"),
    (b"MZ", "a Windows program"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls; save it as .docx or text)"),
]


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str


def binary_kind(data: bytes) -> str | None:
    """Name the kind of binary file ``data`` starts with, or None if it has no known signature."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


def _han_commonness(text: str) -> float:
    """Share of Han characters that belong to the frequent sets of GB2312 or Big5."""
    han = common = 0
    for ch in text:
        if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or ch > "\U00020000":
            han += 1
            if _is_common(ch):
                common += 1
    return common / han if han else 0.0


def _is_common(ch: str) -> bool:
    try:
        gb = ch.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:  # level 1: the 3,755 most frequent simplified characters
            return True
    except UnicodeEncodeError:
        pass
    try:
        b5 = ch.encode("big5")
        if 0xA4 <= b5[0] <= 0xC6:  # 常用字: the 5,401 frequently used traditional characters
            return True
    except UnicodeEncodeError:
        pass
    return False


def _cjk_punctuation_share(text: str) -> float:
    """Share of non-ASCII characters that are CJK punctuation or full-width forms."""
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 0.0
    return sum(1 for c in non_ascii if "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef" or c in "“”‘’…—·") / len(
        non_ascii
    )


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for c in text if (ord(c) < 32 and c not in "\t\n\r\f\v") or 0x7F <= ord(c) < 0xA0)
    return bad / len(text)


def decode_bytes(data: bytes, name: str = "input") -> Decoded:
    """Decode a text file's bytes, or raise InputError naming ``name`` and the problem."""
    if len(data) > MAX_BYTES:
        raise InputError(
            f"{name}: file is too large ({len(data) / 1e6:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB)"
        )
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                raise InputError(
                    f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding}"
                ) from None
            return _checked(Decoded(text.lstrip("\ufeff"), encoding.replace("-sig", "")), name)
    kind = binary_kind(data)
    if kind:
        raise InputError(f"{name}: not a text file, it is {kind}")
    if b"\x00" in data:
        raise InputError(f"{name}: not a text file (it contains binary NUL bytes)")
    try:
        return _checked(Decoded(data.decode("utf-8"), "utf-8"), name)
    except UnicodeDecodeError:
        pass
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _han_commonness(text) + 0.5 * _cjk_punctuation_share(text)
        candidates.append((score, encoding, text))
    if candidates:
        score, encoding, text = max(candidates)
        if score > 0.3:
            return _checked(Decoded(text, encoding), name)
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise InputError(f"{name}: unknown text encoding (tried UTF-8, GB18030, Big5, UTF-16, Windows-1252)") from None
    return _checked(Decoded(text, "cp1252"), name)


def _checked(decoded: Decoded, name: str) -> Decoded:
    if not decoded.text.strip():
        raise InputError(f"{name}: file is empty")
    if _control_share(decoded.text) > 0.01:
        raise InputError(f"{name}: not a text file (it is full of control characters)")
    return decoded
