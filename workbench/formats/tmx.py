"""TMX 1.4b: one ``tu`` per segment, ``tuv`` with ``xml:lang``, status and score as ``prop``s."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from .. import __version__
from ..errors import InputError
from .rows import BilingualRow, ReadRow
from .safety import xml_text

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def write(rows: list[BilingualRow], path: str | Path, srclang: str = "zh-CN", tgtlang: str = "en",
          include_untranslated: bool = False) -> int:
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", creationtool="zh-en-workbench", creationtoolversion=__version__,
                     segtype="sentence", **{"o-tmf": "workbench", "adminlang": "en", "srclang": srclang,
                                            "datatype": "plaintext",
                                            "creationdate": datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")})
    body = etree.SubElement(root, "body")
    count = 0
    for row in rows:
        if not row.target and not include_untranslated:
            continue
        tu = etree.SubElement(body, "tu", tuid=str(row.id))
        for name, value in (("x-status", row.status), ("x-score", None if row.score is None else str(row.score)),
                            ("x-revision", str(row.revision)), ("x-document", row.document),
                            ("x-kind", row.kind), ("x-reviewer", row.reviewer)):
            if value:
                etree.SubElement(tu, "prop", type=name).text = xml_text(value)
        if row.notes:
            etree.SubElement(tu, "note").text = xml_text(row.notes)
        for lang, text in ((srclang, row.source), (tgtlang, row.target)):
            tuv = etree.SubElement(tu, "tuv")
            tuv.set(XML_LANG, lang)
            etree.SubElement(tuv, "seg").text = xml_text(text)
        count += 1
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return count


def read(path: str | Path) -> list[ReadRow]:
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, OSError) as exc:
        raise InputError(f"{path}: not a well-formed TMX file ({exc})") from None
    rows = []
    srclang = (tree.find("header").get("srclang") if tree.find("header") is not None else "") or "zh"
    for tu in tree.iter("tu"):
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        texts = {}
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            texts[(tuv.get(XML_LANG) or tuv.get("lang") or "").lower()] = "".join(seg.itertext()) if seg is not None else ""
        source = next((t for lang, t in texts.items() if lang.split("-")[0] == srclang.lower().split("-")[0]), "")
        target = next((t for lang, t in texts.items() if lang.split("-")[0] != srclang.lower().split("-")[0]), "")
        tuid = tu.get("tuid")
        rows.append(ReadRow(int(tuid) if tuid and tuid.isdigit() else None, source, target, props.get("x-status"),
                            int(props["x-score"]) if props.get("x-score", "").isdigit() else None,
                            (tu.findtext("note") or None),
                            int(props["x-revision"]) if props.get("x-revision", "").isdigit() else None,
                            tu.sourceline or 0))
    if not rows:
        raise InputError(f"{path}: the TMX file has no translation units")
    return rows
