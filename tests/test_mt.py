"""Machine translation on a tiny Marian model the tests build: loading, both engines, conversion,
pipe mode, project translation, resume, cache, numbering, and the missing-model message."""

import shutil

import pytest

from workbench import service
from workbench.config import sample_report
from workbench.errors import WorkbenchError
from workbench.mt import TranslateSettings, load_engine
from workbench.mt.ct2 import CT2Engine
from workbench.mt.marian import MarianEngine
from workbench.mt.models import convert_model, import_model, list_models, target_pieces
from workbench.store import Revision, Store, Translation

SENTENCES = [
    "加强基层组织建设。",
    "村务公开率达100%。",
    "",
    "推进网格化管理和一事一议制度，促进社会和谐稳定。",
    "两委班子建设。",
]
GREEDY = TranslateSettings(beams=1, max_length=16)


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf-home"))


@pytest.fixture(scope="module")
def marian(tiny_model):
    return MarianEngine(str(tiny_model))


def test_marian_engine_loads_a_folder_and_translates_in_order(marian):
    out = marian.translate(SENTENCES, GREEDY)
    assert len(out) == len(SENTENCES) and out[2] == ""
    assert all(isinstance(t, str) and t for i, t in enumerate(out) if i != 2)
    assert marian.translate(SENTENCES[:1], GREEDY) == out[:1]  # batching does not change a sentence's output
    assert marian.default_beams() == 2  # from the model's own generation config


def test_ct2_float32_greedy_equals_transformers_line_for_line(marian, tiny_model, tmp_path):
    ct2_dir = convert_model(tiny_model, tmp_path / "ct2-f32", "float32")
    assert (ct2_dir / "model.bin").exists() and (ct2_dir / "source.spm").exists() and (ct2_dir / "vmap.txt").exists()
    fast = CT2Engine(str(ct2_dir), quantization="float32", shortlist=False)
    for settings in (GREEDY, TranslateSettings(beams=1, max_length=24), TranslateSettings(beams=1)):
        assert fast.translate(SENTENCES, settings) == marian.translate(SENTENCES, settings)


def test_ct2_int8_and_the_target_shortlist(tiny_model, tmp_path):
    ct2_dir = convert_model(tiny_model, tmp_path / "ct2-int8", "int8")
    engine = CT2Engine(str(ct2_dir), quantization="int8")
    assert engine.use_vmap
    out = engine.translate(SENTENCES, TranslateSettings(beams=2, max_length=16))
    assert len(out) == 5 and out[2] == ""
    # with the shortlist every output piece is one the English tokenizer can produce
    allowed = set(target_pieces(ct2_dir))
    tokens = [
        t
        for t in engine.translator.translate_batch(
            [["\u2581", "加", "强", "</s>"]], beam_size=2, max_decoding_length=12, use_vmap=True
        )[0].hypotheses[0]
    ]
    assert tokens and set(tokens) <= allowed


def test_ct2_engine_converts_a_registered_model_on_first_use(tiny_model, tmp_path):
    import_model(tiny_model, name="test/tiny-marian")
    engine = load_engine("ct2", "test/tiny-marian", quantization="int8")
    assert engine.folder.name == "ct2-int8" and engine.translate(["两委班子建设。"], GREEDY)[0]
    rows = {r["name"]: r for r in list_models()}
    assert rows["test/tiny-marian"]["formats"] == ["ct2-int8", "hf"]


def test_missing_model_is_one_clear_message(tmp_path):
    with pytest.raises(WorkbenchError) as err:
        load_engine("marian", "Helsinki-NLP/opus-mt-zh-en")
    message = str(err.value)
    assert "Helsinki-NLP/opus-mt-zh-en is not installed" in message
    assert "workbench model install" in message and "workbench model import" in message
    with pytest.raises(WorkbenchError, match="not installed"):
        load_engine("ct2", "Helsinki-NLP/opus-mt-zh-en")


def test_missing_model_on_the_cli_exits_2_without_traceback(cli, tmp_path):
    db = tmp_path / "p.db"
    assert cli("import", sample_report(), "--project", db).returncode == 0
    for engine in ("marian", "ct2"):
        result = cli(
            "translate",
            "--project",
            db,
            "--engine",
            engine,
            env={"HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")},
        )
        assert result.returncode == 2, result.stderr
        # offline (HF_HUB_OFFLINE): no offer to install, one line on importing a copied folder
        assert result.stderr.strip().splitlines() == [
            "workbench: error: model Helsinki-NLP/opus-mt-zh-en is not installed and the model hub "
            "(https://huggingface.co) cannot be reached: copy the model folder from a machine that has it and run "
            "`workbench model import DIR --name Helsinki-NLP/opus-mt-zh-en`"
        ]
    # the rest of the workbench still works without a model
    assert cli("show", "--project", db, "-d", "1").returncode == 0


def test_model_import_rejects_folders_that_are_not_marian_models(tmp_path, tiny_model):
    with pytest.raises(WorkbenchError, match="no such folder"):
        import_model(tmp_path / "nothing")
    broken = tmp_path / "broken"
    shutil.copytree(tiny_model, broken)
    (broken / "source.spm").unlink()
    with pytest.raises(WorkbenchError, match="missing source.spm"):
        import_model(broken)


def test_model_cli_import_list_convert(cli, tiny_model, tmp_path):
    assert cli("model", "import", tiny_model, "--name", "Helsinki-NLP/opus-mt-zh-en").returncode == 0
    listed = cli("model", "list")
    assert "Helsinki-NLP/opus-mt-zh-en\thf" in listed.stdout
    converted = cli("model", "convert", tiny_model, tmp_path / "out", "--quantization", "float32")
    assert converted.returncode == 0 and (tmp_path / "out" / "model.bin").exists()
    bad = cli("model", "convert", tmp_path, tmp_path / "out2")
    assert bad.returncode == 2 and "not a transformers model folder" in bad.stderr


def test_pipe_mode_keeps_blank_lines(cli, tiny_model, tmp_path, marian):
    source = tmp_path / "in.txt"
    source.write_text("加强基层组织建设。\n\n两委班子建设。\n加强基层组织建设。\n", "utf-8")
    result = cli("translate", "--input", source, "--model", tiny_model, "--beams", "1", "--max-length", "16")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")[:-1]
    expected = marian.translate(["加强基层组织建设。", "两委班子建设。"], GREEDY)
    assert lines == [expected[0], "", expected[1], expected[0]]
    ct2 = cli(
        "translate",
        "-i",
        source,
        "-m",
        tiny_model,
        "-e",
        "ct2",
        "-b",
        "1",
        "--max-length",
        "16",
        "--quantization",
        "float32",
        "--no-shortlist",
    )
    assert ct2.stdout == result.stdout


class CountingEngine:
    """Wraps a real engine; counts what is sent and can fail after some batches (a killed run)."""

    def __init__(self, engine, fail_after=None):
        self.engine, self.fail_after, self.batches, self.sent = engine, fail_after, 0, []
        self.name, self.model, self.device = engine.name, engine.model, engine.device

    def fingerprint(self):
        return self.engine.fingerprint()

    def translate(self, sentences, settings=TranslateSettings()):
        if self.fail_after is not None and self.batches >= self.fail_after:
            raise KeyboardInterrupt
        self.batches += 1
        self.sent.extend(sentences)
        return self.engine.translate(sentences, settings)


def test_project_translation_is_resumable_and_redoes_nothing(marian, tmp_path):
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, sample_report()).document_id
    first = CountingEngine(marian, fail_after=3)
    with pytest.raises(KeyboardInterrupt):
        service.translate_project(store, first, GREEDY, batch_size=8)
    done = [r for r in service.segment_rows(store, doc) if r["mt"] is not None]
    assert len(done) == 24  # three batches of eight were saved before the "kill"
    second = CountingEngine(marian)
    report = service.translate_project(store, second, GREEDY, batch_size=8)
    assert report.pending == 78 - 24 and report.translated == 54
    assert not set(first.sent) & set(second.sent)  # nothing translated twice
    rows = service.segment_rows(store, doc)
    assert all(r["mt"] and r["status"] == "translated" and r["revision"] == 1 for r in rows)
    again = service.translate_project(store, CountingEngine(marian), GREEDY)
    assert again.pending == 0 and again.sent == 0


def test_batches_are_length_sorted_and_settings_stored(marian, tmp_path):
    store = Store(tmp_path / "p.db")
    service.import_document(store, sample_report())
    engine = CountingEngine(marian)
    service.translate_project(store, engine, GREEDY, batch_size=10)
    lengths = [len(s) for s in engine.sent]
    assert lengths == sorted(lengths)
    with store.session() as session:
        t = session.query(Translation).first()
        assert t.mt_engine == "marian" and t.mt_settings["beams"] == 1 and t.mt_settings["max_length"] == 16
        revision = session.query(Revision).filter_by(segment_id=t.segment_id).one()
        assert revision.origin == "mt" and revision.author == "MT (marian)"


def test_identical_sentences_are_translated_once_and_cached(marian, tmp_path):
    store = Store(tmp_path / "p.db")
    report_path = tmp_path / "twice.txt"
    report_path.write_text("加强基层组织建设。两委班子建设。加强基层组织建设。\n\n两委班子建设。", "utf-8")
    service.import_document(store, report_path)
    engine = CountingEngine(marian)
    report = service.translate_project(store, engine, GREEDY)
    assert sorted(engine.sent) == sorted(["加强基层组织建设。", "两委班子建设。"])
    assert report.translated == 4 and report.from_cache == 2
    # another document with the same sentences: everything comes from the cache
    other = tmp_path / "other.txt"
    other.write_text("两委班子建设。加强基层组织建设。", "utf-8")
    service.import_document(store, other)
    engine2 = CountingEngine(marian)
    report2 = service.translate_project(store, engine2, GREEDY)
    assert engine2.sent == [] and report2.from_cache == 2
    # other settings are another cache key
    engine3 = CountingEngine(marian)
    service.import_document(store, tmp_path / "other.txt")
    assert service.translate_project(store, engine3, TranslateSettings(beams=2, max_length=16)).pending == 0


def test_headings_and_items_keep_their_numbering(marian, tmp_path):
    store = Store(tmp_path / "p.db")
    doc = service.import_document(store, sample_report()).document_id
    engine = CountingEngine(marian)
    service.translate_project(store, engine, GREEDY, numbering="roman")
    rows = service.segment_rows(store, doc)
    headings = [r["mt"] for r in rows if r["kind"] == "heading"]
    assert [h.split(" ")[0] for h in headings] == ["I.", "II.", "III."]
    items = [r["mt"].split(" ")[0] for r in rows if r["kind"] == "item"]
    assert items == [
        "First,",
        "Second,",
        "Third,",
        "Fourth,",
        "1.",
        "2.",
        "3.",
        "4.",
        "First,",
        "Second,",
        "Third,",
        "Fourth,",
        "Fifth,",
    ]
    assert not any(s.startswith(("一、", "一是", "1、")) for s in engine.sent)  # markers never reach the model


def test_cli_translate_project_with_a_local_model(cli, tiny_model, tmp_path):
    db = tmp_path / "p.db"
    cli("import", sample_report(), "--project", db)
    result = cli(
        "translate",
        "--project",
        db,
        "--model",
        tiny_model,
        "--beams",
        "1",
        "--max-length",
        "12",
        "--batch-size",
        "32",
        "--numbering",
        "arabic",
    )
    assert result.returncode == 0, result.stderr
    assert "translated 78 of 78 segments with marian" in result.stdout
    shown = cli("show", "--project", db, "-d", "1").stdout
    assert shown.count("\ttranslated\t") == 78
    rerun = cli("translate", "--project", db, "--model", tiny_model, "--beams", "1", "--max-length", "12")
    assert "translated 0 of 0 segments" in rerun.stdout
