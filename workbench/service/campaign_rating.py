"""Campaigns made from a manifest, their rater tasks, and rating them.

``create_campaign`` reads a TOML manifest (protocol, documents, systems, raters,
items_per_task, overlap, seed, qc) and makes one item per (system, segment) from the built-in
systems: an engine run made for the campaign (kept apart from the reviewed translation; its
texts go through the translation cache as MT always does), ``tm`` (the memory's best match),
``reviewed`` (the segment's current translation) and ``reference`` (the aligned English).

``campaign_tasks`` deals the items to the raters once, with the manifest's seed: each item to
``overlap`` raters, a document's items of one system in a block that keeps their order, blocks
packed into tasks of ``items_per_task`` places, and in each task ``qc.repeats`` repeats of an
item of the task and ``qc.bad_references`` degraded copies (a span of words replaced by words
of another candidate, as WMT DA does), put at random places. Later calls show the same tasks;
``regenerate`` is refused once a rating exists.

``next_item`` and ``submit_rating`` are what the rater's page calls: the rater's first unrated
place (so a reload resumes), and one judgement written in one transaction. A place is rated
once, and an item once per rater, except as a QC repeat. System names never leave this module
towards the page.
"""

from __future__ import annotations

import random
import tomllib
from contextlib import ExitStack
from pathlib import Path

from sqlalchemy import delete, func, insert, select

from ..errors import InputError, WorkbenchError
from ..evaluation.mqm import NO_ERROR
from ..store import (
    Campaign,
    CampaignAnnotation,
    CampaignItem,
    CampaignRating,
    CampaignSystem,
    CampaignTaskItem,
    Document,
    MtCacheEntry,
    Segment,
    Store,
    Translation,
    utcnow,
)
from . import teams
from .campaigns import PROTOCOLS, _campaign, qc_judgements
from .projects import DEFAULT_PROJECT, get_project

BUILT_IN = ("tm", "reviewed", "reference")
ENGINES = ("marian", "ct2", "hf", "llm")
MANIFEST_KEYS = {"protocol", "documents", "systems", "raters", "items_per_task", "overlap", "seed", "qc"}
CONTEXT = 3  # preceding segments shown with an item
SEVERITY_KEYS = {"1": "minor", "2": "major", "3": "critical"}
ESA_SEVERITIES = ("minor", "major")
MQM_SEVERITIES = ("minor", "major", "critical")
#: The MQM typology of the WMT expert annotations (Freitag et al. 2021), as the rater's page offers it.
MQM_TYPOLOGY = (
    "Accuracy/Mistranslation",
    "Accuracy/Omission",
    "Accuracy/Addition",
    "Accuracy/Untranslated text",
    "Fluency/Grammar",
    "Fluency/Spelling",
    "Fluency/Punctuation",
    "Fluency/Register",
    "Fluency/Inconsistency",
    "Fluency/Character encoding",
    "Terminology/Inappropriate for context",
    "Terminology/Inconsistent use of terminology",
    "Style/Awkward",
    "Locale convention/Address format",
    "Locale convention/Currency format",
    "Locale convention/Date format",
    "Locale convention/Name format",
    "Locale convention/Telephone format",
    "Locale convention/Time format",
    "Non-translation!",
    "Other",
)


# ---------------------------------------------------------------- manifest


def read_manifest(path: str | Path) -> dict:
    """The manifest as a checked dict; one clear InputError for anything wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: not a TOML manifest: {exc}") from None
    unknown = sorted(set(data) - MANIFEST_KEYS)
    if unknown:
        raise InputError(f"{path}: unknown key {unknown[0]!r}; a manifest has {', '.join(sorted(MANIFEST_KEYS))}")
    protocol = data.get("protocol")
    if protocol not in PROTOCOLS:
        raise InputError(f"{path}: protocol must be one of {', '.join(PROTOCOLS)} (got {protocol!r})")
    documents = data.get("documents")
    if not isinstance(documents, list) or not documents:
        raise InputError(f"{path}: documents must be a list of document ids or names")
    raters = data.get("raters")
    if not isinstance(raters, list) or not raters or not all(isinstance(r, str) and r for r in raters):
        raise InputError(f"{path}: raters must be a list of account names")
    if len(set(raters)) != len(raters):
        raise InputError(f"{path}: a rater is named twice")
    systems = []
    for entry in data.get("systems") or []:
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"]:
            raise InputError(f"{path}: each system is a name or a table with a name")
        name = entry["name"]
        kind = entry.get("engine") or (name if name in BUILT_IN or name in ENGINES else None)
        if kind is None:
            raise InputError(
                f"{path}: system {name!r}: give engine = one of {', '.join(ENGINES)}, or use a built-in "
                f"system ({', '.join(BUILT_IN)})"
            )
        if kind not in BUILT_IN and kind not in ENGINES:
            raise InputError(f"{path}: system {name!r}: unknown engine {kind!r}; use {', '.join(ENGINES)}")
        systems.append({**entry, "engine": kind})
    if len(systems) < 1:
        raise InputError(f"{path}: systems must name at least one system")
    if len({s["name"] for s in systems}) != len(systems):
        raise InputError(f"{path}: a system is named twice")
    qc = data.get("qc") or {}
    if not isinstance(qc, dict) or set(qc) - {"repeats", "bad_references"}:
        raise InputError(f"{path}: qc is a table with repeats and bad_references")

    def count(value, what, low):
        if not isinstance(value, int) or isinstance(value, bool) or value < low:
            raise InputError(f"{path}: {what} must be a whole number of at least {low} (got {value!r})")
        return value

    items_per_task = count(data.get("items_per_task", 100), "items_per_task", 1)
    overlap = count(data.get("overlap", 1), "overlap", 1)
    repeats = count(qc.get("repeats", 0), "qc.repeats", 0)
    bad = count(qc.get("bad_references", 0), "qc.bad_references", 0)
    if repeats + bad >= items_per_task:
        raise InputError(f"{path}: items_per_task ({items_per_task}) must exceed the QC places ({repeats + bad})")
    if overlap > len(raters):
        raise InputError(
            f"{path}: overlap {overlap} needs at least {overlap} raters (the manifest names {len(raters)})"
        )
    return dict(
        protocol=protocol,
        documents=documents,
        systems=systems,
        raters=raters,
        items_per_task=items_per_task,
        overlap=overlap,
        seed=count(data.get("seed", 1), "seed", 0),
        qc={"repeats": repeats, "bad_references": bad},
    )


# ---------------------------------------------------------------- candidates of the built-in systems


def _documents(session, project_id: int, wanted: list) -> list[Document]:
    out = []
    for w in wanted:
        query = select(Document).where(Document.project_id == project_id, Document.role == "source")
        if isinstance(w, int) and not isinstance(w, bool):
            document = session.scalar(query.where(Document.id == w))
        else:
            document = session.scalar(query.where(Document.name == str(w))) or session.scalar(
                query.where(Document.title == str(w))
            )
        if document is None:
            raise InputError(f"the manifest's document {w!r} is not a source document of this project")
        out.append(document)
    return out


def _engine_run(store: Store, spec: dict, sources: list[str], project: str) -> list[str]:
    """Translate ``sources`` with the system's engine for the campaign: through the translation
    cache (the key of project MT), never into the segments' translations."""
    from ..glossary import glossary_version
    from ..mt import TranslateSettings
    from .engine_pool import open_engine
    from .glossaries import project_terms
    from .translation import cache_key, translate_lines

    settings = TranslateSettings(
        beams=spec.get("beams"), max_length=spec.get("max_length"), enforce_terms=bool(spec.get("enforce_terms"))
    )
    glossary = project_terms(store, project) if settings.enforce_terms else None
    version = glossary_version(glossary) if glossary else ""
    with ExitStack() as stack:
        engine, _ = open_engine(
            stack,
            settings,
            engine=spec["engine"],
            model=spec.get("model"),
            device=spec.get("device", "auto"),
            quantization=spec.get("quantization"),
        )
        fingerprint = engine.fingerprint()
        keys = {text: cache_key(fingerprint, settings, version, text) for text in dict.fromkeys(sources)}
        with store.session() as session:
            hits = {
                e.key: e.text
                for e in session.scalars(select(MtCacheEntry).where(MtCacheEntry.key.in_(list(keys.values()))))
            }
        missing = [t for t, k in keys.items() if k not in hits]
        if missing:
            output = translate_lines(engine, missing, settings, glossary=glossary)
            with store.session() as session:
                for text, out in zip(missing, output, strict=True):
                    if out.strip():
                        session.merge(MtCacheEntry(key=keys[text], text=out))
                        hits[keys[text]] = out
        return [hits.get(keys[t], "") for t in sources]


def _tm_best(store: Store, segment_ids: list[int]) -> list[str]:
    from .tm import tm_matches

    out = []
    for segment_id in segment_ids:
        matches = tm_matches(store, segment_id, limit=1)
        out.append(matches[0]["target"] if matches else "")
    return out


def create_campaign(
    store: Store, name: str, manifest: str | Path, project: str = DEFAULT_PROJECT, engine_runner=None
) -> dict:
    """Make campaign ``name`` from ``manifest``: its systems and one item per (system, segment)
    with a candidate (a system without a text for a segment, e.g. no TM match, has no item there).
    ``engine_runner(spec, sources)`` replaces the engine run (tests)."""
    spec = read_manifest(manifest)
    name = (name or "").strip()
    if not name:
        raise InputError("give the campaign a name")
    with store.session() as session:
        teams.authorize(session, "import")
        p = get_project(session, project)
        if session.scalar(select(Campaign.id).where(Campaign.project_id == p.id, Campaign.name == name)):
            raise InputError(f"campaign {name!r} exists already; choose another name")
        documents = _documents(session, p.id, spec["documents"])
        segments = []  # (document, segment id, position, source, reviewed, reference)
        for d in documents:
            for s, t in session.execute(
                select(Segment, Translation)
                .outerjoin(Translation, Translation.segment_id == Segment.id)
                .where(Segment.document_id == d.id)
                .order_by(Segment.position)
            ):
                segments.append(
                    (d, s.id, s.position, s.source, (t.target if t else "") or "", (t and t.reference) or "")
                )
    if not segments:
        raise InputError("the manifest's documents have no segments")
    candidates: dict[str, list[str]] = {}
    for system in spec["systems"]:
        kind = system["engine"]
        if kind == "reviewed":
            texts = [s[4] for s in segments]
        elif kind == "reference":
            texts = [s[5] for s in segments]
            if not any(t.strip() for t in texts):
                raise InputError("system 'reference': the documents have no aligned English; align a reference first")
        elif kind == "tm":
            texts = _tm_best(store, [s[1] for s in segments])
        else:
            sources = [s[3] for s in segments]
            texts = (engine_runner or (lambda sp, src: _engine_run(store, sp, src, project)))(system, sources)
        candidates[system["name"]] = texts
    with store.writing() as session:
        teams.audited(session, "import", f"campaign {name} from a manifest")
        p = get_project(session, project)
        campaign = Campaign(project_id=p.id, name=name, protocol=spec["protocol"], settings={"manifest": spec})
        session.add(campaign)
        session.flush()
        counts = {}
        for system in spec["systems"]:
            settings = {k: v for k, v in system.items() if k != "name"}
            row = CampaignSystem(campaign_id=campaign.id, name=system["name"], settings=settings)
            session.add(row)
            session.flush()
            rows = [
                dict(
                    campaign_id=campaign.id,
                    system_id=row.id,
                    document_id=d.id,
                    segment_id=segment_id,
                    doc_id=str(d.id),
                    seg_id=position,
                    candidate=text,
                )
                for (d, segment_id, position, *_), text in zip(segments, candidates[system["name"]], strict=True)
                if text.strip()
            ]
            if rows:
                session.execute(insert(CampaignItem), rows)
            counts[system["name"]] = len(rows)
    return dict(
        campaign=name,
        protocol=spec["protocol"],
        documents=[d.id for d in documents],
        segments=len(segments),
        systems=counts,
        items=sum(counts.values()),
        raters=spec["raters"],
    )


# ---------------------------------------------------------------- tasks


def bad_reference(text: str, donors: list[str], rng: random.Random) -> str:
    """``text`` with a span of its words replaced by as many words of another candidate (WMT DA's
    degraded references: 1 word of up to 3, 2 of up to 5, 3 of up to 8, 4 of up to 15, 5 of up
    to 20, a quarter above that)."""
    words = text.split()
    n = len(words)
    span = 1 if n <= 3 else 2 if n <= 5 else 3 if n <= 8 else 4 if n <= 15 else 5 if n <= 20 else n // 4
    span = max(1, min(span, n)) if n else 1
    pool = [w for d in donors for w in d.split()] or ["xxx"]
    start = rng.randrange(0, max(1, n - span + 1)) if n else 0
    replacement = [rng.choice(pool) for _ in range(span)]
    if words[start : start + span] == replacement:
        replacement = [w + w for w in replacement]
    return " ".join(words[:start] + replacement + words[start + span :])


def _deal(items: list[tuple], spec: dict) -> dict[str, list[list[tuple]]]:
    """rater -> tasks (lists of (kind, item id, shown text)) from ``items`` (item id, system id,
    document id, position, candidate), with the spec's seed."""
    rng = random.Random(spec["seed"])
    regular = spec["items_per_task"] - spec["qc"]["repeats"] - spec["qc"]["bad_references"]
    blocks: dict[tuple, list[tuple]] = {}
    for item in sorted(items, key=lambda i: (i[2], i[1], i[3])):
        blocks.setdefault((item[1], item[2]), []).append(item)
    # pieces no longer than a rater's fair share, so that every rater gets some
    share = max(1, -(-len(items) * spec["overlap"] // len(spec["raters"])))
    size = min(regular, share)
    pieces = [b[i : i + size] for b in blocks.values() for i in range(0, len(b), size)]
    rng.shuffle(pieces)
    raters = spec["raters"]
    load = dict.fromkeys(raters, 0)
    dealt: dict[str, list[list[tuple]]] = {r: [] for r in raters}
    for piece in pieces:
        order = sorted(raters, key=lambda r: (load[r], rng.random()))
        for rater in order[: spec["overlap"]]:
            dealt[rater].append(piece)
            load[rater] += len(piece)
    donors = [i[4] for i in items]
    out: dict[str, list[list[tuple]]] = {}
    for rater, rater_pieces in dealt.items():
        tasks: list[list[tuple]] = []
        current: list[tuple] = []
        for piece in rater_pieces:
            if current and len(current) + len(piece) > regular:
                tasks.append(current)
                current = []
            current.extend(piece)
        if current:
            tasks.append(current)
        out[rater] = []
        for task in tasks:
            places: list[tuple] = [("item", i[0], i[4]) for i in task]
            for _ in range(spec["qc"]["bad_references"]):
                original = rng.choice(task)
                places.insert(
                    rng.randrange(len(places) + 1), ("bad", original[0], bad_reference(original[4], donors, rng))
                )
            for _ in range(spec["qc"]["repeats"]):
                original = rng.choice(task)
                at = next(k for k, p in enumerate(places) if p[0] == "item" and p[1] == original[0])
                places.insert(rng.randrange(at + 1, len(places) + 1), ("repeat", original[0], original[4]))
            out[rater].append(places)
    return out


def _task_rows(session, campaign_id: int) -> list[CampaignTaskItem]:
    return list(
        session.scalars(
            select(CampaignTaskItem)
            .where(CampaignTaskItem.campaign_id == campaign_id)
            .order_by(CampaignTaskItem.rater, CampaignTaskItem.position)
        )
    )


def _summary(rows: list[CampaignTaskItem], raters: list[str]) -> dict:
    per: dict[str, dict] = {r: {"tasks": 0, "places": 0, "repeats": 0, "bad_references": 0, "rated": 0} for r in raters}
    for row in rows:
        s = per.setdefault(row.rater, {"tasks": 0, "places": 0, "repeats": 0, "bad_references": 0, "rated": 0})
        s["tasks"] = max(s["tasks"], row.task)
        s["places"] += 1
        s["repeats"] += row.kind == "repeat"
        s["bad_references"] += row.kind == "bad"
        s["rated"] += row.rated_at is not None
    return per


def campaign_tasks(store: Store, name: str, regenerate: bool = False, project: str = DEFAULT_PROJECT) -> dict:
    """Generate the raters' tasks of campaign ``name`` (once; later calls show them)."""
    with store.writing() as session:
        p = get_project(session, project)
        campaign = _campaign(session, p.id, name)
        spec = (campaign.settings or {}).get("manifest")
        if spec is None:
            raise WorkbenchError(
                f"campaign {name!r} was imported, not made from a manifest; `workbench campaign create` makes tasks"
            )
        rows = _task_rows(session, campaign.id)
        generated = False
        if rows and regenerate:
            rated = session.scalar(
                select(func.count(CampaignRating.id)).where(CampaignRating.campaign_id == campaign.id)
            ) or sum(r.rated_at is not None for r in rows)
            if rated:
                raise InputError(f"campaign {name!r} has {rated} ratings; its tasks can no longer be regenerated")
            teams.authorize(session, "import")
            session.execute(delete(CampaignTaskItem).where(CampaignTaskItem.campaign_id == campaign.id))
            rows = []
        if not rows:
            teams.authorize(session, "import")
            items = session.execute(
                select(
                    CampaignItem.id,
                    CampaignItem.system_id,
                    CampaignItem.document_id,
                    CampaignItem.seg_id,
                    CampaignItem.candidate,
                ).where(CampaignItem.campaign_id == campaign.id)
            ).all()
            if not items:
                raise WorkbenchError(f"campaign {name!r} has no items to deal")
            dealt = _deal([tuple(i) for i in items], spec)
            new = []
            for rater, tasks in dealt.items():
                position = 0
                for number, places in enumerate(tasks, start=1):
                    for kind, item_id, shown in places:
                        position += 1
                        new.append(
                            dict(
                                campaign_id=campaign.id,
                                rater=rater,
                                task=number,
                                position=position,
                                item_id=item_id,
                                kind=kind,
                                shown=shown,
                            )
                        )
            session.execute(insert(CampaignTaskItem), new)
            rows = _task_rows(session, campaign.id)
            generated = True
        return dict(
            campaign=name,
            protocol=campaign.protocol,
            seed=spec["seed"],
            generated=generated,
            raters=_summary(rows, spec["raters"]),
        )


# ---------------------------------------------------------------- rating


def _rater(session, rater: str | None) -> str:
    account = teams.authorize(session, "evaluate")
    name = account or rater
    if not name:
        raise InputError("say which rater is rating")
    return name


def rater_campaigns(store: Store, rater: str | None = None, project: str = DEFAULT_PROJECT) -> list[dict]:
    """The campaigns with tasks for the rater (the signed-in account): name, protocol, places, rated."""
    with store.session() as session:
        name = _rater(session, rater)
        p = get_project(session, project)
        rows = session.execute(
            select(
                Campaign.name,
                Campaign.protocol,
                func.count(CampaignTaskItem.id),
                func.count(CampaignTaskItem.rated_at),
            )
            .join(CampaignTaskItem, CampaignTaskItem.campaign_id == Campaign.id)
            .where(Campaign.project_id == p.id, CampaignTaskItem.rater == name)
            .group_by(Campaign.id)
            .order_by(Campaign.name)
        ).all()
        return [dict(campaign=c, protocol=pr, places=n, rated=done) for c, pr, n, done in rows]


def next_item(store: Store, name: str, rater: str | None = None, project: str = DEFAULT_PROJECT) -> dict:
    """The rater's first unrated place: ``{"done": False, "place", "number", "of", "source",
    "context", "candidate", "protocol", "task"}`` (no system, no item id), or ``{"done": True}``."""
    with store.session() as session:
        who = _rater(session, rater)
        p = get_project(session, project)
        campaign = _campaign(session, p.id, name)
        total = session.scalar(
            select(func.count(CampaignTaskItem.id)).where(
                CampaignTaskItem.campaign_id == campaign.id, CampaignTaskItem.rater == who
            )
        )
        if not total:
            raise WorkbenchError(f"{who} has no tasks in campaign {name!r}")
        row = session.scalar(
            select(CampaignTaskItem)
            .where(
                CampaignTaskItem.campaign_id == campaign.id,
                CampaignTaskItem.rater == who,
                CampaignTaskItem.rated_at.is_(None),
            )
            .order_by(CampaignTaskItem.position)
            .limit(1)
        )
        if row is None:
            return dict(done=True, of=total, number=total, protocol=campaign.protocol, campaign=name)
        item = session.get(CampaignItem, row.item_id)
        assert item is not None
        segment = session.get(Segment, item.segment_id)
        assert segment is not None
        context = list(
            session.scalars(
                select(Segment.source)
                .where(
                    Segment.document_id == segment.document_id,
                    Segment.position < segment.position,
                    Segment.position >= segment.position - CONTEXT,
                )
                .order_by(Segment.position)
            )
        )
        return dict(
            done=False,
            campaign=name,
            protocol=campaign.protocol,
            place=row.id,
            number=row.position,
            of=total,
            task=row.task,
            source=segment.source,
            context=context,
            candidate=row.shown,
        )


def _check_errors(protocol: str, errors, candidate: str) -> list[dict]:
    out = []
    severities = MQM_SEVERITIES if protocol == "mqm" else ESA_SEVERITIES
    for e in errors or []:
        if not isinstance(e, dict):
            raise InputError("each error is {severity, start, end[, category]}")
        severity = str(e.get("severity", "")).lower()
        if severity not in severities:
            raise InputError(f"unknown severity {e.get('severity')!r}; use {', '.join(severities)}")
        category = e.get("category") or ("Other" if protocol == "esa" else "")
        if protocol == "mqm" and category not in MQM_TYPOLOGY:
            raise InputError(f"unknown MQM category {category!r}")
        start, end = e.get("start"), e.get("end")
        if start is not None or end is not None:
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(candidate)):
                raise InputError(f"an error span must lie in the candidate (0 to {len(candidate)}); got {start}-{end}")
        out.append(
            dict(
                category=category,
                severity=severity,
                side="target" if start is not None else None,
                start=start,
                end=end,
                note=str(e.get("note", "")),
            )
        )
    return out


def submit_rating(
    store: Store,
    name: str,
    place: int,
    score: float | None = None,
    errors: list[dict] | None = None,
    rater: str | None = None,
    project: str = DEFAULT_PROJECT,
) -> dict:
    """Save the rater's judgement of one place, in one transaction; returns the next place (:func:`next_item`)."""
    with store.writing() as session:
        who = _rater(session, rater)
        p = get_project(session, project)
        campaign = _campaign(session, p.id, name)
        row = session.get(CampaignTaskItem, int(place))
        if row is None or row.campaign_id != campaign.id or row.rater != who:
            raise InputError(f"place {place} is not one of {who}'s tasks in campaign {name!r}")
        if row.rated_at is not None:
            raise InputError(f"{who} has rated place {row.position} already")
        protocol = campaign.protocol
        if protocol in ("da", "esa", "sxs"):
            if score is None:
                raise InputError("give a score from 0 to 100")
            try:
                score = float(score)
            except (TypeError, ValueError):
                raise InputError(f"the score must be a number from 0 to 100 (got {score!r})") from None
            if not 0 <= score <= 100:
                raise InputError(f"the score must be from 0 to 100 (got {score:g})")
        else:
            score = None
        checked = _check_errors(protocol, errors, row.shown) if protocol in ("mqm", "esa") else []
        if row.kind == "item":
            again = session.scalar(
                select(CampaignRating.id).where(CampaignRating.item_id == row.item_id, CampaignRating.rater == who)
            )
            if again is not None:
                raise InputError(f"{who} has rated this item already (only a QC repeat is rated twice)")
            rating = CampaignRating(campaign_id=campaign.id, item_id=row.item_id, rater=who, score=score)
            session.add(rating)
            session.flush()
            for e in checked:
                session.add(CampaignAnnotation(rating_id=rating.id, **e))
            row.rating_id = rating.id
        row.score = score
        row.errors = checked
        row.rated_at = utcnow()
    return next_item(store, name, rater=rater, project=project)


def campaign_names(store: Store, project: str = DEFAULT_PROJECT) -> list[str]:
    """The project's campaigns, by name (for an account that may read the project)."""
    with store.session() as session:
        teams.authorize(session, "read")
        p = get_project(session, project)
        return list(session.scalars(select(Campaign.name).where(Campaign.project_id == p.id).order_by(Campaign.name)))


def rater_progress(store: Store, name: str, project: str = DEFAULT_PROJECT) -> dict:
    """rater -> {places, rated, tasks, last}: the admin's view of who has done what."""
    with store.session() as session:
        teams.authorize(session, "read")
        p = get_project(session, project)
        campaign = _campaign(session, p.id, name)
        out = {}
        for rater, places, rated, tasks, last in session.execute(
            select(
                CampaignTaskItem.rater,
                func.count(CampaignTaskItem.id),
                func.count(CampaignTaskItem.rated_at),
                func.max(CampaignTaskItem.task),
                func.max(CampaignTaskItem.rated_at),
            )
            .where(CampaignTaskItem.campaign_id == campaign.id)
            .group_by(CampaignTaskItem.rater)
            .order_by(CampaignTaskItem.rater)
        ):
            out[rater] = dict(places=places, rated=rated, tasks=tasks, last=last.isoformat() if last else None)
        return out


__all__ = [
    "NO_ERROR",
    "bad_reference",
    "campaign_names",
    "campaign_tasks",
    "create_campaign",
    "next_item",
    "qc_judgements",
    "rater_campaigns",
    "rater_progress",
    "read_manifest",
    "submit_rating",
]
