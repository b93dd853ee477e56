"""Term enforcement in MT: own constrained decoding (LogitsProcessor), greedy and beam search."""

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.glossary import TermMatcher, bundled_terms
from workbench.ingest import prepare_text
from workbench.mt import TranslateSettings
from workbench.mt.ct2 import CT2Engine
from workbench.mt.engine import term_alternatives
from workbench.mt.marian import MarianEngine
from workbench.mt.models import convert_model
from workbench.store import Store


@pytest.fixture(scope="module")
def marian(tiny_model):
    return MarianEngine(str(tiny_model))


@pytest.fixture(scope="module")
def sample_with_terms():
    matcher = TermMatcher(bundled_terms())
    sentences = [s.text for s in prepare_text(sample_report().read_text("utf-8")).segments]
    terms = [list(dict.fromkeys(h.term.en for h in matcher.find(s))) for s in sentences]
    avoid = [list(dict.fromkeys(f for h in matcher.find(s) for f in h.term.forbidden)) for s in sentences]
    return sentences, terms, avoid


def placed(outputs, terms):
    total = sum(len(t) for t in terms)
    hit = sum(
        1 for out, ts in zip(outputs, terms, strict=True) for t in ts if any(f in out for f in term_alternatives(t))
    )
    return hit, total


@pytest.mark.slow
@pytest.mark.parametrize("beams", [1, 4])
def test_every_matched_term_appears_with_greedy_and_beam_search(marian, sample_with_terms, beams):
    sentences, terms, avoid = sample_with_terms
    outputs = marian.translate(
        sentences, TranslateSettings(beams=beams, max_length=48, enforce_terms=True), terms, avoid
    )
    hit, total = placed(outputs, terms)
    assert total > 300 and hit == total


@pytest.mark.parametrize("beams", [1, 3])
def test_output_without_enforcement_is_unchanged(marian, sample_with_terms, beams):
    sentences = sample_with_terms[0][:12]
    settings = TranslateSettings(beams=beams, max_length=24)
    plain = marian.translate(sentences, settings)
    assert marian.translate(sentences, settings, [[] for _ in sentences], [[] for _ in sentences]) == plain
    assert marian.translate(sentences, settings, None, None) == plain


def test_forbidden_renderings_are_banned(marian):
    sentence = "加强基层组织建设，促进社会和谐稳定。"
    settings = TranslateSettings(beams=2, max_length=16)
    plain = marian.translate([sentence], settings)[0]
    first_word = plain.split()[0] if plain.split() else plain[:3]
    ids = marian.target_ids(first_word)
    banned = marian.translate([sentence], settings, [[]], [[first_word]])[0]
    out_ids = marian.tokenizer(text_target=banned, add_special_tokens=False).input_ids
    assert not any(out_ids[i : i + len(ids)] == list(ids) for i in range(len(out_ids)))


def test_ct2_hands_enforced_sentences_to_marian_and_suppresses_forbidden(tiny_model, tmp_path, sample_with_terms):
    sentences, terms, avoid = sample_with_terms
    engine = CT2Engine(str(convert_model(tiny_model, tmp_path / "ct2", "int8")))
    settings = TranslateSettings(beams=2, max_length=32, enforce_terms=True)
    outputs = engine.translate(sentences[:10], settings, terms[:10], avoid[:10])
    hit, total = placed(outputs, terms[:10])
    assert hit == total and engine.fallback_sentences == sum(1 for t in terms[:10] if t)
    plain = engine.translate(sentences[:3], TranslateSettings(beams=2, max_length=16))
    assert engine.translate(sentences[:3], TranslateSettings(beams=2, max_length=16), None, [[], [], []]) == plain


@pytest.mark.slow
def test_project_translation_with_enforced_terms_passes_the_glossary_check(marian, tmp_path):
    store = Store(tmp_path / "p.db")
    service.import_document(store, sample_report())
    settings = TranslateSettings(beams=1, max_length=48, enforce_terms=True)
    report = service.translate_project(store, marian, settings)
    assert report.translated == 78
    check = service.check_project(store)
    assert check.occurrences > 300 and check.term_accuracy == 1.0, check.issues[:3]
    # enforcement is part of the cache key: a plain run on another document is not served these
    other = tmp_path / "other.txt"
    other.write_text(prepare_text(sample_report().read_text("utf-8")).segments[5].text, "utf-8")
    service.import_document(store, other)
    plain = service.translate_project(store, marian, TranslateSettings(beams=1, max_length=48))
    assert plain.sent == 1


def test_cli_enforce_terms_in_pipe_mode(cli, tiny_model, tmp_path):
    source = tmp_path / "in.txt"
    source.write_text("少数村“两委”关系不顺。\n\n推进网格化管理。\n", "utf-8")
    result = cli("translate", "-i", source, "-m", tiny_model, "-b", "2", "--max-length", "24", "--enforce-terms")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert "two committees" in lines[0].lower() and lines[1] == "" and "grid-based management" in lines[2].lower()
    glossary = tmp_path / "mine.tsv"
    glossary.write_text("zh\ten\n网格化管理\tgrid governance\n", "utf-8")
    mine = cli(
        "translate",
        "-i",
        source,
        "-m",
        tiny_model,
        "-b",
        "2",
        "--max-length",
        "24",
        "--enforce-terms",
        "--glossary",
        glossary,
    )
    assert "grid governance" in mine.stdout.split("\n")[2].lower()
