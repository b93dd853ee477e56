"""Chinese sentence segmentation."""

import re

import pytest

from workbench.ingest import prepare_text
from workbench.segment import SegmentOptions, split_zh

# Clean government-style texts written for these tests (no page clutter, several paragraph
# shapes): nothing may be lost or reordered between input and concatenated segments.
CLEAN_DOCUMENTS = [
    """国务院关于进一步加强基层治理的指导意见

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

为深入贯彻落实党的二十大精神，推进基层治理体系和治理能力现代化，现提出如下意见。

一、总体要求

（一）指导思想。坚持以人民为中心的发展思想，坚持共建共治共享，建设人人有责、人人尽责、人人享有的基层治理共同体！各地要把“两委”班子建设摆在突出位置？答案是肯定的。

（二）工作原则。坚持党的全面领导；坚持依法治理；坚持改革创新；坚持因地制宜，分类指导，不搞“一刀切”……

1.完善网格化管理。依托《中华人民共和国城乡规划法》和“一事一议”制度，把全市划分为3.5万个网格，覆盖率达到99.8%。

2.健全村务公开制度（试行）。他说：“这项工作很重要。我们一定要做好。”然后大家鼓掌。
""",
    """二〇二三年政府工作报告摘要

过去一年，全市地区生产总值增长5.2%，城镇新增就业12.06万人！城乡居民收入稳步提高。

“两新”组织党建工作实现全覆盖，村“两委”换届顺利完成，“枫桥经验”得到坚持和发展……基层减负取得实效。
""",
]


@pytest.mark.parametrize("document", CLEAN_DOCUMENTS)
def test_no_chinese_character_is_lost_or_reordered(document):
    segments = prepare_text(document).segments
    original = re.sub(r"\s", "", document)
    assert "".join(re.sub(r"\s", "", s.text) for s in segments) == original


def test_the_sample_has_exactly_78_segments(sample_text):
    """Why 78: the article keeps 22 paragraphs after cleaning, and a segment is one sentence.

    The sample ends its sentences with 。 only (no ！？……). The 16 prose paragraphs hold 72
    of them, so 72 segments. Six paragraphs have no sentence stop and are one segment each:
    the title and its dash subtitle (paragraphs 1, 2), the headings 一、二、三、 (4, 10, 16),
    and paragraph 11, which ends in a colon that introduces the list 1、…4、. 72 + 6 = 78.
    No sentence is longer than 150 characters and also has a semicolon, so the long-sentence
    rule splits nothing here (the longest sentence, 203 characters, has only commas).
    """
    segments = prepare_text(sample_text).segments
    per_paragraph = [sum(1 for s in segments if s.paragraph == n) for n in range(1, 23)]
    stops = [len(re.findall("[。！？]", p.text)) for p in prepare_text(sample_text).paragraphs]
    assert per_paragraph == [1, 1, 3, 1, 1, 7, 4, 4, 6, 1, 1, 7, 3, 4, 3, 1, 1, 5, 6, 7, 5, 6]
    # every paragraph has one segment per sentence stop, or one if it has no stop at all
    assert per_paragraph == [max(1, n) for n in stops]
    assert sum(stops) == 72 and per_paragraph.count(1) - sum(1 for n in stops if n == 1) == 6
    assert len(segments) == 78


def test_closing_quotes_and_brackets_stay_with_their_sentence():
    assert split_zh("他说：“我们来了。”大家笑了！（完）") == ["他说：“我们来了。”", "大家笑了！", "（完）"]
    assert split_zh("“这是真的吗？”他问。") == ["“这是真的吗？”", "他问。"]
    assert split_zh("“这是真的吗？”，他问。") == ["“这是真的吗？”，他问。"]
    assert split_zh("会议结束。）下一项。") == ["会议结束。）", "下一项。"]


def test_no_split_inside_book_titles_or_quotes():
    text = "学习《关于加强基层治理。体系建设的意见》精神。坚持“自我教育。自我服务”的方针。"
    assert split_zh(text) == ["学习《关于加强基层治理。体系建设的意见》精神。", "坚持“自我教育。自我服务”的方针。"]


def test_ellipsis_ends_a_sentence_and_runs_of_stops_stay_together():
    assert split_zh("不搞一刀切……基层减负取得实效。真的吗？！是的。") == [
        "不搞一刀切……",
        "基层减负取得实效。",
        "真的吗？！",
        "是的。",
    ]


def test_unbalanced_quote_does_not_swallow_the_paragraph():
    text = "他说：“开始。" + "这是一个很长的句子。" * 40
    assert len(split_zh(text)) > 30


def test_long_sentences_split_at_semicolons_by_a_configurable_rule():
    clause = "加强基层党组织建设，提升组织力和服务水平"
    sentence = "；".join([clause] * 12) + "。"  # about 250 characters, one sentence
    pieces = split_zh(sentence, SegmentOptions(max_chars=100))
    assert len(pieces) == 3 and "".join(pieces) == sentence
    assert all(p.endswith(("；", "。")) for p in pieces)
    assert split_zh(sentence, SegmentOptions(max_chars=0)) == [sentence]


def test_far_too_long_sentences_without_semicolons_fall_back_to_commas():
    sentence = "，".join(["推进城乡社区治理现代化"] * 40) + "。"  # 480 characters, no semicolon
    pieces = split_zh(sentence)
    assert len(pieces) >= 3 and "".join(pieces) == sentence
    assert max(len(p) for p in pieces) <= 300
