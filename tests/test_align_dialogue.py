"""Dialogue evidence of the aligner: where quoted speech starts and ends on each side, a bead
cut inside an English quotation, and the number of quotations on the two sides of a bead."""

import numpy as np
import pytest

from workbench.align import AlignSettings, align_sentences, format_bead
from workbench.align.structure import document_structure, inside_quotation, quotation_marks


def test_quotation_marks_in_order_with_their_family_and_apostrophes_ignored():
    assert quotation_marks("'It's easy,' said Gou-er, 'but what do you expect?", "en") == [
        (True, "'"),
        (False, "'"),
        (True, "'"),
    ]
    assert quotation_marks("Go out and rob?'", "en") == [(False, "'")]
    # Wu's and I've are no marks; a plural possessive (lovers') reads as a closing mark: harmless
    # unless a single-quoted utterance is open, and then it ends the utterance early
    assert quotation_marks("It was Wu's money, the lovers' secret, and I've kept it.", "en") == [(False, "'")]
    assert quotation_marks("He said: “Come.”", "en") == [(True, '"'), (False, '"')]
    assert quotation_marks("小玄子道：“好，咱们打个彩头。", "zh") == [(True, '"')]
    assert quotation_marks("俗语说的好，‘朝廷还有穷亲’呢。”", "zh") == [(True, "'"), (False, "'"), (False, '"')]


def test_inside_quotation_marks_the_boundaries_of_an_utterance_over_several_sentences():
    en = ["'Yes, yes!", "I've got to go to the library!'", "He left.", "'Why?", "Tell me.", "Now.'"]
    # boundary k comes before sentence k: inside the first utterance (1) and the second (4, 5)
    assert inside_quotation(en, "en").tolist() == [False, True, False, False, True, True, False]
    zh = ["小玄子道：“好，咱们打个彩头。", "明天我带银子来。”", "他走了。"]
    assert inside_quotation(zh, "zh").tolist() == [False, True, False, False]


def test_a_quotation_inside_a_quotation_does_not_end_it():
    en = ["'It's all empty show.", 'They say: "Even the Emperor has poor relations."', "We have a few!'", "She left."]
    assert inside_quotation(en, "en").tolist() == [False, True, True, False, False]
    zh = ["刘老老道：“不过是个空架子，", "俗语说的好，‘朝廷还有穷亲’呢。”", "说着走了。"]
    assert inside_quotation(zh, "zh").tolist() == [False, True, False, False]


def test_a_quotation_never_closed_marks_nothing():
    en = ["'He never finished.", "The rain went on.", "It was late.", "Nobody spoke."]
    assert not inside_quotation(en, "en").any()
    reopened = ["'One paragraph of a speech.", "'And the next one.", "'And the last.'", "Done."]
    assert inside_quotation(reopened, "en").tolist() == [False, False, False, False, False]
    far = ["'One.", "Two.", "Three.", "Four.'"]
    assert inside_quotation(far, "en").tolist() == [False, True, True, True, False]
    assert not inside_quotation(far, "en", reach=2).any()  # closed too far away to be one utterance


def test_a_cut_inside_an_english_quotation_costs_only_where_the_chinese_is_not_inside_one():
    zh = ["海老公道：“不饿，你自己吃好了。”", "韦小宝大喜。"]
    en = ["'I'm not hungry.", "You go ahead.'", "Trinket was delighted."]
    layout = document_structure(zh, en, quote_weight=0.1, cut_weight=0.3)
    assert layout.penalty(1, 1, np.array([1]), 1)[0] == pytest.approx(0.3)  # [0]:[0] ends inside the quote
    assert layout.penalty(1, 1, np.array([2]), 2)[0] == 0  # [0]:[0,1] keeps the utterance whole
    # the Chinese cut inside a quotation too (a speech over two sentences): no cost
    zh_split = ["小玄子道：“好，咱们打个彩头。", "明天我带银子来。”"]
    both = document_structure(zh_split, ["'All right.", "I'll bring money.'"], quote_weight=0.1, cut_weight=0.3)
    assert both.penalty(1, 1, np.array([1]), 1)[0] == 0
    # a Chinese cut inside a quotation with the English cut outside is common (speech tags): no cost
    tagged = document_structure(zh_split, ["'All right,' he said.", "'I'll bring money.'"], cut_weight=0.3)
    assert tagged.penalty(1, 1, np.array([1]), 1)[0] == 0


def test_each_quotation_without_a_partner_costs_the_turn_weight():
    zh = ["他说：“好。”", "他走了。"]
    en = ["'Good.'", "'Fine,' said the other.", "He left."]
    layout = document_structure(zh, en, quote_weight=0.1, turn_weight=0.05)
    assert layout.penalty(1, 1, np.array([1]), 1)[0] == 0  # one quotation each
    assert layout.penalty(1, 1, np.array([2]), 2)[0] == pytest.approx(0.05)  # two English turns, one Chinese
    assert layout.penalty(2, 1, np.array([3]), 1)[0] == 0  # narration with narration
    assert layout.penalty(1, 1, np.array([3]), 1)[0] == pytest.approx(0.1 + 0.05)  # speech with narration


def test_the_aligner_keeps_an_english_utterance_in_one_bead():
    zh = ["韦小宝道：“是，是，明白了，要到皇帝的书房去。”", "海老公道：“到皇上书房去干什么？”"]
    en = ["'Yes, Goong-goong, yes!", "I've got to go to His Majesty's Upper Library!'", "'And why have you got to go?'"]
    beads = [format_bead(b) for b in align_sentences(zh, en).beads]
    assert beads == ["[0]:[0,1]", "[1]:[2]"]
    without = AlignSettings(quote_cut_weight=0.0, turn_weight=0.0)
    assert [format_bead(b) for b in align_sentences(zh, en, without).beads] == ["[0]:[0]", "[1]:[1,2]"]
