"""Term enforcement by constrained decoding: a transformers LogitsProcessor.

transformers 5 no longer ships constrained beam search (``force_words_ids``), so the
workbench does its own. For every hypothesis (greedy or each beam) at every step it recomputes,
from the tokens generated so far, which required terms are already placed:

1. a term that has started (the hypothesis ends with a proper prefix of one of the term's
   token sequences) is forced to completion: only its next token is allowed;
2. while any term is missing, end-of-sentence is held back;
3. when the remaining length is just enough for the missing terms, the next one is started;
4. otherwise the first token of each missing term gets a small bonus, so that the model
   places the term where it fits rather than at the end;
5. right after a term is completed, pieces that would continue its last word are disallowed
   ("committee" + "s" is fine only if the rendering says so), so a term ends at a word boundary.

The processor sees token ids only, so it works with any SentencePiece tokenizer (Marian, NLLB,
M2M100, mBART-50): ``prompt_length`` says how many decoder positions come before the words
(the start token, plus the target-language token that ``forced_bos_token_id`` places there, which
this processor leaves to transformers' own processor).

Forbidden renderings are banned: the last token of a forbidden sequence is disallowed when the
hypothesis ends with the rest of it. A term has alternatives (lower case, and capitalised for
the start of a sentence); any of them satisfies it. Without terms the processor is not used at
all, so output without enforcement is unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from transformers import LogitsProcessor


@dataclass(frozen=True)
class SentenceConstraints:
    """For one sentence: required terms (each a list of alternative token sequences) and banned sequences."""

    required: tuple[tuple[tuple[int, ...], ...], ...] = ()
    banned: tuple[tuple[int, ...], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.required or self.banned)


def _contains(tokens: list[int], seq: tuple[int, ...], continuations: frozenset[int] = frozenset()) -> bool:
    """``seq`` occurs in ``tokens`` as whole words: not followed by a piece that continues its last word."""
    n = len(seq)
    return any(
        tokens[i : i + n] == list(seq) and (i + n == len(tokens) or tokens[i + n] not in continuations)
        for i in range(len(tokens) - n + 1)
    )


class TermConstraintProcessor(LogitsProcessor):
    def __init__(
        self,
        constraints: list[SentenceConstraints],
        num_beams: int,
        eos_token_id: int,
        max_length: int,
        prompt_length: int = 1,
        bonus: float = 2.0,
        word_continuations: torch.Tensor | None = None,
    ):
        """``word_continuations``: boolean mask over the vocabulary of pieces that continue a word."""
        self.constraints = constraints
        self.word_continuations = word_continuations
        self._continuation_ids = (
            frozenset(torch.nonzero(word_continuations).flatten().tolist())
            if word_continuations is not None
            else frozenset()
        )
        self.num_beams = num_beams
        self.eos = eos_token_id
        self.max_length = max_length
        self.prompt_length = prompt_length  # the decoder start token, and a forced language token if any
        self.bonus = bonus

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
        cur_len = input_ids.shape[1]
        if cur_len < self.prompt_length:  # a forced first token (the target language) comes first
            return scores
        generated = input_ids[:, self.prompt_length :].tolist()
        room = self.max_length - cur_len - 1  # positions left before the final, forced end-of-sentence
        for row, tokens in enumerate(generated):
            rules = self.constraints[row // self.num_beams]
            if not rules:
                continue
            for seq in rules.banned:
                if len(seq) == 1 or tokens[-(len(seq) - 1) :] == list(seq[:-1]):
                    scores[row, seq[-1]] = -float("inf")
            if self.word_continuations is not None and any(
                len(tokens) >= len(a) and tokens[-len(a) :] == list(a) for alts in rules.required for a in alts
            ):
                scores[row, self.word_continuations] = -float("inf")
            missing = [
                alts for alts in rules.required if not any(_contains(tokens, a, self._continuation_ids) for a in alts)
            ]
            if not missing or room < 0:
                continue
            forced = self._continuation(tokens, missing)
            if forced is None:
                needed = sum(max(len(a) for a in alts) for alts in missing)  # the longest form may be the one placed
                if room <= needed:
                    forced = min(missing[0], key=len)[0]
            if forced is not None:
                keep = scores[row, forced].clone()
                scores[row, :] = -float("inf")
                scores[row, forced] = keep if torch.isfinite(keep) else 0.0
                continue
            scores[row, self.eos] = -float("inf")
            if self.bonus:
                for alts in missing:
                    for alt in alts:
                        scores[row, alt[0]] += self.bonus
        return scores

    @staticmethod
    def _continuation(tokens: list[int], missing) -> int | None:
        """The next token of the longest started (unfinished) term, or None."""
        best, best_len = None, 0
        for alts in missing:
            for alt in alts:
                for k in range(min(len(alt) - 1, len(tokens)), best_len, -1):
                    if tokens[-k:] == list(alt[:k]):
                        best, best_len = alt[k], k
                        break
        return best
