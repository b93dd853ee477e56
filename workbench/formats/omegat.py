"""OmegaT projects: a ready-to-open project out, OmegaT's translations back in.

Out (:func:`write_project`), a folder or a .zip holding one folder:

- ``omegat.project``: Chinese (zh-CN) to English (en), sentence segmentation;
- ``omegat/filters.xml``: plain-text files are UTF-8 and every line is a paragraph, so OmegaT cuts
  the same sentences we did (OmegaT 3.6 otherwise joins lines up to the next blank line);
- ``omegat/segmentation.conf``: OmegaT 3.6's project segmentation rules (java.beans XML of its SRX
  rules) for Chinese: a sentence ends at 。！？ or …… with the closing quotes and brackets after
  it, never inside 《》 or “”, as :func:`workbench.segment.split_zh` cuts;
- ``source/NAME.txt``: each document in its cleaned form, one paragraph per line; where we cut a
  long sentence at ；or ， (a length-dependent rule SRX cannot express) the cut is a line break
  too, so OmegaT gets the same segments (its translated file has that line break as well);
- ``tm/auto/NAME-reviewed.tmx``: reviewed and approved translations, which OmegaT inserts;
- ``tm/NAME-mt.tmx``: the other translations (MT, unreviewed edits), offered as matches only;
  rejected translations are left out;
- ``glossary/glossary.txt``: the project's glossary in OmegaT's format (OmegaT adds the terms a
  translator enters to this same file, so it can be imported back);
- ``workbench-export.json``: which segment, at which revision, each source sentence was.

Back (:func:`parse_project_save`, given the bytes of the TMX and of the manifest, which the service
reads; :func:`manifest_for` says where the manifest is): OmegaT keeps its work in ``omegat/project_save.tmx`` (TMX 1.1,
no ids). With the export's ``workbench-export.json`` beside it, each OmegaT translation unit is
mapped to our segments: a default translation to every segment with that source, an alternative
one (``file``/``prev``/``next`` properties) to its own occurrence. Units OmegaT left as exported
are counted, not returned, so they neither change nor conflict; the rest carry the revision they
were exported at, so the usual merge rules find segments changed in the project meanwhile.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
from itertools import groupby
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from ..errors import InputError, WorkbenchError
from . import tmx
from .inline import text_with_codes
from .rows import BilingualRow, ReadRow
from .safe_xml import parse_xml
from .safety import xml_text

SOURCE_LANG, TARGET_LANG = "zh-CN", "en"
MANIFEST = "workbench-export.json"
MANIFEST_KIND = "zh-en-workbench OmegaT export"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

PROJECT_FILE = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{SOURCE_LANG}</source_lang>
        <target_lang>{TARGET_LANG}</target_lang>
        <source_tok>org.omegat.tokenizer.LuceneSmartChineseTokenizer</source_tok>
        <target_tok>org.omegat.tokenizer.LuceneEnglishTokenizer</target_tok>
        <sentence_seg>true</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""

FILTERS_FILE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters>
    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
        <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
        <option name="segmentOn" value="BREAKS"/>
    </filter>
</filters>
"""


#: OmegaT's SRX rules for Chinese, in order (the first rule that matches at a position decides):
#: (break, text before the position, text after it), Java regular expressions. OmegaT finds the
#: text before a position with non-overlapping matches, so the context that spans a sentence (an open
#: 《 or “) is looked for after the position: a 》 or ” ahead with no opening mark before it. Its
#: matches of the text after a position do not overlap either, hence the look-behind that makes
#: them start at a stop only.
_STOP = "[。！？!?…][”’」』）)〉】\\]\"']*"  # a stop and the closers after it
_AHEAD = "(?<=[。！？!?…”’」』）)〉】\\]\"'])"  # OmegaT's matches after a position may start only there
ZH_SRX_RULES = [
    (False, "[。！？!?…]+[”’」』]", "[，,、；;：:]"),  # 他说：“好。”，然后 goes on
    (False, "[。！？!?…]", "[。！？!?…”’」』）)》〉】\\]\"']"),  # the closers stay with the sentence
    (False, _STOP, _AHEAD + "[^《》]*》"),  # no cut inside a book title (one that closes later)
    (False, _STOP, _AHEAD + "[^“”]*”"),  # nor inside a quotation
    (True, "(?:[。！？!?]|……)[”’」』）)》〉】\\]\"']*", "."),
]


def _rule(is_break: bool, before: str, after: str) -> str:
    return f"""       <void method="add">
        <object class="org.omegat.core.segmentation.Rule">
         <void property="afterbreak"><string>{xml_escape(after)}</string></void>
         <void property="beforebreak"><string>{xml_escape(before)}</string></void>
         <void property="breakRule"><boolean>{str(is_break).lower()}</boolean></void>
        </object>
       </void>
"""


def _map_rule(language: str, pattern: str, rules: list[tuple[bool, str, str]]) -> str:
    return f"""   <void method="add">
    <object class="org.omegat.core.segmentation.MapRule">
     <void property="language"><string>{language}</string></void>
     <void property="pattern"><string>{pattern}</string></void>
     <void property="rules">
      <object class="java.util.ArrayList">
{"".join(_rule(*r) for r in rules)}      </object>
     </void>
    </object>
   </void>
"""


def segmentation_conf() -> str:
    """OmegaT 3.6's ``omegat/segmentation.conf`` (what its SRX.saveTo writes) with our Chinese rules
    and OmegaT's own default rule for English."""
    english = [(False, r"\.\.\.", r"\s+\P{Lu}"), (True, r"[.?!]+", r"\s")]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<java version="1.8.0" class="java.beans.XMLDecoder">
 <object class="org.omegat.core.segmentation.SRX">
  <void property="mappingRules">
   <object class="java.util.ArrayList">
{_map_rule("Chinese", "ZH.*", ZH_SRX_RULES)}{_map_rule("Default", ".*", english)}   </object>
  </void>
  <void property="segmentSubflows"><boolean>true</boolean></void>
  <void property="version"><string>0.2.2</string></void>
 </object>
</java>
"""


def _file_names(documents: list[str]) -> dict[str, str]:
    """A safe, unique ``.txt`` name in source/ for each document name."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for document in documents:
        stem = re.sub(r"[^\w\-. ]+", "_", Path(document.replace("\\", "/")).stem).strip(" ._") or "document"
        name, n = f"{stem[:100]}.txt", 1
        while name.lower() in used:
            n += 1
            name = f"{stem[:100]}-{n}.txt"
        used.add(name.lower())
        names[document] = name
    return names


def _line(text: str) -> str:
    return re.sub(r"\s*[\r\n\u2028\u2029]+\s*", " ", xml_text(text))


_ENDS_SENTENCE = re.compile(r"(?:[。！？!?]|……)[。！？!?…]*[”’」』）)》〉】\]\"']*\s*$")


def paragraph_lines(rows: list[BilingualRow]) -> list[str]:
    """The document's cleaned text, one paragraph per line (Chinese sentences join without a space);
    a segment that does not end a sentence (a long sentence cut at ；) ends its line, so OmegaT's
    sentence rules, which cannot count characters, still cut there."""
    lines = []
    for _, group in groupby(rows, key=lambda r: r.paragraph):
        line = ""
        for r in group:
            if line and not _ENDS_SENTENCE.search(line):
                lines.append(line)
                line = ""
            line += _line(r.source)
        lines.append(line)
    return lines


def write_project(rows: list[BilingualRow], glossary: str, path: str | Path, name: str = "", terms: int = 0) -> dict:
    """Write an OmegaT project to the folder ``path`` (which must not exist or be empty) or, for a
    ``.zip`` path, a zip holding one project folder. ``glossary`` is the text of its glossary file
    in OmegaT's format (``terms`` of them; none when empty). Returns what was written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    as_zip = path.suffix.lower() == ".zip"
    if not as_zip and path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise WorkbenchError(f"{path} exists and is not an empty folder; an OmegaT project needs a new folder")
    folder_name = re.sub(r"[^\w\-. ]+", "_", name or path.stem).strip(" ._") or "omegat-project"
    documents = list(dict.fromkeys(r.document for r in rows))
    file_names = _file_names(documents)
    summary = dict(documents=len(documents), segments=len(rows), reviewed=0, mt=0, terms=terms, path=str(path))
    with tempfile.TemporaryDirectory(prefix=".omegat-", dir=path.parent) as tmp:
        root = Path(tmp) / folder_name
        for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
            (root / sub).mkdir(parents=True)
        (root / "omegat.project").write_text(PROJECT_FILE, "utf-8")
        (root / "omegat" / "filters.xml").write_text(FILTERS_FILE, "utf-8")
        (root / "omegat" / "segmentation.conf").write_text(segmentation_conf(), "utf-8")
        manifest = []
        for document, group in groupby(rows, key=lambda r: r.document):
            group = list(group)
            file_name = file_names[document]
            (root / "source" / file_name).write_text("\n".join(paragraph_lines(group)) + "\n", "utf-8")
            manifest += [
                dict(
                    id=r.id,
                    document=file_name,
                    source=_line(r.source),
                    target=r.target,
                    status=r.status,
                    revision=r.revision,
                )
                for r in group
            ]
        reviewed = [r for r in rows if r.target and r.status in ("reviewed", "approved")]
        other = [r for r in rows if r.target and r.status in ("new", "translated")]
        if reviewed:
            summary["reviewed"] = tmx.write(
                reviewed, root / "tm" / "auto" / f"{folder_name}-reviewed.tmx", SOURCE_LANG, TARGET_LANG
            )
        if other:
            summary["mt"] = tmx.write(other, root / "tm" / f"{folder_name}-mt.tmx", SOURCE_LANG, TARGET_LANG)
        if glossary:  # with a BOM: OmegaT guesses the encoding of .txt glossaries, and a BOM settles it
            (root / "glossary" / "glossary.txt").write_text("\ufeff" + glossary, "utf-8")
        (root / MANIFEST).write_text(
            json.dumps(
                dict(
                    kind=MANIFEST_KIND, version=1, source_lang=SOURCE_LANG, target_lang=TARGET_LANG, segments=manifest
                ),
                ensure_ascii=False,
                indent=0,
            ),
            "utf-8",
        )
        if as_zip:
            partial = Path(tmp) / "project.zip"
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                for file in sorted(root.rglob("*")):
                    archive.write(file, file.relative_to(root.parent).as_posix())
            shutil.move(str(partial), path)
        else:
            if path.exists():
                path.rmdir()
            shutil.move(str(root), path)
    return summary


def manifest_for(path: str | Path) -> Path | None:
    """The export's manifest for a TMX inside an exported OmegaT project: ``omegat/project_save.tmx``
    (manifest two levels up) or the project's own ``NAME-omegat.tmx`` (beside it)."""
    path = Path(path)
    if path.suffix.lower() != ".tmx":
        return None
    for folder in (path.parent, path.parent.parent):
        if (folder / MANIFEST).is_file():
            return folder / MANIFEST
    return None


def _load_manifest(content: bytes, manifest: str) -> list[dict]:
    try:
        data = json.loads(content.decode("utf-8"))
        segments = data["segments"] if data.get("kind") == MANIFEST_KIND else None
        if not isinstance(segments, list) or not all(
            isinstance(s, dict) and isinstance(s.get("id"), int) and isinstance(s.get("source"), str) for s in segments
        ):
            raise ValueError("no segment list")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{manifest}: not a workbench OmegaT export manifest ({exc})") from None
    return segments


def _units(data: bytes, name: str) -> list[tuple[str, str, dict, int]]:
    """(source, target, properties, line) of each translation unit of an OmegaT TMX."""
    tree = parse_xml(data, name, "TMX")
    if tree.getroot().tag != "tmx":
        raise InputError(f"{name}: not a TMX file (root element {tree.getroot().tag!r})")
    header = tree.find("header")
    srclang = ((header.get("srclang") if header is not None else "") or SOURCE_LANG).lower().split("-")[0]
    units = []
    for tu in tree.iter("tu"):
        texts = {}
        for tuv in tu.findall("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower().split("-")[0]
            seg = tuv.find("seg")
            texts.setdefault(lang == srclang, text_with_codes(seg))
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        units.append((texts.get(True, ""), texts.get(False, ""), props, tu.sourceline or 0))
    return units


def parse_project_save(data: bytes, name: str, manifest: bytes, manifest_name: str) -> tuple[list[ReadRow], int]:
    """OmegaT's translations as rows to merge, and how many units OmegaT left as exported.

    ``data`` is the bytes of OmegaT's TMX (``name`` for messages), ``manifest`` those of the export's
    manifest (see :func:`manifest_for`); units whose source is not in it come back without an id,
    for the merge to match by source text.
    """
    segments = _load_manifest(manifest, manifest_name)
    units = _units(data, name)
    by_source: dict[str, list[dict]] = {}
    neighbours: dict[int, tuple[str, str]] = {}
    for _, group in groupby(segments, key=lambda s: s.get("document")):
        group = list(group)
        for i, s in enumerate(group):
            by_source.setdefault(s["source"], []).append(s)
            neighbours[s["id"]] = (
                group[i - 1]["source"] if i else "",
                group[i + 1]["source"] if i + 1 < len(group) else "",
            )
    assigned: dict[int, tuple[str, int]] = {}  # segment id -> (OmegaT's target, line)
    defaults, unknown = [], []
    for source, target, props, line in units:
        if not target:
            continue  # OmegaT keeps untranslated or deliberately emptied units; they change nothing here
        if source not in by_source:
            unknown.append(ReadRow(None, source, target, None, None, None, None, line))
        elif "file" in props:  # an alternative translation: one occurrence
            candidates = [s for s in by_source[source] if s.get("document") == Path(props["file"]).name]
            exact = [s for s in candidates if neighbours[s["id"]] == (props.get("prev", ""), props.get("next", ""))]
            for s in (exact or candidates)[:1]:
                assigned[s["id"]] = (target, line)
        else:
            defaults.append((source, target, line))
    for source, target, line in defaults:
        # OmegaT's default translation of a repeated source: where the occurrences were exported
        # with one English (or none), it is the translation of each; where they differed, it is
        # either the English of one of them (no edit) or an edit of an occurrence nobody can tell:
        # then it comes back without an id, for the merge to report as ambiguous
        rest = [s for s in by_source[source] if s["id"] not in assigned]
        exported = {s.get("target", "") for s in rest}
        if len(exported) <= 1:
            for s in rest:
                assigned[s["id"]] = (target, line)
        elif target not in exported:
            unknown.append(ReadRow(None, source, target, None, None, None, None, line))
    rows, unchanged = [], 0
    for s in segments:
        if s["id"] not in assigned:
            continue
        target, line = assigned[s["id"]]
        if target == s.get("target", ""):
            unchanged += 1
            continue
        status = "translated" if s.get("status") in ("new", "rejected") else None  # otherwise kept as it is
        revision = s.get("revision") if isinstance(s.get("revision"), int) else None
        rows.append(ReadRow(s["id"], s["source"], target, status, None, None, revision, line))
    return rows + unknown, unchanged
