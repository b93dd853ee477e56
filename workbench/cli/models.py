"""``workbench model ...``: MT models installed, imported and converted."""

from __future__ import annotations

from pathlib import Path

import click

from .. import service


@click.group("model")
def model_group():
    """Install, import, convert and list translation models (kept in $WORKBENCH_MODELS or <data dir>/models)."""


@model_group.command("install")
@click.argument("model_id", required=False, default=service.DEFAULT_MODEL)
@click.option("--ct2", "ct2", default=None, metavar="QUANTIZATION", help="Also convert for CTranslate2 (e.g. int8).")
def model_install_cmd(model_id, ct2):
    """Download MODEL_ID from the Hugging Face hub (default Helsinki-NLP/opus-mt-zh-en; NLLB-200, M2M100
    and mBART-50 models too, for --engine hf)."""
    path = service.install_model(model_id, ct2)
    click.echo(f"installed {model_id} in {path.parent}")


@model_group.command("import")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option(
    "--name",
    default=None,
    help="Name to register it under (default: the folder's name), e.g. Helsinki-NLP/opus-mt-zh-en.",
)
def model_import_cmd(folder, name):
    """Register a copied transformers model FOLDER: config.json, weights and the tokenizer files
    (Marian: source.spm, target.spm, vocab.json; NLLB-200, mBART-50: tokenizer.json or
    sentencepiece.bpe.model; M2M100: vocab.json and sentencepiece.bpe.model)."""
    click.echo(f"imported {folder} as {service.import_model(folder, name)}")


@model_group.command("convert")
@click.argument("source", type=click.Path(path_type=Path))
@click.argument("output", type=click.Path(path_type=Path))
@click.option(
    "--quantization", "-q", default="int8", show_default=True, help="int8, int8_float32, int16, float16, float32..."
)
def model_convert_cmd(source, output, quantization):
    """Convert a transformers Marian, NLLB-200, M2M100 or mBART-50 folder SOURCE to a CTranslate2 folder OUTPUT."""
    service.convert_model(source, output, quantization)
    click.echo(f"converted {source} to {output} ({quantization})")


@model_group.command("list")
def model_list_cmd():
    """List installed and imported models with their formats."""
    folder, rows = service.models_folder(), [r for r in service.installed_models() if r["installed"]]
    if not rows:
        click.echo(f"no models in {folder} (see `workbench model install --help`)")
    for row in rows:
        click.echo(f"{row['name']}\t{', '.join(row['formats'])}\t{row['megabytes']} MB\t{row['path']}")
