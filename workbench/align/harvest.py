"""Glossary candidates from confirmed sentence pairs.

A Chinese word or phrase (2 to 6 characters) that recurs in confirmed pairs and is not in the
glossary is paired with the English word sequence (1 to 5 words) that co-occurs with it most
consistently, by the Dice coefficient over pairs: 2·both / (zh pairs + en pairs). Candidates
need at least ``min_pairs`` pairs and a Dice of at least ``min_dice``; a person decides.

Where the ends of a phrase fall matters more than its score: on a few dozen pairs almost every
fragment that recurs has a Dice of 1.0. So, when a dictionary is given (the service always
gives CC-CEDICT), Chinese phrases are runs of whole words of the dictionary's longest-match
segmentation of each sentence (``党的十八大精神`` yields ``十八大精神``, never ``党的十八大精``),
and English phrases keep numbers whole (``18th``, ``2012``, ``5,000``) and are shown as they
are most often written (``Deng Xiaoping``), though matched without regard to case.

Junk is filtered out before a person sees it: a Chinese phrase that starts or ends with a
function word (``的领导``, ``管理的``, ``我们党``), an English side that is not a phrase (it never
crosses punctuation, starts or ends with no function word such as *of*, *the*, *all*, ends on
no ordinal such as *18th*, never cuts through a name in capitals, and holds no finite verb
such as *is* or *have*), an English side with more words than the Chinese has characters plus
one, an English side whose numbers are not those of the Chinese (``十八大精神`` is not
*guiding principles*), and, where the dictionary knows every word of the Chinese, an English
side that translates none of it (``布局`` is *layout*, not *overall*) or, for a phrase of
several words, not more than half of them (``伟大实践`` is not *serve the great*). Among the
English sides left, the best Dice wins, then the one with most words the dictionary backs,
then the one with fewest it does not (``stage``, not ``primary stage``, for ``阶段``), then
the most pairs, then the longest. A phrase holding a coverb such as 以 or 为 is a clause, not
a term (``以经济建设为中心``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .lexical import STOP as GLOSS_STOP
from .lexical import ZH_STOP, Lexicon, chinese_number, number_token, segment_words, stem

_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
# a number stays whole (18th, 2012, 5,000, 3.5%), a word may hold hyphens and apostrophes
# (grid-based, China’s); any other listed sign ends a clause, other signs are skipped
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th|s)?%?|[A-Za-z][A-Za-z'’-]*|[,.;:!?()\[\]\"“”‘’—–]")
_NUMERAL = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+")
# a title before a name does not make the name a fragment (Comrade Deng Xiaoping)
_TITLES = frozenset("Comrade Comrades President Premier Chairman Vice Mr Mrs Ms Dr Professor".split())
_YEAR_DIGITS = "〇零一二三四五六七八九"
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")
STOP = frozenset(
    """the a an of and to in on for is are was were be by with as at that this it its we our their
    they he she his her from or but not will would can should must has have had do does did been
    i you me him them us my your these those which who so very also all any some such other
    each every both either neither more most into onto upon than about between among through
    during within without against across toward towards if when where while whether what whose
    whom how there then just only no nor being since until""".split()
)
# a term is a noun phrase: these words inside an English n-gram make it a clause fragment
VERBS = frozenset(
    "is are was were be been has have had will would can should must do does did we they he she i you".split()
)
# Chinese function words that cannot begin or end a term (single characters, and the
# aligner's multi-character ones such as 我们, 已经, 这些)
ZH_FUNCTION = (
    set("的地得了着过吗呢吧啊是在和与及对把被也都就而之于为以个这那其所并等将向从给让又还很不没")
    | set(ZH_STOP)
    | set("就是 也是 还是 而且 以及 并且 或者 因此 所以 因为 如果 虽然 然而 同时 一些 各种 这种 那种 一个 一种".split())
)
# inside a phrase these make it a clause (以经济建设为中心, 同志为总书记), not a term; 的, 和, 与,
# 之 and 及 may stay (党的建设, 改革和发展)
ZH_COVERB = set("以为把被对从向给让将在是于")


@dataclass(frozen=True)
class Candidate:
    zh: str
    en: str
    pairs: int  # confirmed pairs with both
    dice: float


def _words(run: str, lexicon: Lexicon) -> list[str]:
    """Longest-match words of a run of Chinese, with a numeral and a following 大 or 届 kept as
    one word (十八大 is the 18th Party Congress, 十九届 its term), as a reader takes them."""
    out: list[str] = []
    for word in segment_words(run, lexicon):
        if out and word in ("大", "届") and _NUMERAL.fullmatch(out[-1]):
            out[-1] += word
        else:
            out.append(word)
    return out


def _zh_ngrams(text: str, lexicon: Lexicon | None = None, shortest: int = 2, longest: int = 6) -> set[str]:
    """Chinese phrases of a sentence: runs of whole words (by ``lexicon``) that neither start nor
    end with a function word; without a dictionary, every character n-gram."""
    grams: set[str] = set()
    for run in _HAN_RUN.findall(text):
        if lexicon is None:
            for n in range(shortest, longest + 1):
                grams.update(run[i : i + n] for i in range(len(run) - n + 1))
            continue
        words = _words(run, lexicon)
        for i, first in enumerate(words):
            if first in ZH_FUNCTION:
                continue
            phrase = ""
            for last in words[i:]:
                phrase += last
                if len(phrase) > longest or last in ZH_COVERB:
                    break
                if len(phrase) >= shortest and last not in ZH_FUNCTION and not _NUMERAL.fullmatch(last):
                    grams.add(phrase)
    return grams


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _is_word(token: str) -> bool:
    return token[0].isalnum()


def capitalised_inside(sentences: list[str]) -> set[str]:
    """Words written with a capital somewhere other than at the start of a sentence (names,
    *Party*): a sentence's first word keeps its capital only if it is one of them."""
    return {t for text in sentences for t in _tokens(text)[1:] if t[0].isupper()}


def _en_ngrams(text: str, longest: int = 5, names: set[str] | None = None) -> dict[str, str]:
    """English phrases of a sentence: lower-case key -> the phrase as written there (the
    sentence's first word in lower case unless it is in ``names``)."""
    grams: dict[str, str] = {}
    clause: list[str] = []
    tokens = _tokens(text)
    if names is not None and tokens and tokens[0][0].isupper() and tokens[0] not in names:
        tokens[0] = tokens[0][0].lower() + tokens[0][1:]
    for token in [*tokens, "."]:
        if _is_word(token):
            clause.append(token)
            continue
        if not clause:
            continue
        lower = [w.lower() for w in clause]
        for n in range(1, longest + 1):
            for i in range(len(clause) - n + 1):
                gram = lower[i : i + n]
                if gram[0] in STOP or gram[-1] in STOP or _ORDINAL.fullmatch(gram[-1]) or any(w in VERBS for w in gram):
                    continue
                if _cuts_name(clause, i, i + n):
                    continue
                grams.setdefault(" ".join(gram), " ".join(clause[i : i + n]))
        clause = []
    return grams


def _capital(token: str) -> bool:
    return token[0].isupper()


def _cuts_name(clause: list[str], start: int, end: int) -> bool:
    """Whether words ``start:end`` of a clause cut through a name in capitals (``18th National``
    of *18th National Congress*, ``Party’s`` of *the Party’s basic line*), begin or end on
    a possessive, or go on from a full name into a clause (*Hu Jintao as general*)."""
    first, last = clause[start], clause[end - 1]
    if end < len(clause) and _capital(clause[end]) and (_capital(last) or last[0].isdigit()):
        return True
    if start > 0 and _capital(first) and _capital(clause[start - 1]) and clause[start - 1] not in _TITLES:
        return True
    if last.lower().endswith(("'s", "’s")) or first.lower().endswith(("'s", "’s")):
        return True
    # a full name and then a clause in lower case (Hu Jintao as general [secretary])
    words = clause[start:end]
    named = next((i for i, w in enumerate(words) if not _capital(w)), len(words))
    clause_after = any(not _capital(w) and w.lower() not in STOP for w in words[named:])
    return named >= 2 and clause_after and words[named].lower() in STOP


def _zh_words(zh: str, lexicon: Lexicon) -> list[str]:
    return [w for run in _HAN_RUN.findall(zh) for w in _words(run, lexicon)]


def _function_end(zh: str, lexicon) -> bool:
    if lexicon is None:
        return zh[0] in ZH_FUNCTION or zh[-1] in ZH_FUNCTION
    pieces = _zh_words(zh, lexicon) or [zh]
    # a phrase of several words ending in 的 is an attribute, whatever the segmenter made of
    # it (党和国家的 cut as 党/和/国/家的)
    return pieces[0] in ZH_FUNCTION or pieces[-1] in ZH_FUNCTION or (len(pieces) > 1 and zh[-1] == "的")


@dataclass(frozen=True)
class Backing:
    """What the dictionary says of a candidate whose Chinese words it all knows."""

    backed: int  # English content words that translate a word of the Chinese
    unbacked: int  # English content words that do not
    covered: int  # Chinese content words translated somewhere in the English
    words: int  # Chinese content words
    head: bool = True  # the last of them (the head of a Chinese noun phrase) is translated

    @property
    def disagrees(self) -> bool:
        """The English translates none of the Chinese, or (a phrase of several words) most of
        its words are not the dictionary's, or it leaves half the Chinese words untranslated:
        ``伟大实践`` is not *serve the great*, ``党和人民`` is not *made by the Party*,
        ``真正坚持`` is not *true*, or its last word, the head of a Chinese noun phrase, is left
        out: ``两个历史时期`` is not *two historical*."""
        if self.backed == 0:
            return True
        return self.words > 1 and (self.unbacked > self.backed or 2 * self.covered <= self.words or not self.head)


def _backing(zh: str, en: str, lexicon: Lexicon | None) -> Backing | None:
    """``None`` when there is no dictionary or it does not know every content word of ``zh``
    (a new term: the dictionary has no opinion)."""
    if lexicon is None:
        return None
    content = [w for w in _zh_words(zh, lexicon) if w not in ZH_FUNCTION]
    known = [_word_stems(w, lexicon) for w in content]
    if not content or any(k is None for k in known):
        return None
    translations = [k for k in known if k is not None]
    english = {_stem(p) for t in _tokens(en) if t.lower() not in STOP for p in [t, *t.split("-")]}
    words = [t for t in _tokens(en) if t.lower() not in STOP and t.lower() not in GLOSS_STOP]
    stems = frozenset().union(*translations)
    backed = sum(_stem(w) in stems or any(_stem(p) in stems for p in w.split("-")) for w in words)
    covered = sum(bool(k & english) for k in translations)
    return Backing(backed, len(words) - backed, covered, len(content), bool(translations[-1] & english))


def _word_stems(word: str, lexicon: Lexicon) -> frozenset[str] | None:
    """The dictionary's stems for a word; 十八大 and 十九届 (a numeral and 大 or 届, one word
    here, unknown to CC-CEDICT) are the 18th National Congress and the 19th term."""
    if word in lexicon.words:
        return lexicon.words[word]
    if word[-1] in "大届" and _NUMERAL.fullmatch(word[:-1]):
        value = chinese_number(word[:-1])
        if value is not None:
            return frozenset({f"#{value}", stem("national"), stem("congress")} if word[-1] == "大" else {f"#{value}"})
    return None


def _stem(word: str) -> str:
    return number_token(word) if word[0].isdigit() else stem(word)


def is_junk(zh: str, en: str, lexicon=None) -> bool:
    """A candidate no glossary wants: a function word at either end of the Chinese (by
    dictionary segmentation when ``lexicon`` is given, else by character), an English side
    that is not a phrase, or (with a dictionary) one that translates nothing of a Chinese
    phrase the dictionary knows."""
    tokens = _tokens(en)
    if not tokens or not all(_is_word(t) for t in tokens) or len(tokens) != len(en.split()):
        return True
    words = [t.lower() for t in tokens]
    if words[0] in STOP or words[-1] in STOP or _ORDINAL.fullmatch(words[-1]) or any(w in VERBS for w in words):
        return True
    if _function_end(zh, lexicon) or numbers_clash(zh, en):
        return True
    backing = _backing(zh, en, lexicon)
    return backing is not None and backing.disagrees


def numbers_clash(zh: str, en: str) -> bool:
    """A number of the Chinese (十八, 二〇一二, 2012) missing from the English, or a number in
    digits in the English missing from the Chinese: ``十八大精神`` is not *guiding principles*.
    Single numerals (一切, 三个代表), round ones that are often idioms (两个一百年 is *two
    centenary goals*) and English number words (*two*) are left alone."""
    found = {number_token(n) for n in re.findall(r"\d+(?:\.\d+)?", zh)}
    for run in _NUMERAL.findall(zh):
        exact = (len(run) > 1 and "十" in run and not set(run) & set("百千万亿")) or (
            len(run) > 2 and set(run) <= set(_YEAR_DIGITS)
        )
        value = chinese_number(run) if exact else None
        if value is not None:
            found.add(f"#{value}")
    english = {number_token(t) for t in _tokens(en) if t[0].isdigit()}
    return bool(found) and not found & english or bool(english - found)


def harvest(
    pairs: list[tuple[str, str]],
    known: set[str] | frozenset[str] = frozenset(),
    min_pairs: int = 2,
    min_dice: float = 0.6,
    limit: int = 100,
    lexicon=None,
) -> list[Candidate]:
    """Candidate terms, best first; ``lexicon`` (CC-CEDICT) cuts the Chinese at word boundaries
    and lets the dictionary judge the English side."""
    min_pairs = max(2, min_pairs)  # a phrase seen once is no evidence of a term
    zh_sets = [_zh_ngrams(zh, lexicon) for zh, _ in pairs]
    names = capitalised_inside([en for _, en in pairs])
    en_maps = [_en_ngrams(en, names=names) for _, en in pairs]
    zh_count = Counter(g for s in zh_sets for g in s)
    en_count = Counter(g for s in en_maps for g in s)
    frequent = {g for g, c in zh_count.items() if c >= min_pairs and g not in known}
    frequent = {g for g in frequent if not _function_end(g, lexicon)}
    joint: dict[str, Counter] = {g: Counter() for g in frequent}
    written: dict[str, Counter] = {}
    for zs, es in zip(zh_sets, en_maps, strict=False):
        for g in zs & frequent:
            joint[g].update(es.keys())
    candidates = []
    for g, counter in joint.items():
        scored = []
        for e, both in counter.items():
            if both < min_pairs or len(e.split()) > len(g) + 1:
                continue
            dice = 2 * both / (zh_count[g] + en_count[e])
            if dice < min_dice:
                continue
            if numbers_clash(g, e):
                continue
            backing = _backing(g, e, lexicon)
            if backing is not None and backing.disagrees:
                continue  # the dictionary knows the Chinese and this English is not it
            backed, unbacked = (backing.backed, backing.unbacked) if backing else (0, 0)
            scored.append((round(dice, 3), backed, -unbacked, both, len(e.split()), e))
        if not scored:
            continue
        dice, _, _, both, _, english = max(scored)
        if is_junk(g, english, lexicon):
            continue
        forms = written.setdefault(english, Counter())
        if not forms:
            forms.update(es[english] for es in en_maps if english in es)
        candidates.append(Candidate(g, forms.most_common(1)[0][0], both, dice))
    # keep the longest Chinese phrases: drop one that only ever occurs inside a longer candidate
    # (after the junk filter, so 邓小平 stays when 邓小平同志 was junk)
    kept = {c.zh for c in candidates}
    candidates = [
        c for c in candidates if not any(c.zh != h and c.zh in h and zh_count[h] == zh_count[c.zh] for h in kept)
    ]
    candidates.sort(key=lambda c: (-c.dice, -c.pairs, -len(c.zh)))
    return candidates[:limit]
