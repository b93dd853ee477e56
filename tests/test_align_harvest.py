"""Glossary candidates on hand-made pairs with a hand-made dictionary (fast, no CC-CEDICT):
phrases cut at word boundaries, numbers and capitals kept, junk English sides refused."""

from workbench.align.harvest import _en_ngrams, harvest, is_junk, numbers_clash
from workbench.align.lexical import Lexicon, content_stems, segment_words

GLOSSES = {
    "认真": "serious; earnest",
    "学习": "to learn; to study",
    "贯彻": "to implement; to carry out",
    "党": "party",
    "的": "of",
    "精神": "spirit; guiding principles",
    "全党": "the whole party",
    "强调": "to emphasize",
    "坚持": "to uphold; to persist",
    "邓小平": "Deng Xiaoping",
    "理论": "theory",
    "同志": "comrade",
    "提出": "to put forward; to propose",
    "总体": "overall; total",
    "布局": "layout; arrangement",
    "我们": "we",
    "完善": "to perfect; to improve",
    "人民": "the people",
    "全国": "nationwide; national",
    "各族": "all ethnic groups",
    "团结": "to unite; unity",
    "核心": "core",
}
LEXICON = Lexicon({zh: frozenset(content_stems(en.lower())) for zh, en in GLOSSES.items()})

CONGRESS = "the guiding principles of the 18th National Congress"
PAIRS = [
    ("认真学习贯彻党的十八大精神。", f"Study and implement {CONGRESS} in earnest."),
    ("全党要学习党的十八大精神。", f"The whole Party should study {CONGRESS}."),
    ("我们学习贯彻党的十八大精神。", f"We study and carry out {CONGRESS}."),
    ("党的十八大强调，要坚持邓小平理论。", "The 18th National Congress said: uphold Deng Xiaoping Theory."),
    ("邓小平同志提出了总体布局。", "Comrade Deng Xiaoping put forward the overall plan."),
    ("我们要完善总体布局。", "We must improve the overall plan."),
    ("全国各族人民团结在核心周围。", "People of all ethnic groups across the country unite around the core."),
    ("全国各族人民要坚持核心。", "People of all ethnic groups across the country uphold the core."),
    ("邓小平理论是核心。", "Deng Xiaoping Theory is the core of 5,000 pages written since 2012."),
]


def _on_word_boundaries(phrase: str, sentence: str) -> bool:
    """Whether every occurrence of ``phrase`` in ``sentence`` starts and ends where the
    dictionary's segmentation puts a word boundary (a numeral and 大 counted as one word)."""
    cuts, at = {0}, 0
    for word in segment_words(sentence.rstrip("。"), LEXICON):
        at += len(word)
        cuts.add(at)
    cuts -= {i for i, c in enumerate(sentence) if c == "大" and sentence[i - 1] == "八"}  # 十八|大 is one word
    start = sentence.find(phrase)
    while start >= 0:
        if start not in cuts or start + len(phrase) not in cuts:
            return False
        start = sentence.find(phrase, start + 1)
    return True


def test_chinese_phrases_fall_on_word_boundaries():
    found = harvest(PAIRS, lexicon=LEXICON)
    assert found, "no candidates at all"
    for c in found:
        assert all(_on_word_boundaries(c.zh, zh) for zh, _ in PAIRS if c.zh in zh), c
    zh = {c.zh for c in found}
    assert not zh & {"党的十八大精", "十八大精", "彻党的十八大", "大精神", "的十八大"}
    assert "十八大" in zh  # 十八|大 kept as one word


def test_english_keeps_numbers_and_how_names_are_written():
    grams = _en_ngrams("The 18th National Congress held in 2012 counted 5,000 delegates.")
    assert "18th national congress" in grams and grams["18th national congress"] == "18th National Congress"
    assert "2012" in grams and "5,000 delegates" in grams
    assert "th national" not in grams and "national" not in grams  # no cut through a name
    grams = _en_ngrams("Comrade Hu Jintao as general secretary spoke.")
    assert "hu jintao" in grams and "hu jintao as general" not in grams and "general secretary" in grams
    found = {c.zh: c.en for c in harvest(PAIRS, lexicon=LEXICON)}
    assert found.get("十八大") == "18th National Congress", found
    assert "十八大精神" not in found  # "guiding principles" lacks its 18
    assert found.get("邓小平理论") == "Deng Xiaoping Theory", found  # case kept, matched without it
    assert not any(en.endswith(" th") or " th " in en for en in found.values()), found


def test_junk_english_sides_are_refused():
    # a function word at either end, an ordinal at the end, a verb inside
    for english in ("people of all", "of the people", "guiding principles of the 18th", "is the core"):
        assert is_junk("全国各族人民", english, LEXICON), english
    # the dictionary knows 布局 and 学习: an English side that translates none of it is junk
    assert is_junk("布局", "overall", LEXICON) and not is_junk("布局", "layout", LEXICON)
    assert is_junk("学习", "guiding principles", LEXICON) and not is_junk("学习", "study", LEXICON)
    # several words: the head (the last word) of a Chinese noun phrase must be translated
    assert is_junk("总体布局", "overall", LEXICON) and not is_junk("总体布局", "overall layout", LEXICON)
    # several words, half of them left untranslated
    assert is_junk("全国各族人民", "ethnic groups", LEXICON)
    assert not is_junk("全国各族人民", "people of all ethnic groups across the country", LEXICON)
    found = {c.zh: c.en for c in harvest(PAIRS, lexicon=LEXICON)}
    assert found.get("布局") != "overall" and found.get("学习") in (None, "study"), found
    assert all(not is_junk(zh, en, LEXICON) for zh, en in found.items()), found


def test_a_phrase_seen_once_is_no_candidate():
    pairs = [("我们坚持核心。", "We uphold the core."), ("核心很重要。", "The core matters.")]
    assert {c.zh: c.en for c in harvest(pairs, lexicon=LEXICON)} == {"核心": "core"}
    assert harvest(pairs, lexicon=LEXICON, min_pairs=1) == harvest(pairs, lexicon=LEXICON)


def test_numbers_must_agree():
    assert numbers_clash("十八大精神", "guiding principles") and not numbers_clash("十八大", "18th National Congress")
    assert not numbers_clash("二〇一二年", "2012") and numbers_clash("党员", "5,000 members")
    # single numerals, round idiomatic numbers and 十 alone are no numbers to match
    plain = {"三个代表": "Three Represents", "统一": "unity", "两个一百年": "two centenary goals", "十分": "very"}
    assert not any(numbers_clash(zh, en) for zh, en in plain.items())
