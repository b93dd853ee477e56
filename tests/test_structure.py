"""Repair of broken lines and recognition of titles, headings and items."""

from workbench.ingest import prepare_text
from workbench.ingest.clean import Line
from workbench.ingest.layout import find_paragraphs, repair_lines


def test_both_broken_sentences_of_the_sample_are_whole(sample_text):
    segments = [s.text for s in prepare_text(sample_text).segments]
    joined = [s for s in segments if "大型安置小区的服务管理中" in s]
    assert joined == [
        "特别是在各类大型安置小区的服务管理中,由原来多个村委拆迁安置到一个社区的,基层党组织还未能有效整合设置,组织工作不能正常开展;社区服务管理的体制机制还未理顺,服务管理工作出现真空,社区居民缺乏归属感,对维护基层社会稳定带来严重隐患。"
    ]
    assert any("健全以党组织为核心、自治组织为主体、管理服务站" in s for s in segments)
    assert not any(s.endswith(("安置小", "自治组织为")) for s in segments)


def test_headings_items_and_title_of_the_sample(sample_text):
    paragraphs = prepare_text(sample_text).paragraphs
    headings = [p.text for p in paragraphs if p.kind == "heading"]
    assert headings == [
        "一、近年来我区基层组织建设的工作成效",
        "二、当前基层组织建设存在的薄弱环节",
        "三、进一步加强基层组织建设的工作建议",
    ]
    items = [p.text[:2] for p in paragraphs if p.kind == "item"]
    assert items == ["一是", "二是", "三是", "四是", "1、", "2、", "3、", "4、", "一是", "二是", "三是", "四是", "五是"]
    assert [p.kind for p in paragraphs[:3]] == ["title", "title", "body"]
    assert [p.number for p in paragraphs] == list(range(1, 23))


def test_repair_does_not_join_headings_titles_or_finished_sentences():
    lines = [
        Line(i, t)
        for i, t in enumerate(
            [
                "关于加强社区治理的意见",
                "（一）坚持党的领导，加强组织建设",
                "各地要切实加强领导，",
                "确保各项任务落到实处。",
                "1、完善机制",
                "建立健全工作机制。",
            ]
        )
    ]
    texts = [t for t, _ in repair_lines(lines)]
    assert texts == [
        "关于加强社区治理的意见",
        "（一）坚持党的领导，加强组织建设",
        "各地要切实加强领导，确保各项任务落到实处。",
        "1、完善机制",
        "建立健全工作机制。",
    ]
    kinds = [p.kind for p in find_paragraphs(lines)]
    assert kinds == ["title", "heading", "body", "item", "body"]


def test_english_lines_broken_mid_sentence_are_joined_with_a_space():
    lines = [Line(0, "The committee, which met in March, decided to"), Line(1, "expand the programme.")]
    assert repair_lines(lines)[0][0] == "The committee, which met in March, decided to expand the programme."


def test_english_paragraphs_ending_with_a_full_stop_stay_apart():
    """A raw English file (align-reference): each paragraph ends with a full stop and used to be
    joined to the next (long, or holding a comma), glued without a space ("here.The") so that
    the sentences could not be split either."""
    text = (
        "Rural Governance in China\n\n"
        "The first paragraph, which is about the villages, ends here.\n\n"
        'The second paragraph, about the towns and the "two committees", ends too.\n\n'
        "Village committees now meet every month, with self-\ngovernance and elections,\nall of them.\n\n"
        "Short one."
    )
    prepared = prepare_text(text, "en")
    assert [(p.kind, p.text) for p in prepared.paragraphs] == [
        ("title", "Rural Governance in China"),
        ("body", "The first paragraph, which is about the villages, ends here."),
        ("body", 'The second paragraph, about the towns and the "two committees", ends too.'),
        ("body", "Village committees now meet every month, with self-governance and elections, all of them."),
        ("body", "Short one."),
    ]
    assert len(prepared.segments) == 5 and [s.paragraph for s in prepared.segments] == [1, 2, 3, 4, 5]


def test_date_lines_and_bylines_stand_alone():
    """A heading, a date line and a byline ending in a date were glued to the next paragraph
    (they hold a comma and no full stop), in English and in Chinese, even across blank lines."""
    english = (
        "Study, Disseminate and Implement the Guiding Principles\n\nNovember 17, 2012\n\n"
        "Delivered at the Fifth Session of the 13th National People's Congress, March 5, 2022\n\n"
        "Premier of the State Council Li Keqiang\n\nMay 2013\n\nFriends have covered it."
    )
    assert [s.text for s in prepare_text(english, "en").segments] == [
        "Study, Disseminate and Implement the Guiding Principles",
        "November 17, 2012",
        "Delivered at the Fifth Session of the 13th National People's Congress, March 5, 2022",
        "Premier of the State Council Li Keqiang",
        "May 2013",
        "Friends have covered it.",
    ]
    chinese = "人民对美好生活的向往，就是我们的奋斗目标\n\n（2012年11月15日）\n\n各位记者朋友们：大家好！"
    assert [s.text for s in prepare_text(chinese).segments] == [
        "人民对美好生活的向往，就是我们的奋斗目标",
        "（2012年11月15日）",
        "各位记者朋友们：大家好！",
    ]


def test_hard_wrapped_english_is_joined_into_its_sentences():
    """Wrapped lines were kept apart when short and comma-less, and cut after ; : ) or an
    abbreviation (Mr., No.); a heading above a paragraph still stays apart."""
    text = (
        "Uphold and Develop Socialism\n"
        "We are taking on this important responsibility for the\n"
        "people. The work was led by Mr.\n"
        "Wang on Jan. 5. It followed Mao Zedong Thought;\n"
        "otherwise, it would fail. This was the Communist Party of China (CPC)\n"
        "conveying to the world. It signed Agreement No.\n"
        "1 on trade with partners in\n"
        "Écuador, neglecting the\n"
        "“two basic points.”"
    )
    assert [s.text for s in prepare_text(text, "en").segments] == [
        "Uphold and Develop Socialism",
        "We are taking on this important responsibility for the people.",
        "The work was led by Mr. Wang on Jan. 5.",
        "It followed Mao Zedong Thought; otherwise, it would fail.",
        "This was the Communist Party of China (CPC) conveying to the world.",
        "It signed Agreement No. 1 on trade with partners in Écuador, neglecting the “two basic points.”",
    ]


def test_chinese_lines_join_without_a_space_even_before_a_quotation_mark():
    lines = [Line(0, "各地要切实加强村，并且要落实"), Line(1, "“两委”班子建设。")]
    assert repair_lines(lines)[0][0] == "各地要切实加强村，并且要落实“两委”班子建设。"


def test_segment_kinds_follow_the_paragraph(sample_text):
    segments = prepare_text(sample_text).segments
    first_item = next(s for s in segments if s.text.startswith("一是在条块结合中"))
    assert first_item.kind == "item"
    following = segments[segments.index(first_item) + 1]
    assert following.kind == "body" and following.paragraph == first_item.paragraph
