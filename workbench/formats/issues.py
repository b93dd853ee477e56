"""MQM error annotations (LQA) in bilingual files: how an error span travels and comes back.

An error is a dict ``category, severity, start, end, note``: an MQM category and severity and
the span ``start:end`` of the target (characters, end exclusive; ``0-0`` for an error without a
span, e.g. an omission).

XLIFF 2.0: each error is an ITS Localization Quality Issue on a pair of annotation markers in
the ``<target>``: ``<sm id="lqi1" type="its:generic" its:locQualityIssueType=...
its:locQualityIssueSeverity=... its:locQualityIssueComment=... wb:category=... wb:severity=.../>``
before the words and ``<em startRef="lqi1"/>`` after them (markers, not ``<mrk>``, so spans may
overlap or be empty). ITS has its own issue types and a 0-100 severity, so the exact MQM
category and severity also travel as ``wb:category`` and ``wb:severity``; a file annotated by
another tool (ITS attributes only, on ``<sm>`` or ``<mrk>``) is read through :data:`FROM_ITS`
and :func:`severity_from_its`.

XLSX/CSV/TSV: a column ``errors`` with one error per line, readable and parseable back::

    accuracy / major / 4-14 "the words" / "the reviewer's note"

The words and the note are JSON strings (quotes inside are ``\\"``). The span may be left out
(``accuracy / major / "the words"``): the words are then looked up in the target, as they are
when the target was edited and the offsets no longer point at them.
"""

from __future__ import annotations

import json
import re

ITS = "http://www.w3.org/2005/11/its"

#: MQM category -> ITS 2.0 locQualityIssueType.
TO_ITS = {
    "terminology": "terminology",
    "accuracy": "mistranslation",
    "fluency": "grammar",
    "style": "style",
    "locale conventions": "locale-violation",
}
#: ITS 2.0 locQualityIssueType -> MQM category, for files annotated by other tools.
FROM_ITS = {
    "terminology": "terminology",
    **dict.fromkeys(
        ("mistranslation", "omission", "untranslated", "addition", "numbers", "legal", "non-conformance"), "accuracy"
    ),
    **dict.fromkeys(
        (
            "grammar",
            "misspelling",
            "typographical",
            "duplication",
            "characters",
            "whitespace",
            "inconsistency",
            "pattern-problem",
            "length",
            "markup",
            "inconsistent-entities",
        ),
        "fluency",
    ),
    **dict.fromkeys(("style", "register"), "style"),
    **dict.fromkeys(
        ("locale-violation", "locale-specific-content", "formatting", "internationalization"), "locale conventions"
    ),
    **dict.fromkeys(("uncategorized", "other"), "accuracy"),
}
#: MQM severity -> ITS locQualityIssueSeverity (0-100).
SEVERITY_TO_ITS = {"minor": "25", "major": "50", "critical": "100"}


def severity_from_its(value: str | None) -> str:
    """An ITS severity (0-100) as MQM's: under 40 minor, under 80 major, else critical."""
    try:
        number = float(value or 0)
    except ValueError:
        number = 0
    return "minor" if number < 40 else "major" if number < 80 else "critical"


def error_key(error: dict) -> tuple:
    """What makes two error annotations the same (for "is this a new assessment?")."""
    return (
        error.get("category", ""),
        error.get("severity", ""),
        int(error.get("start", 0) or 0),
        int(error.get("end", 0) or 0),
        error.get("note", "") or "",
    )


def same_errors(a: list[dict], b: list[dict]) -> bool:
    return sorted(map(error_key, a)) == sorted(map(error_key, b))


# ---------------------------------------------------------------- the spreadsheet cell


def cell_text(errors: list[dict], target: str) -> str:
    """The ``errors`` cell: one line per error, ``category / severity / start-end "words"[ / "note"]``."""
    lines = []
    for e in errors:
        start, end = int(e.get("start", 0) or 0), int(e.get("end", 0) or 0)
        line = f"{e['category']} / {e['severity']} / {start}-{end} {json.dumps(target[start:end], ensure_ascii=False)}"
        if e.get("note"):
            line += f" / {json.dumps(e['note'], ensure_ascii=False)}"
        lines.append(line)
    return "\n".join(lines)


_LINE = re.compile(
    r"\s*(?P<category>[^/]+?)\s*/\s*(?P<severity>[A-Za-z]+)\s*/\s*(?:(?P<start>\d+)\s*-\s*(?P<end>\d+))?\s*(?P<rest>.*)",
    re.S,
)
_DECODER = json.JSONDecoder()


def _json_string(text: str, what: str) -> tuple[str, str]:
    """A JSON string at the start of ``text`` and what follows it."""
    try:
        value, end = _DECODER.raw_decode(text)
    except json.JSONDecodeError:
        raise ValueError(f'{what} must be in double quotes, as in "the words"') from None
    if not isinstance(value, str):
        raise ValueError(f'{what} must be in double quotes, as in "the words"')
    return value, text[end:].strip()


def parse_cell(text, target: str) -> list[dict]:
    """The errors of an ``errors`` cell (see :func:`cell_text`); ValueError with a short reason.
    Category and severity are checked later, with the rest of the assessment."""
    errors = []
    for n, line in enumerate(str(text or "").splitlines(), 1):
        if not line.strip():
            continue
        where = f"errors, line {n} of the cell"
        match = _LINE.fullmatch(line)
        if match is None:
            raise ValueError(f'{where}: expected category / severity / start-end "words", not {line[:60]!r}')
        rest = match["rest"].strip()
        words, note = None, ""
        if rest.startswith('"'):
            words, rest = _json_string(rest, f"{where}: the words")
        if rest:
            if not rest.startswith("/"):
                raise ValueError(
                    f'{where}: the words must be in double quotes, as in "the words", and a note goes after a /; '
                    f"not {rest[:40]!r}"
                )
            rest = rest[1:].strip()
            note = _json_string(rest, f"{where}: the note")[0] if rest.startswith('"') else rest
        start = int(match["start"]) if match["start"] is not None else None
        end = int(match["end"]) if match["end"] is not None else None
        if words is not None and (start is None or target[start:end] != words):
            # the target was edited (or no span given): find the words; they must be there once
            found = [m.start() for m in re.finditer(re.escape(words), target)] if words else []
            if len(found) != 1:
                how = "not in the target" if not found else f"{len(found)} times in the target"
                raise ValueError(f"{where}: the words {words[:40]!r} are {how}; give their start-end")
            start, end = found[0], found[0] + len(words)
        if start is None:
            raise ValueError(f'{where}: give the span start-end or the "words"')
        errors.append(
            dict(
                category=match["category"].strip().lower(),
                severity=match["severity"].strip().lower(),
                start=start,
                end=end,
                note=note,
            )
        )
    return errors
