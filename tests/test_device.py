"""Device choice: CUDA when the engine's library sees a device, float16 in CTranslate2 and half
precision in transformers there, the CPU defaults otherwise. The probe is injected: this
machine has no GPU, so the choice is tested, not the speed."""

import pytest

from workbench.errors import WorkbenchError
from workbench.mt.ct2 import CT2Engine
from workbench.mt.device import choose_device, ct2_compute_type, torch_dtype_name
from workbench.mt.marian import MarianEngine
from workbench.mt.models import models_dir


def no_probe():
    raise AssertionError("the probe must not be asked when the device is given")


def test_choice_follows_what_the_library_sees():
    assert choose_device("auto", lambda: 0) == "cpu"
    assert choose_device("auto", lambda: 2) == "cuda"
    assert choose_device("cuda", lambda: 1) == "cuda"
    assert choose_device("cpu", no_probe) == "cpu"
    with pytest.raises(WorkbenchError, match="no CUDA device"):
        choose_device("cuda", lambda: 0)
    assert (ct2_compute_type("cuda"), ct2_compute_type("cpu"), ct2_compute_type("cuda", "int8_float16")) == (
        "float16",
        "int8",
        "int8_float16",
    )
    assert (torch_dtype_name("cuda"), torch_dtype_name("cpu")) == ("float16", "float32")


def test_engines_on_a_machine_without_a_device(tiny_model):
    marian = MarianEngine(str(tiny_model), probe=lambda: 0)
    assert (marian.device, marian.dtype, str(next(marian.network.parameters()).dtype)) == (
        "cpu",
        "float32",
        "torch.float32",
    )
    ct2 = CT2Engine(str(tiny_model), probe=lambda: 0)
    assert (ct2.device, ct2.quantization, ct2.folder.name) == ("cpu", "int8", "ct2-int8")


def test_a_seen_device_means_cuda_float16(tiny_model):
    """With the probe reporting a GPU, the ct2 engine converts to float16 and loads on CUDA (which
    fails on a machine without one, with the engine's one-line message)."""
    try:
        engine = CT2Engine(str(tiny_model), probe=lambda: 1)
    except WorkbenchError as exc:
        assert "cannot load the CTranslate2 model" in str(exc)
    else:
        assert (engine.device, engine.quantization) == ("cuda", "float16")
    assert any(p.name == "ct2-float16" for p in models_dir().rglob("ct2-*"))
    try:
        marian = MarianEngine(str(tiny_model), probe=lambda: 1)
    except (WorkbenchError, RuntimeError, AssertionError) as exc:  # torch without CUDA cannot move the model there
        assert "CUDA" in str(exc) or "cuda" in str(exc)
    else:
        assert marian.dtype == "float16" and marian.device == "cuda"
        assert marian.fingerprint() != MarianEngine(str(tiny_model), probe=lambda: 0).fingerprint()
