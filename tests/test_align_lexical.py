"""Lexical evidence of the aligner: CC-CEDICT segmentation, numbers, glossary terms, the band
computation against the direct one, and untranslated sentences next to multi-sentence beads."""

import numpy as np
import pytest

from workbench.align import AlignSettings, align_sentences, format_bead
from workbench.align.dp import band
from workbench.align.lexical import (
    bead_share,
    chinese_number,
    chinese_tokens,
    english_tokens,
    lexical_evidence,
    segment_words,
    stem,
)
from workbench.align.lexicon import cedict, with_glossary
from workbench.align.structure import document_structure, is_heading, opens_quotation


@pytest.fixture(scope="module")
def lexicon():
    return cedict()


def share(zh: list[str], en: list[str], lexicon) -> float:
    return bead_share([chinese_tokens(s, lexicon) for s in zh], [english_tokens(s) for s in en])


def test_light_stems_and_numbers():
    assert {stem(w) for w in ("policies", "policy")} == {"polic"}
    assert {stem(w) for w in ("make", "making", "makes")} == {"mak"}
    assert stem("reported") == stem("report") == stem("reporting")
    assert chinese_number("一九四九") == 1949 and chinese_number("十八") == 18 and chinese_number("二十") == 20
    assert chinese_number("三千五百万") == 35_000_000 and chinese_number("三四") is None
    assert english_tokens("On November 15, 2012, the 18th congress.").count("#2012") == 2  # numbers weigh double


def test_longest_match_segmentation_and_function_words(lexicon):
    assert segment_words("人民对美好生活的向往", lexicon) == ["人民", "对", "美好", "生活", "的", "向往"]
    assert segment_words("我们的奋斗目标", lexicon) == ["我们", "的", "奋斗", "目标"]
    tokens = chinese_tokens("人民对美好生活的向往", lexicon)
    assert len(tokens) == 4  # 对 and 的 are function words
    assert stem("people") in tokens[0] and stem("life") in tokens[2]


def test_a_matching_number_beats_a_clashing_one(lexicon):
    zh = ["2012年，全国粮食产量达到5.9亿吨。"]
    right = share(zh, ["In 2012, the national grain output reached 590 million tons."], lexicon)
    clash = share(zh, ["In 2013, the national grain output reached 600 million tons."], lexicon)
    unrelated = share(zh, ["She laughed and closed the door behind her."], lexicon)
    assert right > clash > unrelated
    assert share(["二〇一二年十一月十五日"], ["November 15, 2012"], lexicon) > 0.6


def test_a_glossary_term_counts_as_a_translation(lexicon):
    zh, en = ["推进网格化管理。"], ["Promote grid-based management."]
    plain = share(zh, en, lexicon)
    with_term = bead_share(
        [chinese_tokens(zh[0], with_glossary(lexicon, [("网格化管理", "grid-based management")]))],
        [english_tokens(en[0])],
    )
    assert with_term > plain
    assert with_glossary(lexicon, []).words is lexicon.words  # no copy of the dictionary without a glossary


def direct_leak(zt, et, i, a, j, b):
    """Edge sentences' tokens translated just outside the bead and not inside it, per token."""

    def zh_new(s, outside):
        inside = {w for t in range(j - b, j) for w in et[t]}
        return sum(1 for stems in zt[s] if not stems.isdisjoint(set(et[outside])) and stems.isdisjoint(inside))

    def en_new(t, outside):
        inside = set().union(*[stems for s in range(i - a, i) for stems in zt[s]])
        beyond = set().union(*zt[outside]) if zt[outside] else set()
        return sum(1 for w in et[t] if w in beyond and w not in inside)

    total = 0.0
    if j - b - 1 >= 0:
        total += zh_new(i - a, j - b - 1) / (len(zt[i - a]) + 1)
    if j < len(et):
        total += zh_new(i - 1, j) / (len(zt[i - 1]) + 1)
    if i - a - 1 >= 0:
        total += en_new(j - b, i - a - 1) / (len(et[j - b]) + 1)
    if i < len(zt):
        total += en_new(j - 1, i) / (len(et[j - 1]) + 1)
    return total


def test_band_evidence_equals_the_direct_share(lexicon):
    """The band computation (bit masks, spans, offsets) against a plain set computation, bead by bead;
    the third Chinese sentence is translated half in the third and half in the fourth English one."""
    zh = [
        "我们去公园散步。",
        "公园里有很多花。",
        "孩子们在草地上玩耍，晚上我们回家吃饭。",
        "妈妈做了饺子。",
        "饭后大家一起看电视。",
        "电视上有新闻。",
    ]
    en = [
        "We go for a walk in the park.",
        "There are many flowers in the park.",
        "Children play on the grass.",
        "In the evening we go home for dinner, and mother made dumplings.",
        "After dinner everyone watches TV.",
        "The TV shows the news.",
    ]
    zt, et = [chinese_tokens(s, lexicon) for s in zh], [english_tokens(s) for s in en]
    lo, hi = band([(i, i) for i in range(6)], 6, 6, window=2)
    evidence = lexical_evidence(zt, et, lo, hi, max_side=3)
    for i in range(1, 7):
        for a in range(1, min(3, i) + 1):
            for b in range(1, 4):
                js = np.arange(max(lo[i], b), hi[i] + 1)
                got = evidence.share(i, a, js, b)
                want = [bead_share(zt[i - a : i], et[j - b : j]) for j in js]
                assert np.allclose(got, want), (i, a, b)
                leak = evidence.leak(i, a, js, b)
                assert np.allclose(leak, [direct_leak(zt, et, i, a, j, b) for j in js]), (i, a, b)
    assert evidence.share(3, 1, np.array([3]), 1)[0] > evidence.share(3, 1, np.array([2]), 1)[0]


ZH = [
    "今年春天，村里修了一条新路，全长十二公里。",
    "路修好以后，孩子们上学只要二十分钟。",
    "编者按：以下内容根据会议录音整理，未经本人审阅。",
    "秋天，合作社收了三百吨苹果。",
    "苹果卖到了北京和上海。",
]
EN = [
    "This spring the village built a new road, twelve kilometres long; once it was finished, the children "
    "needed only twenty minutes to get to school.",
    "In autumn the cooperative harvested three hundred tons of apples, which were sold to Beijing and Shanghai.",
]


def test_an_untranslated_sentence_between_two_multi_sentence_beads_stays_alone():
    beads = align_sentences(ZH, EN).beads
    assert [format_bead(b) for b in beads] == ["[0,1]:[0]", "[2]:[]", "[3,4]:[1]"]
    without = align_sentences(ZH, EN, AlignSettings(orphan_weight=0.0)).beads
    assert [format_bead(b) for b in without] == ["[0,1]:[0]", "[2,3,4]:[1]"]  # the old limit: absorbed


def test_headings_and_paragraphs():
    assert is_heading("人民对美好生活的向往，就是我们的奋斗目标", "zh")  # a title: no final punctuation
    assert is_heading("（2012年11月15日）", "zh") and is_heading("November 15, 2012", "en")
    assert not is_heading("We have just held the First Plenary Session.", "en")
    layout = document_structure(["第一章", "他来了。"], ["Chapter One", "He came."], heading_weight=0.3)
    assert layout.penalty(1, 1, np.array([1]), 1)[0] == 0  # heading with heading
    assert layout.penalty(2, 1, np.array([1]), 1)[0] == pytest.approx(0.3)  # body with heading
    assert layout.penalty(2, 2, np.array([2]), 2)[0] == pytest.approx(0.3)  # a heading inside a 2-2 bead
    with_paragraphs = document_structure(["甲。", "乙。"], ["A.", "B."], [1, 2], [1, 2], 0.0, 0.1)
    assert with_paragraphs.penalty(2, 2, np.array([2]), 2)[0] == pytest.approx(0.2)
    assert document_structure(["甲。", "乙。"], ["A. B."], [1, 2], [1]).zh_paragraphs is None  # one side has none


def test_quoted_speech_pairs_with_quoted_speech():
    assert opens_quotation("韦小宝道：“不过借给了老吴。”", "zh") and not opens_quotation("他走了。", "zh")
    assert opens_quotation("'I lent them to Wu.'", "en") and opens_quotation("He said: “Come.”", "en")
    assert not opens_quotation("It was Wu's money, the lovers' secret.", "en")  # apostrophes
    zh = ["他走了。", "他说：“好。”"]
    layout = document_structure(zh, ["He left.", "'Good,' he said."], quote_weight=0.1)
    assert layout.penalty(1, 1, np.array([1]), 1)[0] == 0  # narration with narration
    assert layout.penalty(2, 1, np.array([2]), 1)[0] == 0  # speech with speech
    assert layout.penalty(2, 1, np.array([1]), 1)[0] == pytest.approx(0.1)  # speech with narration
    assert layout.penalty(2, 2, np.array([1]), 1)[0] == pytest.approx(0.1)  # speech inside, none opposite
    # an English side that reports the speech without quotation marks: the rule stays off
    reported = document_structure(zh, ["He left.", "He said it was good."], quote_weight=0.1)
    assert reported.penalty(2, 1, np.array([2]), 1)[0] == 0
