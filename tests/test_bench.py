"""The benchmarks run end to end on small sizes (their numbers are printed, not asserted)."""

import json

import pytest


@pytest.mark.slow
def test_bench_ui_small(cli):
    result = cli("bench", "ui", "--json", "--segments", "120", "--pages", "3", "--saves", "3", "--clients", "4")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["segments"] == 120 and data["page_p95_ms"] > 0 and data["save_p95_ms"] > 0
    assert data["save_p95_ms_4_clients"] >= data["save_p50_ms_4_clients"] > 0 and data["save_p50_ms_1_client"] > 0
    assert data["saves_timed_4_clients"] > 0 and data["acknowledged_saves_lost"] == 0
    # the REST route side by side, with the server's CPU time per save on each
    assert data["rest_save_p95_ms"] >= data["rest_save_p50_ms"] > 0 and data["rest_save_p95_ms_4_clients"] > 0
    assert data["server_cpu_ms_per_save_gradio"] > 0 and data["server_cpu_ms_per_save_rest"] > 0
    # the same load against an empty handler: what the machine allows before any work
    assert data["floor_p95_ms_4_clients"] >= data["floor_p50_ms_4_clients"] > 0 and data["floor_p50_ms_1_client"] > 0


@pytest.mark.slow
def test_bench_mt_runs_on_a_tiny_architecture(tmp_path, monkeypatch):
    from workbench.bench import mt
    from workbench.mt.random_model import TINY

    monkeypatch.setattr(mt, "OPUS_MT_ZH_EN", dict(TINY, vocab_size=2000))
    result = mt.run_mt_benchmark(sentences=4, source_tokens=8, target_tokens=6, batch_size=4, beams=2, repeat=1)
    assert result["torch_tokens_per_s"] > 0 and result["ct2_tokens_per_s"] > 0
    assert set(result["ct2_variants_tokens_per_s"]) == {"intra_op", "parallel_batches", "parallel_batches_shortlist"}
    assert result["shortlist_size"] < 2000
    # this machine has no GPU: both engines report the CPU and their CPU precisions
    assert (result["device"], result["torch_device"], result["ct2_compute_type"], result["torch_dtype"]) == (
        "cpu",
        "cpu",
        "int8",
        "float32",
    )
