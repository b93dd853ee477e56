"""Cut over-long input into pieces the model can translate whole, and join the translations.

MarianMT reads at most 512 tokens: a longer input is cut by the tokenizer and the rest is
silently lost (a 100,000-character segment came back as the translation of its first few
hundred characters). So a text over :data:`MAX_PIECE_CHARS` is split first at sentence ends
(。！？；), then at clause marks (，、：), and a run without any mark is cut at the limit;
every character lands in exactly one piece. The pieces are translated like any other input and
their translations joined with a space, in order.

Chinese averages about 1.3 characters per SentencePiece token, so 300 characters stay well
inside 512 tokens on the source side and leave the target side room too.

A model may read fewer tokens than that (its ``max_position_embeddings`` or the tokenizer's
``model_max_length``; an engine says so in ``max_input_tokens``). :func:`piece_limits` then
lowers the piece length to that many characters less two (a SentencePiece token covers at least
one character; the leading word mark and the end token take one each), and a piece the
engine's ``count_tokens`` still finds too long is halved until it fits: the model never
receives more than it can read, and nothing is cut off.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

#: Longest input sent to the model in one piece (characters).
MAX_PIECE_CHARS = 300

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_CLAUSE_END = re.compile(r"(?<=[，、：,:])")


def _pack(parts: list[str], limit: int) -> list[str]:
    """Greedily join consecutive parts while the result stays within ``limit``."""
    pieces: list[str] = []
    for part in parts:
        if pieces and len(pieces[-1]) + len(part) <= limit:
            pieces[-1] += part
        else:
            pieces.append(part)
    return pieces


#: Whether a piece is within the model's input (None: the character limit is enough).
Fits = Callable[[str], bool] | None


def piece_limits(engine) -> tuple[int, Fits]:
    """(longest piece in characters, token check) for ``engine``, from its ``max_input_tokens``
    and ``count_tokens`` when it has them (see the module docstring)."""
    tokens = getattr(engine, "max_input_tokens", None)
    count = getattr(engine, "count_tokens", None)
    if not tokens:
        return MAX_PIECE_CHARS, None
    limit = max(1, min(MAX_PIECE_CHARS, int(tokens) - 2))
    return limit, ((lambda piece: count(piece) <= tokens) if count else None)


def split_for_mt(text: str, limit: int = MAX_PIECE_CHARS, fits: Fits = None) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at sentence ends, then clause marks,
    then anywhere, and each one that ``fits`` refuses split again; ``"".join(pieces) == text``."""
    pieces = _split_chars(text, limit)
    if fits is None:
        return pieces
    return [q for p in pieces for q in ([p] if len(p) <= 1 or fits(p) else split_for_mt(p, len(p) // 2, fits))]


def _split_chars(text: str, limit: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    for sentence in _pack([p for p in _SENTENCE_END.split(text) if p], limit):
        if len(sentence) <= limit:
            pieces.append(sentence)
            continue
        for clause in _pack([p for p in _CLAUSE_END.split(sentence) if p], limit):
            pieces.extend(clause[i : i + limit] for i in range(0, len(clause), limit))
    return pieces


def translate_in_pieces(
    translate: Callable[[list[str]], list[str]],
    texts: Sequence[str],
    limit: int = MAX_PIECE_CHARS,
    batch_size: int = 16,
    fits: Fits = None,
) -> list[str]:
    """Translate ``texts`` with ``translate``, sending over-long texts as pieces (``batch_size`` pieces
    per call) and joining their translations; a batch of short texts goes as it is, in one call."""
    if all(len(t) <= limit and (fits is None or fits(t)) for t in texts):
        return translate(list(texts))
    flat: list[str] = []
    spans: list[tuple[int, int]] = []
    for text in texts:
        pieces = split_for_mt(text, limit, fits)
        spans.append((len(flat), len(flat) + len(pieces)))
        flat.extend(pieces)
    output: list[str] = []
    for i in range(0, len(flat), max(batch_size, 1)):
        output.extend(translate(flat[i : i + max(batch_size, 1)]))
    return [" ".join(p.strip() for p in output[a:b] if p.strip()) for a, b in spans]
