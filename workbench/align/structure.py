"""Document structure as alignment evidence: headings pair with headings, quoted speech with
quoted speech (as many quotations on each side of a bead, and no bead cut inside an English
utterance that the Chinese keeps whole), and when both sides keep their paragraphs, a bead
should not cross a paragraph boundary. Pure functions.

A heading is told from its text, so this works on one-sentence-per-line input too: a short
line without sentence-final punctuation (a title, a chapter heading, a date line such as
``（2012年11月15日）`` / ``November 15, 2012``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

_ZH_FINAL = re.compile(r"[。！？!?；;：:…，,、”’」』]\s*$")
_EN_FINAL = re.compile(r"[.!?;:…,\"'”’]\s*$")


def is_heading(sentence: str, lang: str) -> bool:
    """A short line without sentence-final punctuation."""
    text = sentence.strip()
    if not text:
        return False
    if lang == "zh":
        return len(text) <= 30 and not _ZH_FINAL.search(text)
    return len(text.split()) <= 15 and not _EN_FINAL.search(text)


@dataclass
class Structure:
    """Cumulative heading counts per side and, where known, paragraph numbers per sentence."""

    zh_headings: np.ndarray
    en_headings: np.ndarray
    zh_paragraphs: np.ndarray | None = None
    en_paragraphs: np.ndarray | None = None
    heading_weight: float = 0.2
    paragraph_weight: float = 0.1
    zh_quotes: np.ndarray | None = None  # cumulative counts of sentences that open a quotation
    en_quotes: np.ndarray | None = None
    quote_weight: float = 0.0
    zh_inside: np.ndarray | None = None  # per boundary 0..n: whether it falls inside a quotation
    en_inside: np.ndarray | None = None
    cut_weight: float = 0.0
    turn_weight: float = 0.0

    def penalty(self, i: int, a: int, js: np.ndarray, b: int) -> np.ndarray:
        """What the bead (Chinese i-a .. i-1, English j-b .. j-1) loses, per j in ``js``: a heading
        paired with a non-heading, a heading inside a multi-sentence side, quoted speech on one side
        only or a different number of quotations on the two sides, a cut inside an English
        quotation where the Chinese is not inside one, a crossed paragraph."""
        zh = self.zh_headings[i] - self.zh_headings[i - a]
        en = self.en_headings[js] - self.en_headings[js - b]
        mismatch = (zh > 0) != (en > 0)
        mixed = ((zh > 0) & (zh < a)) | ((en > 0) & (en < b))
        out = self.heading_weight * (mismatch | mixed)
        if (self.quote_weight or self.turn_weight) and self.zh_quotes is not None:
            zq = self.zh_quotes[i] - self.zh_quotes[i - a]
            eq = self.en_quotes[js] - self.en_quotes[js - b]
            out = out + self.quote_weight * ((zq > 0) != (eq > 0)) + self.turn_weight * np.abs(zq - eq)
        if self.cut_weight and self.zh_inside is not None and self.en_inside is not None:
            out = out + self.cut_weight * (self.en_inside[js] & ~self.zh_inside[i])
        if self.zh_paragraphs is not None and self.en_paragraphs is not None:
            crossed = (self.en_paragraphs[js - 1] != self.en_paragraphs[js - b]).astype(np.float64)
            crossed += float(self.zh_paragraphs[i - 1] != self.zh_paragraphs[i - a])
            out = out + self.paragraph_weight * crossed
        return out


def document_structure(
    zh: list[str],
    en: list[str],
    zh_paragraphs: list[int] | None = None,
    en_paragraphs: list[int] | None = None,
    heading_weight: float = 0.2,
    paragraph_weight: float = 0.1,
    quote_weight: float = 0.0,
    cut_weight: float = 0.0,
    turn_weight: float = 0.0,
) -> Structure:
    """Paragraph numbers count only when both sides have more than one paragraph; quotations
    only when both sides quote, about equally often (within a factor of two): a translation
    that turns speech into reported speech has no quotation marks to pair."""

    def cumulative(sentences: list[str], lang: str) -> np.ndarray:
        return np.concatenate([[0], np.cumsum([is_heading(s, lang) for s in sentences])]).astype(np.int64)

    zh_quotes = np.concatenate([[0], np.cumsum([opens_quotation(s, "zh") for s in zh])]).astype(np.int64)
    en_quotes = np.concatenate([[0], np.cumsum([opens_quotation(s, "en") for s in en])]).astype(np.int64)
    quotes = min(zh_quotes[-1], en_quotes[-1]) * 2 >= max(zh_quotes[-1], en_quotes[-1]) > 0
    keep = (
        zh_paragraphs is not None
        and en_paragraphs is not None
        and len(set(zh_paragraphs)) > 1
        and len(set(en_paragraphs)) > 1
        and len(zh_paragraphs) == len(zh)
        and len(en_paragraphs) == len(en)
    )
    return Structure(
        cumulative(zh, "zh"),
        cumulative(en, "en"),
        np.asarray(zh_paragraphs) if keep else None,
        np.asarray(en_paragraphs) if keep else None,
        heading_weight,
        paragraph_weight,
        zh_quotes if quotes else None,
        en_quotes if quotes else None,
        quote_weight,
        inside_quotation(zh, "zh") if quotes and cut_weight else None,
        inside_quotation(en, "en") if quotes and cut_weight else None,
        cut_weight,
        turn_weight,
    )


_ZH_QUOTE = re.compile(r"[“「『]")
# an opening quotation mark: at the start or after a space, bracket or dash, before a word (not the
# apostrophe of "Wu's" or "lovers'")
_EN_QUOTE = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘\"“](?=\w)")


def opens_quotation(sentence: str, lang: str) -> bool:
    """Whether the sentence opens a quotation (direct speech, a cited phrase)."""
    return bool((_ZH_QUOTE if lang == "zh" else _EN_QUOTE).search(sentence))


_ZH_MARKS = re.compile(r"[“”「」『』‘’]")
_ZH_OPENING = "“「『‘"
# an English opening mark: at the start or after a space, bracket or dash, before a word (not the
# apostrophe of "Wu's" or "lovers'"); a closing one: after a word or punctuation, before a space,
# punctuation or the end
_EN_MARKS = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘\"“](?=\w)|(?<=[\w.,!?;:…—–-])['’\"”](?=[\s.,!?;:)\]—–-]|$)")
# which marks pair up: single with single, double with double, corner brackets with their own
_FAMILY = {"'": "'", "‘": "'", "’": "'", '"': '"', "“": '"', "”": '"', "「": "「", "」": "「", "『": "『", "』": "『"}


def quotation_marks(sentence: str, lang: str) -> list[tuple[bool, str]]:
    """The quotation marks of a sentence in order: (opens, family), where the family tells
    which marks pair up (``'`` with ``'``, ``“`` with ``”``), so a quotation inside a quotation
    (British ``'... "Even the Emperor has poor relations." ...'``) does not end the outer one."""
    if lang == "zh":
        return [(m.group() in _ZH_OPENING, _FAMILY[m.group()]) for m in _ZH_MARKS.finditer(sentence)]
    out = []
    for m in _EN_MARKS.finditer(sentence):
        mark = m.group()
        follows = m.end() < len(sentence) and (sentence[m.end()].isalnum() or sentence[m.end()] == "_")
        out.append((follows, _FAMILY[mark]))
    return out


def inside_quotation(sentences: list[str], lang: str, reach: int = 6) -> np.ndarray:
    """Per sentence boundary 0..n (boundary k comes before sentence k): whether it falls inside
    quoted speech, i.e. a sentence before it opens a quotation and a later one, at most
    ``reach`` sentences on, closes it with a mark of the same family. A translator keeps one
    utterance together more often than not, so a bead cut inside a quotation on one side only
    is suspect; a quotation that is never closed (a lost mark, a speech running over
    paragraphs that reopens at each one) marks nothing."""
    inside = np.zeros(len(sentences) + 1, dtype=bool)
    open_marks: list[tuple[int, str]] = []  # (sentence, family) of the quotations still open
    for k, sentence in enumerate(sentences):
        for opens, family in quotation_marks(sentence, lang):
            if opens:
                # a quotation of the same family still open from an earlier sentence was left unclosed
                open_marks = [(s, f) for s, f in open_marks if f != family or s == k]
                open_marks.append((k, family))
                continue
            for depth in range(len(open_marks) - 1, -1, -1):
                start, kind = open_marks[depth]
                if kind == family:
                    if start < k:
                        inside[start + 1 : k + 1] = True
                    del open_marks[depth:]
                    break
        open_marks = [(s, f) for s, f in open_marks if k - s < reach]
    return inside
