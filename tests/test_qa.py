"""QA checks, one by one, and switching them off."""

from workbench.glossary import TermMatcher, bundled_terms
from workbench.qa import CHECKS, describe, run_checks


def names(flags):
    return [f.check for f in flags]


def test_numbers_and_percentages():
    src = "目前全区269个村,98个社区,村务公开率达100%,调解纠纷8000余起,增长3.5%。"
    good = "The district has 269 villages and 98 communities, 100 percent openness, over 8,000 disputes, 3.5% growth."
    assert run_checks(src, good, enabled={"numbers"}) == []
    bad = run_checks(
        src,
        "The district has 296 villages and 98 communities, full openness, 8000 disputes, 3.5% growth.",
        enabled={"numbers"},
    )
    messages = " ".join(f.message for f in bad)
    assert "missing in the target: 269, 100" in messages and "not in the source: 296" in messages
    assert "percentage" not in messages  # 3.5% is there
    assert "neither %" in run_checks("达100%。", "reached 100.", enabled={"numbers"})[0].message


def test_untranslated_empty_length_doubled_brackets():
    assert names(run_checks("两委关系不顺。", "The 两委 relationship is poor.", enabled={"untranslated"})) == [
        "untranslated"
    ]
    assert names(run_checks("两委关系不顺。", "", enabled={"empty"})) == ["empty"]
    long_source = "加强基层组织建设促进社会和谐稳定的实践与思考"
    assert names(run_checks(long_source, "Yes.", enabled={"length"})) == ["length"]
    assert (
        run_checks(
            long_source, "Strengthening community organizations for social harmony and stability.", enabled={"length"}
        )
        == []
    )
    assert "the the" in run_checks("x", "This is the the end.", enabled={"doubled"})[0].message
    assert names(run_checks("（试行）办法", "Measures (trial", enabled={"brackets"})) == ["brackets"]
    assert names(run_checks("“两委”", "\u201ctwo committees", enabled={"brackets"})) == ["brackets"]
    assert run_checks("（试行）办法", "Measures (trial)", enabled={"brackets"}) == []


def test_glossary_check_and_switching_checks_off():
    matcher = TermMatcher(bundled_terms())
    flags = run_checks("推进网格化管理。", "Promote network management.", matcher)
    assert "glossary" in names(flags)
    assert run_checks("推进网格化管理。", "Promote network management.", matcher, enabled=set()) == []
    assert set(describe()) == set(CHECKS) and all(describe().values())
