"""Work on files outside a project: the text lines of pipe-mode translation, segmenting a file,
aligning two files, finding glossary terms in a file.

These read the files (any Chinese encoding, bounded in size) and do the work; the CLI only
prints what they return.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..align import align_sentences, format_bead
from ..align.documents import sentences_of
from ..glossary import Term, bundled_terms
from ..ingest import SegmentDraft, decode_bytes, load_rules
from ..ingest.readers import read_bytes
from ..segment import SegmentOptions
from ..store import Store
from .database import open_store
from .documents import prepare_file
from .glossaries import match_lines, project_terms
from .reading import read_glossary


def read_text_lines(path: str | Path) -> list[str]:
    """The lines of a text file in any Chinese encoding, for translating line by line.

    A file of blank lines only keeps its line count (the output must line up with the input)."""
    data = read_bytes(path)
    return decode_bytes(data, str(path)).text.splitlines() if data.strip() else [""] * data.count(b"\n")


def read_terms(path: str | Path | None) -> list[Term]:
    """The terms of a glossary file (TSV/CSV/XLSX/TBX/OmegaT); none without a file."""
    return read_glossary(path) if path else []


def enforced_glossary(extra: list[Term], store: Store | None = None) -> list[Term]:
    """The terms to enforce: ``extra`` first, then the project's glossaries (``store``) or, outside a
    project, the bundled glossary."""
    return extra + (project_terms(store) if store is not None else bundled_terms())


def segment_file(
    path: str | Path,
    lang: str = "zh",
    rule_files: Iterable[str | Path] = (),
    options: SegmentOptions | None = None,
    clean: bool = True,
) -> list[SegmentDraft]:
    """Clean and segment a file with the built-in cleaning rules plus ``rule_files``; stores nothing."""
    return prepare_file(path, lang, load_rules(list(rule_files)), options or SegmentOptions(), clean=clean).segments


@dataclass(frozen=True)
class AlignedPair:
    """One bead of a file alignment: sentence numbers (0-based) on each side and their texts."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    kind: str
    score: float
    zh: str
    en: str
    label: str  # the bead as [0,1]:[0]

    def as_dict(self) -> dict:
        return dict(src=list(self.src), tgt=list(self.tgt), kind=self.kind, score=self.score, zh=self.zh, en=self.en)


def align_files(zh_file: str | Path, en_file: str | Path, presplit: bool = False) -> list[AlignedPair]:
    """Align a Chinese file with its English translation sentence by sentence (``presplit``: one
    sentence per line in both, kept as it is)."""
    zh, en = sentences_of(zh_file, "zh", presplit), sentences_of(en_file, "en", presplit)
    return [
        AlignedPair(
            tuple(b.src),
            tuple(b.tgt),
            b.kind,
            b.score,
            "".join(zh[i] for i in b.src),
            " ".join(en[j] for j in b.tgt),
            format_bead(b),
        )
        for b in align_sentences(zh, en).beads
    ]


def match_file(path: str | Path, glossary_file: str | Path | None = None, project: str | None = None) -> list[dict]:
    """Glossary terms in a text file, line by line, longest match first (see :func:`match_lines`).

    The terms come from ``glossary_file``, else the glossaries of ``project`` (a database path or
    URL), else the bundled glossary. The file is read first, so a bad file opens no project."""
    lines = decode_bytes(read_bytes(path), str(path)).text.splitlines()
    if glossary_file:
        terms = read_glossary(glossary_file)
    elif project:
        terms = project_terms(open_store(project))
    else:
        terms = bundled_terms()
    return match_lines(terms, lines)
