"""TMX 1.4b: one ``tu`` per segment, ``tuv`` with ``xml:lang``, status and score as ``prop``s.

An exported TMX is a translation memory, so it holds only what a person has checked: reviewed
and approved segments (:data:`EXCHANGE_STATUSES`), and MT drafts (status translated) when asked
(``include_mt``); new and rejected segments never go into one (:func:`exchange_rows`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import InputError
from .inline import set_text_with_codes, text_with_codes
from .rows import BilingualRow, ReadRow
from .safe_xml import SAFE_PARSER_OPTIONS, internal_subset, parse_xml
from .safety import xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The statuses a TMX export holds by default; MT drafts ("translated") only with include_mt.
EXCHANGE_STATUSES = ("reviewed", "approved")
MT_STATUS = "translated"


def exchange_rows(rows: list[BilingualRow], include_mt: bool = False) -> list[BilingualRow]:
    """The rows a TMX export writes: reviewed and approved, and with ``include_mt`` the MT drafts
    (translated); never new or rejected ones."""
    statuses = EXCHANGE_STATUSES + ((MT_STATUS,) if include_mt else ())
    return [r for r in rows if r.status in statuses]


def write(
    rows: list[BilingualRow],
    path: str | Path,
    srclang: str = "zh-CN",
    tgtlang: str = "en",
    include_untranslated: bool = False,
) -> int:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root,
        "header",
        creationtool="zh-en-workbench",
        creationtoolversion=__version__,
        segtype="sentence",
        **{
            "o-tmf": "workbench",
            "adminlang": "en",
            "srclang": srclang,
            "datatype": "plaintext",
            "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    body = etree.SubElement(root, "body")
    count = 0
    for row in rows:
        if not row.target and not include_untranslated:
            continue
        tu = etree.SubElement(body, "tu", tuid=str(row.id))
        for name, value in (
            ("x-status", row.status),
            ("x-score", None if row.score is None else str(row.score)),
            ("x-revision", str(row.revision)),
            ("x-document", row.document),
            ("x-kind", row.kind),
            ("x-reviewer", row.reviewer),
        ):
            if value:
                etree.SubElement(tu, "prop", type=name).text = xml_text(value)
        for name, value in row.props.items():  # written even when empty: "" can mean something (no context)
            if value is not None:
                etree.SubElement(tu, "prop", type=name).text = xml_text(value)
        if row.notes:
            etree.SubElement(tu, "note").text = xml_text(row.notes)
        for lang, text in ((srclang, row.source), (tgtlang, row.target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            set_text_with_codes(etree.SubElement(tuv, "seg"), text, "tmx")
        count += 1
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return count


def parse(data: bytes, name: str) -> list[ReadRow]:
    """The rows of a (reviewed) TMX file's bytes, read whole; a translation memory is streamed
    from its path instead (:func:`iter_units`)."""
    tree = parse_xml(data, name, "TMX")
    rows = []
    srclang = (tree.find("header").get("srclang") if tree.find("header") is not None else "") or "zh"
    for tu in tree.iter("tu"):
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        texts = {}
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            texts[(tuv.get(XML_LANG) or tuv.get("lang") or "").lower()] = text_with_codes(seg)
        source = next((t for lang, t in texts.items() if lang.split("-")[0] == srclang.lower().split("-")[0]), "")
        target = next((t for lang, t in texts.items() if lang.split("-")[0] != srclang.lower().split("-")[0]), "")
        tuid = tu.get("tuid")
        rows.append(
            ReadRow(
                int(tuid) if tuid and tuid.isdigit() else None,
                source,
                target,
                props.get("x-status"),
                int(props["x-score"]) if props.get("x-score", "").isdigit() else None,
                (tu.findtext("note") or None),
                int(props["x-revision"]) if props.get("x-revision", "").isdigit() else None,
                tu.sourceline or 0,
            )
        )
    if not rows:
        raise InputError(f"{name}: the TMX file has no translation units")
    return rows


# ---------------------------------------------------------------- streaming, for translation memories

#: a TMX file larger than this is refused before it is read (1,000,000 units are about 400 MB)
MAX_TMX_BYTES = 2 * 1024**3
#: a segment longer than this is not a sentence: the file is refused
MAX_SEGMENT_CHARS = 20_000


@dataclass
class TmxUnit:
    """One ``tu`` of a TMX file: the source and target text, its ``prop``s and where it is."""

    source: str
    target: str
    props: dict = field(default_factory=dict)
    attributes: dict = field(default_factory=dict)  # creationid, creationdate, changedate, ...
    line: int = 0


class _CountingReader:
    """A binary file that remembers how far it has been read (for a progress bar)."""

    def __init__(self, handle, progress: Callable[[int], None] | None):
        self.handle, self.progress, self.done = handle, progress, 0

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.done += len(data)
        if self.progress:
            self.progress(self.done)
        return data


def iter_units(
    path: str | Path,
    srclang: str | None = None,
    max_bytes: int = MAX_TMX_BYTES,
    max_segment_chars: int = MAX_SEGMENT_CHARS,
    progress: Callable[[int], None] | None = None,
) -> Iterator[TmxUnit]:
    """Stream the translation units of a TMX file in bounded memory (lxml ``iterparse``).

    Refused with an InputError: a file over ``max_bytes``, an internal DTD subset or entity
    declarations (a DOCTYPE naming an external DTD is read; that DTD is never loaded, no entity
    is ever expanded), no network access, a segment over ``max_segment_chars``, anything
    not well-formed. The caller must treat a raised error as "nothing imported", since units
    before the error have already been yielded. ``progress`` gets the bytes read so far.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if size > max_bytes:
        raise InputError(f"{path}: the TMX file is {size:,} bytes, over the limit of {max_bytes:,}")
    source_lang = (srclang or "").lower()
    count = 0
    with path.open("rb") as handle:
        events = etree.iterparse(
            _CountingReader(handle, progress), events=("end",), tag=("header", "tu"), **SAFE_PARSER_OPTIONS
        )
        try:
            checked = False
            for _, element in events:
                if not checked:  # the prolog (and any DTD) has been read by now, no unit yet
                    tree = element.getroottree()
                    if internal_subset(tree):  # a DOCTYPE naming an external DTD is fine: it is never loaded
                        raise InputError(
                            f"{path}: the TMX file declares XML entities or an internal DTD; they are not accepted"
                        )
                    if tree.getroot().tag != "tmx":
                        raise InputError(f"{path}: not a TMX file (the root element is <{tree.getroot().tag}>)")
                    checked = True
                if element.tag == "header":
                    source_lang = source_lang or (element.get("srclang") or "").lower()
                    continue
                unit = _unit(element, source_lang or "zh", max_segment_chars, path)
                if unit is not None:
                    count += 1
                    yield unit
                element.clear()
                parent = element.getparent()
                while parent is not None and element.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{path}: not a well-formed TMX file ({exc})") from None
    if count == 0:
        raise InputError(f"{path}: the TMX file has no translation units")


def _unit(tu, source_lang: str, max_chars: int, path: Path) -> TmxUnit | None:
    texts: dict[str, str] = {}
    for tuv in tu.iterchildren("tuv"):
        seg = tuv.find("seg")
        text = text_with_codes(seg)
        if len(text) > max_chars:
            raise InputError(
                f"{path}: line {tuv.sourceline}: a segment of {len(text):,} characters (the limit is {max_chars:,})"
            )
        texts[(tuv.get(XML_LANG) or tuv.get("lang") or "").lower()] = text
    base = source_lang.split("-")[0]
    source = next((t for lang, t in texts.items() if lang.split("-")[0] == base), "")
    target = next((t for lang, t in texts.items() if lang.split("-")[0] != base), "")
    if not source.strip() or not target.strip():
        return None
    props = {p.get("type"): p.text or "" for p in tu.iterchildren("prop") if p.get("type")}
    return TmxUnit(source.strip(), target.strip(), props, dict(tu.attrib), tu.sourceline or 0)
