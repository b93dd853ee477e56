"""Translating a project: resumable, cached, in length-sorted batches.

Only segments without MT output are sent. Each batch is written to the database (and to the
translation cache) as soon as it returns, so a run that is killed loses at most one batch
and the next run continues where it stopped. Identical source texts are translated once;
the cache key is the engine's model fingerprint, the decoding settings, the glossary version
and the text. Headings and list items lose their marker before MT and get an English one back
(see :mod:`workbench.mt.numbering`).

With ``settings.enforce_terms`` every glossary term found in a sentence must appear in its
translation with its preferred rendering, and forbidden renderings are banned (see
:mod:`workbench.mt.constraints`); the glossary version then becomes part of the cache key.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import select

from ..glossary import Term, TermMatcher, glossary_version
from ..mt.engine import Engine, TranslateSettings
from ..mt.numbering import join_marker, split_marker
from ..mt.pieces import piece_limits, translate_in_pieces
from ..store import Document, MtCacheEntry, Project, Revision, Segment, Store, Translation, utcnow

Progress = Callable[[int, int], None]
Batch = list[str]


@dataclass
class TranslateReport:
    pending: int = 0  # segments without MT when the run started
    translated: int = 0  # segments that got MT in this run
    from_cache: int = 0  # of which the text came from the cache or a duplicate
    from_memory: int = 0  # segments filled from the translation memory before MT
    sent: int = 0  # distinct texts sent to the engine
    batches: int = 0
    seconds: float = 0.0
    stopped: bool = False
    failed: int = 0  # distinct texts the engine gave no translation for (left for the next run)

    def as_dict(self) -> dict:
        return asdict(self)


def cache_key(fingerprint: str, settings: TranslateSettings, glossary_version: str, text: str) -> str:
    return hashlib.sha256("\x1f".join([fingerprint, settings.key(), glossary_version, text]).encode()).hexdigest()


def length_sorted_batches(texts: Sequence[str], batch_size: int) -> list[list[str]]:
    """Similar lengths together: less padding, faster batches."""
    ordered = sorted(texts, key=len)
    return [ordered[i : i + batch_size] for i in range(0, len(ordered), batch_size)]


class TermPlan:
    """What enforcement asks of each sentence: the preferred renderings of its terms, and what to avoid."""

    def __init__(self, terms: list[Term] | None, enabled: bool, contexts: dict | None = None):
        self.matcher = TermMatcher(terms) if (terms and enabled) else None
        self.contexts = contexts  # text -> SentenceContext, for an engine that reads context

    def for_batch(self, batch: Sequence[str]) -> dict:
        extra = {"context": [self.contexts.get(text) for text in batch]} if self.contexts is not None else {}
        if self.matcher is None:
            return extra
        hits = [self.matcher.find(text) for text in batch]
        return {
            "terms": [list(dict.fromkeys(h.term.en for h in found)) for found in hits],
            "avoid": [list(dict.fromkeys(f for h in found for f in h.term.forbidden)) for found in hits],
            **extra,
        }


#: Sends batches to an engine and yields (batch, translations) as each comes back, in any order.
#: The local runner translates them one after the other in this process; the Ray runner
#: (:mod:`workbench.cluster`) spreads them over actors. Both pull batches lazily, so a stopped
#: run sends nothing more, and both get the term plan's constraints for each batch.
BatchRunner = Callable[[Iterable[Batch], "TermPlan"], Iterable[tuple[Batch, list[str]]]]


def local_runner(engine: Engine, settings: TranslateSettings, batch_size: int = 16) -> BatchRunner:
    limit, fits = piece_limits(engine)

    def run(batches: Iterable[Batch], plan: TermPlan) -> Iterator[tuple[Batch, list[str]]]:
        for batch in batches:
            # over-long segments go as pieces: the model would silently drop what is past its input
            yield (
                batch,
                translate_in_pieces(
                    lambda texts: engine.translate(texts, settings, **plan.for_batch(texts)),
                    batch,
                    limit=limit,
                    batch_size=batch_size,
                    fits=fits,
                ),
            )

    return run


def translate_lines(
    engine: Engine,
    lines: Iterable[str],
    settings: TranslateSettings = TranslateSettings(),
    batch_size: int = 16,
    glossary: list[Term] | None = None,
    runner: BatchRunner | None = None,
    progress: Callable[[int], None] | None = None,
    numbering: str = "roman",
) -> list[str]:
    """Translate lines (pipe mode): blank lines stay blank, duplicates are translated once.

    A line that is a heading or a list item (一、, （一）, 一是, 1、 ...) loses its marker before MT
    and gets the English one back, as in project mode.
    ``progress`` is called with the number of lines each returned batch completes."""
    from ..ingest.layout import paragraph_kind

    lines = list(lines)
    plan = TermPlan(glossary, settings.enforce_terms)
    parts: dict[str, tuple[str, str]] = {}  # line -> (English marker, text to translate)
    counts: dict[str, int] = {}  # text to translate -> lines waiting for it
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if text not in parts:
            parts[text] = split_marker(text, numbering) if paragraph_kind(text) in ("heading", "item") else ("", text)
        body = parts[text][1]
        counts[body] = counts.get(body, 0) + 1
    done: dict[str, str] = {"": ""}
    run = runner or local_runner(engine, settings, batch_size)
    for batch, output in run(length_sorted_batches([b for b in counts if b], batch_size), plan):
        done.update(zip(batch, output, strict=True))
        if progress:
            progress(sum(counts[text] for text in batch))
    if progress and counts.get(""):
        progress(counts[""])  # a bare marker has nothing to translate
    out = []
    for line in lines:
        marker, body = parts.get(line.strip(), ("", ""))
        out.append(join_marker(marker, done[body]) if line.strip() else "")
    return out


def _pending(session, project_id: int, document_id: int | None):
    query = (
        select(Segment.id, Segment.source, Segment.kind)
        .join(Translation, Translation.segment_id == Segment.id)
        .join(Document, Document.id == Segment.document_id)
        .where(Document.project_id == project_id, Document.role == "source", Translation.mt_text.is_(None))
        .order_by(Segment.document_id, Segment.position)
    )
    if document_id is not None:
        query = query.where(Segment.document_id == document_id)
    # a segment filled from the translation memory needs no MT
    query = query.where(~select(Revision.id).where(Revision.segment_id == Segment.id, Revision.origin == "tm").exists())
    return session.execute(query).all()


def _write(session, texts: dict[int, str], engine: Engine, settings: dict) -> None:
    """Store MT output for many segments (segment id -> text), as a revision each."""
    ids = list(texts)
    translations = [
        t
        for i in range(0, len(ids), 500)
        for t in session.scalars(select(Translation).where(Translation.segment_id.in_(ids[i : i + 500])))
    ]
    for translation in translations:
        text = texts[translation.segment_id]
        translation.mt_text = text
        translation.mt_engine, translation.mt_model, translation.mt_settings = engine.name, engine.model, settings
        if not translation.target:
            translation.target = text
        if translation.status == "new":
            translation.status = "translated"
        translation.revision += 1
        translation.updated_by, translation.updated_at = f"MT ({engine.name})", utcnow()
        session.add(
            Revision(
                segment_id=translation.segment_id,
                number=translation.revision,
                based_on=translation.revision - 1,
                text=translation.target,
                status=translation.status,
                author=f"MT ({engine.name})",
                origin="mt",
            )
        )


def translate_project(
    store: Store,
    engine: Engine,
    settings: TranslateSettings = TranslateSettings(),
    project: str = "default",
    document_id: int | None = None,
    batch_size: int = 16,
    numbering: str = "roman",
    glossary: list[Term] | None = None,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    tm_threshold: int | None = 100,
    runner: BatchRunner | None = None,
) -> TranslateReport:
    """Give every segment without MT output its machine translation; see the module docstring.

    ``glossary``: the terms to enforce (default: the project's glossaries) when
    ``settings.enforce_terms`` is on. ``tm_threshold``: first fill untranslated segments from
    the translation memory when their best match scores at least this (50-101; None: never).
    ``runner``: where the batches are translated (default: by ``engine`` in this process; see
    :data:`BatchRunner`); results are written here either way.
    """
    from . import teams

    teams.audited_store(store, "translate", f"document {document_id or 'all'} with {engine.name} {engine.model}")
    started = time.perf_counter()
    report = TranslateReport()
    if tm_threshold is not None:
        from .tm import pretranslate

        report.from_memory = pretranslate(store, tm_threshold, project, document_id)
    fingerprint = engine.fingerprint()
    if settings.enforce_terms and glossary is None:
        from .glossaries import project_terms

        glossary = project_terms(store, project)
    plan = TermPlan(glossary, settings.enforce_terms)
    version = glossary_version(glossary) if (settings.enforce_terms and glossary) else ""
    stored_settings = {
        **settings.as_dict(),
        "numbering": numbering,
        "engine": engine.name,
        "model": engine.model,
        "glossary_version": version,
    }
    prompt = getattr(engine, "prompt_version", None)
    if prompt:  # the llm engine: which prompt made it
        stored_settings["prompt_version"] = prompt
    with store.session() as session:
        p = session.scalar(select(Project).where(Project.name == project))
        rows = _pending(session, p.id, document_id) if p else []
    report.pending = len(rows)
    # source text to send -> (segment id, English marker) of every segment that needs it
    wanted: dict[str, list[tuple[int, str]]] = {}
    for segment_id, source, kind in rows:
        marker, body = split_marker(source, numbering) if kind in ("heading", "item", "toc") else ("", source)
        wanted.setdefault(body, []).append((segment_id, marker))
    keys = {text: cache_key(fingerprint, settings, version, text) for text in wanted}
    if getattr(engine, "uses_context", False):  # TM matches and previous segments go with each sentence
        from .context import sentence_contexts

        plan.contexts = sentence_contexts(
            store, {t: w[0][0] for t, w in wanted.items()}, project, use_tm=tm_threshold is not None
        )

    def store_results(results: dict[str, str], cached: bool) -> None:
        if not cached:  # an empty translation of a non-blank text is a failure: nothing written or cached
            report.failed += sum(1 for t, out in results.items() if t.strip() and not out.strip())
            results = {t: out for t, out in results.items() if out.strip() or not t.strip()}
        texts = {
            segment_id: join_marker(marker, translation)
            for text, translation in results.items()
            for segment_id, marker in wanted[text]
        }
        with store.session() as session:
            if not cached:
                for text, translation in results.items():
                    session.merge(MtCacheEntry(key=keys[text], text=translation))
            _write(session, texts, engine, stored_settings)
        report.translated += len(texts)
        # a cache hit serves every segment; a fresh translation serves its duplicates too
        report.from_cache += len(texts) if cached else len(texts) - len(results)

    with store.session() as session:
        hits: dict[str, str] = {}
        all_keys = list(keys.items())
        for i in range(0, len(all_keys), 500):
            chunk = dict((k, t) for t, k in all_keys[i : i + 500])
            for entry in session.scalars(select(MtCacheEntry).where(MtCacheEntry.key.in_(list(chunk)))):
                hits[chunk[entry.key]] = entry.text
    if hits:
        store_results(hits, cached=True)
    total = report.pending
    if progress:
        progress(report.translated, total)

    def batches() -> Iterator[Batch]:
        for batch in length_sorted_batches([t for t in wanted if t not in hits], batch_size):
            if should_stop and should_stop():
                report.stopped = True
                return
            yield batch

    for batch, output in (runner or local_runner(engine, settings, batch_size))(batches(), plan):
        report.sent += len(batch)
        report.batches += 1
        store_results(dict(zip(batch, output, strict=False)), cached=False)
        if progress:
            progress(report.translated, total)
    report.seconds = round(time.perf_counter() - started, 3)
    return report
