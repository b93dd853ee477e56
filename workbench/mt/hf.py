"""The ``hf`` engine: any transformers ``AutoModelForSeq2SeqLM`` with its ``AutoTokenizer``.

Marian (opus-mt), NLLB-200, M2M100 and mBART-50 models load the same way; what differs is how
each names Chinese and English:

==========  ===============  ================  ======================================
family      source language  target language  how the target language is chosen
==========  ===============  ================  ======================================
nllb        ``zho_Hans``     ``eng_Latn``      ``forced_bos_token_id`` = id of eng_Latn
m2m100      ``zh``           ``en``            ``forced_bos_token_id`` = id of ``__en__``
mbart50     ``zh_CN``        ``en_XX``         ``forced_bos_token_id`` = id of en_XX
marian      (one pair)       (one pair)        nothing: the model is zh-en
==========  ===============  ================  ======================================

The family is told by the tokenizer's class (NLLB models are ``m2m_100`` models with an NLLB
tokenizer). Batching, the translation cache, resume and glossary enforcement are the marian
engine's: the term constraints (:mod:`workbench.mt.constraints`) work on token ids, and the
forced language token is one more position before the words (``prompt_length`` 2).
"""

from __future__ import annotations

from transformers import LogitsProcessor

from ..errors import WorkbenchError
from .device import Probe, choose_device, torch_cuda_devices, torch_dtype_name
from .engine import file_fingerprint, tokenizer_limit
from .marian import MarianEngine, _weights_signature
from .models import DEFAULT_MODEL, model_family, resolve_hf

#: family -> (source language code, target language code) for Chinese into English
LANGUAGE_CODES = {
    "nllb": ("zho_Hans", "eng_Latn"),
    "m2m100": ("zh", "en"),
    "mbart50": ("zh_CN", "en_XX"),
}
FAMILIES = ("marian", *LANGUAGE_CODES)
SIGNATURE_FILES = (
    "config.json",
    "model.safetensors",
    "pytorch_model.bin",
    "vocab.json",
    "tokenizer.json",
    "sentencepiece.bpe.model",
    "source.spm",
    "target.spm",
)


class NoLanguageCodes(LogitsProcessor):
    """A logits processor: no language code after the forced target-language token (a translation into
    English has none; tiny random models would otherwise repeat the code)."""

    def __init__(self, ids: list[int], prompt_length: int):
        self.ids, self.prompt_length = ids, prompt_length

    def __call__(self, input_ids, scores):
        if self.ids and input_ids.shape[1] >= self.prompt_length:
            scores[:, self.ids] = -float("inf")
        return scores


class HFEngine(MarianEngine):
    name = "hf"

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        device: str = "auto",
        threads: int | None = None,
        probe: Probe = torch_cuda_devices,
        source_lang: str | None = None,
        target_lang: str | None = None,
    ):
        """``source_lang``/``target_lang``: the family's codes unless given (see the module docstring)."""
        folder = resolve_hf(model)
        try:
            import torch
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError:
            raise WorkbenchError("the MT packages are not installed: pip install -e '.[mt]'") from None
        if threads:
            torch.set_num_threads(threads)
        device = choose_device(device, probe)
        self.model, self.device, self.folder = model, device, folder
        self.dtype = torch_dtype_name(device)
        self._torch = torch
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(str(folder))
            network = AutoModelForSeq2SeqLM.from_pretrained(str(folder))
        except (OSError, ValueError, KeyError) as exc:
            raise WorkbenchError(f"{folder}: cannot load it as a transformers seq2seq model ({exc})") from None
        self.network = network.to(device, getattr(torch, self.dtype)).eval()
        self.generation = self.network.generation_config
        self.family = model_family(self.tokenizer, self.network.config)
        codes = LANGUAGE_CODES.get(self.family, (None, None))
        self.source_lang, self.target_lang = source_lang or codes[0], target_lang or codes[1]
        self.forced_bos_token_id = None
        if self.source_lang:
            self.tokenizer.src_lang = self.source_lang  # NLLB, M2M100, mBART-50: the language token of the source
        if self.target_lang:
            self.tokenizer.tgt_lang = self.target_lang
            self.forced_bos_token_id = self._language_id(self.target_lang)
            self.prompt_length = 2  # decoder start token, then the target language
        self._signature = _weights_signature(folder, SIGNATURE_FILES)
        positions = getattr(self.network.config, "max_position_embeddings", None) or 512
        self.max_input_tokens = min(tokenizer_limit(self.tokenizer), int(positions))
        # ids never shown in a translation: special tokens and every language code
        self._hidden = set(self.tokenizer.all_special_ids)
        #: every language code's id: after the forced one, none is generated (nor shown)
        self._codes = set(getattr(self.tokenizer, "lang_code_to_id", {}).values()) | {
            i
            for token in getattr(self.tokenizer, "extra_special_tokens", None) or ()
            if isinstance(token, str) and (i := self.tokenizer.convert_tokens_to_ids(token)) is not None
        }
        if self.forced_bos_token_id is not None:
            self._codes.add(self.forced_bos_token_id)
        self._codes -= {self.tokenizer.eos_token_id, self.tokenizer.pad_token_id, self.tokenizer.unk_token_id}
        self._hidden |= self._codes

    def _language_id(self, code: str) -> int:
        if self.family == "m2m100" and hasattr(self.tokenizer, "get_lang_id"):
            try:
                return int(self.tokenizer.get_lang_id(code))
            except KeyError:
                pass
        else:
            token_id = self.tokenizer.convert_tokens_to_ids(code)
            if token_id is not None and token_id != self.tokenizer.unk_token_id:
                return int(token_id)
        raise WorkbenchError(f"{self.folder}: the {self.family} tokenizer has no language code {code!r}")

    def fingerprint(self) -> str:
        extra = () if self.dtype == "float32" else (self.dtype,)
        return file_fingerprint("hf", self.family, str(self.target_lang), self._signature, *extra)

    def generate_options(self) -> dict:
        if self.forced_bos_token_id is None:
            return {}
        return {
            "forced_bos_token_id": self.forced_bos_token_id,
            "logits_processor": [NoLanguageCodes(sorted(self._codes), self.prompt_length)],
        }

    def decode(self, output) -> list[str]:
        rows = [[t for t in row if t not in self._hidden] for row in output.tolist()]
        return [text.strip() for text in self.tokenizer.batch_decode(rows, skip_special_tokens=True)]
