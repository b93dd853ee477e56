"""What an engine that reads context (the ``llm`` engine) gets with each sentence to translate:
up to three translation-memory matches scoring at least :data:`PROMPT_TM_MIN_SCORE`, with their
score, and the two segments before it in its document with their approved English.

The matches are fuzzy ones: a match at or above the run's ``--tm-threshold`` has already filled
its segment from the memory, so what reaches the engine is below it."""

from __future__ import annotations

from sqlalchemy import select

from ..mt.llm import SentenceContext
from ..store import Segment, Store, Translation

#: Weakest translation-memory match shown to the engine (percent).
PROMPT_TM_MIN_SCORE = 70


def sentence_contexts(
    store: Store, first_segment: dict[str, int], project: str, use_tm: bool = True, previous: int = 2
) -> dict[str, SentenceContext]:
    """Text to send -> its context, taken at the first segment (id) that has that text; no TM
    matches unless ``use_tm``."""
    from .tm import lookup

    out: dict[str, SentenceContext] = {}
    with store.session() as session:
        for text, segment_id in first_segment.items():
            segment = session.get(Segment, segment_id)
            if segment is None:
                continue
            before = session.execute(
                select(Segment.source, Translation.target, Translation.status)
                .join(Translation, Translation.segment_id == Segment.id)
                .where(Segment.document_id == segment.document_id, Segment.position < segment.position)
                .order_by(Segment.position.desc())
                .limit(previous)
            ).all()
            approved = tuple(
                (source, target) for source, target, status in reversed(before) if status == "approved" and target
            )
            out[text] = SentenceContext(previous=approved)
    if use_tm:
        for text, context in out.items():
            matches = lookup(store, text, 3, project, min_score=PROMPT_TM_MIN_SCORE)
            tm = tuple((int(m["score"]), m["source"], m["target"]) for m in matches)
            out[text] = SentenceContext(tm=tm, previous=context.previous)
    return out
