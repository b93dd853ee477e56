"""translate-corpus: a folder of text files into a folder of English files, line for line,
resumable per finished file, in any input encoding."""

import pytest

from workbench.errors import WorkbenchError
from workbench.mt import TranslateSettings
from workbench.mt.marian import MarianEngine
from workbench.service.corpus import translate_corpus

GREEDY = TranslateSettings(beams=1, max_length=12)


class Counting:
    """The real engine, counting the sentences it is given."""

    def __init__(self, engine):
        self.engine, self.name, self.model, self.device = engine, engine.name, engine.model, engine.device
        self.sent = []

    def fingerprint(self):
        return self.engine.fingerprint()

    def translate(self, sentences, settings=GREEDY, terms=None, avoid=None):
        self.sent += sentences
        return self.engine.translate(sentences, settings, terms, avoid)


@pytest.fixture(scope="module")
def marian(tiny_model):
    return MarianEngine(str(tiny_model))


def corpus(tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text("加强基层组织建设。\n\n两委班子建设。\n加强基层组织建设。\n", "utf-8")
    (src / "sub" / "b.txt").write_bytes("村务公开率达100%。\n推进网格化管理。".encode("gbk"))
    (src / ".hidden.txt").write_text("不翻译。", "utf-8")
    (src / "notes.md").write_text("不翻译。", "utf-8")
    return src


def test_each_file_becomes_an_english_file_line_for_line(marian, tmp_path):
    src, out = corpus(tmp_path), tmp_path / "out"
    engine = Counting(marian)
    seen = []
    report = translate_corpus(src, out, engine, GREEDY, batch_size=2, progress=lambda d, t: seen.append((d, t)))
    assert (report.files, report.translated, report.lines, report.already_done) == (2, 2, 5, 0)
    a = (out / "a.txt").read_text("utf-8").split("\n")
    assert len(a) == 5 and a[1] == "" and a[4] == "" and a[0] == a[3] and a[0] and a[2]
    assert a[:3] == marian.translate(["加强基层组织建设。", "", "两委班子建设。"], GREEDY)
    b = (out / "sub" / "b.txt").read_text("utf-8").splitlines()
    assert b == marian.translate(["村务公开率达100%。", "推进网格化管理。"], GREEDY)
    assert sorted(p.name for p in out.rglob("*")) == ["a.txt", "b.txt", "sub"]
    assert len(engine.sent) == 4  # the repeated line once
    assert seen[0] == (0, 5) and seen[-1] == (5, 5)


def test_a_finished_file_is_not_redone_and_an_unfinished_one_is(marian, tmp_path):
    src, out = corpus(tmp_path), tmp_path / "out"
    translate_corpus(src, out, marian, GREEDY)
    first = (out / "a.txt").read_text("utf-8")
    (out / "sub" / "b.txt").unlink()
    (out / "sub" / "b.txt.partial").write_text("half", "utf-8")  # a run killed while writing
    engine = Counting(marian)
    report = translate_corpus(src, out, engine, GREEDY)
    assert (report.translated, report.already_done) == (1, 1)
    assert sorted(engine.sent) == sorted(["村务公开率达100%。", "推进网格化管理。"])
    assert (out / "a.txt").read_text("utf-8") == first and (out / "sub" / "b.txt").exists()
    assert not (out / "sub" / "b.txt.partial").exists()
    assert translate_corpus(src, out, Counting(marian), GREEDY).translated == 0


def test_a_missing_folder_and_an_undecodable_file(marian, tmp_path):
    with pytest.raises(WorkbenchError, match="no such folder"):
        translate_corpus(tmp_path / "nope", tmp_path / "out", marian)
    src = corpus(tmp_path)
    (src / "bad.txt").write_bytes(b"\x00\x01\x02" * 50)
    report = translate_corpus(src, tmp_path / "out", marian, GREEDY)
    assert report.translated == 2 and len(report.skipped) == 1 and "bad.txt" in report.skipped[0]


def test_cli_translate_corpus(cli, tiny_model, tmp_path):
    src = corpus(tmp_path)
    result = cli("translate-corpus", src, "-o", tmp_path / "en", "-m", tiny_model, "-b", "1", "--max-length", "12")
    assert result.returncode == 0, result.stderr
    assert "2 files: 2 translated (5 lines), 0 done before" in result.stdout
    again = cli("translate-corpus", src, "--out", tmp_path / "en", "-m", tiny_model)
    assert "0 translated (0 lines), 2 done before" in again.stdout
    missing = cli("translate-corpus", tmp_path / "nope", "--out", tmp_path / "en", "-m", tiny_model)
    assert missing.returncode == 2 and "no such folder" in missing.stderr and "Traceback" not in missing.stderr
