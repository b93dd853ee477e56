"""Joining a Ray cluster, or starting a private one on this machine.

``auto`` starts a single-node cluster inside this process, for this run only, with every
server bound to 127.0.0.1 (Ray binds loopback when clustering is switched off, which a
one-machine cluster does not need), no dashboard and a small object store: batches of
sentences are kilobytes. Any other value is the address of a running cluster
(``ray start --head`` on one machine, ``ray start --address HEAD:6379`` on the others).
"""

from __future__ import annotations

import os

from ..errors import WorkbenchError

#: Object store for a private cluster: batches and translations are small.
OBJECT_STORE_BYTES = 128 * 2**20


def import_ray():
    try:
        import ray
    except ImportError:
        raise WorkbenchError("Ray is not installed: pip install -e '.[cluster]' (or pip install ray)") from None
    return ray


def connect(address: str, num_cpus: int | None = None) -> bool:
    """Connect this process to ``address`` (or start a private cluster for ``auto``).

    Returns True when this call started or joined the cluster (so :func:`disconnect` should
    leave it), False when the process was already connected (a test, a notebook).
    """
    if address == "auto" or address.split(":")[0] in ("127.0.0.1", "localhost"):
        # must be set before Ray is imported: with clustering off, Ray binds (and looks for) loopback only
        os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    ray = import_ray()
    if ray.is_initialized():
        return False
    try:
        if address == "auto":
            ray.init(
                address="local",
                num_cpus=num_cpus or os.cpu_count() or 1,
                include_dashboard=False,
                object_store_memory=OBJECT_STORE_BYTES,
                log_to_driver=False,
                configure_logging=False,
            )
        else:
            ray.init(address=address, log_to_driver=False, configure_logging=False)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        raise WorkbenchError(f"cannot reach the Ray cluster at {address}: {str(exc).splitlines()[0]}") from None
    return True


def disconnect(started: bool) -> None:
    if started:
        import_ray().shutdown()
