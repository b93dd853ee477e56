"""An existing English translation, aligned with a project document.

The English becomes a ``reference`` document of the project; its sentences are aligned with
the source document's segments and the beads are stored (with their confidence and whether a
person confirmed them). Every source segment that a bead pairs with English on its own
(1-1, 1-2, ...) gets that English as its reference translation, so the metrics can score MT
against it; segments in an n-m bead with n > 1 get none (their English cannot be divided).

A table of contents is kept out of the beads on both sides: the document's ``toc`` segments (its
``目录`` and the entries under it, see :func:`workbench.ingest.layout.toc_lines`) are in no
bead and get no reference, and the English's own contents block (``Contents`` and its entries)
is left out of the reference sentences. The headings themselves are aligned where they stand in
the body, so a contents list adds nothing but 1-n beads of headings against one another.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import delete, select

from ..align import AlignSettings, align_sentences
from ..align.edit import EditableBead, confirm, merge_with_next, move, split
from ..align.harvest import harvest
from ..align.mismatch import mismatch
from ..align.realign import covers, realign_unconfirmed
from ..errors import WorkbenchError
from ..formats.output import output_file
from ..ingest import SourceText, prepare_text, read_source
from ..ingest.layout import toc_lines
from ..store import Bead, Document, GlossaryEntry, Segment, Store, Translation, text_hash
from . import teams, tm
from .projects import DEFAULT_PROJECT, get_project


def _source_doc(session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None or doc.role != "source":
        raise WorkbenchError(f"no source document with id {document_id}")
    return doc


def _segments(session, document_id: int) -> list[Segment]:
    return list(session.scalars(select(Segment).where(Segment.document_id == document_id).order_by(Segment.position)))


class ConfirmedBeadsAtRisk(WorkbenchError):
    """Aligning would throw away beads a person confirmed; ``confirmed`` says how many. The CLI and
    the app add how to replace them on purpose (``--replace``, a checkbox)."""

    def __init__(self, message: str, confirmed: int):
        super().__init__(message)
        self.confirmed = confirmed


@dataclass(frozen=True)
class AlignmentResult:
    """What :func:`align_reference` did: the document and its new reference document, the sentences
    on each side, the beads by shape (``"1-1"``: how many), and the confirmed beads kept (the same
    English aligned again) or replaced (``replace``)."""

    document: int
    reference: int
    zh_sentences: int
    en_sentences: int
    #: segments of the table of contents, in no bead
    contents: int
    beads: int
    shapes: dict[str, int] = field(default_factory=dict)
    kept: int = 0
    replaced: int = 0

    def as_dict(self) -> dict:
        return asdict(self)


class AlignmentMismatch(WorkbenchError):
    """The English does not look like a translation of the document (see
    :func:`workbench.align.mismatch.mismatch`); nothing was stored. The CLI and the app add how
    to align anyway (``--force``, a checkbox)."""


def align_reference(
    store: Store,
    document_id: int,
    english: SourceText | str | Path,
    presplit: bool = False,
    settings: AlignSettings = AlignSettings(),
    replace: bool = False,
    force: bool = False,
) -> AlignmentResult:
    """Align an English translation with document ``document_id`` and keep it as its reference.

    Aligning a document again never silently throws away what a person confirmed: when it has
    confirmed beads and the English is the same text (the same sentences), those beads stay and
    only the stretches between them are aligned again (``kept`` in the result); when the English
    differs, :class:`ConfirmedBeadsAtRisk` is raised and nothing changes, unless ``replace`` asks
    for a fresh alignment (``replaced``: how many confirmed beads went).

    An English that does not look like a translation of the document (most pairs weak, or many
    sentences without a partner) is refused with :class:`AlignmentMismatch` and nothing changes,
    unless ``force`` asks to align anyway."""
    if not isinstance(english, SourceText):
        english = read_source(english)
    if presplit:
        en_paragraphs = None
        lines = [s.strip() for s in english.text.splitlines() if s.strip()]
        contents = toc_lines(lines)
        sentences = [s for k, s in enumerate(lines) if k not in contents]
    else:
        drafts = [s for s in prepare_text(english.text, "en").segments if s.text.strip() and s.kind != "toc"]
        sentences, en_paragraphs = [s.text.strip() for s in drafts], [s.paragraph for s in drafts]
    if not sentences:
        raise WorkbenchError(f"{english.name}: no English sentences to align")
    with store.session() as session:
        teams.audited(session, "align", f"document {document_id}: aligned with {english.name}")
        source = _source_doc(session, document_id)
        segments = _segments(session, document_id)
        # the beads count the segments outside the table of contents (``aligned[k]``: the k-th of them)
        aligned = [k for k, s in enumerate(segments) if s.kind != "toc"]
        zh, zh_paragraphs = [segments[k].source for k in aligned], [segments[k].paragraph for k in aligned]
        glossary = [
            (zh_term, en_term)
            for zh_term, en_term in session.execute(
                select(GlossaryEntry.zh, GlossaryEntry.en).where(GlossaryEntry.project_id == source.project_id)
            )
        ]
        rows = list(session.scalars(select(Bead).where(Bead.source_document_id == document_id).order_by(Bead.position)))
        stored = [EditableBead(tuple(r.src), tuple(r.tgt), r.score, r.confirmed) for r in rows]
        old_reference = rows[0].target_document_id if rows else None
        old_english = [s.source for s in _segments(session, old_reference)] if old_reference is not None else []
        old_hash = session.scalar(select(Document.content_hash).where(Document.id == old_reference))
    # the stored beads in the numbering of the aligned segments (a segment of the contents: -1, so
    # an alignment made before the contents was recognised does not cover the document)
    local = {k: i for i, k in enumerate(aligned)}
    before = [EditableBead(tuple(local.get(i, -1) for i in b.src), b.tgt, b.score, b.confirmed) for b in stored]
    confirmed = sum(1 for b in before if b.confirmed)
    keep = bool(confirmed) and not replace
    if keep and sentences != old_english:
        why = (
            "is the same English split into other sentences (one sentence per line or not)"
            if old_hash == text_hash(english.text)
            else "is not the English that document {document_id} was aligned with (its sentences differ)"
        )
        raise ConfirmedBeadsAtRisk(
            f"{english.name} {why.format(document_id=document_id)}: aligning it would throw away {confirmed} "
            "confirmed beads, so nothing was changed",
            confirmed,
        )
    if keep and not covers(before, len(zh), len(old_english)):
        raise ConfirmedBeadsAtRisk(
            f"document {document_id} has changed since it was aligned: aligning it again would throw away "
            f"{confirmed} confirmed beads, so nothing was changed",
            confirmed,
        )
    if keep:
        beads = realign_unconfirmed(zh, sentences, before, settings, glossary, zh_paragraphs, en_paragraphs)
    else:
        beads = [
            EditableBead(b.src, b.tgt, b.score)
            for b in align_sentences(
                zh, sentences, settings, glossary=glossary, src_paragraphs=zh_paragraphs, tgt_paragraphs=en_paragraphs
            ).beads
        ]
        unlike = None if force else mismatch(beads)
        if unlike is not None:
            raise AlignmentMismatch(
                f"{english.name} does not look like a translation of document {document_id}: {unlike}; "
                "it was not stored as the reference"
            )
    beads = [EditableBead(tuple(aligned[i] for i in b.src), b.tgt, b.score, b.confirmed) for b in beads]
    with store.session() as session:
        source = _source_doc(session, document_id)
        now = [
            (tuple(r.src), tuple(r.tgt), r.confirmed)
            for r in session.scalars(select(Bead).where(Bead.source_document_id == document_id).order_by(Bead.position))
        ]
        if now != [(b.src, b.tgt, b.confirmed) for b in stored]:  # a correction saved while this one aligned
            raise WorkbenchError(
                f"the alignment of document {document_id} was corrected while it was being aligned again; "
                "nothing was changed, align again"
            )
        if keep:  # the same English: the reference document stays as it is
            reference = session.get(Document, old_reference)
        else:
            name = f"{english.name} (reference for {document_id})"
            reference = session.scalar(
                select(Document).where(
                    Document.project_id == source.project_id, Document.name == name, Document.role == "reference"
                )
            )
            if reference is None:
                reference = Document(project_id=source.project_id, name=name, role="reference", lang="en")
                session.add(reference)
            reference.title, reference.encoding = english.name, english.encoding
            reference.content_hash, reference.raw_text = text_hash(english.text), english.text
            session.flush()
            session.execute(delete(Segment).where(Segment.document_id == reference.id))
            # the English keeps its own paragraphs (one sentence per line: each line is one)
            paragraphs = en_paragraphs or range(1, len(sentences) + 1)
            for i, (sentence, paragraph) in enumerate(zip(sentences, paragraphs, strict=True), 1):
                session.add(
                    Segment(document_id=reference.id, position=i, paragraph=paragraph, kind="body", source=sentence)
                )
        assert reference is not None  # the beads' reference document is deleted only with them
        _store_beads(session, source, reference.id, beads)
        if old_reference is not None and old_reference != reference.id:  # replaced by another English file
            session.execute(delete(Document).where(Document.id == old_reference, Document.role == "reference"))
    counts: dict[str, int] = {}
    for b in beads:
        kind = f"{len(b.src)}-{len(b.tgt)}"
        counts[kind] = counts.get(kind, 0) + 1
    return AlignmentResult(
        document=document_id,
        reference=reference.id,
        zh_sentences=len(zh),
        en_sentences=len(sentences),
        contents=len(segments) - len(aligned),  # segments of the table of contents, in no bead
        beads=len(beads),
        shapes=counts,
        kept=confirmed if keep else 0,
        replaced=confirmed if not keep else 0,
    )


def _store_beads(session, source: Document, reference_id: int, beads: list[EditableBead]) -> None:
    session.execute(delete(Bead).where(Bead.source_document_id == source.id))
    for position, bead in enumerate(beads):
        session.add(
            Bead(
                project_id=source.project_id,
                source_document_id=source.id,
                target_document_id=reference_id,
                position=position,
                src=list(bead.src),
                tgt=list(bead.tgt),
                score=bead.score,
                confirmed=bead.confirmed,
            )
        )
    segments = _segments(session, source.id)
    english = [s.source for s in _segments(session, reference_id)]
    references: dict[int, str | None] = {s.id: None for s in segments}
    for bead in beads:
        if len(bead.src) == 1 and bead.tgt:
            references[segments[bead.src[0]].id] = " ".join(english[j] for j in bead.tgt)
    for translation in session.scalars(select(Translation).where(Translation.segment_id.in_(list(references)))):
        translation.reference = references[translation.segment_id]
    session.flush()
    tm.record_alignment(session, source.id)  # confirmed beads go into the translation memory


def alignment_beads(store: Store, document_id: int) -> dict:
    """The stored alignment: beads, the Chinese segments and the English sentences."""
    with store.session() as session:
        source = _source_doc(session, document_id)
        rows = list(session.scalars(select(Bead).where(Bead.source_document_id == document_id).order_by(Bead.position)))
        if not rows:
            raise WorkbenchError(f"document {document_id} has no alignment yet; align an English translation first")
        zh = [s.source for s in _segments(session, document_id)]
        en = [s.source for s in _segments(session, rows[0].target_document_id)]
        beads = [EditableBead(tuple(r.src), tuple(r.tgt), r.score, r.confirmed) for r in rows]
        return dict(beads=beads, zh=zh, en=en, reference=rows[0].target_document_id, title=source.title)


def edit_alignment(store: Store, document_id: int, operation: str, bead: int, side: str = "tgt") -> dict:
    """Apply a correction to bead number ``bead`` (1-based) and save: ``merge`` (with the next),
    ``split``, ``down``/``up`` (move a sentence of ``side`` to the next/previous bead), ``confirm``,
    ``unconfirm``."""
    teams.audited_store(store, "align", f"document {document_id}: bead {bead} {operation}")
    current = alignment_beads(store, document_id)
    beads, k = current["beads"], int(bead) - 1
    try:
        if operation == "merge":
            beads = merge_with_next(beads, k)
        elif operation == "split":
            beads = split(beads, k)
        elif operation in ("down", "up"):
            beads = move(beads, k, side, operation)
        elif operation in ("confirm", "unconfirm"):
            beads = confirm(beads, k, operation == "confirm")
        else:
            raise WorkbenchError(f"unknown alignment edit {operation!r}")
    except (IndexError, ValueError) as exc:
        raise WorkbenchError(str(exc)) from None
    with store.session() as session:
        _store_beads(session, _source_doc(session, document_id), current["reference"], beads)
    return dict(beads=len(beads))


def confirm_above(store: Store, document_id: int, threshold: float) -> int:
    """Confirm every bead whose confidence is at least ``threshold``; returns how many changed."""
    with store.session() as session:
        teams.audited(session, "align", f"document {document_id}: beads from {threshold} on confirmed")
        rows = session.scalars(
            select(Bead).where(
                Bead.source_document_id == document_id, Bead.score >= threshold, Bead.confirmed.is_(False)
            )
        )
        changed = 0
        for row in rows:
            row.confirmed = True
            changed += 1
        session.flush()
        tm.record_alignment(session, document_id)
        return changed


def bead_texts(store: Store, document_id: int) -> list[dict]:
    current = alignment_beads(store, document_id)
    zh, en = current["zh"], current["en"]
    return [
        dict(
            number=k + 1,
            src=list(b.src),
            tgt=list(b.tgt),
            kind=f"{len(b.src)}-{len(b.tgt)}",
            zh="".join(zh[i] for i in b.src),
            en=" ".join(en[j] for j in b.tgt),
            score=b.score,
            confirmed=b.confirmed,
        )
        for k, b in enumerate(current["beads"])
    ]


def export_alignment(store: Store, document_id: int, path: str | Path, fmt: str) -> int:
    """The aligned pairs as ``tmx``, ``tsv`` (Chinese, English, confidence, confirmed) or ``beads``."""
    teams.audited_store(store, "export", f"document {document_id}: alignment as {fmt} to {Path(path).name}")
    if fmt not in ("tmx", "tsv", "beads"):
        raise WorkbenchError(f"unknown alignment format {fmt!r}; use tmx, tsv or beads")
    rows = bead_texts(store, document_id)
    with output_file(path) as partial:  # a missing or read-only folder: one line; never half a file
        _write_alignment(rows, partial, fmt)
    return len(rows)


def _write_alignment(rows: list[dict], path: Path, fmt: str) -> None:
    from .. import formats
    from ..align import format_bead
    from ..align.beads import AlignmentBead
    from ..formats import BilingualRow

    if fmt == "beads":
        path.write_text(
            "".join(format_bead(AlignmentBead(tuple(r["src"]), tuple(r["tgt"]))) + "\n" for r in rows), "utf-8"
        )
    elif fmt == "tsv":
        from ..formats.safety import cell_text

        lines = ["zh\ten\tconfidence\tconfirmed"] + [
            "\t".join(
                [
                    cell_text(r["zh"].replace("\t", " ")),  # formula-guarded, no control characters
                    cell_text(r["en"].replace("\t", " ")),
                    f"{r['score']:.3f}",
                    "yes" if r["confirmed"] else "no",
                ]
            )
            for r in rows
        ]
        path.write_text("\ufeff" + "\n".join(lines) + "\n", "utf-8")
    elif fmt == "tmx":
        # the export's own TMX path (formats.write, as `workbench export -f tmx`): the same writer and
        # the same status rule; a confirmed bead is approved, an unconfirmed one is the aligner's draft
        # (translated), which this file keeps as `export --include mt` keeps MT drafts
        formats.write(
            [
                BilingualRow(
                    id=r["number"],
                    source=r["zh"],
                    target=r["en"],
                    status="approved" if r["confirmed"] else "translated",
                    score=round(r["score"] * 100),
                )
                for r in rows
                if r["zh"] and r["en"]
            ],
            path,
            "tmx",
            include_untranslated=False,
            include_mt=True,
        )


def glossary_candidates(
    store: Store,
    document_id: int | None = None,
    project: str = DEFAULT_PROJECT,
    min_pairs: int = 2,
    min_dice: float = 0.6,
) -> list[dict]:
    """Term candidates from confirmed pairs (all aligned documents, or one), not yet in the glossary."""
    from .glossaries import project_terms

    known = {t.zh for t in project_terms(store, project)}
    pairs = []
    with store.session() as session:
        p = get_project(session, project)
        query = select(Bead.source_document_id).where(Bead.project_id == p.id)
        if document_id is not None:
            query = query.where(Bead.source_document_id == document_id)
        documents = sorted(set(session.scalars(query)))
    for doc in documents:
        for row in bead_texts(store, doc):
            if row["confirmed"] and row["zh"] and row["en"]:
                pairs.append((row["zh"], row["en"]))
    if not pairs:
        return []
    from ..align.lexicon import cedict

    return [c.__dict__ for c in harvest(pairs, known, min_pairs, min_dice, lexicon=cedict())]


def add_candidate(store: Store, zh: str, en: str, project: str = DEFAULT_PROJECT) -> int:
    """Send a glossary candidate to the project's own glossary (one click in the Alignment tab);
    returns the new entry's id. A term already there is refused with a clear message."""
    from ..glossary import Term
    from .glossaries import save_term

    zh, en = (zh or "").strip(), (en or "").strip()
    if not zh or not en:
        raise WorkbenchError("choose a candidate with both its Chinese and its English")
    return save_term(store, Term(zh, en, source="alignment candidate"), glossary="project", project=project)
