"""JSONL: one JSON object per segment (id, source, mt, target, status, score, errors, notes, ...)."""

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


def read(path: str | Path) -> list[ReadRow]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line_no, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                rows.append(ReadRow(data.get("id"), data["source"], data.get("target", ""), data.get("status"),
                                    data.get("score"), data.get("notes"), data.get("revision"), line_no))
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise InputError(f"{path}: line {line_no}: not a segment object ({exc})") from None
    return rows
