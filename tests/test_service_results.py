"""Typed results at the service door (issue 27): the import, alignment and OmegaT export use-cases
return dataclasses (their fields are what the CLI, the app and an API schema see), with as_dict()
for JSON; the CLI prints them as before."""

from __future__ import annotations

import dataclasses
import json

from workbench import service
from workbench.store import Store

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="zh-CN" segtype="sentence" o-tmf="x" adminlang="en"
datatype="plaintext" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="zh-CN"><seg>第一句。</seg></tuv><tuv xml:lang="en"><seg>First.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>第一句。</seg></tuv><tuv xml:lang="en"><seg>First.</seg></tuv></tu>
<tu><tuv xml:lang="zh-CN"><seg>第二句。</seg></tuv><tuv xml:lang="en"><seg>Second.</seg></tuv></tu>
</body></tmx>"""


def test_the_results_are_dataclasses_with_json_dicts(tmp_path):
    store = Store(tmp_path / "p.db")
    (tmp_path / "g.tsv").write_text("zh\ten\n两委\tthe two committees\n", "utf-8")
    (tmp_path / "t.tmx").write_text(TMX, "utf-8")
    (tmp_path / "zh.txt").write_text("第一句。第二句。\n\n第三句。\n", "utf-8")
    (tmp_path / "en.txt").write_text("First.\nSecond.\nThird.\n", "utf-8")
    glossary = service.import_glossary(store, tmp_path / "g.tsv")
    memory = service.import_tmx(store, tmp_path / "t.tmx")
    doc = service.import_document(store, tmp_path / "zh.txt").document_id
    aligned = service.align_reference(store, doc, tmp_path / "en.txt", presplit=True, force=True)
    exported = service.export_omegat(store, tmp_path / "om.zip", document_id=doc)
    assert isinstance(glossary, service.GlossaryImport) and glossary.as_dict() == dict(
        name="g", terms=1, replaced=0, priority=10
    )
    assert isinstance(memory, service.TmxImport)
    assert (memory.name, memory.units, memory.read, memory.duplicates, memory.replaced) == ("t", 2, 3, 1, 0)
    assert isinstance(aligned, service.AlignmentResult)
    assert (aligned.zh_sentences, aligned.en_sentences, aligned.beads, aligned.shapes) == (3, 3, 3, {"1-1": 3})
    assert isinstance(exported, service.OmegaTExport)
    assert (exported.documents, exported.segments, exported.path) == (1, 3, str(tmp_path / "om.zip"))
    for result in (glossary, memory, aligned, exported):
        assert dataclasses.is_dataclass(result)
        assert json.loads(json.dumps(result.as_dict())) == dataclasses.asdict(result)
