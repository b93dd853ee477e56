"""MQM TSV, as Google's wmt-mqm-human-evaluation data publishes it, and the plain candidate TSV.

MQM TSV: tab-separated, no quoting, a header naming the columns
``system doc doc_id seg_id rater source target category severity`` and an optional tenth
``comment``; one row per error, a segment-rater pair without errors one ``No-error`` row. The
error's span is marked ``<v>...</v>`` in the target, or in the source for errors such as
omissions; it becomes character offsets of the text without its marks (``side`` says which
text). A ``<v>`` left open closes at the end of its text (:attr:`MqmFile.unclosed` counts such
rows). Sources are compared without their marks: one ``(doc, seg_id)`` with two different
sources is refused, as are a missing column, a seg_id that is not a whole number and an
unknown severity, each with its line, before anything is imported.

Candidate TSV: a header with ``system doc seg_id target`` and optionally ``source``, ``rater`` and
``score`` (a 0-100 direct assessment of the candidate by the rater).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

MQM_COLUMNS = ("system", "doc", "doc_id", "seg_id", "rater", "source", "target", "category", "severity")
CANDIDATE_COLUMNS = ("system", "doc", "seg_id", "target")
_MARK = re.compile(r"</?v>")
#: at most this many problems are named in the one-line message
SHOWN_PROBLEMS = 3


def unmark(text: str) -> tuple[str, int | None, int | None, bool]:
    """``text`` without its ``<v>``/``</v>`` marks, the span the first ``<v>`` opens (offsets in the
    unmarked text; None, None without one) and whether that ``<v>`` was left open."""
    if "<v" not in text and "</v" not in text:
        return text, None, None, False
    plain, start, end = [], None, None
    position = 0
    for match in _MARK.finditer(text):
        plain.append(text[position : match.start()])
        position = match.end()
        offset = sum(map(len, plain))
        if match.group() == "<v>" and start is None:
            start = offset
        elif match.group() == "</v>" and start is not None and end is None:
            end = offset
    plain.append(text[position:])
    out = "".join(plain)
    unclosed = start is not None and end is None
    if unclosed:
        end = len(out)
    return out, start, end, unclosed


def mark(text: str, start: int | None, end: int | None) -> str:
    """``text`` with ``<v>...</v>`` around ``[start, end)``."""
    if start is None or end is None:
        return text
    return f"{text[:start]}<v>{text[start:end]}</v>{text[end:]}"


@dataclass(slots=True)
class MqmRow:
    line: int
    system: str
    doc: str
    doc_id: str
    seg_id: int
    rater: str
    source: str  # without marks
    target: str  # without marks
    category: str
    severity: str  # canonical (see evaluation.mqm.MQM_SEVERITIES)
    side: str | None = None  # target | source | None (no span)
    start: int | None = None
    end: int | None = None
    comment: str = ""


@dataclass
class MqmFile:
    rows: list[MqmRow] = field(default_factory=list)
    unclosed: int = 0  # rows whose <v> was never closed

    def warnings(self) -> list[str]:
        if not self.unclosed:
            return []
        many = "row has" if self.unclosed == 1 else "rows have"
        return [f"{self.unclosed} {many} a <v> left open; its span was closed at the end of the text"]


def _lines(path: Path):
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for number, line in enumerate(f, start=1):
                yield number, line.rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _header(path: Path, first: str, required: tuple[str, ...]) -> dict[str, int]:
    names = [c.strip().lower() for c in first.split("\t")]
    missing = [c for c in required if c not in names]
    if missing:
        raise InputError(
            f"{path}: line 1: missing column(s) {', '.join(missing)} (expected a header {' '.join(required)}); "
            "nothing imported"
        )
    return {name: i for i, name in enumerate(names) if name}


def _refuse(path: Path, problems: list[str]) -> None:
    if problems:
        more = f" (and {len(problems) - SHOWN_PROBLEMS} more)" if len(problems) > SHOWN_PROBLEMS else ""
        raise InputError(f"{path}: {'; '.join(problems[:SHOWN_PROBLEMS])}{more}; nothing imported")


def _seg_id(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


def sniff(path: str | Path) -> str:
    """``mqm-tsv``, ``tsv`` or ``text``, from the file's first line."""
    for _, line in _lines(Path(path)):
        names = {c.strip().lower() for c in line.split("\t")}
        if names & {"rater", "category", "severity"} and names & {"category", "severity"}:
            return "mqm-tsv"  # (a column missing is reported by the reader)
        if len(names & {*CANDIDATE_COLUMNS, "source"}) >= 2:
            return "tsv"
        return "text"
    return "text"


def read(path: str | Path) -> MqmFile:
    """Read an MQM TSV; refuses a malformed file whole (see the module's docstring)."""
    from ..evaluation.mqm import MQM_SEVERITIES, canonical_severity

    path = Path(path)
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise InputError(f"{path}: the file is empty")
    columns = _header(path, first[1], MQM_COLUMNS)
    at = [columns[c] for c in MQM_COLUMNS]
    comment_at = columns.get("comment")
    width = max(at) + 1
    out = MqmFile()
    problems: list[str] = []
    sources: dict[tuple[str, int], tuple[str, int]] = {}
    for number, line in lines:
        if not line.strip():
            continue
        values = line.split("\t")
        if len(values) < width:
            problems.append(f"line {number}: {len(values)} columns, expected {width}")
            continue
        system, doc, doc_id, seg, rater, source, target, category, severity = (values[i] for i in at)
        seg_id = _seg_id(seg)
        if seg_id is None:
            problems.append(f"line {number}: seg_id {seg[:20]!r} is not a whole number")
            continue
        canonical = canonical_severity(severity)
        if canonical is None:
            problems.append(
                f"line {number}: unknown severity {severity[:30]!r} (expected one of {', '.join(MQM_SEVERITIES)})"
            )
            continue
        plain_source, s_start, s_end, s_open = unmark(source)
        plain_target, t_start, t_end, t_open = unmark(target)
        key = (doc, seg_id)
        seen = sources.get(key)
        if seen is None:
            sources[key] = (plain_source, number)
        elif seen[0] != plain_source:
            problems.append(f"line {number}: doc {doc} seg_id {seg_id} has a different source than on line {seen[1]}")
            continue
        if t_start is not None:
            side, start, end, unclosed = "target", t_start, t_end, t_open
        elif s_start is not None:
            side, start, end, unclosed = "source", s_start, s_end, s_open
        else:
            side, start, end, unclosed = None, None, None, False
        out.unclosed += unclosed
        comment = ""
        if comment_at is not None and comment_at < len(values):
            comment = "\t".join(values[comment_at:]) if comment_at == len(columns) - 1 else values[comment_at]
        out.rows.append(
            MqmRow(
                number,
                system,
                doc,
                doc_id,
                seg_id,
                rater,
                plain_source,
                plain_target,
                category.strip(),
                canonical,
                side,
                start,
                end,
                comment,
            )
        )
    _refuse(path, problems)
    return out


_SEVERITY_NAMES = {"no-error": "No-error", "minor": "Minor", "major": "Major", "critical": "Critical"}


def severity_label(severity: str) -> str:
    """How the published files write a severity: ``Major``, ``No-error``."""
    return _SEVERITY_NAMES.get(severity, severity.capitalize())


def write(rows, path: str | Path) -> int:
    """Write MqmRow-like rows (unmarked texts, offsets) as an MQM TSV with a comment column."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("\t".join((*MQM_COLUMNS, "comment")) + "\n")
        for r in rows:
            source = mark(r.source, r.start, r.end) if r.side == "source" else r.source
            target = mark(r.target, r.start, r.end) if r.side == "target" else r.target
            fields = (
                r.system,
                r.doc,
                r.doc_id,
                str(r.seg_id),
                r.rater,
                source,
                target,
                r.category,
                severity_label(r.severity),
                r.comment,
            )
            f.write("\t".join(_clean(v) for v in fields) + "\n")
            count += 1
    return count


def _clean(value: str) -> str:
    """A field as the unquoted format can hold it: no tab or line break inside."""
    return " ".join(str(value).replace("\t", " ").splitlines())


@dataclass(slots=True)
class CandidateRow:
    line: int
    system: str
    doc: str
    seg_id: int
    target: str
    source: str | None = None
    rater: str | None = None
    score: float | None = None


def read_candidates(path: str | Path) -> list[CandidateRow]:
    """Read a candidate TSV (``system doc seg_id target``, optionally ``source``, ``rater``, ``score``)."""
    path = Path(path)
    lines = _lines(path)
    first = next(lines, None)
    if first is None:
        raise InputError(f"{path}: the file is empty")
    columns = _header(path, first[1], CANDIDATE_COLUMNS)
    optional = {c: columns.get(c) for c in ("source", "rater", "score")}
    width = max(columns[c] for c in CANDIDATE_COLUMNS) + 1
    rows, problems = [], []
    for number, line in lines:
        if not line.strip():
            continue
        values = line.split("\t")
        if len(values) < width:
            problems.append(f"line {number}: {len(values)} columns, expected {width}")
            continue
        seg_id = _seg_id(values[columns["seg_id"]])
        if seg_id is None:
            problems.append(f"line {number}: seg_id {values[columns['seg_id']][:20]!r} is not a whole number")
            continue

        score = None
        raw = _field(values, optional["score"])
        if raw not in (None, ""):
            try:
                score = float(raw)
            except ValueError:
                problems.append(f"line {number}: score {raw[:20]!r} is not a number")
                continue
            if not 0 <= score <= 100:
                problems.append(f"line {number}: score {raw} is not between 0 and 100")
                continue
        rater = _field(values, optional["rater"])
        if score is not None and not rater:
            problems.append(f"line {number}: a score needs its rater")
            continue
        rows.append(
            CandidateRow(
                number,
                values[columns["system"]],
                values[columns["doc"]],
                seg_id,
                values[columns["target"]],
                _field(values, optional["source"]),
                rater or None,
                score,
            )
        )
    _refuse(path, problems)
    return rows


def _field(values: list[str], at: int | None) -> str | None:
    return values[at] if at is not None and at < len(values) else None


def text_lines(path: str | Path) -> list[str]:
    """The lines of a plain text file of candidates, one a segment (a trailing empty line dropped)."""
    lines = [line for _, line in _lines(Path(path))]
    while lines and not lines[-1].strip():
        lines.pop()
    return lines


def write_candidates(rows, path: str | Path) -> int:
    """Write CandidateRow-like rows as a candidate TSV with source, rater and score columns."""
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("system\tdoc\tseg_id\tsource\ttarget\trater\tscore\n")
        for r in rows:
            score = "" if r.score is None else f"{r.score:g}"
            fields = (r.system, r.doc, str(r.seg_id), r.source or "", r.target, r.rater or "", score)
            f.write("\t".join(_clean(v) for v in fields) + "\n")
            count += 1
    return count
