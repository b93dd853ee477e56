"""TBX v3 (ISO 30042:2019, TBX-Basic dialect) export and import.

One ``conceptEntry`` per term; ``langSec xml:lang="zh"`` holds the Chinese term,
``langSec xml:lang="en"`` one ``termSec`` per rendering with ``administrativeStatus``:
``preferredTerm-admn-sts`` for the preferred rendering, ``admittedTerm-admn-sts`` for variants
and ``deprecatedTerm-admn-sts`` for forbidden ones. The note, source and domain go into
``note``, ``source`` and ``subjectField`` of the concept.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import InputError
from .model import Term

NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
STATUS = {"preferred": "preferredTerm-admn-sts", "admitted": "admittedTerm-admn-sts",
          "deprecated": "deprecatedTerm-admn-sts"}


def _e(parent, tag, text=None, **attrib):
    element = etree.SubElement(parent, f"{{{NS}}}{tag}", attrib)
    if text is not None:
        element.text = text
    return element


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
        for status, renderings in (("preferred", [term.en]), ("admitted", term.variants), ("deprecated", term.forbidden)):
            for rendering in renderings:
                section = _e(en, "termSec")
                _e(section, "term", rendering)
                _e(section, "termNote", STATUS[status], type="administrativeStatus")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_tbx(terms: list[Term], path: str | Path) -> Path:
    path = Path(path)
    path.write_bytes(tbx_bytes(terms))
    return path


def read_tbx(path: str | Path, glossary: str = "") -> list[Term]:
    path = Path(path)
    try:
        tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, OSError) as exc:
        raise InputError(f"{path}: not well-formed TBX ({exc})") from None
    ns = {"t": tree.getroot().nsmap.get(None, NS)}
    terms = []
    for n, concept in enumerate(tree.iterfind(".//t:conceptEntry", ns), 1):
        zh = concept.findtext("t:langSec[@xml:lang='zh']/t:termSec/t:term", namespaces={**ns, "xml": "http://www.w3.org/XML/1998/namespace"})
        renderings = {"preferred": [], "admitted": [], "deprecated": []}
        for section in concept.iterfind("t:langSec", ns):
            if not (section.get(XML_LANG) or "").startswith("en"):
                continue
            for term_sec in section.iterfind("t:termSec", ns):
                status = term_sec.findtext("t:termNote[@type='administrativeStatus']", namespaces=ns) or STATUS["admitted"]
                kind = next((k for k, v in STATUS.items() if v == status), "admitted")
                renderings[kind].append(term_sec.findtext("t:term", namespaces=ns) or "")
        preferred = renderings["preferred"] or renderings["admitted"][:1]
        if not zh or not preferred:
            raise InputError(f"{path}: concept {concept.get('id') or n} lacks a Chinese term or an English rendering")
        variants = [v for v in renderings["admitted"] if v != preferred[0]]
        terms.append(Term(zh.strip(), preferred[0].strip(), tuple(variants), tuple(renderings["deprecated"]),
                          concept.findtext("t:note", namespaces=ns) or "",
                          concept.findtext("t:admin[@type='source']", namespaces=ns) or "",
                          concept.findtext("t:descrip[@type='subjectField']", namespaces=ns) or "", glossary))
    if not terms:
        raise InputError(f"{path}: no conceptEntry elements (is this TBX v3?)")
    return terms
