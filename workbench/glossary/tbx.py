"""TBX glossaries: TBX v3 (ISO 30042:2019, TBX-Basic dialect, root ``tbx``) and TBX 2008
(ISO 30042:2008, TBX-Basic, root ``martif``), export and import.

v3: one ``conceptEntry`` per term; ``langSec xml:lang="zh"`` holds the Chinese term,
``langSec xml:lang="en"`` one ``termSec`` per rendering with ``administrativeStatus``:
``preferredTerm-admn-sts`` for the preferred rendering, ``admittedTerm-admn-sts`` for variants
and ``deprecatedTerm-admn-sts`` for forbidden ones. The note, source and domain go into
``note``, ``source`` and ``subjectField`` of the concept.

2008 carries the same content under the older names (``martif``, ``termEntry``, ``langSet``,
``tig``, no namespace): what OmegaT 3.6 reads and what MultiTerm and memoQ exports mostly are.
Import tells the two apart by the root element and also reads ``ntig``/``termGrp`` entries,
Chinese synonyms (each becomes a term) and the older status spellings.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..formats.safe_xml import parse_xml
from ..formats.safety import xml_text
from .model import GlossaryFileError, Term

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {
    "preferred": "preferredTerm-admn-sts",
    "admitted": "admittedTerm-admn-sts",
    "deprecated": "deprecatedTerm-admn-sts",
}
#: how files from other tools spell a rendering's status (lower case), and what it means here
STATUS_READ = {
    "preferredterm-admn-sts": "preferred",
    "preferredterm": "preferred",
    "preferred": "preferred",
    "admittedterm-admn-sts": "admitted",
    "admittedterm": "admitted",
    "admitted": "admitted",
    "deprecatedterm-admn-sts": "deprecated",
    "deprecatedterm": "deprecated",
    "deprecated": "deprecated",
    "supersededterm-admn-sts": "deprecated",
    "supersededterm": "deprecated",
    "superseded": "deprecated",
}
TBX_VERSIONS = ("2019", "2008")


def _e(parent, tag, text=None, **attrib):
    """A TBX v3 element (in its namespace)."""
    return _sub(parent, f"{{{NS}}}{tag}", text, **attrib)


def _written_renderings(term: Term):
    """(rendering, TBX administrativeStatus) of each English rendering: preferred, admitted, deprecated."""
    for status, renderings in (("preferred", [term.en]), ("admitted", term.variants), ("deprecated", term.forbidden)):
        for rendering in renderings:
            yield rendering, STATUS[status]


def tbx_bytes(terms: list[Term], title: str = "Governance glossary") -> bytes:
    root = etree.Element(f"{{{NS}}}tbx", nsmap={None: NS}, type="TBX-Basic", style="dca")
    root.set(XML_LANG, "en")
    header = _e(root, "tbxHeader")
    description = _e(_e(header, "fileDesc"), "sourceDesc")
    _e(description, "p", title)
    text = _e(_e(root, "text"), "body")
    for n, term in enumerate(terms, 1):
        concept = _e(text, "conceptEntry", id=f"c{n}")
        if term.domain:
            _e(concept, "descrip", term.domain, type="subjectField")
        if term.note:
            _e(concept, "note", term.note)
        if term.source:
            _e(concept, "admin", term.source, type="source")
        zh = _e(concept, "langSec")
        zh.set(XML_LANG, "zh")
        _e(_e(zh, "termSec"), "term", term.zh)
        en = _e(concept, "langSec")
        en.set(XML_LANG, "en")
        for rendering, status in _written_renderings(term):
            section = _e(en, "termSec")
            _e(section, "term", rendering)
            _e(section, "termNote", status, type="administrativeStatus")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _sub(parent, tag, text=None, **attrib):
    """An element with ``text`` made safe for XML 1.0."""
    element = etree.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = xml_text(text)
    return element


def tbx2008_bytes(terms: list[Term], title: str = "Governance glossary") -> bytes:
    """TBX-Basic 2008 (``martif``): one ``termEntry`` per term, renderings as ``tig`` with their
    ``administrativeStatus``; no DOCTYPE, so readers never fetch a DTD."""
    root = etree.Element("martif", type="TBX-Basic")
    root.set(XML_LANG, "en")
    header = _sub(root, "martifHeader")
    _sub(_sub(_sub(header, "fileDesc"), "sourceDesc"), "p", title)
    _sub(_sub(header, "encodingDesc"), "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for n, term in enumerate(terms, 1):
        entry = _sub(body, "termEntry", id=f"c{n}")
        if term.domain:
            _sub(entry, "descrip", term.domain, type="subjectField")
        if term.source:
            _sub(entry, "admin", term.source, type="source")
        if term.note:
            _sub(entry, "note", term.note)
        zh = _sub(entry, "langSet")
        zh.set(XML_LANG, "zh")
        _sub(_sub(zh, "tig"), "term", term.zh)
        en = _sub(entry, "langSet")
        en.set(XML_LANG, "en")
        for rendering, status in _written_renderings(term):
            tig = _sub(en, "tig")
            _sub(tig, "term", rendering)
            _sub(tig, "termNote", status, type="administrativeStatus")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_tbx(terms: list[Term], path: str | Path, version: str = "2019") -> Path:
    """Write TBX v3 (``version`` "2019", the default) or TBX-Basic 2008 (``"2008"``)."""
    if version not in TBX_VERSIONS:
        raise InputError(f"unknown TBX version {version!r}; use 2019 (TBX v3) or 2008 (martif)")
    path = Path(path)
    path.write_bytes(tbx2008_bytes(terms) if version == "2008" else tbx_bytes(terms))
    return path


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element, *names):
    return [c for c in element if _local(c) in names]


def _descendants(element, *names):
    return [d for d in element.iter() if _local(d) in names]


def _text(element) -> str:
    return "".join(element.itertext()).strip() if element is not None else ""


def _typed(element, names, kind, deep=False) -> str:
    """Text of the first ``names`` element with type ``kind`` (among children, or anywhere below)."""
    found = (_descendants if deep else _children)(element, *names)
    return next((_text(e) for e in found if (e.get("type") or "").lower() == kind.lower() and _text(e)), "")


def _renderings(section) -> list[tuple[str, str]]:
    """(term, status) of each term holder in a language section: v3 ``termSec``, 2008 ``tig`` or ``ntig``."""
    out = []
    for holder in _children(section, "termSec", "tig", "ntig"):
        term = next(iter(_descendants(holder, "term")), None)
        status = ""
        for note in _descendants(holder, "termNote"):
            if (note.get("type") or "") in ("administrativeStatus", "normativeAuthorization"):
                status = STATUS_READ.get(_text(note).lower(), "")
                break
        if _text(term):
            out.append((_text(term), status or "admitted"))
    return out


def parse_tbx(data: bytes, name: str, glossary: str = "") -> list[Term]:
    """The terms of a TBX v3 or TBX 2008 file's bytes (read and size-checked by the caller; ``name``
    for messages); every problem is listed (with its line) and nothing is imported."""
    tree = parse_xml(data, name, "TBX")
    root = tree.getroot()
    kind = _local(root)
    if kind not in ("tbx", "martif"):
        raise InputError(f"{name}: not a TBX file (the root element is {kind!r}; TBX v3 has tbx, TBX 2008 martif)")
    entry_name, section_name = ("conceptEntry", "langSec") if kind == "tbx" else ("termEntry", "langSet")
    terms: list[Term] = []
    problems: list[str] = []
    first_line: dict[str, int] = {}
    for n, entry in enumerate(_descendants(root, entry_name), 1):
        line = entry.sourceline or 0
        label = f"line {line}: entry {entry.get('id') or n}"
        chinese: list[str] = []
        renderings: dict[str, list[str]] = {"preferred": [], "admitted": [], "deprecated": []}
        for section in _children(entry, section_name):
            lang = (section.get(XML_LANG) or section.get("lang") or "").lower()
            if lang.startswith("zh"):
                chinese += [t for t, _ in _renderings(section)]
            elif lang.startswith("en"):
                for text, status in _renderings(section):
                    renderings[status].append(text)
        preferred = renderings["preferred"] or renderings["admitted"][:1]
        if not chinese or not preferred:
            problems.append(f"{label} lacks a Chinese term or an English rendering")
            continue
        accepted = renderings["preferred"][1:] + renderings["admitted"]
        variants = tuple(dict.fromkeys(v for v in accepted if v != preferred[0]))
        forbidden = tuple(dict.fromkeys(renderings["deprecated"]))
        clash = {v.lower() for v in (preferred[0],) + variants} & {f.lower() for f in forbidden}
        if clash:
            problems.append(f"{label}: {sorted(clash)[0]!r} is both accepted and forbidden")
            continue
        note = " ".join(_text(e) for e in _children(entry, "note")) or next(
            (_text(e) for e in _descendants(entry, "note") if _text(e)), ""
        )
        source = _typed(entry, ("admin", "descrip"), "source") or _typed(
            entry, ("admin", "descrip"), "source", deep=True
        )
        domain = _typed(entry, ("descrip",), "subjectField") or _typed(entry, ("descrip",), "subjectField", deep=True)
        for zh in dict.fromkeys(chinese):
            if zh in first_line:
                problems.append(f"{label}: duplicate term {zh!r} (first on line {first_line[zh]})")
                continue
            first_line[zh] = line
            terms.append(Term(zh, preferred[0], variants, forbidden, note, source, domain, glossary))
    if problems:
        raise GlossaryFileError(name, problems)
    if not terms:
        version = "v3" if kind == "tbx" else "2008"
        raise InputError(f"{name}: no {entry_name} elements with terms (is this TBX {version}?)")
    return terms
