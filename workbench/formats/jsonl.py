"""JSONL: one JSON object per segment (id, source, mt, target, status, score, errors, notes, ...).

Reading checks every field's type, so a file that is a JSON array, has a score in quotes, an id
that is an object or a target that is null or a list is refused with the line at fault, before
anything is merged. :func:`parse` gets the file's bytes (read and size-checked by the service,
which also refuses lone surrogates in the texts, see ``service.reading``).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from .rows import BilingualRow, ReadRow


def write(rows: list[BilingualRow], path: str | Path) -> int:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row.as_dict(), ensure_ascii=False) + "\n")
    return len(rows)


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def _optional(data: dict, key: str, kinds: tuple, what: str, line: int):
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, kinds):
        raise InputError(f"line {line}: {key} must be {what}, not {json.dumps(value, ensure_ascii=False)[:40]}")
    return value


def _row(data, line: int) -> ReadRow:
    if not isinstance(data, dict):
        kind = "an array" if isinstance(data, list) else f"a {type(data).__name__}"
        raise InputError(f"line {line}: each line must be one segment object, not {kind}")
    if not isinstance(data.get("source"), str):
        raise InputError(f"line {line}: source must be a text")
    target = data.get("target", "")
    if not isinstance(target, str):
        raise InputError(f"line {line}: target must be a text, not {json.dumps(target)[:40]}")
    seg_id = _optional(data, "id", (int,), "a whole number", line)
    revision = _optional(data, "revision", (int,), "a whole number", line)
    status = _optional(data, "status", (str,), "a text", line)
    notes = _optional(data, "notes", (str,), "a text", line)
    score = _optional(data, "score", (int, float), "a number from 0 to 100", line)
    if score is not None and not 0 <= score <= 100:
        raise InputError(f"line {line}: score {score} is not between 0 and 100")
    errors = _optional(data, "errors", (list,), "a list of error objects", line)
    for error in errors or []:
        if not isinstance(error, dict):
            raise InputError(f"line {line}: each of errors must be an object with category and severity")
    return ReadRow(
        seg_id,
        data["source"],
        target,
        status,
        None if score is None else int(score),
        notes,
        revision,
        line,
        errors=errors,
    )


def parse(data: bytes, name: str) -> list[ReadRow]:
    """The rows of a JSONL file's bytes; ``name`` (the file) is for messages."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name}: not a UTF-8 file (byte {exc.start + 1} cannot be decoded); save the JSONL as UTF-8"
        ) from None
    rows = []
    for line_no, line in enumerate(text.split("\n"), 1):  # not splitlines: U+2028 may sit inside a string
        if not line.strip():
            continue
        try:
            rows.append(_row(json.loads(line, parse_constant=_refuse_constant), line_no))
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: line {line_no}: not valid JSON ({exc.msg})") from None
        except ValueError as exc:  # NaN, Infinity
            raise InputError(f"{name}: line {line_no}: {exc}") from None
        except InputError as exc:
            raise InputError(f"{name}: {exc}") from None
    if not rows:
        raise InputError(f"{name}: the file has no segment lines")
    return rows
