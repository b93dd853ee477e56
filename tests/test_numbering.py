from workbench.mt.numbering import chinese_number, join_marker, roman, split_marker


def test_chinese_numbers_and_roman():
    assert [chinese_number(t) for t in ["一", "十", "十二", "二十三", "一百零五", "7"]] == [1, 10, 12, 23, 105, 7]
    assert [roman(n) for n in (1, 4, 9, 12, 40, 1994)] == ["I", "IV", "IX", "XII", "XL", "MCMXCIV"]


def test_markers():
    cases = {
        "一、近年来我区基层组织建设的工作成效": ("I. ", "近年来我区基层组织建设的工作成效"),
        "（三）工作原则。": ("(3) ", "工作原则。"),
        "第二章 总则": ("Chapter 2 ", "总则"),
        "五是强化群众工作能力水平。": ("Fifth, ", "强化群众工作能力水平。"),
        "1、部分基层组织": ("1. ", "部分基层组织"),
        "（2）健全机制": ("(2) ", "健全机制"),
        "③完善制度": ("(3) ", "完善制度"),
        "2020年全区": ("", "2020年全区"),
        "1.5亿元": ("", "1.5亿元"),
        "一、": ("", "一、"),
    }
    for text, expected in cases.items():
        assert split_marker(text) == expected, text
    assert split_marker("二、当前", numbering="arabic") == ("2. ", "当前")
    assert join_marker("First, ", "Promote the work.") == "First, promote the work."
    assert join_marker("First, ", "NATO members.") == "First, NATO members."
    assert join_marker("I. ", "Results") == "I. Results"
