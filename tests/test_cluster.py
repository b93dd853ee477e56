"""Batch translation on a real Ray cluster that this module starts once (127.0.0.1 only, 2 CPUs,
no dashboard): Ray equals the local path line for line, with and without term enforcement; a
worker killed mid-run and a driver killed mid-run both resume without redoing work."""

import os
import signal
import subprocess
import sys
import time

import pytest

os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")  # before Ray is imported: bind loopback only

import ray  # noqa: E402
from sqlalchemy import func, select  # noqa: E402

from workbench import service  # noqa: E402
from workbench.cluster import EnginePool, EngineSpec  # noqa: E402
from workbench.cluster.pool import plan_actors  # noqa: E402
from workbench.config import sample_report  # noqa: E402
from workbench.errors import WorkbenchError  # noqa: E402
from workbench.mt import TranslateSettings  # noqa: E402
from workbench.mt.ct2 import CT2Engine  # noqa: E402
from workbench.mt.models import convert_model  # noqa: E402
from workbench.store import Store, Translation  # noqa: E402

pytestmark = pytest.mark.ray

GREEDY = TranslateSettings(beams=1, max_length=16)


@pytest.fixture(scope="module")
def cluster():
    context = ray.init(
        address="local", num_cpus=2, include_dashboard=False, object_store_memory=128 * 2**20, log_to_driver=False
    )
    assert context.address_info["node_ip_address"] == "127.0.0.1"
    yield context.address_info["address"]
    ray.shutdown()


@pytest.fixture(scope="module")
def ct2_model(tiny_model, tmp_path_factory):
    """The tiny model converted once (int8), so the driver and every actor load the same files."""
    return convert_model(tiny_model, tmp_path_factory.mktemp("ct2") / "ct2-int8", "int8")


@pytest.fixture(scope="module")
def pool(cluster, ct2_model):
    wait_for_free_cpus()  # actors of earlier tests are released asynchronously
    pool = EnginePool(EngineSpec("ct2", str(ct2_model)))
    yield pool
    pool.close()


def project(tmp_path, name="p.db", extra_lines=0) -> Store:
    store = Store(tmp_path / name)
    service.import_document(store, sample_report())
    if extra_lines:
        lines = [f"第{i}条：加强基层组织建设，推进网格化管理第{i}项工作。" for i in range(extra_lines)]
        (tmp_path / "many.txt").write_text("\n\n".join(lines), "utf-8")
        service.import_document(store, tmp_path / "many.txt", title="many")
    return store


def mt_texts(store: Store) -> list[str]:
    return [r["mt"] for d in service.list_documents(store) for r in service.segment_rows(store, d["id"])]


def translated_count(store: Store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(Translation).where(Translation.mt_text.is_not(None)))


def wait_for_free_cpus():
    for _ in range(600):
        if ray.available_resources().get("CPU", 0) >= 2:
            return
        time.sleep(0.1)


def test_actors_one_per_cpu_or_gpu():
    assert plan_actors(EngineSpec("ct2"), {"CPU": 8.0})[:2] == (8, {"num_cpus": 1})
    count, options, kwargs = plan_actors(EngineSpec("ct2"), {"CPU": 16.0, "GPU": 2.0})
    assert (count, options["num_gpus"], kwargs["device"]) == (2, 1, "cuda")
    assert plan_actors(EngineSpec("ct2", device="cpu"), {"CPU": 4.0, "GPU": 1.0})[2]["device"] == "cpu"
    assert plan_actors(EngineSpec("ct2", threads=2), {"CPU": 8.0})[0] == 4
    with pytest.raises(WorkbenchError, match="no GPU"):
        plan_actors(EngineSpec("ct2", device="cuda"), {"CPU": 4.0})


def test_a_driver_killed_mid_run_resumes_without_redoing_work(cluster, ct2_model, tmp_path):
    # first in the module: the subprocess needs the cluster's CPUs for its actors
    store = project(tmp_path, extra_lines=300)
    total = 78 + 300
    store.dispose()
    driver = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from workbench.cli import run; run()",
            "translate",
            "--project",
            str(tmp_path / "p.db"),
            "--ray",
            cluster,
            "--model",
            str(ct2_model),
            "--beams",
            "1",
            "--max-length",
            "16",
            "--batch-size",
            "2",
        ],
        env={**os.environ, "WORKBENCH_HOME": str(tmp_path / "home")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    done, deadline = 0, time.monotonic() + 240
    try:
        while time.monotonic() < deadline and driver.poll() is None:
            done = translated_count(store)
            if done:
                driver.send_signal(signal.SIGKILL)
                break
            time.sleep(0.01)
    finally:
        driver.kill()
        driver.wait()
    assert driver.returncode == -signal.SIGKILL, driver.stderr.read().decode()[-2000:]
    done = translated_count(store)
    assert 0 < done < total
    wait_for_free_cpus()  # Ray frees the dead driver's actors
    resumed = EnginePool(EngineSpec("ct2", str(ct2_model)))
    try:
        report = service.translate_project(store, resumed.engine, GREEDY, batch_size=2, runner=resumed.runner(GREEDY))
    finally:
        resumed.close()
    assert report.pending == total - done and report.translated == total - done  # nothing redone
    # only texts of the remaining segments reached the model, each once
    assert resumed.dispatched == report.sent == report.translated - report.from_cache <= total - done
    assert translated_count(store) == total
    local = project(tmp_path, "local.db", extra_lines=300)
    service.translate_project(local, CT2Engine(str(ct2_model)), GREEDY, batch_size=2)
    assert mt_texts(store) == mt_texts(local)


def test_a_missing_model_is_one_clear_message(cluster, tmp_path):
    wait_for_free_cpus()
    with pytest.raises(WorkbenchError, match="cannot load the engine: .*not installed"):
        EnginePool(EngineSpec("ct2", "nobody/no-such-model"))


def test_bench_cluster_runs_both_paths_on_the_same_batches(cluster):
    from workbench.bench.cluster import run_cluster_benchmark

    wait_for_free_cpus()
    result = run_cluster_benchmark(sentences=8, batch_size=4, max_length=8, ray_address=cluster, small=True, repeat=1)
    assert result["same_output"] and result["actors"] == 2
    assert result["local_tokens_per_s"] > 0 and result["ray_tokens_per_s"] > 0 and result["overhead_ratio"] > 0
    assert 0 < result["tokens"] <= 8 * 8


def test_the_cli_over_ray_says_what_the_pool_did(cluster, ct2_model, tmp_path, cli):
    """translate-corpus --ray through the service layer's engine pool: the files come back line
    for line, and the pool's summary is printed on stderr when it closes."""
    wait_for_free_cpus()  # before the module's shared pool takes the cluster's CPUs
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("我们要坚持改革开放。\n\n推进高质量发展。\n", encoding="utf-8")
    result = cli(
        "translate-corpus",
        tmp_path / "in",
        "--out",
        tmp_path / "out",
        "--ray",
        cluster,
        "--actors",
        "1",
        "--model",
        ct2_model,
        "--beams",
        "1",
        "--max-length",
        "8",
    )
    assert result.returncode == 0, result.stderr
    assert "Ray: 1 actors (cpu), 0 batches sent again after a worker died" in result.stderr
    lines = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and lines[1] == "" and lines[0] and lines[2]


@pytest.mark.parametrize("enforce", [False, True], ids=["plain", "enforce-terms"])
def test_ray_translates_a_project_exactly_like_the_local_path(pool, ct2_model, tmp_path, enforce):
    settings = TranslateSettings(beams=1, max_length=16, enforce_terms=enforce)
    local_store, ray_store = project(tmp_path, "local.db"), project(tmp_path, "ray.db")
    local = service.translate_project(local_store, CT2Engine(str(ct2_model)), settings, batch_size=8)
    remote = service.translate_project(ray_store, pool.engine, settings, batch_size=8, runner=pool.runner(settings))
    assert len(pool) == 2 and pool.engine.device == "cpu"
    assert mt_texts(ray_store) == mt_texts(local_store) and all(mt_texts(ray_store))
    assert (remote.pending, remote.translated, remote.sent, remote.batches, remote.from_cache) == (
        local.pending,
        local.translated,
        local.sent,
        local.batches,
        local.from_cache,
    )
    if enforce:
        assert service.check_project(ray_store).term_accuracy == service.check_project(local_store).term_accuracy == 1.0
    # the cache key is the same: the local engine finds the Ray results in the cache
    fresh = project(tmp_path, "again.db")
    fresh.engine.dispose()
    again = service.translate_project(fresh, CT2Engine(str(ct2_model)), settings, batch_size=8)
    assert again.sent == 0 or again.from_cache == 0  # a separate database has its own cache
    ray_again = service.translate_project(ray_store, pool.engine, settings, runner=pool.runner(settings))
    assert ray_again.pending == 0 and ray_again.sent == 0


def test_a_worker_killed_mid_run_costs_only_its_batches(pool, ct2_model, tmp_path):
    store = project(tmp_path)
    pids = [info["pid"] for info in pool.infos]
    killed = []

    def progress(done, total):
        if done and not killed:
            os.kill(pids[1], signal.SIGKILL)
            killed.append(done)

    before_dispatched, before_resent = pool.dispatched, pool.resent
    report = service.translate_project(
        store, pool.engine, GREEDY, batch_size=4, progress=progress, runner=pool.runner(GREEDY)
    )
    assert killed and report.translated == report.pending == 78
    resent = pool.resent - before_resent
    assert 1 <= resent <= pool.per_actor  # the batches the dead worker held, no more
    # every distinct text reached the database once; only the lost batches were decoded twice
    assert report.sent == 78 - report.from_cache
    assert report.sent < pool.dispatched - before_dispatched <= report.sent + resent * 4
    local = project(tmp_path, "local.db")
    service.translate_project(local, CT2Engine(str(ct2_model)), GREEDY, batch_size=4)
    assert mt_texts(store) == mt_texts(local)
    # the worker came back (Ray restarted it and it loaded the engine again)
    for _ in range(600):
        try:
            assert ray.get(pool.actors[1].info.remote(), timeout=60)["pid"] != pids[1]
            break
        except ray.exceptions.ActorUnavailableError:  # still restarting
            time.sleep(0.1)
    else:
        pytest.fail("the killed worker was not restarted")
    assert service.translate_project(store, pool.engine, GREEDY, runner=pool.runner(GREEDY)).sent == 0


def test_a_corpus_through_ray_equals_the_local_files(pool, ct2_model, tmp_path):
    from workbench.service.corpus import translate_corpus

    src = tmp_path / "in"
    src.mkdir()
    text = sample_report().read_text("utf-8").splitlines()
    for i in range(3):
        (src / f"report{i}.txt").write_text("\n".join(text[i * 20 : (i + 1) * 20]), "utf-8")
    local = translate_corpus(src, tmp_path / "local", CT2Engine(str(ct2_model)), GREEDY, batch_size=4)
    remote = translate_corpus(src, tmp_path / "ray", pool.engine, GREEDY, batch_size=4, runner=pool.runner(GREEDY))
    assert remote.translated == local.translated == 3 and remote.lines == local.lines > 0
    for i in range(3):
        assert (tmp_path / "ray" / f"report{i}.txt").read_text("utf-8") == (
            tmp_path / "local" / f"report{i}.txt"
        ).read_text("utf-8")
