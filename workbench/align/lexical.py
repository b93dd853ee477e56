"""Lexical evidence for the aligner: how much of a bead's Chinese is translated by words on its
English side, and the reverse. Pure functions, no I/O (the dictionary is read in :mod:`lexicon`).

Sentence embeddings give unrelated Chinese and English sentences a similarity of 0.15-0.2, close
to a weak true match; dictionary words, numbers and Latin-script names separate them. Chinese is
cut into words by longest match against the dictionary (no jieba); English words are reduced to
light stems (plural, -ed, -ing, final e), and a dictionary translation is the set of stems of
its content words. Numbers match by value (``2012年``, ``二〇一二年`` and ``2012`` are all
``#2012``); a number or Latin token on one side only counts against the bead, twice over.

A bead's lexical share is the mean of two coverages, each smoothed towards ``prior``:
Chinese tokens whose translation occurs on the English side, and English content stems that
translate a Chinese token of the bead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

STOP = frozenset(
    """
a an the of and or but nor to in on at by for with from into onto upon as than then so if be is are was were been being
am do does did done have has had having it its it's this that these those there here he him his she her hers they them
their theirs we us our ours you your yours i me my mine one's oneself oneselves himself herself itself themselves
who whom whose which what when where why how not no yes all any some such very too also just only own same other
can could will would shall should may might must let up out off over under again once about s t sb sth something
somebody someone etc e g lit fig coll used use form bound particle classifier kind sort thing one's oneself
marker noun verb adjective adverb denote denoting function indicate indicating expression suffix prefix grammatical
pronoun measure word character radical component abbr translit interjection modal aspect auxiliary
""".split()
)
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*")
_EN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|\d+(?:[.,]\d+)*(?:st|nd|rd|th)?")
_ZH_PIECE = re.compile(r"[\u3007\u3400-\u9fff\uf900-\ufaff]+|[A-Za-z]+|[0-9]+(?:\.[0-9]+)?")
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width Latin letters, digits, signs
_NUMERALS = re.compile(r"[〇零一二两三四五六七八九十百千万亿]{2,}")
_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
# particles, pronouns and other function words: their dictionary glosses are noise
ZH_STOP = frozenset(
    """的 地 得 了 着 过 吗 呢 吧 啊 呀 哦 嘛 么 是 在 和 与 及 而
也 都 就 又 还 把 被 让 给 对 从 向 以 之 于 为 其 所 者 这
那 这个 那个 这样 那样 这些 那些 它 他 她 我 你 您 我们 你们 他们
她们 它们 咱们 自己 个 一 有 没有 不 没 很 要 会 能 可以 将 已
已经 却 但 但是 并 等 中 上 下 里 来 去 到 说 又 再 才 只 更
最 便 则 即 乃 亦 之 此 彼 何 什么 怎么 这么 那么 们 作 做 着
之后 以后""".split()
)
_VOWELS = set("aeiouy")


@lru_cache(maxsize=1 << 17)  # the dictionary's 420,000 gloss words are 40,000 distinct ones
def stem(word: str) -> str:
    """A light, consistent English stem: plural, -ed, -ing and a final e removed
    (``policies``/``policy`` -> ``polic``, ``making``/``make``/``makes`` -> ``mak``)."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith(("sses", "xes", "ches", "shes", "zes")):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if w.endswith("ly") and len(w) > 5:
        w = w[:-2]
    if w.endswith("ing") and len(w) > 5 and set(w[:-3]) & _VOWELS:
        w = w[:-3]
    elif w.endswith("ed") and len(w) > 4 and set(w[:-2]) & _VOWELS:
        w = w[:-2]
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsaeiou":
        w = w[:-1]
    if w.endswith("y") and len(w) > 3:
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
NUMBER_WORDS.update(
    {
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "hundred": 100,
        "thousand": 1000,
        "million": 1_000_000,
        "billion": 1_000_000_000,
        "first": 1,
        "second": 2,
        "third": 3,
        "fourth": 4,
        "fifth": 5,
        "tenth": 10,
    }
)


def number_token(text: str) -> str:
    """``#`` and the value: ``2,012`` -> ``#2012``, ``18th`` -> ``#18``, ``3.50`` -> ``#3.5``."""
    digits = re.sub(r"(st|nd|rd|th)$", "", text.replace(",", ""))
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return "#" + (digits.lstrip("0") or "0")


def chinese_number(text: str) -> int | None:
    """The value of a run of Chinese numerals (``一九四九`` 1949, ``十八`` 18, ``三千五百万`` 35,000,000)."""
    if not any(c in _UNIT or c in _BIG for c in text):
        # digit by digit (一九四九, 二〇一二); two digits alone (三四, 五六) mean "three or four"
        if all(c in _DIGIT for c in text) and (len(text) > 2 or "〇" in text or "零" in text):
            return int("".join(str(_DIGIT[c]) for c in text))
        return None
    total, section, digit = 0, 0, None
    for c in text:
        if c in _DIGIT:
            if digit is not None and _DIGIT[c] and digit:
                return None  # 三四 (three or four) is not a number
            digit = _DIGIT[c]
        elif c in _UNIT:
            section += (1 if digit is None else digit) * _UNIT[c]
            digit = None
        else:
            section += digit or 0
            total = (total + section) * _BIG[c] if section or total else _BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


def content_stems(text: str) -> list[str]:
    """Stems of the content words of lower-case English text (dictionary glosses); numbers as ``#n``."""
    out = []
    for word in _WORD.findall(text):
        if word[0].isdigit():
            out.append(number_token(word))
        elif word not in STOP and len(word) > 1:
            out.append(stem(word))
    return [w for w in out if w not in STOP]


def english_tokens(sentence: str) -> list[str]:
    """The distinct content stems of an English sentence, numbers as ``#n``; numbers and words
    in capitals (names, acronyms) come twice, because a clash on them weighs more."""
    seen: dict[str, int] = {}
    for word in _EN_WORD.findall(sentence.translate(_FULL_WIDTH)):
        if word[0].isdigit():
            token, weight = number_token(word), 2
        else:
            lower = word.lower()
            if lower in STOP or len(lower) < 2:
                continue
            token, weight = stem(lower), 1
            if lower in NUMBER_WORDS and lower != "one":  # twelve = 12 (one is mostly a pronoun)
                seen[f"#{NUMBER_WORDS[lower]}"] = 1
        seen[token] = max(seen.get(token, 0), weight)
    return [t for t, w in seen.items() for _ in range(w)]


@dataclass
class Lexicon:
    """Chinese word -> English stems; ``glossary``: the words that came from the project glossary."""

    words: dict[str, frozenset[str]]
    glossary: frozenset[str] = frozenset()
    longest: int = field(init=False)

    def __post_init__(self) -> None:
        self.longest = min(8, max((len(w) for w in self.words), default=1))


def chinese_tokens(sentence: str, lexicon: Lexicon) -> list[frozenset[str]]:
    """The translation stems of each content token of a Chinese sentence: dictionary words by
    longest match (function words dropped), numbers (Arabic or Chinese) and Latin-script words;
    numbers and Latin words come twice (a clash on them weighs more)."""
    text = sentence.translate(_FULL_WIDTH)
    out: list[frozenset[str]] = []
    for piece in _ZH_PIECE.findall(text):
        if piece[0].isdigit():
            out += [frozenset({number_token(piece)})] * 2
        elif piece[0].isascii():
            if piece.lower() not in STOP:
                out += [frozenset({stem(piece)})] * 2
        else:
            out += _han_tokens(piece, lexicon)
    return out


def _number_word(word: str) -> int | None:
    if len(word) < 2 or word.startswith("万") or not _NUMERALS.fullmatch(word):
        return None
    return chinese_number(word)


def _longest_match(run: str, lexicon: Lexicon, backward: bool) -> list[str]:
    words, longest, out = lexicon.words, lexicon.longest, []
    i = len(run) if backward else 0
    while (i > 0) if backward else (i < len(run)):
        room = i if backward else len(run) - i
        for size in range(min(longest, room), 0, -1):
            word = run[i - size : i] if backward else run[i : i + size]
            if size == 1 or word in words or _number_word(word) is not None:
                out.append(word)
                i += -size if backward else size
                break
    return out[::-1] if backward else out


def segment_words(text: str, lexicon: Lexicon) -> list[str]:
    """Maximum matching against the dictionary, forward and backward; the cut with fewer words
    wins, backward on a tie (it errs less in Chinese: 人民/对/美好/生活, not 人民/对美/好生/活)."""
    forward, backward = _longest_match(text, lexicon, False), _longest_match(text, lexicon, True)
    return forward if len(forward) < len(backward) else backward


def _han_tokens(run: str, lexicon: Lexicon) -> list[frozenset[str]]:
    out: list[frozenset[str]] = []
    for word in segment_words(run, lexicon):
        value = _number_word(word)
        if value is not None:
            out += [frozenset({f"#{value}"})] * 2
        elif word in lexicon.words and word not in ZH_STOP:
            out.append(lexicon.words[word])
    return out


@dataclass
class LexicalEvidence:
    """Coverage counts for the beads the dynamic program may use.

    ``zh_cover[b][s, j - zh_from[s]]``: tokens of Chinese sentence s translated in English
    sentences j-b .. j-1; ``en_cover[a][t, i - en_from[t]]``: stems of English sentence t that
    translate a token of Chinese sentences i-a .. i-1. ``zh_total``/``en_total``: cumulative token
    counts, so a span's total is a difference.
    """

    zh_cover: list[np.ndarray]
    zh_from: np.ndarray
    en_cover: list[np.ndarray]
    en_from: np.ndarray
    zh_total: np.ndarray
    en_total: np.ndarray
    prior: float = 0.2
    strength: float = 1.0

    def share(self, i: int, a: int, js: np.ndarray, b: int) -> np.ndarray:
        """Lexical share of the beads (Chinese i-a .. i-1, English j-b .. j-1) for every j in ``js``."""
        zh_hit = np.zeros(len(js))
        for s in range(i - a, i):
            zh_hit += self.zh_cover[b][s, js - self.zh_from[s]]
        en_hit = np.zeros(len(js))
        for k in range(1, b + 1):
            t = js - k
            en_hit += self.en_cover[a][t, i - self.en_from[t]]
        zh_all = self.zh_total[i] - self.zh_total[i - a]
        en_all = self.en_total[js] - self.en_total[js - b]
        k, p = self.strength, self.prior
        return 0.5 * ((zh_hit + k * p) / (zh_all + k) + (en_hit + k * p) / (en_all + k))

    def leak(self, i: int, a: int, js: np.ndarray, b: int) -> np.ndarray:
        """How much of the bead's edge sentences is translated only just outside it: words of its
        first (last) Chinese sentence found in the English sentence before (after) the bead and
        not inside it, and the same for its English edges. A translator who moved half a
        sentence into the next one leaves this trace when the bead is cut in the wrong place."""
        n, m = len(self.zh_total) - 1, len(self.en_total) - 1
        zh_cover, en_cover, zh_from, en_from = self.zh_cover, self.en_cover, self.zh_from, self.en_from
        k = self.strength
        first, last = i - a, i - 1
        here = js - zh_from[first]
        out = (js - b - 1 >= 0) * np.maximum(0, zh_cover[b + 1][first, here] - zh_cover[b][first, here])
        out /= self.zh_total[first + 1] - self.zh_total[first] + k
        here = js - zh_from[last]  # the band keeps one column to spare for here + 1
        after = (js + 1 <= m) * np.maximum(0, zh_cover[b + 1][last, here + 1] - zh_cover[b][last, here])
        out += after / (self.zh_total[last + 1] - self.zh_total[last] + k)
        if first >= 1:
            t = js - b
            row = i - en_from[t]
            out += np.maximum(0, en_cover[a + 1][t, row] - en_cover[a][t, row]) / (
                self.en_total[t + 1] - self.en_total[t] + k
            )
        if i + 1 <= n:
            t = js - 1
            row = i - en_from[t]
            out += np.maximum(0, en_cover[a + 1][t, row + 1] - en_cover[a][t, row]) / (
                self.en_total[t + 1] - self.en_total[t] + k
            )
        return out

    def zh_member(self, s: int, js: np.ndarray, b: int) -> np.ndarray:
        """Share of Chinese sentence s translated by English sentences j-b .. j-1, per j in ``js``."""
        hit = self.zh_cover[b][s, js - self.zh_from[s]]
        return (hit + self.strength * self.prior) / (self.zh_total[s + 1] - self.zh_total[s] + self.strength)

    def en_member(self, ts: np.ndarray, i: int, a: int) -> np.ndarray:
        """Share of each English sentence in ``ts`` translating Chinese sentences i-a .. i-1."""
        hit = self.en_cover[a][ts, i - self.en_from[ts]]
        return (hit + self.strength * self.prior) / (self.en_total[ts + 1] - self.en_total[ts] + self.strength)


def _popcounts(masks: list[int], spans: int, first: int, ends: range) -> list[np.ndarray]:
    """For each span length 1..spans: popcount of the OR of masks[end-span .. end-1] per end
    (masks are indexed from ``first``)."""
    out = [np.zeros(len(ends), dtype=np.float32) for _ in range(spans + 1)]
    for n, end in enumerate(ends):
        acc = 0
        for span in range(1, spans + 1):
            start = end - span
            if start < first:
                break
            acc |= masks[start - first]
            out[span][n] = acc.bit_count()
    return out


def lexical_evidence(
    zh: list[list[frozenset[str]]],
    en: list[list[str]],
    lo: np.ndarray,
    hi: np.ndarray,
    max_side: int,
    prior: float = 0.2,
    strength: float = 1.0,
) -> LexicalEvidence:
    """Coverage counts for every bead inside the band (lo, hi) of the dynamic program."""
    n, m = len(zh), len(en)
    en_sets = [frozenset(t) for t in en]
    zh_union = [frozenset().union(*tokens) if tokens else frozenset() for tokens in zh]
    zh_from = np.array([lo[min(n, s + 1)] for s in range(n)], dtype=np.int64)
    # one sentence more than the band needs, and spans one longer: for the leak of a bead's edge
    spans = max_side + 1
    zh_to = np.array([min(m, hi[min(n, s + max_side)] + 1) for s in range(n)], dtype=np.int64)
    width = int((zh_to - zh_from).max()) + 2 if n else 1
    zh_cover = [np.zeros((n, width), dtype=np.float32) for _ in range(spans + 1)]
    for s in range(n):
        first = max(0, int(zh_from[s]) - spans)
        masks = []
        for t in range(first, int(zh_to[s])):
            words = en_sets[t]
            mask = 0
            for bit, stems in enumerate(zh[s]):
                if not stems.isdisjoint(words):
                    mask |= 1 << bit
            masks.append(mask)
        counts = _popcounts(masks, spans, first, range(int(zh_from[s]), int(zh_to[s]) + 1))
        for b in range(1, spans + 1):
            zh_cover[b][s, : len(counts[b])] = counts[b]
    # English sentence t is used by the rows i whose band reaches t+1 .. t+max_side
    ts = np.arange(m)
    en_from = np.searchsorted(hi, ts + 1, side="left").astype(np.int64)
    en_to = (np.searchsorted(lo, ts + max_side, side="right") - 1).astype(np.int64)
    en_to = np.minimum(n, np.maximum(en_to, en_from) + 1)
    width = int((en_to - en_from).max()) + 2 if m else 1
    en_cover = [np.zeros((m, width), dtype=np.float32) for _ in range(spans + 1)]
    for t in range(m):
        first = max(0, int(en_from[t]) - spans)
        last = min(n, int(en_to[t]))
        masks = []
        for s in range(first, last):
            union = zh_union[s]
            mask = 0
            for bit, token in enumerate(en[t]):
                if token in union:
                    mask |= 1 << bit
            masks.append(mask)
        counts = _popcounts(masks, spans, first, range(int(en_from[t]), last + 1))
        for a in range(1, spans + 1):
            en_cover[a][t, : len(counts[a])] = counts[a]
    zh_total = np.concatenate([[0], np.cumsum([len(t) for t in zh])]).astype(np.float64)
    en_total = np.concatenate([[0], np.cumsum([len(t) for t in en])]).astype(np.float64)
    return LexicalEvidence(zh_cover, zh_from, en_cover, en_from, zh_total, en_total, prior, strength)


def bead_share(zh: list[list[frozenset[str]]], en: list[list[str]], prior: float = 0.2, strength: float = 1.0) -> float:
    """The lexical share of one bead (its Chinese sentences' tokens, its English sentences'
    tokens), computed directly: what :meth:`LexicalEvidence.share` gives for every bead of a band."""
    zh_tokens = [t for sentence in zh for t in sentence]
    en_words = frozenset(w for sentence in en for w in sentence)
    zh_hit = sum(1 for stems in zh_tokens if not stems.isdisjoint(en_words))
    union = frozenset().union(*zh_tokens) if zh_tokens else frozenset()
    en_all = [w for sentence in en for w in sentence]
    en_hit = sum(1 for sentence in en for w in sentence if w in union)
    k, p = strength, prior
    return 0.5 * ((zh_hit + k * p) / (len(zh_tokens) + k) + (en_hit + k * p) / (len(en_all) + k))


def drop_common(
    zh: list[list[frozenset[str]]], en: list[list[str]], max_share: float
) -> tuple[list[list[frozenset[str]]], list[list[str]]]:
    """Forget English stems found in more than ``max_share`` of the English sentences (``say``,
    ``go`` and ``man`` in a novel): they match almost anywhere, so they are no evidence."""
    if not en or max_share >= 1.0:
        return zh, en
    frequency: dict[str, int] = {}
    for sentence in en:
        for stem_ in set(sentence):
            frequency[stem_] = frequency.get(stem_, 0) + 1
    limit = max(2, max_share * len(en))
    common = {s for s, c in frequency.items() if c > limit}
    if not common:
        return zh, en
    en_kept = [[t for t in sentence if t not in common] for sentence in en]
    zh_kept = []
    for sentence in zh:
        tokens = [t - common if not t.isdisjoint(common) else t for t in sentence]
        zh_kept.append([t for t in tokens if t])
    return zh_kept, en_kept
