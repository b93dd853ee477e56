"""Persistence: SQLAlchemy 2 over SQLite (WAL mode) by default, any database URL (PostgreSQL).

One database holds projects; a project holds documents (source reports and reference
translations), their segments, each segment's translation with its full revision history,
assessments (Direct Assessment score, MQM error spans, comments), glossary entries and
alignment beads. The schema is created and migrated here: ``schema_version`` in the ``meta``
table says which of ``MIGRATIONS`` have run.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, relationship, sessionmaker

from .errors import WorkbenchError

STATUSES = ("new", "translated", "reviewed", "approved", "rejected")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Base(DeclarativeBase):
    pass


class Meta(Base):
    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


#: The meta table as a Table (``Meta.__table__`` is typed as a plain FromClause).
META: Table = Meta.__table__  # type: ignore[assignment]


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    documents: Mapped[list[Document]] = relationship(back_populates="project", cascade="all, delete-orphan")


class Document(Base):
    """A source report or a reference translation. ``raw_text`` is kept so that cleaning can be redone."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("project_id", "name", "role"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(500), default="")
    lang: Mapped[str] = mapped_column(String(8), default="zh")
    role: Mapped[str] = mapped_column(String(16), default="source")  # source | reference
    encoding: Mapped[str] = mapped_column(String(32), default="utf-8")
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    raw_text: Mapped[str] = mapped_column(Text)
    restored_lines: Mapped[list] = mapped_column(JSON, default=list)
    removed_lines: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    project: Mapped[Project] = relationship(back_populates="documents")
    segments: Mapped[list[Segment]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Segment.position"
    )


class Segment(Base):
    __tablename__ = "segments"
    # a document's segments in order: paging, and a saved segment's neighbours (TM context)
    __table_args__ = (Index("ix_segments_document_position", "document_id", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    document: Mapped[Document] = relationship(back_populates="segments")
    translation: Mapped[Translation | None] = relationship(
        back_populates="segment", cascade="all, delete-orphan", uselist=False
    )
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="segment", cascade="all, delete-orphan", order_by="Revision.number"
    )
    assessments: Mapped[list[Assessment]] = relationship(back_populates="segment", cascade="all, delete-orphan")


class Translation(Base):
    """The current state of a segment's translation; every change is also a Revision."""

    __tablename__ = "translations"
    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="new")
    mt_text: Mapped[str | None] = mapped_column(Text, nullable=True)
    mt_engine: Mapped[str | None] = mapped_column(String(32), nullable=True)
    mt_model: Mapped[str | None] = mapped_column(String(500), nullable=True)
    mt_settings: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    target: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str | None] = mapped_column(Text, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    segment: Mapped[Segment] = relationship(back_populates="translation")


class Revision(Base):
    __tablename__ = "revisions"
    __table_args__ = (UniqueConstraint("segment_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    based_on: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(200), default="")
    origin: Mapped[str] = mapped_column(String(16), default="edit")  # mt | edit | merge | restore | tm
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    match_score: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the TM match it came from (origin tm)
    #: the change step (a merge, a replace-all) this revision was part of: undone together
    step_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    segment: Mapped[Segment] = relationship(back_populates="revisions")


class Assessment(Base):
    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    reviewer: Mapped[str] = mapped_column(String(200), default="")
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    step_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # see Revision.step_id
    segment: Mapped[Segment] = relationship(back_populates="assessments")
    errors: Mapped[list[ErrorSpan]] = relationship(back_populates="assessment", cascade="all, delete-orphan")


class ErrorSpan(Base):
    """An MQM error annotation: category, severity (minor 1, major 5, critical 25) and a span of the target."""

    __tablename__ = "error_spans"
    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(64))
    severity: Mapped[str] = mapped_column(String(16))
    start: Mapped[int] = mapped_column(Integer, default=0)
    end: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
    assessment: Mapped[Assessment] = relationship(back_populates="errors")


class GlossaryEntry(Base):
    __tablename__ = "glossary_entries"
    __table_args__ = (UniqueConstraint("project_id", "glossary", "zh"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    glossary: Mapped[str] = mapped_column(String(200), default="project")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    zh: Mapped[str] = mapped_column(String(200))
    en: Mapped[str] = mapped_column(String(500))
    variants: Mapped[list] = mapped_column(JSON, default=list)
    forbidden: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    domain: Mapped[str] = mapped_column(String(100), default="")


class Bead(Base):
    """An alignment link: source segment positions to target sentence positions, with a score."""

    __tablename__ = "beads"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    source_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    target_document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    src: Mapped[list] = mapped_column(JSON, default=list)
    tgt: Mapped[list] = mapped_column(JSON, default=list)
    score: Mapped[float] = mapped_column(Float, default=0.0)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)


class ChangeStep(Base):
    """One user action that changed many segments at once (a merge of a file, a replace-all):
    its revisions and assessments carry its id, so the action can be undone as one step."""

    __tablename__ = "change_steps"
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # merge | replace
    author: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # "merge of review.xlf", "replace 'a' with 'b'"
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    undone_by: Mapped[str] = mapped_column(String(200), default="")


class MtCacheEntry(Base):
    """A machine translation of one source text, keyed by model, settings, glossary version and text."""

    __tablename__ = "mt_cache"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TmMemory(Base):
    """A translation memory of a project: ``reviews``, ``alignments`` or an imported TMX; lower priority wins ties."""

    __tablename__ = "tm_memories"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    priority: Mapped[int] = mapped_column(Integer, default=10)
    generation: Mapped[int] = mapped_column(Integer, default=0)  # bumped when units are removed (index rebuild)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class TmUnit(Base):
    """A source sentence and its English; the same pair is one unit per memory (``pair_hash``)."""

    __tablename__ = "tm_units"
    __table_args__ = (
        UniqueConstraint("memory_id", "pair_hash"),
        # the unit a reviewed segment gave before (without it SQLite scans the whole memory)
        Index("ix_tm_units_memory_segment", "memory_id", "segment_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    memory_id: Mapped[int] = mapped_column(ForeignKey("tm_memories.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    pair_hash: Mapped[str] = mapped_column(String(64))
    context_before: Mapped[str | None] = mapped_column(Text, nullable=True)  # the previous source sentence
    context_after: Mapped[str | None] = mapped_column(Text, nullable=True)  # the next source sentence
    origin: Mapped[str] = mapped_column(String(16), default="import")  # review | alignment | import
    document: Mapped[str] = mapped_column(String(500), default="")
    document_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    segment_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    author: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class User(Base):
    """An account of the database (every project in it): its role and its password's hash (argon2id),
    never the password. Whoever can write the database is its administrator."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(200), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ApiToken(Base):
    """A bearer token for the REST API: only its SHA-256 hash is kept (the token is shown once)."""

    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class AuditEntry(Base):
    """One thing done: a login (or a failed one), a save, an approval, an export, an import, a change
    of an account; who (the account name, "" when none), when, and what."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    account: Mapped[str] = mapped_column(String(200), default="", index=True)
    action: Mapped[str] = mapped_column(String(32))
    what: Mapped[str] = mapped_column(Text, default="")


class Campaign(Base):
    """A human evaluation campaign of a project: several systems' candidates of the same segments,
    rated by several raters under one protocol (``da``, ``esa``, ``mqm`` or ``sxs``)."""

    __tablename__ = "campaigns"
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    protocol: Mapped[str] = mapped_column(String(16))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CampaignSystem(Base):
    """A system whose candidates a campaign rates (an engine's run, the reference, an imported file's ``system``)."""

    __tablename__ = "campaign_systems"
    __table_args__ = (UniqueConstraint("campaign_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    settings: Mapped[dict] = mapped_column(JSON, default=dict)


class CampaignItem(Base):
    """One thing to rate: a system's candidate translation of a segment. ``doc_id`` and ``seg_id``
    keep the numbering of the file it came from (an MQM TSV's), so an export writes it back."""

    __tablename__ = "campaign_items"
    __table_args__ = (UniqueConstraint("campaign_id", "system_id", "segment_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("campaign_systems.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), index=True)
    doc_id: Mapped[str] = mapped_column(String(200), default="")
    seg_id: Mapped[int] = mapped_column(Integer)
    candidate: Mapped[str] = mapped_column(Text)


class CampaignRating(Base):
    """A rater's judgement of an item: a 0-100 ``score`` (DA, ESA) and/or error annotations (MQM, ESA).
    An MQM rating without annotations is a No-error judgement."""

    __tablename__ = "campaign_ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("campaign_items.id", ondelete="CASCADE"), index=True)
    rater: Mapped[str] = mapped_column(String(200))
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class CampaignAnnotation(Base):
    """One error of a rating: MQM category and severity, and the span it marks (character
    offsets in the candidate, ``side`` target, or in the source, ``side`` source; none for the whole segment)."""

    __tablename__ = "campaign_annotations"
    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("campaign_ratings.id", ondelete="CASCADE"), index=True)
    category: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(16))
    side: Mapped[str | None] = mapped_column(String(8), nullable=True)  # target | source | None
    start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Assignment(Base):
    """Work given to people: a document, or the segments ``first`` to ``last`` of it (1-based
    numbers, as the grid's #; None: from the start / to the end), to a translator and a reviewer
    (account names; "" for none). Segments no assignment covers are open to every reviewer."""

    __tablename__ = "assignments"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    first: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last: Mapped[int | None] = mapped_column(Integer, nullable=True)
    translator: Mapped[str] = mapped_column(String(100), default="", index=True)
    reviewer: Mapped[str] = mapped_column(String(100), default="", index=True)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


#: The audit trail as a Table (a refusal's line is written with it, outside the ORM session).
AUDIT: Table = AuditEntry.__table__  # type: ignore[assignment]


class CampaignTaskItem(Base):
    """One place in a rater's tasks: an item to rate (``kind`` item), a QC repeat of an item the
    rater already has (``repeat``) or a degraded copy of one (``bad``, ``shown`` the corrupted
    candidate). QC places keep their judgement here; an item's judgement is a CampaignRating too
    (``rating_id``)."""

    __tablename__ = "campaign_task_items"
    __table_args__ = (UniqueConstraint("campaign_id", "rater", "position"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id", ondelete="CASCADE"), index=True)
    rater: Mapped[str] = mapped_column(String(200), index=True)
    task: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)  # 1.. over all the rater's tasks
    item_id: Mapped[int] = mapped_column(ForeignKey("campaign_items.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="item")  # item | repeat | bad
    shown: Mapped[str] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    errors: Mapped[list | None] = mapped_column(JSON, nullable=True)
    rating_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


def _create_all(connection) -> None:
    Base.metadata.create_all(connection)


def _translation_memory(connection) -> None:
    """TM tables, and the match score of a revision filled from the TM."""
    Base.metadata.create_all(connection)
    if "match_score" not in {c["name"] for c in inspect(connection).get_columns("revisions")}:
        connection.execute(text("ALTER TABLE revisions ADD COLUMN match_score INTEGER"))


def _lookup_indexes(connection) -> None:
    """Indexes that keep a save fast in a large project: a segment's neighbours by position and
    the memory unit a segment gave before (both were scans: 1.8 ms and more per save at 5,000
    segments, growing with the memory)."""
    for name, table, columns in (
        ("ix_segments_document_position", "segments", "document_id, position"),
        ("ix_tm_units_memory_segment", "tm_units", "memory_id, segment_id"),
    ):
        connection.execute(text(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})"))


def _change_steps(connection) -> None:
    """Change steps (a merge or a replace-all undone as one), and the step of each revision and assessment."""
    Base.metadata.create_all(connection)
    for table in ("revisions", "assessments"):
        if "step_id" not in {c["name"] for c in inspect(connection).get_columns(table)}:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN step_id INTEGER"))
        connection.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{table}_step_id ON {table} (step_id)"))


#: (version, description, function of a Connection). Append; never edit a released step.
MIGRATIONS = [
    (1, "initial schema", _create_all),
    (2, "machine translation cache", _create_all),
    (3, "translation memory", _translation_memory),
    (4, "indexes for saving and paging", _lookup_indexes),
    (5, "change steps that are undone as one", _change_steps),
    (6, "accounts, API tokens and the audit trail", _create_all),
    (7, "human evaluation campaigns", _create_all),
    (8, "work assigned to people", _create_all),
    (9, "rater tasks of evaluation campaigns", _create_all),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


#: The databases a project can live in (the scheme of its URL, before any "+driver").
SUPPORTED_DATABASES = ("sqlite", "postgresql", "postgres")


def _one_line(problem: object) -> str:
    """A driver's message on one line (libpq adds a second one: "Is the server running ...")."""
    return " ".join(str(problem).split())


def database_url(project: str | Path) -> str:
    """A database URL for ``project``: a URL as it is, a file path as SQLite."""
    value = str(project)
    if "://" in value:
        return value
    path = Path(value).expanduser()
    if path.is_dir():
        raise WorkbenchError(f"{value}: is a folder; give a database file such as {path / 'project.db'}")
    if not path.parent.exists():
        raise WorkbenchError(f"{value}: the folder {path.parent} does not exist")
    return f"sqlite:///{path.resolve()}"


class Store:
    """A project database. ``Store("project.db")`` or ``Store("postgresql+psycopg://...")``."""

    #: True when the project could only be opened for reading (see service.database.open_store).
    read_only: bool = False
    #: How the project is named in messages, when not by its URL (a read-only file's path).
    shown_name: str | None = None
    #: The database was seen to have accounts: it keeps them (an account is disabled, never
    #: deleted), so the check need not ask again (see service.teams.has_accounts).
    accounts_seen: bool = False

    def __init__(self, project: str | Path):
        self.url = database_url(project)
        is_sqlite = self.url.startswith("sqlite")
        kind = self.url.split("://", 1)[0].split("+", 1)[0].lower()
        if kind not in SUPPORTED_DATABASES:
            raise WorkbenchError(
                f"cannot open project database {project}: {kind} is not supported; a project is a SQLite "
                f"file or a PostgreSQL database (postgresql://user@host/name)"
            )
        kwargs = {"connect_args": {"check_same_thread": False, "timeout": 30}} if is_sqlite else {}
        try:
            self.engine = create_engine(self.url, **kwargs)
        except (SQLAlchemyError, ImportError) as exc:
            raise WorkbenchError(f"cannot open project database {project}: {_one_line(exc)}") from None
        if is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # SQLite has one writer at a time; the writers of this process queue on a lock instead of
        # polling SQLite's busy handler, whose growing sleeps let some wait far longer than others
        self._writer = threading.Lock() if is_sqlite else contextlib.nullcontext()
        try:
            self.migrate()
        except SQLAlchemyError as exc:
            raise WorkbenchError(
                f"cannot open project database {project}: {exc.__class__.__name__}: "
                f"{_one_line(exc.orig if hasattr(exc, 'orig') else exc)}"
            ) from None

    def migrate(self) -> int:
        """Bring the schema up to SCHEMA_VERSION; return the version found before."""
        with self.engine.begin() as connection:
            META.create(connection, checkfirst=True)
            row = connection.execute(select(Meta.value).where(Meta.key == "schema_version")).scalar()
            found = int(row) if row else 0
            if found > SCHEMA_VERSION:
                raise WorkbenchError(
                    f"this project database was written by a newer workbench (schema {found} > {SCHEMA_VERSION})"
                )
            for version, _, step in MIGRATIONS:
                if version > found:
                    step(connection)
            if found != SCHEMA_VERSION:
                connection.execute(META.delete().where(Meta.key == "schema_version"))
                connection.execute(META.insert().values(key="schema_version", value=str(SCHEMA_VERSION)))
        return found

    def journal_mode(self) -> str:
        with self.engine.connect() as connection:
            if not self.url.startswith("sqlite"):
                return "n/a"
            return str(connection.execute(text("PRAGMA journal_mode")).scalar())

    def tables(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on error."""
        session = self._sessions()
        session.info["read_only"] = self.read_only  # nothing is written (the audit trail skips its line)
        session.info["store"] = weakref.proxy(self)
        try:
            yield session
            session.commit()
        except Exception as exc:
            session.rollback()
            line = getattr(exc, "audit_line", None)
            if line is not None:  # a refusal by role: its line in the audit trail, and nothing else
                setattr(exc, "audit_line", None)  # once, however many units of work it ends  # noqa: B010
                self._audit_refusal(*line)
            raise
        finally:
            session.close()

    def _audit_refusal(self, account: str, action: str, what: str) -> None:
        """The audit line of a refused call, in a transaction of its own (the call's is rolled back)."""
        if self.read_only:
            return
        try:
            with self.engine.begin() as connection:
                connection.execute(
                    AUDIT.insert().values(
                        account=account or "", action=action[:32], what=what[:2000], created_at=utcnow()
                    )
                )
        except SQLAlchemyError:  # the refusal is still reported; a log that cannot be written is not a second error
            pass

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """A unit of work that writes (a review save): like :meth:`session`, but on SQLite the
        writers of this process take turns. Other processes still wait on SQLite's own lock."""
        with self._writer, self.session() as session:
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
