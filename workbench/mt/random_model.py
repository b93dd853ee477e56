"""Build seq2seq models with random weights: a tiny Marian one for tests, one with the exact
opus-mt-zh-en architecture for the speed benchmark, and tiny (or small) NLLB-200, M2M100 and
mBART-50 ones for the ``hf`` engine.

All go through the same files as the real models (Marian: two SentencePiece models,
``vocab.json``; NLLB, M2M100 and mBART-50: one shared ``sentencepiece.bpe.model`` and that
family's tokenizer with its language codes; then ``config.json``, weights, generation config),
so loading, the engines and conversion run the real code path. Their output is noise: the
benchmark fixes the output length.
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


#: The families :func:`build_random_seq2seq` builds (see :mod:`workbench.mt.hf` for their language codes).
SEQ2SEQ_FAMILIES = ("nllb", "m2m100", "mbart50")
#: A small model of the NLLB-200 kind for the ``hf`` speed benchmark: NLLB's layout (M2M100
#: architecture, pre-norm, ReLU, scaled embeddings, sinusoidal positions, shared 32k-entry output
#: layer: NLLB-200 has 256k) at a size that decodes on 2 CPU cores in seconds. NLLB-200-distilled-600M
#: is d_model 1024, 12+12 layers, 16 heads, FFN 4096.
NLLB_SMALL = dict(
    vocab_size=32000,
    d_model=256,
    encoder_layers=3,
    decoder_layers=3,
    encoder_attention_heads=4,
    decoder_attention_heads=4,
    encoder_ffn_dim=1024,
    decoder_ffn_dim=1024,
    max_position_embeddings=512,
)


def write_shared_spm(folder: Path, vocab_size: int = 1500) -> Path:
    """One SentencePiece BPE model for both sides (as NLLB, M2M100 and mBART-50 have), trained on the
    sample report and the English of :data:`ENGLISH_TEXT` and the glossary: every character the tests
    translate or require has a piece. Written as ``sentencepiece.bpe.model``."""
    import sentencepiece as spm

    folder.mkdir(parents=True, exist_ok=True)
    text = sample_report().read_text("utf-8") + "\n" + ENGLISH_TEXT * 3 + "\n" + _glossary_english()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "joint.txt"
        corpus.write_text(text, "utf-8")
        spm.SentencePieceTrainer.train(
            input=str(corpus),
            model_prefix=str(Path(tmp) / "joint"),
            vocab_size=vocab_size,
            model_type="bpe",
            character_coverage=1.0,
            hard_vocab_limit=False,
            minloglevel=2,
        )
        target = folder / "sentencepiece.bpe.model"
        target.write_bytes((Path(tmp) / "joint.model").read_bytes())
    return target


def _family_tokenizer(family: str, folder: Path):
    """The family's own tokenizer class on the shared SentencePiece model, with its language codes."""
    import sentencepiece as spm

    spm_file = write_shared_spm(folder)
    if family == "nllb":
        from transformers import NllbTokenizer
        from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES

        return NllbTokenizer.from_pretrained(
            str(folder), src_lang="zho_Hans", tgt_lang="eng_Latn", extra_special_tokens=list(FAIRSEQ_LANGUAGE_CODES)
        )
    if family == "mbart50":
        from transformers import MBart50Tokenizer

        return MBart50Tokenizer.from_pretrained(str(folder), src_lang="zh_CN", tgt_lang="en_XX")
    if family == "m2m100":
        from transformers import M2M100Tokenizer

        # fairseq's dictionary layout: <s> <pad> </s> <unk>, then the pieces; language codes follow
        vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
        sp = spm.SentencePieceProcessor(model_file=str(spm_file))
        for i in range(sp.get_piece_size()):
            if not (sp.is_control(i) or sp.is_unknown(i)):
                vocab.setdefault(sp.id_to_piece(i), len(vocab))
        (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), "utf-8")
        return M2M100Tokenizer(
            vocab_file=str(folder / "vocab.json"), spm_file=str(spm_file), src_lang="zh", tgt_lang="en"
        )
    raise ValueError(f"unknown family {family!r}; choose one of {', '.join(SEQ2SEQ_FAMILIES)}")


def build_random_seq2seq(
    folder: str | Path,
    family: str,
    architecture: dict = TINY,
    seed: int = 0,
    num_beams: int = 2,
    max_length: int = 24,
) -> Path:
    """Write a random-weight NLLB-200 (``nllb``), M2M100 (``m2m100``) or mBART-50 (``mbart50``) model
    with its tokenizer to ``folder`` and return it. ``architecture``'s ``vocab_size`` None: the
    tokenizer's size; larger: the output layer has that many entries (ids past the tokenizer are unused)."""
    import torch
    from transformers import GenerationConfig

    folder = Path(folder)
    tokenizer = _family_tokenizer(family, folder)
    arch = dict(architecture)
    # M2M100's language codes sit past its dictionary and are not counted in len(tokenizer)
    ids = [*tokenizer.get_vocab().values(), *getattr(tokenizer, "lang_code_to_id", {}).values()]
    size = max(len(tokenizer), max(ids) + 1, arch.pop("vocab_size") or 0)
    pad, eos, bos = tokenizer.pad_token_id, tokenizer.eos_token_id, tokenizer.bos_token_id
    common = dict(
        vocab_size=size,
        pad_token_id=pad,
        eos_token_id=eos,
        bos_token_id=bos,
        decoder_start_token_id=eos,  # fairseq models start the decoder with </s>
        scale_embedding=True,
        dropout=0.0,
        **arch,
    )
    torch.manual_seed(seed)
    if family == "mbart50":
        from transformers import MBartConfig, MBartForConditionalGeneration

        model = MBartForConditionalGeneration(MBartConfig(**common, tokenizer_class="MBart50Tokenizer"))
    else:
        from transformers import M2M100Config, M2M100ForConditionalGeneration

        tokenizer_class = "NllbTokenizer" if family == "nllb" else "M2M100Tokenizer"
        model = M2M100ForConditionalGeneration(M2M100Config(**common, tokenizer_class=tokenizer_class))
    model.generation_config = GenerationConfig(
        num_beams=num_beams,
        max_length=max_length,
        decoder_start_token_id=eos,
        pad_token_id=pad,
        eos_token_id=eos,
        bos_token_id=bos,
    )
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder
