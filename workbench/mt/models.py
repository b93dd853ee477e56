"""Where models live and how they get there: install from the hub, import a copied folder,
convert for CTranslate2, list.

Models live in one data folder: $WORKBENCH_MODELS, else ``<data dir>/models``. Each model has
a folder named after its id (``Helsinki-NLP--opus-mt-zh-en``) holding ``hf/`` (the
transformers files) and ``ct2-<quantization>/`` (converted copies).

Nothing here reaches the network except ``install_model``. A model that is neither a folder,
nor installed or imported, nor in the Hugging Face cache is reported in one line that says
how to install or import it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ..config import data_dir
from ..errors import WorkbenchError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json", "tokenizer_config.json", "special_tokens_map.json")
QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int16", "float16", "bfloat16", "float32")


def models_dir() -> Path:
    path = Path(os.environ["WORKBENCH_MODELS"]).expanduser() if os.environ.get("WORKBENCH_MODELS") else data_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path


def folder_name(model_id: str) -> str:
    return model_id.strip("/").replace("/", "--")


def missing_model_message(model: str) -> str:
    return (f"model {model} is not installed: run `workbench model install {model}` (needs internet), "
            f"or copy the model folder to this machine and run `workbench model import DIR`")


def is_hf_folder(path: Path) -> bool:
    return (path / "config.json").is_file() and any((path / f).exists() for f in ("model.safetensors", "pytorch_model.bin"))


def is_ct2_folder(path: Path) -> bool:
    return (path / "model.bin").is_file()


def resolve_hf(model: str) -> Path:
    """The local transformers folder for ``model`` (a folder path or a hub id), never downloading."""
    path = Path(model).expanduser()
    if path.is_dir():
        if is_hf_folder(path):
            return path
        if is_hf_folder(path / "hf"):
            return path / "hf"
        raise WorkbenchError(f"{model}: not a transformers model folder (no config.json with weights)")
    for name in (folder_name(model), folder_name(model).split("--")[-1]):
        candidate = models_dir() / name / "hf"
        if is_hf_folder(candidate):
            return candidate
    try:
        from huggingface_hub import snapshot_download

        cached = Path(snapshot_download(model, local_files_only=True))
        if is_hf_folder(cached):
            return cached
    except Exception:
        pass
    raise WorkbenchError(missing_model_message(model))


def resolve_ct2(model: str, quantization: str = "int8") -> Path:
    """The CTranslate2 folder for ``model``: given directly, converted earlier, or converted now."""
    path = Path(model).expanduser()
    if path.is_dir() and is_ct2_folder(path):
        return path
    if path.is_dir() and is_ct2_folder(path / f"ct2-{quantization}"):
        return path / f"ct2-{quantization}"
    hf = resolve_hf(model)
    home = hf.parent if hf.name == "hf" else models_dir() / folder_name(str(hf.resolve()).strip("/"))[-120:]
    target = home / f"ct2-{quantization}"
    if is_ct2_folder(target) and target.stat().st_mtime >= (hf / "config.json").stat().st_mtime:
        return target
    return convert_model(hf, target, quantization)


def convert_model(source: str | Path, output: str | Path, quantization: str = "int8") -> Path:
    """Convert a transformers Marian folder to CTranslate2 and copy the tokenizer files beside it."""
    if quantization not in QUANTIZATIONS:
        raise WorkbenchError(f"unknown quantization {quantization!r}; choose one of {', '.join(QUANTIZATIONS)}")
    source, output = Path(source), Path(output)
    if not is_hf_folder(source):
        raise WorkbenchError(f"{source}: not a transformers model folder (no config.json with weights)")
    try:
        from ctranslate2.converters import TransformersConverter
    except ImportError:
        raise WorkbenchError("CTranslate2 is not installed: pip install -e '.[mt]'") from None
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        TransformersConverter(str(source)).convert(str(partial), quantization=quantization, force=True)
    except Exception as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise WorkbenchError(f"{source}: conversion to CTranslate2 failed ({exc})") from None
    for name in TOKENIZER_FILES + ("generation_config.json",):
        if (source / name).exists():
            shutil.copy2(source / name, partial / name)
    write_target_shortlist(partial)
    (partial / "workbench_source.json").write_text(json.dumps({"source": str(source.resolve()),
                                                               "quantization": quantization}), "utf-8")
    shutil.rmtree(output, ignore_errors=True)
    partial.rename(output)
    return output


def target_pieces(folder: Path) -> list[str]:
    """The vocabulary entries the English side can produce: pieces of ``target.spm`` and ``</s>``/``<unk>``.

    Marian zh-en models join the source and target SentencePiece vocabularies into one
    (65,001 entries for opus-mt-zh-en); the decoder was only ever trained to emit target pieces,
    and the tokenizer decodes only those, so the rest can be left out of the output layer.
    """
    import sentencepiece as spm

    vocab = json.loads((folder / "vocab.json").read_text("utf-8"))
    sp = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
    pieces = {sp.id_to_piece(i) for i in range(sp.get_piece_size())}
    return [t for t, _ in sorted(vocab.items(), key=lambda kv: kv[1]) if t in pieces or t in ("</s>", "<unk>")]


def write_target_shortlist(ct2_folder: Path, pieces: list[str] | None = None) -> int:
    """Write CTranslate2's ``vmap.txt``: a fixed candidate list (empty source key) of target pieces.

    With it the ``ct2`` engine computes the output layer over the target vocabulary only
    (``use_vmap``), which is most of a decoding step's work with a 65k vocabulary.
    """
    if pieces is None:
        if not ((ct2_folder / "target.spm").exists() and (ct2_folder / "vocab.json").exists()):
            return 0
        pieces = target_pieces(ct2_folder)
    pieces = [p for p in pieces if p and " " not in p and "\t" not in p]
    (ct2_folder / "vmap.txt").write_text("\t" + " ".join(pieces) + "\n", "utf-8")
    return len(pieces)


def import_model(folder: str | Path, name: str | None = None) -> Path:
    """Register a copied transformers model folder under ``name`` (default: the folder's name)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise WorkbenchError(f"{folder}: no such folder")
    if not is_hf_folder(folder):
        raise WorkbenchError(f"{folder}: not a transformers model folder (needs config.json and model.safetensors or pytorch_model.bin)")
    missing = [f for f in ("source.spm", "target.spm", "vocab.json") if not (folder / f).exists()]
    if missing:
        raise WorkbenchError(f"{folder}: not a Marian model folder (missing {', '.join(missing)})")
    target = models_dir() / folder_name(name or folder.name) / "hf"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(folder, target)
    return target


def install_model(model_id: str = DEFAULT_MODEL, ct2: str | None = None) -> Path:
    """Download ``model_id`` from the Hugging Face hub (with a progress bar); convert if asked."""
    target = models_dir() / folder_name(model_id) / "hf"
    try:
        from huggingface_hub import snapshot_download
    except ImportError:
        raise WorkbenchError("the MT packages are not installed: pip install -e '.[mt]'") from None
    try:
        snapshot_download(
            model_id, local_dir=str(target),
            allow_patterns=["*.json", "*.spm", "*.safetensors", "pytorch_model.bin", "*.txt"],
        )
    except Exception as exc:
        raise WorkbenchError(f"cannot download {model_id}: {exc.__class__.__name__} (no network? copy the folder "
                             f"and use `workbench model import DIR`)") from None
    if ct2:
        convert_model(target, target.parent / f"ct2-{ct2}", ct2)
    return target


def list_models() -> list[dict]:
    rows = []
    for folder in sorted(p for p in models_dir().iterdir() if p.is_dir()):
        formats = [p.name for p in sorted(folder.iterdir()) if is_hf_folder(p) or is_ct2_folder(p)]
        if formats:
            size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            rows.append(dict(name=folder.name.replace("--", "/"), path=str(folder), formats=formats, megabytes=round(size / 1e6, 1)))
    return rows
