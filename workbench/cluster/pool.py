"""A pool of engine actors and the batch runner that streams their results back.

Sizing: on a cluster with GPUs, one actor per GPU (float16 with the ``ct2`` engine, half
precision with ``marian``); otherwise one single-threaded actor per CPU (int8 with ``ct2``),
which is how CTranslate2 is fastest on CPU anyway (one batch per core, see
:mod:`workbench.mt.ct2`). Each actor holds ``per_actor`` batches (one decoding, one queued)
so it never waits for the driver, and the driver writes a result while the actors decode.

Failures: an actor that dies is restarted by Ray (``max_restarts=-1``, the engine is loaded
again) and the batch it held is sent again, once per failure (``resent``); a batch that
kills actors three times stops the run with a message. An engine that cannot be loaded
(a missing model) stops it at once with the engine's own message.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass

from ..errors import WorkbenchError
from ..mt.engine import TranslateSettings
from ..mt.models import DEFAULT_MODEL
from .actor import EngineWorker
from .connect import import_ray

MAX_FAILURES_PER_BATCH = 3
#: How long the actors may take to start and load the engine.
START_TIMEOUT_S = 600
#: How long to wait for free CPUs/GPUs before giving up.
FREE_WAIT_S = 30


@dataclass(frozen=True)
class EngineSpec:
    """The engine every actor loads (the arguments of :func:`workbench.mt.load_engine`)."""

    name: str = "ct2"
    model: str = DEFAULT_MODEL
    device: str = "auto"
    quantization: str | None = None
    shortlist: bool = True
    threads: int | None = None


def _user_message(exc: BaseException) -> str:
    """The WorkbenchError line inside a Ray error, else its first line."""
    text = str(exc)
    for line in text.splitlines():
        if "WorkbenchError: " in line:
            return line.split("WorkbenchError: ", 1)[1].strip()
    return text.strip().splitlines()[0] if text.strip() else exc.__class__.__name__


def plan_actors(spec: EngineSpec, resources: dict, actors: int | None = None) -> tuple[int, dict, dict]:
    """(number of actors, Ray resources of one actor, engine arguments of one actor), from the
    cluster's resources. A pure function, so the choice is testable without a cluster."""
    gpus, cpus = int(resources.get("GPU", 0)), max(1, int(resources.get("CPU", 1)))
    if spec.device == "cuda" and gpus == 0:
        raise WorkbenchError("--device cuda: the Ray cluster has no GPU")
    on_gpu = gpus > 0 and spec.device in ("auto", "cuda")
    threads = 1 if on_gpu else (spec.threads or 1)
    count = actors or (gpus if on_gpu else max(1, cpus // threads))
    options = {"num_gpus": 1, "num_cpus": 1} if on_gpu else {"num_cpus": threads}
    kwargs = {"name": spec.name, "model": spec.model, "device": "cuda" if on_gpu else "cpu", "threads": threads}
    if spec.name == "ct2":
        kwargs.update(quantization=spec.quantization, shortlist=spec.shortlist)
    return count, options, kwargs


class EnginePool:
    """``actors`` engine actors on the connected cluster (default: as many as its free resources hold)."""

    def __init__(self, spec: EngineSpec, actors: int | None = None, per_actor: int = 2):
        ray = import_ray()
        deadline = time.monotonic() + FREE_WAIT_S
        while True:  # the actors of a job that just ended take a moment to be released
            free = ray.available_resources()
            count, options, kwargs = plan_actors(spec, free, actors)
            if free.get("CPU", 0) >= options["num_cpus"] and free.get("GPU", 0) >= options.get("num_gpus", 0):
                break
            if time.monotonic() > deadline:
                raise WorkbenchError(
                    "the Ray cluster has no free CPU or GPU for an engine actor (another job holds them)"
                )
            time.sleep(0.2)
        if spec.name == "ct2":
            default = "float16" if kwargs["device"] == "cuda" else "int8"
            _convert_once(spec.model, kwargs.get("quantization") or default)
        worker = ray.remote(EngineWorker).options(max_restarts=-1, max_task_retries=0, **options)
        self.actors = [worker.remote(kwargs) for _ in range(count)]
        self.per_actor = per_actor
        self.dispatched = 0  # sentences sent to actors, resends included
        self.resent = 0  # batches sent again because their actor died
        try:
            infos = ray.get([a.info.remote() for a in self.actors], timeout=START_TIMEOUT_S)
        except Exception as exc:  # the engine could not be loaded (missing model, bad folder)
            self.close()
            raise WorkbenchError(f"the Ray workers cannot load the engine: {_user_message(exc)}") from None
        if len({i["fingerprint"] for i in infos}) > 1:
            self.close()
            raise WorkbenchError(
                f"the Ray workers have different copies of {spec.model}: install the same model files on every node"
            )
        self.infos = infos
        self.engine = RemoteEngine(infos[0], self)

    def __len__(self) -> int:
        return len(self.actors)

    def runner(self, settings: TranslateSettings):
        """A :data:`workbench.service.translation.BatchRunner` over this pool."""
        ray = import_ray()
        from ray.exceptions import ActorDiedError, ActorUnavailableError, RayActorError

        lost = (ActorDiedError, ActorUnavailableError, RayActorError)
        wanted = settings.as_dict()

        def run(batches: Iterable[list[str]], plan) -> Iterator[tuple[list[str], list[str]]]:
            queue = iter(batches)
            more = True  # batches left in the queue
            resend: deque = deque()
            inflight: dict = {}  # object ref -> (batch, constraints, actor index, failures)
            load = [0] * len(self.actors)
            healthy = set(range(len(self.actors)))
            probes: dict = {}  # object ref of info() on an actor that failed -> (actor index, failed probes)

            def submit(batch, constraints, failures):
                i = min(healthy, key=load.__getitem__)
                ref = self.actors[i].translate.remote(batch, wanted, **constraints)
                inflight[ref] = (batch, constraints, i, failures)
                load[i] += 1
                self.dispatched += len(batch)

            def fill():
                nonlocal more
                while healthy and len(inflight) < len(healthy) * self.per_actor:
                    if resend:
                        submit(*resend.popleft())
                        continue
                    batch = next(queue, None) if more else None
                    if batch is None:
                        more = False
                        return
                    submit(batch, plan.for_batch(batch), 0)

            def set_aside(i: int, failed: int = 0) -> None:
                """Send nothing more to actor i until it answers again (Ray is restarting it)."""
                healthy.discard(i)
                if failed < MAX_FAILURES_PER_BATCH and i not in (a for a, _ in probes.values()):
                    probes[self.actors[i].info.remote()] = (i, failed)

            try:
                fill()
                while inflight or resend or more:
                    if not inflight and not probes:
                        raise WorkbenchError("every Ray worker is gone; the work done so far is saved")
                    (ref,), _ = ray.wait(list(inflight) + list(probes), num_returns=1)
                    if ref in probes:
                        i, failed = probes.pop(ref)
                        try:
                            ray.get(ref)
                            healthy.add(i)
                        except ActorUnavailableError:  # still restarting: ask again shortly
                            time.sleep(0.05)
                            set_aside(i, failed)
                        except lost:
                            set_aside(i, failed + 1)
                        fill()
                        continue
                    batch, constraints, i, failures = inflight.pop(ref)
                    load[i] -= 1
                    try:
                        output = ray.get(ref)
                    except lost:
                        if failures + 1 >= MAX_FAILURES_PER_BATCH:
                            raise WorkbenchError(
                                f"Ray workers died {MAX_FAILURES_PER_BATCH} times on the same batch "
                                f"(out of memory?); the work done so far is saved"
                            ) from None
                        self.resent += 1
                        resend.append((batch, constraints, failures + 1))
                        set_aside(i)
                        fill()
                        continue
                    except ray.exceptions.RayTaskError as exc:
                        raise WorkbenchError(f"a Ray worker failed: {_user_message(exc)}") from None
                    yield batch, output
                    fill()
            finally:
                for ref in inflight:
                    try:
                        ray.cancel(ref)
                    except Exception:  # cancelling is best effort: the actor may be gone
                        pass

        return run

    def close(self) -> None:
        ray = import_ray()
        for actor in self.actors:
            try:
                ray.kill(actor, no_restart=True)
            except Exception:  # already gone
                pass


class RemoteEngine:
    """What the driver needs of the engine (name, model, device, fingerprint for the cache key),
    with ``translate`` running on one of the pool's actors."""

    def __init__(self, info: dict, pool: EnginePool):
        self.name, self.model, self.device = info["name"], info["model"], info["device"]
        self._fingerprint, self._pool = info["fingerprint"], pool

    def fingerprint(self) -> str:
        return self._fingerprint

    def translate(
        self, sentences: Sequence[str], settings: TranslateSettings | None = None, terms=None, avoid=None
    ) -> list[str]:
        ray = import_ray()
        wanted = asdict(settings or TranslateSettings())
        return ray.get(self._pool.actors[0].translate.remote(list(sentences), wanted, terms=terms, avoid=avoid))


def _convert_once(model: str, quantization: str) -> None:
    """Convert for CTranslate2 here, once, when the driver has the model, so that actors on this
    machine do not all convert it at the same time. Without it here, the actors convert their own."""
    from ..mt.models import resolve_ct2

    try:
        resolve_ct2(model, quantization)
    except WorkbenchError:
        pass
