"""English sentence splitting for target documents: the hard cases."""

import pytest

from workbench.segment import split_en


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Li met Dr. Wang. They talked.", ["Mr. Li met Dr. Wang.", "They talked."]),
        ("See Article No. 1 of the law. It applies.", ["See Article No. 1 of the law.", "It applies."]),
        ("He moved to the U.S. in 1990. Then he left.", ["He moved to the U.S. in 1990.", "Then he left."]),
        ("The U.S. Congress met. The P.R.C. responded.", ["The U.S. Congress met.", "The P.R.C. responded."]),
        ("He studied in the U.S. The trip was long.", ["He studied in the U.S.", "The trip was long."]),
        ("Growth was 5.2 percent. Output rose 3.5%.", ["Growth was 5.2 percent.", "Output rose 3.5%."]),
        (
            "Some reforms, e.g. Grid management, worked. Others did not.",
            ["Some reforms, e.g. Grid management, worked.", "Others did not."],
        ),
        ("Rural areas, i.e. Villages, matter. Yes.", ["Rural areas, i.e. Villages, matter.", "Yes."]),
        ("J. R. R. Tolkien wrote it. Read it!", ["J. R. R. Tolkien wrote it.", "Read it!"]),
        (
            "He said, \u201cWe will win.\u201d The crowd cheered.",
            ["He said, \u201cWe will win.\u201d", "The crowd cheered."],
        ),
        ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
        ("Reports, surveys, etc. Were all filed.", ["Reports, surveys, etc.", "Were all filed."]),
        ("Meet at 9 a.m. tomorrow. Bring papers.", ["Meet at 9 a.m. tomorrow.", "Bring papers."]),
        ("Vol. 2 is out. (See p. 14.) Done.", ["Vol. 2 is out.", "(See p. 14.)", "Done."]),
        ("Sect. 3 applies. See Paras. 4 and 5.", ["Sect. 3 applies.", "See Paras. 4 and 5."]),
        ("It opens at 9 a.m. The minister spoke first.", ["It opens at 9 a.m.", "The minister spoke first."]),
        ("It opens at 9 a.m. Beijing time.", ["It opens at 9 a.m. Beijing time."]),
        ("no final stop here", ["no final stop here"]),
    ],
)
def test_english_hard_cases(text, expected):
    assert split_en(text) == expected
