"""Glossaries of political vocabulary: terms, files (TSV/CSV/XLSX/TBX), matching, checks.

The bundled glossary is ``glossaries/governance_zh_en.tsv`` at the top of the repository
(installed as the ``glossaries`` package).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .check import TermCheck, TermIssue, check_segment, contains, term_accuracy
from .files import (
    OMEGAT_SUFFIXES,
    GlossaryFileError,
    omegat_text,
    read_table,
    read_tbx,
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
    return read_table(bundled_glossary_path(), BUNDLED_NAME)


def read_glossary(path: str | Path, name: str = "") -> list[Term]:
    """Any supported glossary file, by extension: .tsv .csv .txt .xlsx .tbx (.txt/.tab/.utf8: OmegaT's format,
    or a table when the first line is a glossary header)."""
    return read_table(path, name or Path(path).stem)


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
    "read_glossary",
    "read_table",
    "parse_tbx",
    "read_tbx",
    "term_accuracy",
    "terms_from_omegat",
    "terms_from_rows",
    "write_glossary",
    "omegat_text",
    "write_omegat",
    "write_table",
    "write_tbx",
]
