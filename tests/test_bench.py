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
    monkeypatch.setattr(mt, "NLLB_SMALL", dict(TINY, vocab_size=3000))
    result = mt.run_mt_benchmark(
        sentences=4, source_tokens=8, target_tokens=6, batch_size=4, beams=2, repeat=1, hf_sentences=4, llm_requests=4
    )
    assert result["torch_tokens_per_s"] > 0 and result["ct2_tokens_per_s"] > 0
    assert result["hf_tokens_per_s"] > 0 and "vocab_size 3000" in result["hf_model"] and result["hf_sentences"] == 4
    assert result["llm_requests_per_s_concurrency_4"] > result["llm_requests_per_s_concurrency_1"] > 0
    assert set(result["ct2_variants_tokens_per_s"]) == {"intra_op", "parallel_batches", "parallel_batches_shortlist"}
    assert result["shortlist_size"] < 2000
    # this machine has no GPU: both engines report the CPU and their CPU precisions
    assert (result["device"], result["torch_device"], result["ct2_compute_type"], result["torch_dtype"]) == (
        "cpu",
        "cpu",
        "int8",
        "float32",
    )


def test_llm_bench_four_in_flight_is_about_four_times_one():
    """The stand-in waits a fixed 0.05 s per reply: four requests in flight get through about four
    times as many per second as one (the engine's own cost per request is small beside the wait)."""
    from workbench.bench.llm import StandInServer, run_llm_benchmark

    result = run_llm_benchmark(requests=8, delay=0.05)
    one, four = result["llm_requests_per_s_concurrency_1"], result["llm_requests_per_s_concurrency_4"]
    assert one <= 20.5 and four <= 81  # never faster than the delay allows
    assert four >= 3 * one, result
    with StandInServer(0.0) as url:  # the server itself: an OpenAI-compatible reply on 127.0.0.1
        import httpx

        assert url.startswith("http://127.0.0.1:")
        reply = httpx.post(f"{url}/chat/completions", json={"model": "m", "messages": []}).json()
        assert reply["choices"][0]["message"]["content"].startswith("Translation: ")
