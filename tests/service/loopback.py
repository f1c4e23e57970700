"""A real ``microcred serve`` process on 127.0.0.1 for end-to-end tests, and a tiny HTTP client to reach it.

The test suite blocks every socket connection (tests/conftest.py); this client connects only to the loopback
port of the server the test started, through the saved real ``connect``.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..conftest import KEYS_DIR, _real_socket_connect


def free_port() -> int:
    """A port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _Loopback(http.client.HTTPConnection):
    def connect(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.settimeout(self.timeout if isinstance(self.timeout, int | float) else 30)
        _real_socket_connect(sock, ("127.0.0.1", self.port))
        self.sock = sock


@dataclass
class Reply:
    """An HTTP response: status, headers (lower-case names), body."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def request(
    port: int, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
) -> Reply:
    """One request to the server on ``port`` (a dict body is sent as JSON)."""
    conn = _Loopback("127.0.0.1", port, timeout=60)
    data = json.dumps(body).encode() if isinstance(body, dict) else body
    sent = dict(headers or {})
    if isinstance(body, dict):
        sent.setdefault("Content-Type", "application/json")
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


class Server:
    """``microcred serve`` in a subprocess on a free loopback port; stopped (SIGTERM, then kill) on close."""

    def __init__(self, tmp: Path, token: str, *, extra: list[str] | None = None) -> None:
        self.port = free_port()
        key = tmp / "issuer.jwk"
        shutil.copy(KEYS_DIR / "ed25519.jwk", key)
        env = dict(os.environ, MICROCRED_API_TOKENS=token)
        command = [
            sys.executable,
            "-c",
            "from microcred.cli.main import main; raise SystemExit(main())",
            "serve",
            "--key",
            str(key),
            "--port",
            str(self.port),
            "--registry",
            str(tmp / "reg.db"),
            *(extra or []),
        ]
        self.log = (tmp / "server.log").open("wb")
        self.process = subprocess.Popen(command, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self, attempts: int = 200) -> None:
        for _ in range(attempts):
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}")
            try:
                if request(self.port, "GET", "/health").status == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.close()
        raise RuntimeError("the server did not start")

    def close(self) -> int:
        """Stop the server gracefully (SIGTERM), killing it if it does not stop; return its exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self.log.close()
        return int(self.process.returncode)
