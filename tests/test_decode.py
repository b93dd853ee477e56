"""Decoding: every common encoding of Chinese text is detected; non-text input is refused clearly."""

import pytest

from workbench.errors import InputError
from workbench.ingest import decode_bytes, prepare_text, read_source

TRADITIONAL = "中華人民共和國憲法規定，國家尊重和保障人權。各級人民代表大會都由民主選舉產生，對人民負責，受人民監督。"
SIMPLIFIED_SHORT = "村务公开率达100%，涌现了一大批村民自治模范村。"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig", "utf-16-be"])
def test_copies_of_the_sample_give_identical_segments(tmp_path, sample_text, encoding):
    data = sample_text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / f"report.{encoding}.txt"
    path.write_bytes(data)
    source = read_source(path)
    assert source.text == sample_text
    original = [(s.text, s.kind, s.paragraph) for s in prepare_text(sample_text).segments]
    assert [(s.text, s.kind, s.paragraph) for s in prepare_text(source.text).segments] == original


def test_gbk_is_never_mojibake_even_when_short():
    for text in [SIMPLIFIED_SHORT, "两委", "网格化管理。", "一事一议"]:
        decoded = decode_bytes(text.encode("gbk"))
        assert decoded.text == text, decoded.encoding


def test_big5_traditional_text_decodes_correctly():
    decoded = decode_bytes(TRADITIONAL.encode("big5"))
    assert decoded.encoding == "big5"
    assert decoded.text == TRADITIONAL


def test_utf8_without_bom_and_english_cp1252():
    assert decode_bytes("两新组织".encode()).encoding == "utf-8"
    decoded = decode_bytes("The Party\u2019s \u201cmass line\u201d".encode("cp1252"))
    assert decoded.text == "The Party\u2019s \u201cmass line\u201d"


@pytest.mark.parametrize(
    "data, message",
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG image"),
        (b"PK\x03\x04" + b"\x00" * 100, "ZIP archive"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF file"),
        (b"", "empty"),
        (b"  \n\r\n\t ", "empty"),
        (bytes(range(1, 32)) * 50, "not a text file"),
    ],
)
def test_non_text_is_refused_with_a_named_reason(data, message):
    with pytest.raises(InputError) as err:
        decode_bytes(data, "upload.txt")
    assert "upload.txt" in str(err.value) and message in str(err.value)


def test_too_large_is_refused(monkeypatch):
    import workbench.ingest.decode as decode

    monkeypatch.setattr(decode, "MAX_BYTES", 1000)
    with pytest.raises(InputError, match="too large"):
        decode.decode_bytes("中".encode() * 1000, "big.txt")
