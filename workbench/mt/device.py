"""Which device an engine runs on, and at what precision.

``auto`` takes CUDA when the engine's own library sees a device (torch for ``marian``,
CTranslate2 for ``ct2``: they can disagree, e.g. a CPU build of torch next to a CUDA-capable
CTranslate2). On CUDA, ``ct2`` computes in float16 and ``marian`` in half precision; on CPU,
``ct2`` uses int8 and ``marian`` float32. The probes are passed in, so the choice is tested
without a GPU.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import WorkbenchError

Probe = Callable[[], int]  # number of CUDA devices the library sees


def torch_cuda_devices() -> int:
    import torch

    return torch.cuda.device_count() if torch.cuda.is_available() else 0


def ct2_cuda_devices() -> int:
    import ctranslate2

    try:
        return ctranslate2.get_cuda_device_count()
    except RuntimeError:  # a CUDA library is missing: no usable device
        return 0


def choose_device(requested: str, probe: Probe) -> str:
    """``cpu``/``cuda`` for ``requested`` (auto, cpu or cuda) given what the library sees."""
    if requested == "cpu":
        return "cpu"
    count = probe()
    if requested == "cuda" and count == 0:
        raise WorkbenchError("--device cuda: no CUDA device is visible to the MT library on this machine")
    if requested not in ("auto", "cuda"):
        raise WorkbenchError(f"unknown device {requested!r}; choose auto, cpu or cuda")
    return "cuda" if count > 0 else "cpu"


def ct2_compute_type(device: str, quantization: str | None = None) -> str:
    return quantization or ("float16" if device == "cuda" else "int8")


def torch_dtype_name(device: str) -> str:
    return "float16" if device == "cuda" else "float32"
