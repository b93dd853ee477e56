"""Parsing XML that users bring (TBX glossaries, TMX, XLIFF, OmegaT projects) without letting it cost anything.

The service reads the file (with the same size limit as every other input) and hands the bytes
here; they are parsed without network access,
without loading external DTDs and without expanding entities; a document that declares its own
entities (the "billion laughs" and external-entity tricks) is refused outright, with one message.
"""

from __future__ import annotations

from lxml import etree

from ..errors import InputError

#: lxml settings for every XML file a user brings: no entity expansion, no network, no external
#: DTD, lxml's own limits on depth and text size. Also used by the streaming TMX reader
#: (formats.tmx.iter_units), which checks for a DTD as soon as the prolog has been read.
SAFE_PARSER_OPTIONS = dict(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True
)


def internal_subset(tree) -> bool:
    """Whether the document's DOCTYPE carries an internal subset (``<!DOCTYPE x [ ... ]>``, where
    entities are declared). A DOCTYPE that only names an external DTD (OmegaT's ``<!DOCTYPE tmx
    SYSTEM "tmx11.dtd">``, translate-toolkit's) is fine: that DTD is never loaded."""
    dtd = tree.docinfo.internalDTD
    return dtd is not None and (any(True for _ in dtd.iterentities()) or any(True for _ in dtd.iterelements()))


def parse_xml(data: bytes, name: str, what: str) -> etree._ElementTree:
    """The parsed tree of ``data`` (TBX, TMX, XLIFF, OmegaT files, already read and size-checked);
    ``name`` (the file) and ``what`` (the kind of file) are for messages."""
    parser = etree.XMLParser(**SAFE_PARSER_OPTIONS)
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name}: not a well-formed {what} file ({exc})") from None
    if internal_subset(tree):
        raise InputError(
            f"{name}: the {what} file declares XML entities or an internal DTD; such files are refused for safety"
        )
    if any(isinstance(node, etree._Entity) for node in tree.iter()):
        raise InputError(f"{name}: the {what} file uses undeclared XML entities; such files are refused for safety")
    return tree
