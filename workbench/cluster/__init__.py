"""Batch translation on a Ray cluster (optional extra: ``pip install -e '.[cluster]'``).

The driver (the ``workbench`` process) plans the work exactly as the local path does
(pending segments, de-duplication, cache look-up, length-sorted batches, term constraints;
see :mod:`workbench.service.translation`) and writes every result itself as it arrives; Ray
only runs the decoding. A pool of actors each loads the engine once and translates whole
batches. Because results are written by the driver batch by batch, a killed actor costs the
batch it held (sent again to another actor) and a killed driver costs the batches in flight:
the next run finds everything else in the project and the cache.

- :mod:`.connect`: join a cluster by address, or start a local one bound to 127.0.0.1 (``auto``).
- :mod:`.actor`: the actor that holds one engine.
- :mod:`.pool`: the actor pool and the batch runner that streams results back.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from .connect import connect, disconnect
from .pool import EnginePool, EngineSpec, RemoteEngine

__all__ = ["EnginePool", "EngineSpec", "RemoteEngine", "connect", "disconnect", "ray_pool"]


@contextmanager
def ray_pool(address: str, spec: EngineSpec, actors: int | None = None) -> Iterator[EnginePool]:
    """Connect (or start a private cluster for ``auto``), start the actors, and leave both at the end."""
    started = connect(address)
    try:
        pool = EnginePool(spec, actors)
        try:
            yield pool
        finally:
            pool.close()
    finally:
        disconnect(started)
