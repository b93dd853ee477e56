"""XLIFF 2.0 (default) and 1.2, with the segment state mapped from the review status.

| workbench | XLIFF 2.0 ``state`` | XLIFF 1.2 ``target/@state`` |
|---|---|---|
| new | initial | new |
| translated | translated | translated |
| reviewed | reviewed | signed-off |
| approved | final | final (and ``approved="yes"``) |
| rejected | initial, ``subState="wb:rejected"`` | needs-review-translation |

The exact status, the DA score and the revision the target was exported at travel in the
workbench namespace (XLIFF 2.0: the metadata module; 1.2: extension attributes), so a
reviewed file merges back losslessly. One ``file`` per document.

XLIFF 2.0 carries the MQM errors of the latest assessment as ITS Localization Quality Issue
annotations on ``<sm>``/``<em>`` markers in the target, with the exact MQM category and
severity in ``wb:category``/``wb:severity`` (see :mod:`.issues`); the file still validates
against the XLIFF 2.0 core schema, and reading gives the errors back with their spans.

Tools whose XLIFF filter translates the ``<target>`` text (OmegaT's built-in filter) see nothing
to translate in empty targets: ``fill_target="source"`` (XLIFF 1.2) copies the source into them
and marks the unit ``wb:filled="source"``; a target still equal to its source reads back empty.
"""

from __future__ import annotations

import re
from itertools import groupby
from pathlib import Path

from lxml import etree

from ..errors import InputError
from .inline import append_text, set_text_with_codes, text_with_codes
from .issues import FROM_ITS, ITS, SEVERITY_TO_ITS, TO_ITS, severity_from_its
from .rows import BilingualRow, ReadRow
from .safe_xml import parse_xml
from .safety import xml_text

NS2 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
#: XLIFF 1.x as read: 1.2, 1.1 (translate-toolkit's default and older tools') and 1.0 without a namespace
#: (the elements read here are the same in all three)
NS1X = (NS12, "urn:oasis:names:tc:xliff:document:1.1", "")
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
WB = "urn:x-zh-en-workbench"
STATE2 = {
    "new": "initial",
    "translated": "translated",
    "reviewed": "reviewed",
    "approved": "final",
    "rejected": "initial",
}
STATE12 = {
    "new": "new",
    "translated": "translated",
    "reviewed": "signed-off",
    "approved": "final",
    "rejected": "needs-review-translation",
}
BACK2 = {"initial": "new", "translated": "translated", "reviewed": "reviewed", "final": "approved"}
BACK12 = {
    "new": "new",
    "needs-translation": "new",
    "translated": "translated",
    "signed-off": "reviewed",
    "final": "approved",
    "needs-review-translation": "rejected",
}


def _by_document(rows):
    return groupby(rows, key=lambda r: r.document or "document")


def write(
    rows: list[BilingualRow],
    path: str | Path,
    srclang: str = "zh-CN",
    tgtlang: str = "en",
    version: str = "2.0",
    include_untranslated: bool = True,
    fill_target: str = "empty",
    strict: bool = False,
) -> int:
    """Write XLIFF 2.0 or 1.2; ``strict`` (1.2 only) leaves out the workbench's extension attributes
    (status, revision, score), so the file validates against the XLIFF 1.2 strict schema; the review
    status then travels only as XLIFF's own ``state`` and ``approved``."""
    if strict and (version == "2.0" or fill_target == "source"):
        raise InputError("--strict is for XLIFF 1.2 (--format xliff12) with empty untranslated targets")
    if fill_target not in ("empty", "source"):
        raise InputError(f"unknown target filling {fill_target!r}; use source or empty")
    rows = [r for r in rows if r.target or include_untranslated]
    if version == "2.0":
        root = _write2(rows, srclang, tgtlang)
    else:
        root = _write12(rows, srclang, tgtlang, fill_target, strict)
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return len(rows)


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _keep_space(unit, row) -> None:
    """``xml:space="preserve"`` on a unit whose text has a newline or tab, which conforming readers
    would otherwise collapse to one space."""
    if any(ch in text for text in (row.source, row.target, row.notes or "") for ch in "\n\r\t"):
        unit.set(XML_SPACE, "preserve")


def _write2(rows, srclang, tgtlang):
    root = etree.Element(
        f"{{{NS2}}}xliff",
        nsmap={None: NS2, "mda": MDA, "wb": WB, "its": ITS},
        version="2.0",
        srcLang=srclang,
        trgLang=tgtlang,
    )
    root.set(f"{{{ITS}}}version", "2.0")
    for n, (document, group) in enumerate(_by_document(rows), 1):
        file = etree.SubElement(root, f"{{{NS2}}}file", id=f"f{n}", original=xml_text(document))
        for row in group:
            unit = etree.SubElement(file, f"{{{NS2}}}unit", id=str(row.id))
            _keep_space(unit, row)
            metadata = etree.SubElement(
                etree.SubElement(unit, f"{{{MDA}}}metadata"), f"{{{MDA}}}metaGroup", category="workbench"
            )
            for key, value in (
                ("status", row.status),
                ("revision", str(row.revision)),
                ("score", "" if row.score is None else str(row.score)),
                ("kind", row.kind),
            ):
                etree.SubElement(metadata, f"{{{MDA}}}meta", type=key).text = value
            if row.notes:
                notes = etree.SubElement(unit, f"{{{NS2}}}notes")
                etree.SubElement(notes, f"{{{NS2}}}note", category="comment").text = xml_text(row.notes)
            segment = etree.SubElement(unit, f"{{{NS2}}}segment", id=f"s{row.id}", state=STATE2[row.status])
            if row.status == "rejected":
                segment.set("subState", "wb:rejected")
            set_text_with_codes(etree.SubElement(segment, f"{{{NS2}}}source"), row.source, "xliff2", NS2)
            if row.target:
                _target_with_issues(etree.SubElement(segment, f"{{{NS2}}}target"), row.target, row.errors)
    return root


def _target_with_issues(target, text: str, errors: list[dict]) -> None:
    """The target's text with each error as an ITS issue between an ``<sm>`` and an ``<em>``."""
    spans = []
    for n, error in enumerate(errors or [], 1):
        start = max(0, min(int(error.get("start", 0) or 0), len(text)))
        end = max(start, min(int(error.get("end", 0) or 0), len(text)))
        spans.append((n, error, start, end))
    # at one place: the ends of spans before the starts of others (no false nesting), an empty span's end last
    events = sorted(
        [(start, 1, n, error) for n, error, start, end in spans]
        + [(end, 0 if end > start else 2, n, None) for n, error, start, end in spans],
        key=lambda e: (e[0], e[1], e[2]),
    )
    last, pos = None, 0
    seen: dict[str, int] = {}

    def add(chunk: str) -> None:
        nonlocal last
        last = append_text(target, last, chunk, "xliff2", NS2, seen)  # inline-code placeholders as codes

    for at, kind, n, error in events:
        add(text[pos:at])
        pos = at
        if kind == 1:
            last = etree.SubElement(target, f"{{{NS2}}}sm", id=f"lqi{n}", type="its:generic")
            last.set(f"{{{ITS}}}locQualityIssueType", TO_ITS.get(error["category"], "other"))
            last.set(f"{{{ITS}}}locQualityIssueSeverity", SEVERITY_TO_ITS.get(error["severity"], "0"))
            if error.get("note"):
                last.set(f"{{{ITS}}}locQualityIssueComment", xml_text(error["note"]))
            last.set(f"{{{WB}}}category", error["category"])
            last.set(f"{{{WB}}}severity", error["severity"])
        else:
            last = etree.SubElement(target, f"{{{NS2}}}em", startRef=f"lqi{n}")
    add(text[pos:])


def _issue(marker, start: int, end: int) -> dict | None:
    """The MQM error an ITS-annotated marker stands for (None: not a quality issue)."""
    its_type = marker.get(f"{{{ITS}}}locQualityIssueType")
    category = marker.get(f"{{{WB}}}category")
    if its_type is None and category is None and marker.get(f"{{{ITS}}}locQualityIssueComment") is None:
        return None
    return dict(
        category=category or FROM_ITS.get(its_type or "", "accuracy"),
        severity=marker.get(f"{{{WB}}}severity") or severity_from_its(marker.get(f"{{{ITS}}}locQualityIssueSeverity")),
        start=start,
        end=end,
        note=marker.get(f"{{{ITS}}}locQualityIssueComment") or "",
    )


def _read_target(target) -> tuple[str, list[dict]]:
    """The text of an XLIFF 2.0 ``<target>`` (inline codes as placeholders) and the quality issues
    marked in it (with their spans), in the order they were written (``lqi1``, ``lqi2``, ...), else
    in the order their markers start."""
    found: list[tuple[tuple, dict]] = []
    opened: dict[str, tuple[int, tuple, object]] = {}
    around: dict[int, tuple[int, tuple]] = {}  # an open <mrk>: where it started
    starts = 0

    def order(marker) -> tuple:
        nonlocal starts
        starts += 1
        number = re.fullmatch(r"lqi(\d+)", marker.get("id") or "")
        return (0, int(number.group(1)), 0) if number else (1, 0, starts)

    def keep(key: tuple, marker, start: int, end: int) -> None:
        issue = _issue(marker, start, end)
        if issue:
            found.append((key, issue))

    def on_marker(event: str, marker, position: int) -> None:
        if event == "sm":
            opened[marker.get("id", "")] = (position, order(marker), marker)
        elif event == "em":
            start, key, started = opened.pop(marker.get("startRef", ""), (0, (), None))
            if started is not None:
                keep(key, started, start, position)
        elif event == "mrk":
            around[id(marker)] = (position, order(marker))
        elif event == "/mrk":
            start, key = around.pop(id(marker))
            keep(key, marker, start, position)

    text = text_with_codes(target, on_marker)
    for start, key, marker in opened.values():  # a start marker without an end: the issue runs to the end
        keep(key, marker, start, len(text))
    return text, [issue for _, issue in sorted(found, key=lambda f: f[0])]


def _write12(rows, srclang, tgtlang, fill_target="empty", strict=False):
    root = etree.Element(f"{{{NS12}}}xliff", nsmap={None: NS12, "wb": WB}, version="1.2")
    for document, group in _by_document(rows):
        file = etree.SubElement(root, f"{{{NS12}}}file", original=xml_text(document), datatype="plaintext")
        file.set("source-language", srclang)
        file.set("target-language", tgtlang)
        body = etree.SubElement(file, f"{{{NS12}}}body")
        for row in group:
            unit = etree.SubElement(
                body, f"{{{NS12}}}trans-unit", id=str(row.id), approved="yes" if row.status == "approved" else "no"
            )
            _keep_space(unit, row)
            if not strict:
                unit.set(f"{{{WB}}}status", row.status)
                unit.set(f"{{{WB}}}revision", str(row.revision))
                if row.score is not None:
                    unit.set(f"{{{WB}}}score", str(row.score))
            set_text_with_codes(etree.SubElement(unit, f"{{{NS12}}}source"), row.source, "xliff12", NS12)
            target = etree.SubElement(unit, f"{{{NS12}}}target", state=STATE12[row.status])
            set_text_with_codes(target, row.target, "xliff12", NS12)
            if not row.target and fill_target == "source":
                set_text_with_codes(target, row.source, "xliff12", NS12)
                unit.set(f"{{{WB}}}filled", "source")
            if row.notes:
                etree.SubElement(unit, f"{{{NS12}}}note", {"from": "reviewer"}).text = xml_text(row.notes)
    return root


def _int(value) -> int | None:
    return int(value) if value not in (None, "") and str(value).lstrip("-").isdigit() else None


def _source(element, unit, name: str) -> str:
    """The text of a unit's <source>; a unit without one cannot be matched or checked, so the file is refused."""
    if element is None:
        raise InputError(f"{name}: line {unit.sourceline}: unit {unit.get('id') or '(no id)'} has no <source>")
    return text_with_codes(element)


def parse(data: bytes, name: str) -> list[ReadRow]:
    """The rows of an XLIFF file's bytes (read and size-checked by the service); ``name`` is for messages."""
    root = parse_xml(data, name, "XLIFF").getroot()
    rows: list[ReadRow] = []
    if root.tag == f"{{{NS2}}}xliff":
        ns = {"x": NS2, "mda": MDA}
        for unit in root.iterfind(".//x:unit", ns):
            meta = {m.get("type"): m.text or "" for m in unit.iterfind(".//mda:meta", ns)}
            for segment in unit.iterfind("x:segment", ns):
                status = meta.get("status") or BACK2.get(segment.get("state", "initial"), "new")
                if segment.get("subState") == "wb:rejected":
                    status = "rejected"
                note = unit.findtext("x:notes/x:note", namespaces=ns)
                target = segment.find("x:target", ns)
                target_text, errors = _read_target(target) if target is not None else ("", [])
                rows.append(
                    ReadRow(
                        _int(unit.get("id")),
                        _source(segment.find("x:source", ns), unit, name),
                        target_text,
                        status,
                        _int(meta.get("score")),
                        note,
                        _int(meta.get("revision")),
                        unit.sourceline or 0,
                        errors=errors,
                    )
                )
    elif etree.QName(root).localname == "xliff" and (etree.QName(root).namespace or "") in NS1X:
        ns = {"x": etree.QName(root).namespace or ""}  # "": XLIFF 1.0 without a namespace
        for unit in root.iterfind(".//x:trans-unit", ns):
            target = unit.find("x:target", ns)
            source_text = _source(unit.find("x:source", ns), unit, name)
            target_text = text_with_codes(target)
            if unit.get(f"{{{WB}}}filled") == "source" and target_text == source_text:
                target_text = ""  # the copy of the source made for the CAT tool: still untranslated
            # a target without a state says nothing of the review status (translate-toolkit writes none)
            state = target.get("state") if target is not None else "new"
            status = unit.get(f"{{{WB}}}status") or (BACK12.get(state, "translated") if state else None)
            rows.append(
                ReadRow(
                    _int(unit.get("id")),
                    source_text,
                    target_text,
                    status,
                    _int(unit.get(f"{{{WB}}}score")),
                    unit.findtext("x:note", namespaces=ns),
                    _int(unit.get(f"{{{WB}}}revision")),
                    unit.sourceline or 0,
                )
            )
    else:
        raise InputError(f"{name}: not an XLIFF 1.1, 1.2 or 2.x file (root element {root.tag})")
    if not rows:
        raise InputError(f"{name}: the XLIFF file has no units")
    return rows


MTC = "urn:oasis:names:tc:xliff:matches:2.0"


def tm_units(data: bytes, name: str) -> list:
    """The translations an XLIFF file offers a translation memory, as :class:`~.tmx.TmxUnit`:
    each unit's own target where it is translated (not empty, not a copy of the source), and its
    candidates — XLIFF 1.x ``<alt-trans>`` (Okapi, Trados and others put TM and MT matches there;
    the alternative's own ``<source>`` where it has one, else the unit's) and XLIFF 2.x's
    translation candidates module (``<mtc:match>``). A candidate's ``origin`` / ``match-quality``
    (2.x: ``origin`` / ``matchQuality``) come along as ``x-origin`` / ``x-match-quality`` props."""
    from .tmx import TmxUnit

    root = parse_xml(data, name, "XLIFF").getroot()
    version2 = root.tag == f"{{{NS2}}}xliff"
    if not version2 and not (etree.QName(root).localname == "xliff" and (etree.QName(root).namespace or "") in NS1X):
        raise InputError(f"{name}: not an XLIFF 1.1, 1.2 or 2.x file (root element {root.tag})")
    ns = {"x": NS2 if version2 else etree.QName(root).namespace or "", "mtc": MTC}
    units: list = []

    def add(source: str, target: str, props: dict, line: int) -> None:
        source, target = source.strip(), target.strip()
        if source and target and target != source:
            units.append(TmxUnit(source, target, {k: v for k, v in props.items() if v}, {}, line))

    for unit in root.iterfind(".//x:unit" if version2 else ".//x:trans-unit", ns):
        if version2:
            sources = [text_with_codes(s.find("x:source", ns)) for s in unit.iterfind("x:segment", ns)]
            for segment in unit.iterfind("x:segment", ns):
                target = segment.find("x:target", ns)
                if target is not None and segment.get("state", "initial") != "initial":
                    add(
                        text_with_codes(segment.find("x:source", ns)), text_with_codes(target), {}, unit.sourceline or 0
                    )
            for match in unit.iterfind("mtc:matches/mtc:match", ns):
                add(
                    text_with_codes(match.find("x:source", ns)) or " ".join(sources),
                    text_with_codes(match.find("x:target", ns)),
                    {
                        "x-origin": match.get("origin", "") or "alt-trans",
                        "x-match-quality": match.get("matchQuality", ""),
                    },
                    match.sourceline or 0,
                )
            continue
        source = text_with_codes(unit.find("x:source", ns))
        target = unit.find("x:target", ns)
        if target is not None and unit.get(f"{{{WB}}}filled") != "source":
            if (target.get("state") or "translated") not in ("new", "needs-translation"):
                add(source, text_with_codes(target), {}, unit.sourceline or 0)
        for alt in unit.iterfind("x:alt-trans", ns):
            alt_source = alt.find("x:source", ns)
            add(
                text_with_codes(alt_source) if alt_source is not None else source,
                text_with_codes(alt.find("x:target", ns)),
                {"x-origin": alt.get("origin", "") or "alt-trans", "x-match-quality": alt.get("match-quality", "")},
                alt.sourceline or 0,
            )
    return units
