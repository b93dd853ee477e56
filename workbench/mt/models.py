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

import hashlib
import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from ..config import data_dir
from ..errors import WorkbenchError

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-zh-en"
TOKENIZER_FILES = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    # NLLB-200, M2M100 and mBART-50 tokenizers
    "tokenizer.json",
    "sentencepiece.bpe.model",
    "sentencepiece.model",
    "added_tokens.json",
)
QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "int16", "float16", "bfloat16", "float32")


def models_dir() -> Path:
    path = (
        Path(os.environ["WORKBENCH_MODELS"]).expanduser()
        if os.environ.get("WORKBENCH_MODELS")
        else data_dir() / "models"
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def folder_name(model_id: str) -> str:
    return model_id.strip("/").replace("/", "--")


def missing_model_message(model: str) -> str:
    return (
        f"model {model} is not installed: run `workbench model install {model}` (needs internet), "
        f"or copy the model folder to this machine and run `workbench model import DIR`"
    )


def is_hf_folder(path: Path) -> bool:
    return (path / "config.json").is_file() and any(
        (path / f).exists() for f in ("model.safetensors", "pytorch_model.bin")
    )


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
    """Convert a transformers Marian, NLLB-200, M2M100 or mBART-50 folder to CTranslate2 and copy the
    tokenizer files beside it; the family (:func:`workbench.mt.hf.model_family`) is recorded in
    ``workbench_source.json`` for the ``ct2`` engine. The target shortlist (``vmap.txt``) is written
    for Marian models only (the others have one vocabulary for all their languages)."""
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
    family = source_family(source)
    try:
        with _ct2_loaders():
            TransformersConverter(str(source)).convert(str(partial), quantization=quantization, force=True)
    except Exception as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise WorkbenchError(f"{source}: conversion to CTranslate2 failed ({exc})") from None
    for name in TOKENIZER_FILES + ("generation_config.json",):
        if (source / name).exists():
            shutil.copy2(source / name, partial / name)
    write_target_shortlist(partial)
    (partial / "workbench_source.json").write_text(
        json.dumps({"source": str(source.resolve()), "quantization": quantization, "family": family}), "utf-8"
    )
    shutil.rmtree(output, ignore_errors=True)
    partial.rename(output)
    return output


def source_family(source: Path) -> str:
    """The family of a transformers folder (``marian``, ``nllb``, ``m2m100``, ``mbart50``, else its model type)."""
    if (source / "source.spm").exists() and (source / "target.spm").exists():
        return "marian"
    try:
        from transformers import AutoConfig, AutoTokenizer

        return model_family(AutoTokenizer.from_pretrained(str(source)), AutoConfig.from_pretrained(str(source)))
    except (OSError, ValueError, KeyError) as exc:
        raise WorkbenchError(f"{source}: cannot load its tokenizer ({exc})") from None


@contextmanager
def _ct2_loaders():
    """Two fixes to CTranslate2's converters for the transformers installed here, while converting.

    M2M100: the loader takes the vocabulary from ``get_vocab()`` plus the additional special tokens;
    the M2M100 tokenizer of transformers 5 lists its language codes (ids past its dictionary) in
    neither, so the vocabulary comes out short. It is built by id instead: the dictionary, the
    language codes, then ``madeupwordN`` up to the model's size.

    mBART: the loader reads ``normalize_before``, which only hub configs written by fairseq carry;
    mBART is a pre-norm model with a layer norm on the embeddings, so those are the defaults; and
    a tokenizer without a ``bos_token`` gets ``<s>`` (CTranslate2 needs one; mBART never decodes it).
    """
    from ctranslate2.converters import transformers as ct2t

    loaders = ct2t._MODEL_LOADERS
    saved = {name: loaders.get(name) for name in ("M2M100Config", "MBartConfig")}
    if saved["M2M100Config"] is not None:

        class M2M100ById(type(saved["M2M100Config"])):
            def get_vocabulary(self, model, tokenizer):
                if type(tokenizer).__name__ != "M2M100Tokenizer":
                    return super().get_vocabulary(model, tokenizer)
                by_id = {i: t for t, i in tokenizer.get_vocab().items()}
                codes = sorted(getattr(tokenizer, "lang_code_to_id", {}).values())
                by_id.update(zip(codes, tokenizer.convert_ids_to_tokens(codes), strict=True))
                size = max(int(model.config.vocab_size), max(by_id) + 1)
                return [by_id.get(i, f"madeupword{i}") for i in range(size)]

        loaders["M2M100Config"] = M2M100ById()
    if saved["MBartConfig"] is not None:

        class MBartPreNorm(type(saved["MBartConfig"])):
            def get_model_spec(self, model):
                for name in ("normalize_before", "normalize_embedding"):
                    if not hasattr(model.config, name):
                        setattr(model.config, name, True)
                return super().get_model_spec(model)

            def set_config(self, config, model, tokenizer):
                super().set_config(config, model, tokenizer)
                if config.bos_token is None:
                    config.bos_token = "<s>" if "<s>" in tokenizer.get_vocab() else tokenizer.eos_token

        loaders["MBartConfig"] = MBartPreNorm()
    try:
        yield
    finally:
        for name, loader in saved.items():
            if loader is not None:
                loaders[name] = loader


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


#: config.json model types the engines read: Marian (marian, ct2, hf engines), NLLB-200 and M2M100
#: (m2m_100) and mBART-50 (mbart) with the hf and ct2 engines
MODEL_TYPES = {"marian": "Marian", "m2m_100": "NLLB-200/M2M100", "mbart": "mBART-50"}


def model_type(folder: Path) -> str | None:
    try:
        return json.loads((folder / "config.json").read_text("utf-8")).get("model_type")
    except (OSError, ValueError, AttributeError):
        return None


def check_tokenizer_files(folder: Path) -> str:
    """The folder's model type, when its tokenizer files are there; WorkbenchError naming what is missing.

    Marian needs ``source.spm``, ``target.spm`` and ``vocab.json``; NLLB-200 and mBART-50 a
    ``tokenizer.json`` or ``sentencepiece.bpe.model``; M2M100 ``vocab.json`` and ``sentencepiece.bpe.model``."""
    kind = model_type(folder) or "marian"
    if kind == "marian":
        missing = [f for f in ("source.spm", "target.spm", "vocab.json") if not (folder / f).exists()]
        if missing:
            raise WorkbenchError(f"{folder}: not a Marian model folder (missing {', '.join(missing)})")
        return kind
    if kind not in MODEL_TYPES:
        raise WorkbenchError(
            f"{folder}: model type {kind!r} is not one the engines read (Marian, NLLB-200, M2M100, mBART-50)"
        )
    if not any((folder / f).exists() for f in ("tokenizer.json", "sentencepiece.bpe.model")):
        raise WorkbenchError(
            f"{folder}: a {MODEL_TYPES[kind]} folder needs its tokenizer (tokenizer.json or sentencepiece.bpe.model)"
        )
    try:
        tokenizer_class = json.loads((folder / "tokenizer_config.json").read_text("utf-8")).get("tokenizer_class")
    except (OSError, ValueError, AttributeError):
        tokenizer_class = None
    missing = [f for f in ("vocab.json", "sentencepiece.bpe.model") if not (folder / f).exists()]
    if tokenizer_class == "M2M100Tokenizer" and missing:
        raise WorkbenchError(
            f"{folder}: an M2M100 folder needs vocab.json and sentencepiece.bpe.model (missing {', '.join(missing)})"
        )
    return kind


def import_model(folder: str | Path, name: str | None = None) -> Path:
    """Register a copied transformers model folder under ``name`` (default: the folder's name): a
    Marian, NLLB-200, M2M100 or mBART-50 model with its tokenizer files (see :func:`check_tokenizer_files`)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise WorkbenchError(f"{folder}: no such folder")
    if not is_hf_folder(folder):
        raise WorkbenchError(
            f"{folder}: not a transformers model folder (needs config.json and model.safetensors or pytorch_model.bin)"
        )
    check_tokenizer_files(folder)
    target = models_dir() / folder_name(name or folder.name) / "hf"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(folder, target)
    return target


def hub_endpoint() -> str:
    """The model hub's address: $HF_ENDPOINT (a mirror, or a local stand-in in tests) or huggingface.co."""
    return os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the model hub answers at all (a quick check before offering to install)."""
    import urllib.error
    import urllib.request

    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return False
    try:
        urllib.request.urlopen(urllib.request.Request(hub_endpoint(), method="HEAD"), timeout=timeout).close()
        return True
    except urllib.error.HTTPError:  # it answered, even if not with 200
        return True
    except (OSError, ValueError):
        return False


def offline_message(model: str) -> str:
    return (
        f"model {model} is not installed and the model hub ({hub_endpoint()}) cannot be reached: copy the model "
        f"folder from a machine that has it and run `workbench model import DIR --name {model}`"
    )


def _git_blob_sha1(path: Path) -> str:
    digest = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


#: Marian: *.spm and vocab.json; NLLB-200, M2M100, mBART-50: sentencepiece.bpe.model and tokenizer.json
INSTALL_PATTERNS = ("*.json", "*.spm", "sentencepiece.bpe.model", "*.safetensors", "pytorch_model.bin", "*.txt")
PARTIAL = ".partial"


def _hub_files(model_id: str) -> list[dict]:
    """The model's files on the hub with size and checksum (SHA-256 of a large file, git blob SHA-1 of a small one)."""
    import fnmatch

    from huggingface_hub import HfApi

    entries = HfApi(endpoint=hub_endpoint()).list_repo_tree(model_id, recursive=True)
    files = []
    for e in entries:
        if getattr(e, "size", None) is None or not any(fnmatch.fnmatch(e.path, p) for p in INSTALL_PATTERNS):
            continue
        lfs = getattr(e, "lfs", None)
        files.append({"path": e.path, "size": e.size, "sha256": lfs.sha256 if lfs else None, "sha1": e.blob_id})
    if any(f["path"] == "model.safetensors" for f in files):  # the same weights twice (NLLB-200 has both)
        files = [f for f in files if f["path"] != "pytorch_model.bin"]
    return files


def _download(url: str, partial: Path, size: int, bar) -> None:
    """Fetch ``url`` into ``partial``, continuing from what an earlier, interrupted run left there."""
    import http.client
    import urllib.request

    have = partial.stat().st_size if partial.exists() else 0
    if have >= size:
        return
    request = urllib.request.Request(url, headers={"Range": f"bytes={have}-"} if have else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            mode = "ab" if response.status == 206 else "wb"  # a server that ignores Range sends it all again
            if mode == "wb":
                bar.update(-have)
            with partial.open(mode) as out:
                for chunk in iter(lambda: response.read(1 << 16), b""):
                    out.write(chunk)
                    bar.update(len(chunk))
        if partial.stat().st_size < size:  # the connection ended early without an error
            raise http.client.IncompleteRead(b"", size - partial.stat().st_size)
    except (OSError, http.client.HTTPException) as exc:
        done = partial.stat().st_size if partial.exists() else 0
        raise WorkbenchError(
            f"the download of {partial.name[: -len(PARTIAL)]} was interrupted after {done / 1e6:.1f} of "
            f"{size / 1e6:.1f} MB ({exc.__class__.__name__}); run the same command again to "
            f"continue where it stopped"
        ) from None


def install_model(model_id: str = DEFAULT_MODEL, ct2: str | None = None) -> Path:
    """Download ``model_id`` from the Hugging Face hub (with a progress bar); convert if asked.

    Each file goes to ``NAME.partial`` first: an interrupted download continues from there on
    the next run (an HTTP range request) instead of starting again. Each file is checked
    against the hub's checksum before it takes its name; a damaged one is removed and reported.
    (The hub client's own ``snapshot_download`` checks sizes only and starts over after a failure.)
    """
    target = models_dir() / folder_name(model_id) / "hf"
    try:
        from huggingface_hub import hf_hub_url
        from tqdm import tqdm
    except ImportError:
        raise WorkbenchError("the MT packages are not installed: pip install -e '.[mt]'") from None
    try:
        files = _hub_files(model_id)
    except Exception as exc:
        raise WorkbenchError(
            f"cannot download {model_id}: {exc.__class__.__name__} (no network? copy the folder "
            f"and use `workbench model import DIR`)"
        ) from None
    if not files:
        raise WorkbenchError(f"{model_id}: the hub lists no model files for it")
    target.mkdir(parents=True, exist_ok=True)
    todo = [f for f in files if not (target / f["path"]).is_file() or (target / f["path"]).stat().st_size != f["size"]]
    with tqdm(
        total=sum(f["size"] for f in todo), unit="B", unit_scale=True, desc=f"downloading {model_id}", disable=None
    ) as bar:
        for f in todo:
            final = target / f["path"]
            final.parent.mkdir(parents=True, exist_ok=True)
            partial = final.with_name(final.name + PARTIAL)
            bar.update(partial.stat().st_size if partial.exists() else 0)
            _download(hf_hub_url(model_id, f["path"], endpoint=hub_endpoint()), partial, f["size"], bar)
            actual = _sha256(partial) if f["sha256"] else _git_blob_sha1(partial)
            if actual != (f["sha256"] or f["sha1"]):
                partial.unlink()
                raise WorkbenchError(
                    f"{model_id}: {f['path']} arrived damaged (checksum mismatch) and was removed; "
                    f"run `workbench model install {model_id}` again to download it again"
                )
            os.replace(partial, final)
    if not is_hf_folder(target):
        raise WorkbenchError(f"{model_id}: the download has no config.json with weights; is it a transformers model?")
    check_tokenizer_files(target)
    if ct2:
        convert_model(target, target.parent / f"ct2-{ct2}", ct2)
    return target


def list_models() -> list[dict]:
    rows = []
    for folder in sorted(p for p in models_dir().iterdir() if p.is_dir()):
        formats = [p.name for p in sorted(folder.iterdir()) if is_hf_folder(p) or is_ct2_folder(p)]
        if formats:
            size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
            rows.append(
                dict(
                    name=folder.name.replace("--", "/"),
                    path=str(folder),
                    formats=formats,
                    megabytes=round(size / 1e6, 1),
                )
            )
    return rows


def model_family(tokenizer, config) -> str:
    """``nllb``, ``m2m100``, ``mbart50`` or ``marian`` (else the config's model type: no language codes)."""
    name = type(tokenizer).__name__
    if name.startswith("Nllb"):
        return "nllb"
    if name.startswith("M2M100"):
        return "m2m100"
    if name.startswith("MBart50") or (config.model_type == "mbart" and "en_XX" in tokenizer.get_vocab()):
        return "mbart50"
    return str(config.model_type)
