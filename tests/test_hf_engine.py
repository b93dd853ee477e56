"""The ``hf`` engine on tiny random NLLB-200, M2M100 and mBART-50 models built here (each with its
family's own tokenizer on a SentencePiece model trained here on text holding every character the
tests translate or require): language codes, glossary enforcement with greedy and beam search,
cache, resume, the command line and model import."""

from __future__ import annotations

import pytest

from workbench import service
from workbench.mt import TranslateSettings, load_engine
from workbench.mt.hf import LANGUAGE_CODES, HFEngine
from workbench.mt.random_model import SEQ2SEQ_FAMILIES, TINY, build_random_seq2seq
from workbench.store import Store, Translation

SENTENCES = ["坚持高质量发展。", "", "推进乡村振兴。", "加强基层组织建设。"]
GREEDY = TranslateSettings(beams=1, max_length=12)


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("seq2seq")
    return {family: build_random_seq2seq(root / family, family, TINY) for family in SEQ2SEQ_FAMILIES}


@pytest.fixture(scope="module")
def engines(folders):
    return {family: HFEngine(str(folder), device="cpu") for family, folder in folders.items()}


@pytest.mark.parametrize("family", SEQ2SEQ_FAMILIES)
def test_language_codes_source_token_and_forced_target_token(engines, family):
    mt = engines[family]
    source, target = LANGUAGE_CODES[family]
    assert (mt.family, mt.source_lang, mt.target_lang, mt.prompt_length) == (family, source, target, 2)
    code = {"m2m100": f"__{target}__"}.get(family, target)
    assert mt.forced_bos_token_id == mt.tokenizer.convert_tokens_to_ids(code) != mt.tokenizer.unk_token_id
    # the source carries its language code first (NLLB's non-legacy layout, M2M100, mBART-50)
    ids = mt.tokenizer("坚持高质量发展。").input_ids
    assert mt.tokenizer.convert_ids_to_tokens(ids[:1]) == [{"m2m100": f"__{source}__"}.get(family, source)]
    assert ids[-1] == mt.tokenizer.eos_token_id and mt.tokenizer.unk_token_id not in ids
    # generation: decoder start, then the forced English code, then words; the code is not in the text
    import torch

    batch = mt.tokenizer(["坚持高质量发展。"], return_tensors="pt")
    with torch.inference_mode():
        out = mt.network.generate(**batch, num_beams=1, max_length=8, **mt.generate_options())
    assert out[0, 0].item() == mt.network.generation_config.decoder_start_token_id
    assert out[0, 1].item() == mt.forced_bos_token_id
    texts = mt.translate(SENTENCES, GREEDY)
    assert len(texts) == 4 and texts[1] == "" and all(texts[i] for i in (0, 2, 3))
    assert not any(code in t or target in t.split() for t in texts)


@pytest.mark.parametrize("family", SEQ2SEQ_FAMILIES)
@pytest.mark.parametrize("beams", [1, 3])
def test_glossary_terms_are_enforced_with_greedy_and_beam_search(engines, family, beams):
    mt = engines[family]
    settings = TranslateSettings(beams=beams, max_length=12)
    terms = [["high-quality development"], [], ["rural revitalization"], ["community-level organizations"]]
    plain = mt.translate(SENTENCES, settings)
    out = mt.translate(SENTENCES, settings, terms=terms, avoid=[["quality"], [], [], []])
    assert plain[0] != out[0]  # a random model does not say it by itself
    for text, required in zip(out, terms, strict=True):
        assert all(r in text for r in required), (family, beams, text)
    # the forbidden rendering is banned as a word sequence of its own
    assert "high-quality development" in out[0] and " quality" not in out[0].replace("high-quality", "")


def _project(tmp_path, lines):
    store = Store(tmp_path / "p.db")
    (tmp_path / "report.txt").write_text("\n\n".join(lines), encoding="utf-8")
    doc = service.import_document(store, tmp_path / "report.txt").document_id
    return store, doc


class Counting:
    """Wraps a real engine, counts what is sent and can stop after some batches (a killed run)."""

    def __init__(self, engine, fail_after=None):
        self.engine, self.fail_after, self.batches, self.sent = engine, fail_after, 0, []
        self.name, self.model, self.device = engine.name, engine.model, engine.device

    def fingerprint(self):
        return self.engine.fingerprint()

    def translate(self, sentences, settings=TranslateSettings(), terms=None, avoid=None):
        if self.fail_after is not None and self.batches >= self.fail_after:
            raise KeyboardInterrupt
        self.batches += 1
        self.sent.extend(sentences)
        return self.engine.translate(sentences, settings, terms=terms, avoid=avoid)


LINES = ["坚持高质量发展。", "推进乡村振兴。", "加强基层组织建设。", "深化改革开放。", "两委班子建设。", "村务公开。"]


def test_resume_after_a_killed_run_and_cache_hits_on_the_next_document(engines, tmp_path):
    mt = engines["nllb"]
    store, doc = _project(tmp_path, LINES)
    first = Counting(mt, fail_after=2)
    with pytest.raises(KeyboardInterrupt):
        service.translate_project(store, first, GREEDY, batch_size=2, tm_threshold=None)
    assert len([r for r in service.segment_rows(store, doc) if r["mt"]]) == 4
    second = Counting(mt)
    report = service.translate_project(store, second, GREEDY, batch_size=2, tm_threshold=None)
    assert report.pending == 2 and report.translated == 2 and not set(first.sent) & set(second.sent)
    with store.session() as session:
        assert {t.mt_engine for t in session.query(Translation)} == {"hf"}
    # the same sentences in another document: all from the cache, nothing sent
    (tmp_path / "again.txt").write_text("\n\n".join(reversed(LINES)), encoding="utf-8")
    service.import_document(store, tmp_path / "again.txt")
    third = Counting(mt)
    again = service.translate_project(store, third, GREEDY, batch_size=2, tm_threshold=None)
    assert third.sent == [] and again.from_cache == len(LINES) and again.translated == len(LINES)
    # another family is another model: another cache key
    assert engines["m2m100"].fingerprint() != mt.fingerprint() != engines["mbart50"].fingerprint()


def test_cli_translate_with_engine_hf_enforces_the_glossary(cli, folders, tmp_path):
    db = tmp_path / "p.db"
    (tmp_path / "report.txt").write_text("\n\n".join(LINES[:3]), encoding="utf-8")
    (tmp_path / "terms.tsv").write_text("zh\ten\n乡村振兴\trural revitalization\n", encoding="utf-8")
    assert cli("import", tmp_path / "report.txt", "--project", db).returncode == 0
    args = ["translate", "--project", db, "--engine", "hf", "--beams", "2", "--max-length", "12"]
    result = cli(*args, "--model", folders["mbart50"], "--enforce-terms", "--glossary", tmp_path / "terms.tsv")
    assert result.returncode == 0, result.stderr
    assert "translated 3 of 3" in result.stdout
    rows = service.segment_rows(Store(db), 1)
    assert "rural revitalization" in rows[1]["mt"]
    again = cli(*args, "--model", folders["mbart50"])
    assert again.returncode == 0 and "translated 0" in again.stdout  # resumable: nothing left to do


def test_model_import_accepts_each_family_and_translates_by_name(cli, folders, tmp_path):
    for family, folder in folders.items():
        result = cli("model", "import", folder, "--name", f"test/tiny-{family}")
        assert result.returncode == 0, result.stderr
    listed = cli("model", "list").stdout
    assert all(f"test/tiny-{family}" in listed for family in folders)
    mt = load_engine("hf", "test/tiny-nllb", device="cpu")
    assert mt.family == "nllb" and mt.translate(["推进乡村振兴。"], GREEDY, terms=[["rural revitalization"]])[0]
    # a folder without its tokenizer is refused in one line
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("config.json", "model.safetensors"):
        (broken / name).write_bytes((folders["nllb"] / name).read_bytes())
    result = cli("model", "import", broken)
    assert result.returncode == 2 and "tokenizer.json or sentencepiece.bpe.model" in result.stderr
    for name in ("sentencepiece.bpe.model", "tokenizer_config.json"):  # M2M100 without its vocab.json
        (broken / name).write_bytes((folders["m2m100"] / name).read_bytes())
    result = cli("model", "import", broken)
    assert result.returncode == 2 and "missing vocab.json" in result.stderr


def test_a_marian_folder_through_the_hf_engine_translates_as_the_marian_engine(tiny_model):
    from workbench.mt.marian import MarianEngine

    hf, marian = HFEngine(str(tiny_model), device="cpu"), MarianEngine(str(tiny_model), device="cpu")
    assert (hf.family, hf.prompt_length, hf.generate_options()) == ("marian", 1, {})
    terms = [["high-quality development"], [], ["rural revitalization"], []]
    for settings in (GREEDY, TranslateSettings(beams=2, max_length=12)):
        assert hf.translate(SENTENCES, settings, terms=terms) == marian.translate(SENTENCES, settings, terms=terms)
    assert hf.fingerprint() != marian.fingerprint()  # another engine: cached apart


@pytest.fixture(scope="module")
def ct2_engines(folders, tmp_path_factory):
    from workbench.mt.ct2 import CT2Engine
    from workbench.mt.models import convert_model

    root = tmp_path_factory.mktemp("ct2")
    return {
        family: CT2Engine(str(convert_model(folder, root / family, "float32")), quantization="float32", device="cpu")
        for family, folder in folders.items()
    }


@pytest.mark.parametrize("family", SEQ2SEQ_FAMILIES)
def test_ct2_float32_greedy_equals_the_hf_engine_line_for_line(engines, ct2_engines, family):
    fast = ct2_engines[family]
    source, target = LANGUAGE_CODES[family]
    assert (fast.family, fast.source_lang, fast.target_lang) == (family, source, target)
    assert fast.target_token == {"m2m100": f"__{target}__"}.get(family, target)
    assert not (fast.folder / "vmap.txt").exists() and not fast.use_vmap  # the shortlist is Marian's
    for settings in (GREEDY, TranslateSettings(beams=1, max_length=5), TranslateSettings(beams=1)):
        out = fast.translate(SENTENCES, settings)
        assert out == engines[family].translate(SENTENCES, settings), (family, settings)
        assert out[1] == "" and all(out[i] for i in (0, 2, 3))
        assert not any(fast.target_token in t or target in t.split() for t in out)


@pytest.mark.parametrize("family", SEQ2SEQ_FAMILIES)
def test_ct2_hands_sentences_with_terms_to_the_hf_engine(engines, ct2_engines, family):
    fast = ct2_engines[family]
    terms = [["high-quality development"], [], [], []]
    before = fast.fallback_sentences
    out = fast.translate(SENTENCES, GREEDY, terms=terms)
    assert fast.fallback_sentences == before + 1 and fast._marian().name == "hf"
    assert "high-quality development" in out[0]
    assert out[0] == engines[family].translate(SENTENCES[:1], GREEDY, terms=terms[:1])[0]
    assert out[2:] == engines[family].translate(SENTENCES[2:], GREEDY)  # the rest: CTranslate2, the same words


def test_cli_model_convert_then_translate_with_engine_ct2_as_with_hf(cli, folders, tmp_path):
    out = tmp_path / "nllb-ct2"
    converted = cli("model", "convert", folders["nllb"], out, "--quantization", "float32")
    assert converted.returncode == 0, converted.stderr
    assert (out / "model.bin").exists() and (out / "tokenizer.json").exists()
    (tmp_path / "report.txt").write_text("\n\n".join(LINES[:3]), encoding="utf-8")
    texts = {}
    for engine, model in (("hf", folders["nllb"]), ("ct2", out)):
        db = tmp_path / f"{engine}.db"
        assert cli("import", tmp_path / "report.txt", "--project", db).returncode == 0
        args = ["translate", "--project", db, "--engine", engine, "--model", model, "--beams", "1"]
        result = cli(*args, "--max-length", "12", *(["--quantization", "float32"] if engine == "ct2" else []))
        assert result.returncode == 0, result.stderr
        texts[engine] = [r["mt"] for r in service.segment_rows(Store(db), 1)]
    assert texts["ct2"] == texts["hf"] and all(texts["ct2"])
