"""Build Marian models with random weights: a tiny one for tests, and one with the exact
opus-mt-zh-en architecture for the speed benchmark.

Both go through the same files as the real model (two SentencePiece models, ``vocab.json``,
``config.json``, weights, generation config), so loading, both engines and conversion run the
real code path. Their output is noise: the benchmark fixes the output length.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from ..config import sample_report

#: The Helsinki-NLP/opus-mt-zh-en architecture.
OPUS_MT_ZH_EN = dict(
    vocab_size=65001,
    d_model=512,
    encoder_layers=6,
    decoder_layers=6,
    encoder_attention_heads=8,
    decoder_attention_heads=8,
    encoder_ffn_dim=2048,
    decoder_ffn_dim=2048,
    max_position_embeddings=512,
)
TINY = dict(
    vocab_size=None,
    d_model=32,
    encoder_layers=2,
    decoder_layers=2,
    encoder_attention_heads=2,
    decoder_attention_heads=2,
    encoder_ffn_dim=64,
    decoder_ffn_dim=64,
    max_position_embeddings=512,
)

ENGLISH_TEXT = """Strengthen the building of community-level organizations and promote social harmony and stability.
The village Party branch and the villagers' committee work together under the leadership of the Party.
Village affairs are made public, and major matters are decided by the villagers' assembly.
Grid-based management covers every street, community and village in the district.
The one-project-one-discussion system lets villagers decide public welfare projects themselves.
Party organizations in new economic and social organizations have been set up across the district.
Community workers are trained regularly to improve their ability to serve residents.
We will improve the system of self-education, self-service and self-management.
The district has 269 villages and 98 communities, and the coverage rate reached 100 percent.
Conflicts and disputes are resolved at the grassroots level, in the community and at an early stage."""


def _train_spm(text: str, prefix: Path, vocab_size: int) -> None:
    import sentencepiece as spm

    corpus = prefix.with_suffix(".txt")
    corpus.write_text(text, "utf-8")
    spm.SentencePieceTrainer.train(
        input=str(corpus),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        pad_id=-1,
        bos_id=-1,
        eos_id=1,
        unk_id=0,
        minloglevel=2,
    )


def _glossary_english() -> str:
    """The English renderings of the bundled glossary, so a tiny model can spell every term."""
    from ..glossary import bundled_terms

    return "\n".join(" ".join((t.en,) + t.variants + t.forbidden) for t in bundled_terms())


def write_tokenizer_files(folder: Path, total_vocab: int | None = None) -> dict[str, int]:
    """Train source/target SentencePiece models and write vocab.json in Marian's layout.

    ``</s>`` is 0, ``<unk>`` 1, the pieces of both models follow, then filler pieces up to
    ``total_vocab`` if given, and ``<pad>`` is last (as in opus-mt: pad 65000 of 65001).
    opus-mt-zh-en joins a ~32k source and a ~32k target SentencePiece vocabulary; the fillers
    mirror that: the first half stand for source pieces (``▁src…``), the rest for target pieces
    (``▁tgt…``).
    """
    folder.mkdir(parents=True, exist_ok=True)
    import sentencepiece as spm

    chinese = sample_report().read_text("utf-8")
    english = ENGLISH_TEXT * 3 + "\n" + _glossary_english()
    with tempfile.TemporaryDirectory() as tmp:
        # every character of the sample and of the glossary's English gets a piece, so nothing is <unk>
        for lang, text, name, size in (("zh", chinese, "source.spm", 1000), ("en", english, "target.spm", 800)):
            _train_spm(text, Path(tmp) / lang, size)
            (folder / name).write_bytes((Path(tmp) / f"{lang}.model").read_bytes())
    vocab = {"</s>": 0, "<unk>": 1}
    for name in ("source.spm", "target.spm"):
        sp = spm.SentencePieceProcessor(model_file=str(folder / name))
        for i in range(sp.get_piece_size()):
            if not (sp.is_control(i) or sp.is_unknown(i)):
                vocab.setdefault(sp.id_to_piece(i), len(vocab))
    if total_vocab:
        missing = total_vocab - 1 - len(vocab)
        for filler in range(max(0, missing)):
            side = "src" if filler < missing // 2 else "tgt"
            vocab[f"\u2581{side}{filler}"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
    return vocab


def build_random_marian(
    folder: str | Path, architecture: dict = TINY, seed: int = 0, num_beams: int = 4, max_length: int = 64
) -> Path:
    """Write a random-weight MarianMTModel with its tokenizer to ``folder`` and return it."""
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    folder = Path(folder)
    arch = dict(architecture)
    total = arch.pop("vocab_size")
    vocab = write_tokenizer_files(folder, total_vocab=total)
    tokenizer = MarianTokenizer(
        source_spm=str(folder / "source.spm"),
        target_spm=str(folder / "target.spm"),
        vocab=str(folder / "vocab.json"),
        source_lang="zh",
        target_lang="en",
        model_max_length=512,
    )
    pad, eos = vocab["<pad>"], vocab["</s>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        pad_token_id=pad,
        eos_token_id=eos,
        decoder_start_token_id=pad,
        forced_eos_token_id=eos,
        activation_function="swish",
        scale_embedding=True,
        static_position_embeddings=True,
        share_encoder_decoder_embeddings=True,
        **arch,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.generation_config = GenerationConfig(
        num_beams=num_beams,
        max_length=max_length,
        bad_words_ids=[[pad]],
        forced_eos_token_id=eos,
        decoder_start_token_id=pad,
        pad_token_id=pad,
        eos_token_id=eos,
    )
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder
