"""The unit every bilingual format writes and reads: one segment with its current translation."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

STATUSES = ("new", "translated", "reviewed", "approved", "rejected")


@dataclass
class BilingualRow:
    id: int  # the segment id in the project (the key for merging back)
    source: str
    target: str = ""
    mt: str = ""
    status: str = "new"
    score: int | None = None  # Direct Assessment 0-100 of the latest assessment
    notes: str = ""  # reviewer comment
    errors: list[dict] = field(default_factory=list)  # MQM error spans
    revision: int = 0  # the revision the target was exported at (merge detects later changes)
    document: str = ""
    position: int = 0
    paragraph: int = 0
    kind: str = "body"
    reviewer: str = ""
    props: dict = field(default_factory=dict)  # more TMX ``prop``s (type -> text), e.g. x-context-pre

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class ReadRow:
    """What a reviewed file says about one unit (None: the file has no value for it)."""

    id: int | None
    source: str
    target: str
    status: str | None = None
    score: int | None = None
    notes: str | None = None
    revision: int | None = None
    line: int = 0  # where it is in the file, for messages
    #: MQM error spans (category, severity, start, end, note) the file gives; None: it has none
    errors: list[dict] | None = None
