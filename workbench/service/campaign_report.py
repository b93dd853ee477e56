"""A campaign's scores as a Markdown or HTML report: the ranking with intervals and clusters,
rater agreement, QC per rater and the automatic metrics with their signatures. Every name that
came from a user (campaign, systems, raters) is escaped."""

from __future__ import annotations

import html
from pathlib import Path

from ..errors import InputError

WHAT = {"mqm": "MQM (weighted errors per segment, lower is better)", "da": "DA z-score (higher is better)"}


def _f(value, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def _md(text) -> str:
    """Markdown-safe text: the characters Markdown would read as markup, escaped."""
    out = html.escape(str(text), quote=False)
    for ch in "\\`*_[]|":
        out = out.replace(ch, "\\" + ch)
    return out


def _tables(result: dict) -> list[tuple[str, list[str], list[list[str]]]]:
    protocol = result["protocol"]
    raw = any("raw" in s for s in result["systems"]) and protocol == "da"
    head = ["cluster", "rank", "system", "score", *(["raw"] if raw else []), "95% CI", "n"]
    rows = []
    for s in result["systems"]:
        rank = f"{s['rank'][0]}-{s['rank'][1]}" if s["rank"][0] != s["rank"][1] else str(s["rank"][0])
        rows.append(
            [
                str(s["cluster"]),
                rank,
                s["system"],
                _f(s["score"]),
                *([_f(s.get("raw"), 2)] if raw else []),
                f"[{_f(s['ci'][0])}, {_f(s['ci'][1])}]",
                str(s["n"]),
            ]
        )
    tables = [("Systems", head, rows)]
    qc = result.get("qc") or {}
    if qc:
        tables.append(
            (
                "Quality control per rater",
                ["rater", "bad references (pairs, mean drop, p)", "repeats (pairs, mean difference)", "passed"],
                [
                    [
                        rater,
                        f"{v['bad_references']['result']} ({v['bad_references']['pairs']}, "
                        f"{_f(v['bad_references']['mean_drop'], 1)}, {_f(v['bad_references']['p'], 4)})",
                        f"{v['repeats']['result']} ({v['repeats']['pairs']}, {_f(v['repeats']['mean_difference'], 1)})",
                        "yes" if v["passed"] else "no",
                    ]
                    for rater, v in qc.items()
                ],
            )
        )
    metrics = result.get("metrics") or {}
    if metrics.get("systems"):
        tables.append(
            (
                "Automatic metrics against the reference",
                ["system", "BLEU", "chrF", "TER", "segments"],
                [
                    [s, _f(m["bleu"], 2), _f(m["chrf"], 2), _f(m["ter"], 2), str(m["segments"])]
                    for s, m in metrics["systems"].items()
                ],
            )
        )
        tables.append(
            (
                "System-level correlation with the human score",
                ["metric", "Pearson", "Kendall", "systems"],
                [
                    [k.upper() if k != "chrf" else "chrF", _f(v["pearson"]), _f(v["kendall"]), str(v["systems"])]
                    for k, v in metrics["correlation"].items()
                ],
            )
        )
    return tables


def _notes(result: dict) -> list[str]:
    agreement = result["agreement"]
    notes = [
        f"Protocol {result['protocol']}: {WHAT.get(result['protocol'], 'mean score (higher is better)')}.",
        f"Significance: {result['test']}, p < 0.05; bootstrap seed {result.get('seed')}.",
        f"Rater agreement: Krippendorff's alpha ({agreement['level']}) {_f(agreement['alpha'])} on "
        f"{agreement['items']} items rated by {agreement['raters']} raters.",
    ]
    if result.get("excluded"):
        notes.append("Raters left out (failed QC): " + ", ".join(result["excluded"]) + ".")
    for name, signature in (result.get("metrics") or {}).get("signatures", {}).items():
        notes.append(f"{name} signature: {signature}")
    return notes


def markdown_report(result: dict) -> str:
    lines = [f"# Campaign {_md(result['campaign'])}", ""]
    lines += [f"- {_md(n)}" for n in _notes(result)] + [""]
    for title, head, rows in _tables(result):
        lines += [f"## {title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
        lines.append("")
    return "\n".join(lines)


def html_report(result: dict) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>Campaign {e(result['campaign'])}</title></head><body>",
        f"<h1>Campaign {e(result['campaign'])}</h1><ul>",
        *(f"<li>{e(n)}</li>" for n in _notes(result)),
        "</ul>",
    ]
    for title, head, rows in _tables(result):
        parts.append(f"<h2>{e(title)}</h2><table border='1'><tr>" + "".join(f"<th>{e(h)}</th>" for h in head))
        parts += ["<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(result: dict, path: str | Path) -> Path:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".md", ".html", ".htm"):
        raise InputError(f"{path}: write a .md or .html report")
    text = markdown_report(result) if suffix == ".md" else html_report(result)
    try:
        path.write_text(text + "\n", "utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write the report: {exc.strerror or exc}") from None
    return path
