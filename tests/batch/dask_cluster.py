"""A Dask LocalCluster of 2 worker processes on 127.0.0.1 for the distributed-batch tests (one per module).

The test harness blocks sockets (tests/conftest.py). A LocalCluster is a set of 127.0.0.1 servers the test starts
itself (a scheduler, two nannies, two worker processes on ports chosen when they start), so while it runs
:func:`loopback_only` lets the test process connect to any 127.0.0.1 port, and resolve the literal ``127.0.0.1``
(numeric, no DNS); everything else stays blocked.
"""

from __future__ import annotations

import _socket
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..conftest import _real_socket_connect

LOOPBACK = "127.0.0.1"


@contextmanager
def loopback_only() -> Iterator[None]:
    """Allow connections to 127.0.0.1 (any port) and numeric resolution of 127.0.0.1, nothing else."""
    guarded_connect, guarded_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family == socket.AF_INET and isinstance(address, tuple) and address[0] == LOOPBACK:
            return _real_socket_connect(self, address)
        return guarded_connect(self, address)

    def getaddrinfo(
        host: Any, port: Any, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> Any:
        if host != LOOPBACK:
            return guarded_getaddrinfo(host, port)
        out = []
        for fam, kind, pro, canon, addr in _socket.getaddrinfo(
            host, port, family, type, proto, flags | socket.AI_NUMERICHOST
        ):
            out.append((socket.AddressFamily(fam), socket.SocketKind(kind), pro, canon, addr))
        return out

    socket.socket.connect = connect  # type: ignore[method-assign, assignment]
    socket.getaddrinfo = getaddrinfo
    try:
        yield
    finally:
        socket.socket.connect = guarded_connect  # type: ignore[method-assign]
        socket.getaddrinfo = guarded_getaddrinfo


@contextmanager
def running_cluster(workers: int = 2) -> Iterator[Any]:
    """A ``(cluster, client)`` pair: ``workers`` processes, one thread each; closed on exit."""
    from distributed import Client

    from microcred.batch.dask_engine import local_cluster

    with loopback_only(), local_cluster(workers) as cluster:
        client = Client(cluster, set_as_default=False)  # type: ignore[no-untyped-call]
        try:
            yield cluster, client
        finally:
            client.close()  # type: ignore[no-untyped-call]
