"""The alignment mismatch guard: an English that is not a translation of the document is refused."""

from pathlib import Path

import pytest

from workbench import service
from workbench.align.beads import AlignmentBead
from workbench.align.mismatch import mismatch
from workbench.config import sample_report
from workbench.errors import WorkbenchError
from workbench.service.alignment import AlignmentMismatch
from workbench.store import Store


def _gold() -> Path | None:
    """../shared/align (read at test time, never copied into the project)."""
    from workbench.bench.align import gold_root

    try:
        return gold_root()
    except WorkbenchError:
        return None


SHARED = _gold()

#: An English text that translates nothing in the sample report (a field guide to tide pools).
UNRELATED = [
    "Tide pools form where the sea leaves water behind in hollows of the rock.",
    "At low tide they are warm, salty and short of oxygen.",
    "Sea anemones close their tentacles to keep from drying out.",
    "Hermit crabs move into larger shells as they grow.",
    "A starfish can push its stomach out of its mouth to digest a mussel.",
    "Limpets return to the same scar on the rock after every feeding trip.",
    "Barnacles glue themselves head first to the stone and kick food into their mouths.",
    "Seaweed gives shade and shelter to small fish.",
    "Gulls and oystercatchers hunt along the edges when the water drops.",
    "Walk on bare rock, not on the living carpet of mussels.",
    "Turn stones back over gently, the way you found them.",
    "Never take animals home in a bucket.",
    "Check the tide tables before you go out, and watch the incoming water.",
    "Wear shoes with a good grip: wet algae are as slippery as ice.",
    "Children should stay within reach of an adult near deep pools.",
    "A hand lens shows the tiny snails that graze on the film of algae.",
    "Shrimp are almost transparent and easiest to see by their shadows.",
    "Some pools hold small octopuses that hide in crevices during the day.",
    "Sea urchins scrape rock with five teeth arranged in a ring.",
    "Kelp can grow half a metre in a single day in summer.",
    "Winter storms rearrange the boulders and clear space for new settlers.",
    "Each zone of the shore has its own community of plants and animals.",
    "The highest pools may be filled only by spray during spring tides.",
    "Rain lowers the salt in shallow pools and stresses their inhabitants.",
    "Photographs are the best souvenirs of a morning on the shore.",
    "Bring a notebook and record the species you find.",
    "Local museums often run guided walks at the lowest tides of the year.",
    "Plastic waste washed up on the rocks can entangle crabs and birds.",
    "Pick up litter on the way back to the car park.",
    "Come back next month and see how much the pools have changed.",
]


def _beads(scores, empty=0):
    return [AlignmentBead((i,), (i,), s) for i, s in enumerate(scores)] + [
        AlignmentBead((100 + k,), ()) for k in range(empty)
    ]


def test_the_guard_judges_weak_pairs_and_empty_beads():
    assert mismatch(_beads([0.9] * 20)) is None
    assert mismatch(_beads([0.9] * 14 + [0.5] * 6)) is None  # 30 % weak: still a translation
    assert "35% of its 20 sentence pairs have a confidence under 0.6" in mismatch(_beads([0.9] * 13 + [0.5] * 7))
    assert "pair a sentence with nothing" in mismatch(_beads([0.9] * 20, empty=12))
    assert mismatch(_beads([0.1] * 9)) is None  # too few pairs to judge


@pytest.fixture
def sample_project(tmp_path):
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, sample_report()).document_id
    english = tmp_path / "tide_pools.txt"
    english.write_text("\n".join(UNRELATED), "utf-8")
    return store, doc, english


def test_the_sample_with_an_unrelated_english_is_refused_then_aligned_anyway(sample_project):
    store, doc, english = sample_project
    with pytest.raises(AlignmentMismatch, match="does not look like a translation of document") as refused:
        service.align_reference(store, doc, english, presplit=True)
    assert "\n" not in str(refused.value) and "not stored as the reference" in str(refused.value)
    assert not [d for d in service.list_documents(store) if d["role"] == "reference"]  # nothing stored
    with pytest.raises(WorkbenchError, match="has no alignment yet"):
        service.bead_texts(store, doc)
    result = service.align_reference(store, doc, english, presplit=True, force=True)
    assert result.beads > 0 and len(service.bead_texts(store, doc)) == result.beads


def test_cli_refuses_in_one_line_and_force_aligns(sample_project, cli):
    store, doc, english = sample_project
    db = english.parent / "p.db"
    refused = cli("align-reference", english, "-p", db, "-d", doc, "--presplit")
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "does not look like a translation" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr and refused.stdout == ""
    forced = cli("align-reference", english, "-p", db, "-d", doc, "--presplit", "--force")
    assert forced.returncode == 0 and forced.stdout.startswith("aligned 78 segments"), forced.stderr


def test_the_alignment_tab_offers_to_align_anyway(sample_project):
    from workbench.ui.alignment_tab import AlignmentTab

    store, doc, english = sample_project
    tab = AlignmentTab(store)
    _, message, _ = tab.align(doc, str(english), True, True)
    assert message.startswith("\u26a0") and "does not look like a translation" in message
    assert "Align anyway" in message
    _, message, _ = tab.align(doc, str(english), True, True, False, True)
    assert "Aligned 78 Chinese segments" in message


@pytest.mark.skipif(SHARED is None, reason="needs ../shared/align")
@pytest.mark.parametrize("pair", ["mac_dev/{}/006.txt", pytest.param("pol_dev/{}.txt", marks=pytest.mark.slow)])
def test_a_real_translation_passes(tmp_path, pair):
    store = Store(tmp_path / "p.db")
    zh = tmp_path / "zh.txt"
    zh.write_text((SHARED / pair.format("zh")).read_text("utf-8"), "utf-8")
    doc = service.import_document(store, zh).document_id
    result = service.align_reference(store, doc, SHARED / pair.format("en"), presplit=True)
    assert result.beads > 100
