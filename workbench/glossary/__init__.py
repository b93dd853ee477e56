"""Glossaries of political vocabulary: terms, files (TSV/CSV/XLSX/TBX), matching, checks.

The bundled glossary is ``glossaries/governance_zh_en.tsv`` at the top of the repository
(installed as the ``glossaries`` package).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .check import TermCheck, TermIssue, check_segment, contains, term_accuracy
from .files import (
    BINARY_SUFFIXES,
    OMEGAT_SUFFIXES,
    GlossaryFileError,
    omegat_text,
    parse_glossary,
    terms_from_omegat,
    terms_from_rows,
    write_omegat,
    write_table,
)
from .match import Hit, TermMatcher
from .model import COLUMNS, Term, glossary_version
from .tbx import parse_tbx, write_tbx

BUNDLED_NAME = "governance (bundled)"


def bundled_glossary_path() -> Path:
    return Path(str(resources.files("glossaries").joinpath("governance_zh_en.tsv")))


def bundled_terms() -> list[Term]:
    """The bundled glossary's terms (a UTF-8 TSV of this package; a user's glossary file is read by
    ``service.reading.read_glossary``)."""
    path = bundled_glossary_path()
    return parse_glossary(path.read_text("utf-8-sig"), str(path), BUNDLED_NAME)


def write_glossary(terms: list[Term], path: str | Path, tbx_version: str = "2019") -> Path:
    """By extension: .tbx (TBX v3, or TBX 2008 with ``tbx_version="2008"``), .txt/.tab/.utf8 (OmegaT),
    anything else a table (.csv CSV, otherwise TSV)."""
    path = Path(path)
    if path.suffix.lower() == ".tbx":
        return write_tbx(terms, path, tbx_version)
    if path.suffix.lower() in OMEGAT_SUFFIXES:
        return write_omegat(terms, path)
    return write_table(terms, path)


__all__ = [
    "BINARY_SUFFIXES",
    "BUNDLED_NAME",
    "COLUMNS",
    "GlossaryFileError",
    "Hit",
    "Term",
    "TermCheck",
    "TermIssue",
    "TermMatcher",
    "bundled_glossary_path",
    "bundled_terms",
    "check_segment",
    "contains",
    "glossary_version",
    "parse_glossary",
    "parse_tbx",
    "term_accuracy",
    "terms_from_omegat",
    "terms_from_rows",
    "write_glossary",
    "omegat_text",
    "write_omegat",
    "write_table",
    "write_tbx",
]
