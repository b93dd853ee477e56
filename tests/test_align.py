"""Alignment: the scorer on hand-made beads, the aligner on small documents with known answers."""

import json

import numpy as np
import pytest

from workbench.align import AlignmentBead, align_sentences, align_vectors, format_bead, parse_beads, score_alignments
from workbench.align.dp import anchors, band
from workbench.errors import InputError


def B(src, tgt):
    return AlignmentBead(tuple(src), tuple(tgt))


def test_bead_format_round_trip_and_errors():
    beads = parse_beads("[0,1]:[0]\n[2]:[1, 2]\n[3]:[]\n[]:[3]\n")
    assert beads == [B([0, 1], [0]), B([2], [1, 2]), B([3], []), B([], [3])]
    assert [format_bead(b) for b in beads] == ["[0,1]:[0]", "[2]:[1,2]", "[3]:[]", "[]:[3]"]
    with pytest.raises(InputError, match="line 2"):
        parse_beads("[0]:[0]\n0 -> 1\n")


def test_scorer_perfect_and_hand_computed():
    gold = [[B([0], [0]), B([1, 2], [1]), B([3], [2, 3]), B([4], [])]]
    assert score_alignments(gold, gold)["strict"]["f1"] == 1.0
    test = [[B([0], [0]), B([1], [1]), B([2], []), B([3], [2]), B([], [3]), B([4], [])]]
    s = score_alignments(gold, test)
    # precision: 6 test beads; strict hits: [0]:[0] and [4]:[]; lax adds [1]:[1] and [3]:[2]
    assert s["strict"]["precision"] == round(2 / 6, 4) and s["lax"]["precision"] == round(4 / 6, 4)
    # recall: 3 gold beads without an empty side vs the 3 test beads without one:
    # strict: [0]:[0]; lax: also [1,2]:[1] (its source 1 is linked to 1) and [3]:[2,3]
    assert s["strict"]["recall"] == round(1 / 3, 4) and s["lax"]["recall"] == 1.0
    p, r = 2 / 6, 1 / 3
    assert s["strict"]["f1"] == round(2 * p * r / (p + r), 4)


def test_scorer_pools_documents():
    gold = [[B([0], [0])], [B([0], [0])]]
    test = [[B([0], [0])], [B([0], [1])]]
    s = score_alignments(gold, test)
    assert s["strict"]["precision"] == 0.5 and s["strict"]["recall"] == 0.5


def test_anchors_are_a_monotonic_best_chain():
    indices = np.array([[0, 5], [1, 0], [2, 9], [3, 1]])
    scores = np.array([[0.9, 0.1], [0.8, 0.2], [0.7, 0.95], [0.9, 0.3]], dtype=np.float32)
    chain = anchors(indices, scores, m=10)
    assert chain == [(0, 0), (1, 1), (2, 2), (3, 3)]  # 0.9+0.8+0.7+0.9 beats jumping to 9
    lo, hi = band(chain, 4, 4, window=1)
    assert lo[0] == 0 and hi[-1] == 4 and all(lo <= hi)


ZH = [
    "今天天气很好。",
    "我们去公园散步。",
    "公园里有很多花。",
    "孩子们在草地上玩耍。",
    "晚上我们回家吃饭。",
    "附注：本文件第三部分另行印发，涉及财政预算的具体数字此处从略。",
    "妈妈做了饺子。",
    "饭后大家一起看电视。",
    "然后我们都去睡觉了。",
]
EN = [
    "The weather is very nice today.",
    "We go for a walk in the park.",
    "There are many flowers in the park, and children are playing on the grass.",
    "In the evening we go home for dinner.",
    "Mother made dumplings.",
    "After dinner everyone watches TV together.",
    "Then we all went to bed.",
]
EXPECTED = ["[0]:[0]", "[1]:[1]", "[2,3]:[2]", "[4]:[3]", "[5]:[]", "[6]:[4]", "[7]:[5]", "[8]:[6]"]


@pytest.mark.slow
def test_aligner_finds_2_1_1_0_and_0_1_beads():
    beads = align_sentences(ZH, EN).beads
    assert [format_bead(b) for b in beads] == EXPECTED
    assert all(0 <= b.score <= 1 for b in beads)
    added = EN[:4] + ["Note: this line was added by the translator and has no source."] + EN[4:]
    without_note = ZH[:5] + ZH[6:]
    assert [format_bead(b) for b in align_sentences(without_note, added).beads] == [
        "[0]:[0]",
        "[1]:[1]",
        "[2,3]:[2]",
        "[4]:[3]",
        "[]:[4]",
        "[5]:[5]",
        "[6]:[6]",
        "[7]:[7]",
    ]


@pytest.mark.slow
def test_aligner_edge_cases():
    assert align_vectors(np.zeros((0, 512)), np.zeros((2, 512)), [], ["a", "b"]) == [B([], [0]), B([], [1])]
    one = align_sentences(["你好。"], ["Hello."]).beads
    assert [format_bead(b) for b in one] == ["[0]:[0]"]


def test_align_cli_presplit_formats(cli, tmp_path):
    (tmp_path / "zh.txt").write_text("\n".join(ZH) + "\n", "utf-8")
    (tmp_path / "en.txt").write_text("\n".join(EN) + "\n", "utf-8")
    beads = cli("align", tmp_path / "zh.txt", tmp_path / "en.txt", "--presplit")
    assert beads.returncode == 0, beads.stderr
    assert beads.stdout.split() == EXPECTED
    data = json.loads(cli("align", tmp_path / "zh.txt", tmp_path / "en.txt", "--presplit", "--format", "json").stdout)
    assert data[2]["kind"] == "2-1" and data[2]["en"] == EN[2]
    tsv = cli("align", tmp_path / "zh.txt", tmp_path / "en.txt", "--presplit", "-f", "tsv").stdout.splitlines()
    assert tsv[4].split("\t")[:2] == ["附注：本文件第三部分另行印发，涉及财政预算的具体数字此处从略。", ""]


def test_align_cli_segments_raw_files(cli, tmp_path):
    (tmp_path / "zh.txt").write_text("".join(ZH[:4]), "utf-8")  # one paragraph: the segmenter splits it
    (tmp_path / "en.txt").write_text(" ".join(EN[:3]), "utf-8")
    beads = cli("align", tmp_path / "zh.txt", tmp_path / "en.txt")
    assert beads.stdout.split() == ["[0]:[0]", "[1]:[1]", "[2,3]:[2]"]
    missing = cli("align", tmp_path / "nope.txt", tmp_path / "en.txt")
    assert missing.returncode == 2 and "no such file" in missing.stderr
