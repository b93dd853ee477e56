"""Human evaluation campaigns: import systems' candidates and raters' judgements, score them,
show their counts, export the annotations. The scores themselves are :mod:`workbench.evaluation`'s.

An import checks the whole file before it writes, and writes in one transaction with bulk
statements (batches of :data:`BATCH` rows, no ORM object per row), so a refused file leaves
nothing behind and 100,000 annotation rows take seconds.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path

from sqlalchemy import func, insert, select

from ..errors import InputError, WorkbenchError
from ..evaluation.mqm import NO_ERROR, MqmError
from ..evaluation.ranking import DEFAULT_SEED
from ..evaluation.scores import Judgement, score_campaign
from ..formats import mqm_tsv
from ..store import (
    Campaign,
    CampaignAnnotation,
    CampaignItem,
    CampaignRating,
    CampaignSystem,
    CampaignTaskItem,
    Document,
    Segment,
    Store,
    text_hash,
    utcnow,
)
from .documents import _add_missing_translations
from .projects import DEFAULT_PROJECT, get_project

PROTOCOLS = ("da", "esa", "mqm", "sxs")
FORMATS = ("text", "tsv", "mqm-tsv")
BATCH = 2000
_HAN = re.compile(r"[\u3400-\u9fff]")


@dataclass
class CampaignImport:
    campaign: str
    protocol: str
    created: bool
    format: str
    systems: list[str]
    items: int  # new items
    ratings: int
    annotations: int
    documents_created: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class _Rating:
    key: tuple  # (system, doc, seg_id)
    rater: str
    score: float | None
    errors: list[dict]


def _campaign(session, project_id: int, name: str) -> Campaign:
    campaign = session.scalar(select(Campaign).where(Campaign.project_id == project_id, Campaign.name == name))
    if campaign is None:
        raise WorkbenchError(f"no campaign named {name!r} in this project; `workbench campaign import` makes one")
    return campaign


def import_campaign(
    store: Store,
    path: str | Path,
    name: str,
    format: str | None = None,
    system: str | None = None,
    document_id: int | None = None,
    protocol: str | None = None,
    project: str = DEFAULT_PROJECT,
) -> CampaignImport:
    """Import a file of candidates (and judgements) into campaign ``name``, made when missing.

    ``mqm-tsv``: systems, segments, raters and their MQM annotations; ``tsv``: candidates
    ``system doc seg_id target`` (with ``source``, and ``rater``/``score`` direct assessments);
    ``text``: one candidate a line of the ``--document``'s segments, for ``system``. Documents
    the project lacks are made from the file's sources (one per ``doc``, segments in seg_id
    order); ``document_id`` ties every row to that document instead, seg_id being its
    segment's number."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    format = format or mqm_tsv.sniff(path)
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}; use {', '.join(FORMATS)}")
    if protocol is not None and protocol not in PROTOCOLS:
        raise InputError(f"unknown protocol {protocol!r}; use {', '.join(PROTOCOLS)}")
    warnings: list[str] = []
    sources: dict[tuple[str, int], str | None] = {}
    candidates: dict[tuple, tuple[str, str]] = {}  # (system, doc, seg_id) -> (doc_id, target)
    ratings: list[_Rating] = []
    if format == "mqm-tsv":
        if protocol not in (None, "mqm", "esa"):
            raise InputError(f"an MQM TSV brings MQM annotations; it cannot go into a {protocol} campaign")
        parsed = mqm_tsv.read(path)
        warnings += parsed.warnings()
        by_pair: dict[tuple, _Rating] = {}
        for r in parsed.rows:
            if system is not None and r.system != system:
                continue
            key = (r.system, r.doc, r.seg_id)
            sources.setdefault((r.doc, r.seg_id), r.source)
            candidates.setdefault(key, (r.doc_id, r.target))
            rating = by_pair.get((key, r.rater))
            if rating is None:
                rating = by_pair[(key, r.rater)] = _Rating(key, r.rater, None, [])
                ratings.append(rating)
            if r.severity != NO_ERROR:
                rating.errors.append(
                    dict(
                        category=r.category, severity=r.severity, side=r.side, start=r.start, end=r.end, note=r.comment
                    )
                )
        wanted_protocol: str | None = protocol or "mqm"
    elif format == "tsv":
        for c in mqm_tsv.read_candidates(path):
            if system is not None and c.system != system:
                continue
            key = (c.system, c.doc, c.seg_id)
            known = sources.get((c.doc, c.seg_id))
            if c.source is not None and known is not None and known != c.source:
                raise InputError(f"{path}: line {c.line}: doc {c.doc} seg_id {c.seg_id} has a second, different source")
            if c.source is not None or (c.doc, c.seg_id) not in sources:
                sources[(c.doc, c.seg_id)] = c.source
            candidates.setdefault(key, ("", c.target))
            if c.score is not None:
                ratings.append(_Rating(key, c.rater or "", c.score, []))
        wanted_protocol = protocol
    else:
        if document_id is None:
            raise InputError(
                "a plain text file of candidates needs --document ID: the document whose segments it translates"
            )
        lines = mqm_tsv.text_lines(path)
        text_system = system or path.stem
        for number, line in enumerate(lines, start=1):
            candidates[(text_system, "", number)] = ("", line)
            sources[("", number)] = None
        wanted_protocol = protocol
    if not candidates:
        raise InputError(f"{path}: no candidates to import" + (f" for system {system!r}" if system else ""))

    with store.writing() as session:
        p = get_project(session, project)
        campaign = session.scalar(select(Campaign).where(Campaign.project_id == p.id, Campaign.name == name))
        created = campaign is None
        if campaign is None:
            campaign = Campaign(project_id=p.id, name=name, protocol=wanted_protocol or "da", settings={})
            session.add(campaign)
            session.flush()
        elif wanted_protocol is not None and wanted_protocol != campaign.protocol:
            raise InputError(f"campaign {name!r} is a {campaign.protocol} campaign; this file brings {wanted_protocol}")
        if format == "text":
            segments, made = _text_segments(session, p.id, document_id, len(candidates), path)
        else:
            segments, made = _resolve_segments(session, p.id, sources, document_id, path)
        systems = _systems(session, campaign.id, sorted({k[0] for k in candidates}))
        items = _items(session, campaign.id, candidates, segments, systems)
        counts = _ratings(session, campaign, ratings, items, name)
        return CampaignImport(
            name,
            campaign.protocol,
            created,
            format,
            sorted(systems),
            items["new"],
            counts[0],
            counts[1],
            made,
            warnings,
        )


def _text_segments(session, project_id, document_id, lines, path) -> tuple[dict, list]:
    document = session.get(Document, int(document_id))
    if document is None or document.project_id != project_id:
        raise InputError(f"no document with id {document_id} in this project")
    rows = session.execute(
        select(Segment.position, Segment.id).where(Segment.document_id == document.id).order_by(Segment.position)
    ).all()
    if len(rows) != lines:
        raise InputError(
            f"{path}: {lines} lines, but document {document_id} has {len(rows)} segments; give one line a segment"
        )
    return {("", number): (document.id, segment_id) for number, (_, segment_id) in enumerate(rows, start=1)}, []


def _resolve_segments(session, project_id, sources, document_id, path) -> tuple[dict, list]:
    """(doc, seg_id) -> (document id, segment id), making the documents the project lacks."""
    out: dict = {}
    made: list[str] = []
    if document_id is not None:
        document = session.get(Document, int(document_id))
        if document is None or document.project_id != project_id:
            raise InputError(f"no document with id {document_id} in this project")
        by_position = dict(
            session.execute(select(Segment.position, Segment.id).where(Segment.document_id == document.id)).all()
        )
        seen: dict[int, str] = {}
        for (doc, seg), src in sorted(sources.items()):
            if src is not None and seen.setdefault(seg, src) != src:
                raise InputError(
                    f"{path}: seg_id {seg} has two different sources (doc {doc} and another); with --document every "
                    "seg_id is one segment; nothing imported"
                )
        missing = sorted({seg for _, seg in sources if seg not in by_position})
        if missing:
            shown = ", ".join(map(str, missing[:5])) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            raise InputError(
                f"{path}: seg_id {shown} not in document {document_id} (it has segments 1 to {len(by_position)}); "
                "nothing imported"
            )
        return {key: (document.id, by_position[key[1]]) for key in sources}, made
    docs = sorted({doc for doc, _ in sources})
    for doc in docs:
        wanted = sorted((seg, src) for (d, seg), src in sources.items() if d == doc)
        document = session.scalar(
            select(Document).where(Document.project_id == project_id, Document.name == doc, Document.role == "source")
        )
        if document is None:
            lacking = [seg for seg, src in wanted if src is None]
            if lacking:
                raise InputError(
                    f"{path}: document {doc!r} is not in the project and the file has no source for seg_id "
                    f"{lacking[0]}; add a source column or give --document ID"
                )
            document = _make_document(session, project_id, doc, [src for _, src in wanted])
            made.append(doc)
            ids = session.execute(select(Segment.position, Segment.id).where(Segment.document_id == document.id)).all()
            by_position = dict(ids)
            for number, (seg, _) in enumerate(wanted, start=1):
                out[(doc, seg)] = (document.id, by_position[number])
            continue
        # an earlier import numbered this document's segments by its seg_ids; else seg_id is the segment's number
        known = dict(
            session.execute(
                select(CampaignItem.seg_id, CampaignItem.segment_id)
                .where(CampaignItem.document_id == document.id)
                .distinct()
            ).all()
        )
        segments = dict(
            session.execute(select(Segment.id, Segment.source).where(Segment.document_id == document.id)).all()
        )
        by_position = dict(
            session.execute(select(Segment.position, Segment.id).where(Segment.document_id == document.id)).all()
        )
        for seg, src in wanted:
            segment_id = known.get(seg, by_position.get(seg))
            if segment_id is None:
                raise InputError(f"{path}: seg_id {seg} is not in the project's document {doc!r}; nothing imported")
            if src is not None and segments[segment_id] != src:
                raise InputError(
                    f"{path}: doc {doc} seg_id {seg}: the source differs from segment {seg} of the project's "
                    f"document {doc!r}; give --document ID or another doc name"
                )
            out[(doc, seg)] = (document.id, segment_id)
    return out, made


def _make_document(session, project_id: int, name: str, sources: list[str]) -> Document:
    raw = "\n".join(sources)
    document = Document(
        project_id=project_id,
        name=name,
        title=name,
        lang="zh" if _HAN.search(raw) else "en",
        role="source",
        encoding="utf-8",
        content_hash=text_hash(raw),
        raw_text=raw,
        restored_lines=[],
        removed_lines=[],
    )
    session.add(document)
    session.flush()
    rows = (
        dict(document_id=document.id, position=i, paragraph=i, kind="body", source=s)
        for i, s in enumerate(sources, start=1)
    )
    while batch := list(islice(rows, BATCH)):
        session.execute(insert(Segment), batch)
    _add_missing_translations(session, document.id)
    return document


def _systems(session, campaign_id: int, names: list[str]) -> dict[str, int]:
    existing = dict(
        session.execute(
            select(CampaignSystem.name, CampaignSystem.id).where(CampaignSystem.campaign_id == campaign_id)
        ).all()
    )
    new = [dict(campaign_id=campaign_id, name=n, settings={}) for n in names if n not in existing]
    if new:
        session.execute(insert(CampaignSystem), new)
        existing = dict(
            session.execute(
                select(CampaignSystem.name, CampaignSystem.id).where(CampaignSystem.campaign_id == campaign_id)
            ).all()
        )
    return {n: existing[n] for n in names}


def _item_map(session, campaign_id: int) -> dict[tuple[int, int], int]:
    return {
        (system_id, segment_id): item_id
        for item_id, system_id, segment_id in session.execute(
            select(CampaignItem.id, CampaignItem.system_id, CampaignItem.segment_id).where(
                CampaignItem.campaign_id == campaign_id
            )
        )
    }


def _items(session, campaign_id, candidates, segments, systems) -> dict:
    """Item id per candidate key, inserting the new ones; ``["new"]`` counts those."""
    existing = _item_map(session, campaign_id)
    rows, keys = [], {}
    for key, (doc_id, target) in candidates.items():
        system, doc, seg = key
        document_id, segment_id = segments[(doc, seg)]
        ident = (systems[system], segment_id)
        keys[key] = ident
        if ident not in existing:
            existing[ident] = -1
            rows.append(
                dict(
                    campaign_id=campaign_id,
                    system_id=ident[0],
                    document_id=document_id,
                    segment_id=segment_id,
                    doc_id=doc_id,
                    seg_id=seg,
                    candidate=target,
                )
            )
    for i in range(0, len(rows), BATCH):
        session.execute(insert(CampaignItem), rows[i : i + BATCH])
    ids = _item_map(session, campaign_id) if rows else existing
    out = {key: ids[ident] for key, ident in keys.items()}
    out["new"] = len(rows)
    return out


def _ratings(session, campaign, ratings: list[_Rating], items: dict, name: str) -> tuple[int, int]:
    if not ratings:
        return 0, 0
    before = session.scalar(select(func.max(CampaignRating.id))) or 0
    done = {
        (item_id, rater)
        for item_id, rater in session.execute(
            select(CampaignRating.item_id, CampaignRating.rater).where(CampaignRating.campaign_id == campaign.id)
        )
    }
    now = utcnow()
    rows = []
    for r in ratings:
        item_id = items[r.key]
        if (item_id, r.rater) in done:
            system, doc, seg = r.key
            raise InputError(
                f"campaign {name!r} already has {r.rater}'s judgement of {system} on doc {doc or '-'} seg_id {seg}; "
                "this file was imported before (nothing imported)"
            )
        rows.append(dict(campaign_id=campaign.id, item_id=item_id, rater=r.rater, score=r.score, created_at=now))
    for i in range(0, len(rows), BATCH):
        session.execute(insert(CampaignRating), rows[i : i + BATCH])
    annotations = 0
    if any(r.errors for r in ratings):
        new_ids = {
            (item_id, rater): rating_id
            for rating_id, item_id, rater in session.execute(
                select(CampaignRating.id, CampaignRating.item_id, CampaignRating.rater).where(
                    CampaignRating.campaign_id == campaign.id, CampaignRating.id > before
                )
            )
        }
        errors = (dict(rating_id=new_ids[(items[r.key], r.rater)], **e) for r in ratings if r.errors for e in r.errors)
        while batch := list(islice(errors, BATCH)):
            session.execute(insert(CampaignAnnotation), batch)
            annotations += len(batch)
    return len(rows), annotations


def _judgements(session, campaign_id: int) -> list[Judgement]:
    errors: dict[int, list[MqmError]] = {}
    for rating_id, category, severity in session.execute(
        select(CampaignAnnotation.rating_id, CampaignAnnotation.category, CampaignAnnotation.severity)
        .join(CampaignRating, CampaignRating.id == CampaignAnnotation.rating_id)
        .where(CampaignRating.campaign_id == campaign_id)
    ):
        errors.setdefault(rating_id, []).append(MqmError(category, severity))
    rows = session.execute(
        select(
            CampaignRating.id, CampaignSystem.name, CampaignItem.segment_id, CampaignRating.rater, CampaignRating.score
        )
        .join(CampaignItem, CampaignItem.id == CampaignRating.item_id)
        .join(CampaignSystem, CampaignSystem.id == CampaignItem.system_id)
        .where(CampaignRating.campaign_id == campaign_id)
    )
    return [
        Judgement(system, segment_id, rater, score, tuple(errors.get(rating_id, ())))
        for rating_id, system, segment_id, rater, score in rows
    ]


def campaign_scores(
    store: Store,
    name: str,
    weights_file: str | Path | None = None,
    seed: int = DEFAULT_SEED,
    project: str = DEFAULT_PROJECT,
    exclude_failed_raters: bool = False,
) -> dict:
    """The campaign's scores: see :func:`workbench.evaluation.score_campaign`, with ``campaign``
    added, ``qc`` per rater (:func:`workbench.evaluation.quality.rater_qc`; with
    ``exclude_failed_raters`` the raters who fail are left out, named in ``excluded``), and
    ``metrics``: BLEU/chrF/TER per system against the reference, with sacrebleu's signatures and
    the system-level correlations with the human score."""
    from ..evaluation.mqm import DEFAULT_WEIGHTS, read_weights
    from ..evaluation.quality import correlations, rater_qc, system_metrics

    weights = read_weights(weights_file) if weights_file is not None else DEFAULT_WEIGHTS
    with store.session() as session:
        p = get_project(session, project)
        campaign = _campaign(session, p.id, name)
        protocol = campaign.protocol
        judgements = _judgements(session, campaign.id)
        qc = rater_qc(qc_judgements(session, campaign.id))
        pairs = _metric_pairs(session, campaign.id)
    excluded = sorted(r for r, v in qc.items() if not v["passed"]) if exclude_failed_raters else []
    if excluded:
        judgements = [j for j in judgements if j.rater not in excluded]
    if not judgements:
        raise WorkbenchError(f"campaign {name!r} has no ratings yet; nothing to score")
    if protocol != "mqm" and not any(j.score is not None for j in judgements):
        raise WorkbenchError(f"campaign {name!r} has no scores yet; nothing to score")
    result = {"campaign": name, **score_campaign(protocol, judgements, weights, seed)}
    metrics = system_metrics(pairs)
    human = {s["system"]: s["score"] for s in result["systems"]}
    metrics["correlation"] = correlations(human, metrics["systems"], lower_is_better=protocol == "mqm")
    result.update(qc=qc, excluded=excluded, metrics=metrics, raters=_rater_distributions(judgements))
    return result


def _rater_distributions(judgements: list[Judgement]) -> dict[str, dict]:
    """rater -> {n, mean, bins}: each rater's 0-100 scores in ten bins (0-9 ... 90-100); MQM: {n} only."""
    out: dict[str, dict] = {}
    for j in judgements:
        entry = out.setdefault(j.rater, {"n": 0, "mean": None, "bins": [0] * 10, "_sum": 0.0, "_scored": 0})
        entry["n"] += 1
        if j.score is not None:
            entry["bins"][min(9, int(j.score // 10))] += 1
            entry["_sum"] += j.score
            entry["_scored"] += 1
    for entry in out.values():
        scored, total = entry.pop("_scored"), entry.pop("_sum")
        entry["mean"] = total / scored if scored else None
        if not scored:
            entry.pop("bins")
    return dict(sorted(out.items()))


def _metric_pairs(session, campaign_id: int) -> dict[str, list[tuple[str, str]]]:
    """system -> [(candidate, reference)]: the reference is the segment's aligned English, else
    the candidate of a system named ``reference``; that system itself is not scored."""
    from ..store import Translation

    rows = session.execute(
        select(CampaignSystem.name, CampaignSystem.settings, CampaignItem.segment_id, CampaignItem.candidate)
        .join(CampaignItem, CampaignItem.system_id == CampaignSystem.id)
        .where(CampaignSystem.campaign_id == campaign_id)
    ).all()
    is_reference = {
        n for n, settings, _, _ in rows if n == "reference" or (settings or {}).get("engine") == "reference"
    }
    references = {seg: text for n, _, seg, text in rows if n in is_reference}
    aligned = dict(
        session.execute(
            select(Translation.segment_id, Translation.reference)
            .join(CampaignItem, CampaignItem.segment_id == Translation.segment_id)
            .where(CampaignItem.campaign_id == campaign_id, Translation.reference.is_not(None))
            .distinct()
        ).all()
    )
    out: dict[str, list[tuple[str, str]]] = {}
    for n, _, seg, text in rows:
        if n in is_reference:
            continue
        reference = aligned.get(seg) or references.get(seg) or ""
        if reference:
            out.setdefault(n, []).append((text, reference))
    return out


def campaign_status(store: Store, name: str, project: str = DEFAULT_PROJECT) -> dict:
    """Counts of a campaign: systems, documents, segments, items, ratings, annotations, and per rater and system."""
    with store.session() as session:
        p = get_project(session, project)
        campaign = _campaign(session, p.id, name)
        cid = campaign.id
        items = session.execute(
            select(
                func.count(CampaignItem.id),
                func.count(func.distinct(CampaignItem.segment_id)),
                func.count(func.distinct(CampaignItem.document_id)),
            ).where(CampaignItem.campaign_id == cid)
        ).one()
        per_rater = dict(
            session.execute(
                select(CampaignRating.rater, func.count(CampaignRating.id))
                .where(CampaignRating.campaign_id == cid)
                .group_by(CampaignRating.rater)
                .order_by(CampaignRating.rater)
            ).all()
        )
        per_system = {
            system: {"items": n, "rated": 0}
            for system, n in session.execute(
                select(CampaignSystem.name, func.count(CampaignItem.id))
                .outerjoin(CampaignItem, CampaignItem.system_id == CampaignSystem.id)
                .where(CampaignSystem.campaign_id == cid)
                .group_by(CampaignSystem.name)
                .order_by(CampaignSystem.name)
            )
        }
        for system, n in session.execute(
            select(CampaignSystem.name, func.count(func.distinct(CampaignRating.item_id)))
            .join(CampaignItem, CampaignItem.system_id == CampaignSystem.id)
            .join(CampaignRating, CampaignRating.item_id == CampaignItem.id)
            .where(CampaignSystem.campaign_id == cid)
            .group_by(CampaignSystem.name)
        ):
            per_system[system]["rated"] = n
        annotations = session.scalar(
            select(func.count(CampaignAnnotation.id))
            .join(CampaignRating, CampaignRating.id == CampaignAnnotation.rating_id)
            .where(CampaignRating.campaign_id == cid)
        )
        from ..store import CampaignTaskItem

        tasks = {
            rater: {"places": places, "rated": rated}
            for rater, places, rated in session.execute(
                select(CampaignTaskItem.rater, func.count(CampaignTaskItem.id), func.count(CampaignTaskItem.rated_at))
                .where(CampaignTaskItem.campaign_id == cid)
                .group_by(CampaignTaskItem.rater)
                .order_by(CampaignTaskItem.rater)
            )
        }
        return dict(
            campaign=name,
            protocol=campaign.protocol,
            tasks=tasks,
            systems=len(per_system),
            documents=items[2],
            segments=items[1],
            items=items[0],
            ratings=sum(per_rater.values()),
            raters=len(per_rater),
            annotations=annotations or 0,
            per_rater=per_rater,
            per_system=per_system,
        )


def export_campaign(store: Store, name: str, path: str | Path, project: str = DEFAULT_PROJECT) -> int:
    """Write the campaign's judgements: an MQM TSV (``mqm``, ``esa``: one row per error, a
    No-error row for a judgement without one, spans as ``<v>...</v>``) or, for ``da``/``sxs``, a
    candidate TSV with ``source``, ``rater`` and ``score``. Returns the rows written."""
    path = Path(path)
    if path.suffix.lower() not in (".tsv", ".txt"):
        raise WorkbenchError(f"{path}: write a .tsv file (the MQM TSV layout of the import)")
    with store.session() as session:
        p = get_project(session, project)
        campaign = _campaign(session, p.id, name)
        annotations: dict[int, list[CampaignAnnotation]] = {}
        for a in session.scalars(
            select(CampaignAnnotation)
            .join(CampaignRating, CampaignRating.id == CampaignAnnotation.rating_id)
            .where(CampaignRating.campaign_id == campaign.id)
            .order_by(CampaignAnnotation.id)
        ):
            annotations.setdefault(a.rating_id, []).append(a)
        query = (
            select(
                CampaignRating.id,
                CampaignRating.rater,
                CampaignRating.score,
                CampaignSystem.name,
                Document.name,
                CampaignItem.doc_id,
                CampaignItem.seg_id,
                Segment.source,
                CampaignItem.candidate,
            )
            .join(CampaignItem, CampaignItem.id == CampaignRating.item_id)
            .join(CampaignSystem, CampaignSystem.id == CampaignItem.system_id)
            .join(Document, Document.id == CampaignItem.document_id)
            .join(Segment, Segment.id == CampaignItem.segment_id)
            .where(CampaignRating.campaign_id == campaign.id)
            .order_by(CampaignItem.seg_id, CampaignSystem.name, CampaignRating.rater, CampaignRating.id)
        )
        rows = session.execute(query).all()
        protocol = campaign.protocol
    if protocol in ("da", "sxs"):
        return mqm_tsv.write_candidates(
            (
                mqm_tsv.CandidateRow(0, system, doc, seg, target, source, rater, score)
                for _, rater, score, system, doc, _, seg, source, target in rows
            ),
            path,
        )

    def mqm_rows():
        for rating_id, rater, _, system, doc, doc_id, seg, source, target in rows:
            errors = annotations.get(rating_id)
            if not errors:
                yield mqm_tsv.MqmRow(0, system, doc, doc_id, seg, rater, source, target, "No-error", NO_ERROR)
                continue
            for e in errors:
                yield mqm_tsv.MqmRow(
                    0,
                    system,
                    doc,
                    doc_id,
                    seg,
                    rater,
                    source,
                    target,
                    e.category,
                    e.severity,
                    e.side,
                    e.start,
                    e.end,
                    e.note,
                )

    return mqm_tsv.write(mqm_rows(), path)


def qc_judgements(session, campaign_id: int) -> list[dict]:
    """The QC places rated, with the rater's judgement of the original item: {rater, kind, score, original}."""
    originals = {
        (r.rater, r.item_id): r.score
        for r in session.scalars(
            select(CampaignTaskItem).where(
                CampaignTaskItem.campaign_id == campaign_id,
                CampaignTaskItem.kind == "item",
                CampaignTaskItem.rated_at.is_not(None),
            )
        )
    }
    out = []
    for r in session.scalars(
        select(CampaignTaskItem).where(
            CampaignTaskItem.campaign_id == campaign_id,
            CampaignTaskItem.kind != "item",
            CampaignTaskItem.rated_at.is_not(None),
        )
    ):
        original = originals.get((r.rater, r.item_id))
        if r.score is not None and original is not None:
            out.append(dict(rater=r.rater, kind=r.kind, score=r.score, original=original))
    return out
