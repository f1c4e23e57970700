"""A small Cloud Signature Consortium API v2.0 service for the tests, written from the specification.

``oauth2/token`` (client credentials, RFC 6749 §4.4), ``csc/v2/credentials/list`` (§11.4), ``credentials/info``
(§11.5), ``credentials/authorize`` (§11.6, implicit mode: the SAD covers exactly the hashes given) and
``signatures/signHash`` (§11.9; ECDSA answered in DER as X.509 does, RFC 5758 §3.2). Backed by an in-memory test
key. Listens on 127.0.0.1 on a free port, answers bounded requests, and is stopped by :meth:`CscTestServer.stop`.
Faults for the tests: ``delay`` (a slow service), ``corrupt`` (signatures over the wrong hash).
"""

from __future__ import annotations

import base64
import json
import secrets
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import Prehashed

from microcred.keys import Key

MAX_BODY = 1024 * 1024
_HASHES = {
    "2.16.840.1.101.3.4.2.1": hashes.SHA256(),
    "2.16.840.1.101.3.4.2.2": hashes.SHA384(),
    "2.16.840.1.101.3.4.2.3": hashes.SHA512(),
}
_SIGN_ALGOS = {"1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13"} | {
    "1.2.840.10045.4.3.2",
    "1.2.840.10045.4.3.3",
    "1.2.840.10045.4.3.4",
}


class CscTestServer:
    """One credential (``credential_id``) held by ``key`` (with its certificate chain), one OAuth client."""

    def __init__(
        self,
        key: Key,
        *,
        credential_id: str = "seal-1",
        client_id: str = "registrar",
        client_secret: str = "s3cret",
    ) -> None:
        self.key, self.credential_id = key, credential_id
        self.client = (client_id, client_secret)
        self.tokens: set[str] = set()
        self.sads: dict[str, tuple[str, set[str]]] = {}
        self.delay = 0.0
        self.corrupt = False
        self.calls: list[str] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    return self._answer(413, {"error": "invalid_request"})
                body = self.rfile.read(length)
                if server.delay:
                    time.sleep(server.delay)
                status, answer = server.handle(self.path, body, self.headers.get("Authorization", ""))
                return self._answer(status, answer)

            def _answer(self, status: int, answer: dict[str, Any]) -> None:
                raw = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                try:
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (the slow-service test)
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Shut the server down and close its socket."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(timeout=5)

    # -- the API -------------------------------------------------------------------------------------------------
    def handle(self, path: str, body: bytes, authorization: str) -> tuple[int, dict[str, Any]]:
        """(status, JSON answer) for one request."""
        with self._lock:
            self.calls.append(path)
        if path == "/oauth2/token":
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if (
                form.get("grant_type") != "client_credentials"
                or (form.get("client_id"), form.get("client_secret")) != self.client
            ):
                return 400, {"error": "invalid_client"}
            token = secrets.token_urlsafe(16)
            self.tokens.add(token)
            return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
        if not authorization.startswith("Bearer ") or authorization[7:] not in self.tokens:
            return 401, {"error": "invalid_token"}
        try:
            request = json.loads(body)
        except ValueError:
            return 400, {"error": "invalid_request", "error_description": "not JSON"}
        method = path.removeprefix("/csc/v2/")
        handler = {
            "credentials/list": self._list,
            "credentials/info": self._info,
            "credentials/authorize": self._authorize,
            "signatures/signHash": self._sign_hash,
        }.get(method)
        if handler is None:
            return 404, {"error": "invalid_request", "error_description": f"unknown method {method}"}
        if method != "credentials/list" and request.get("credentialID") != self.credential_id:
            return 400, {"error": "invalid_request", "error_description": "Invalid parameter credentialID"}
        return handler(request)

    def _list(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        return 200, {"credentialIDs": [self.credential_id]}

    def _info(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chain = self.key.certificate_chain
        certs = [base64.b64encode(c.public_bytes(serialization.Encoding.DER)).decode() for c in chain]
        if request.get("certificates", "single") == "single":
            certs = certs[:1]
        algo = ["1.2.840.113549.1.1.1"] if self.key.kty == "RSA" else ["1.2.840.10045.2.1"]
        return 200, {
            "description": "test seal",
            "signatureQualifier": "eu_eidas_qeseal",
            "key": {"status": "enabled", "algo": algo, "len": 2048 if self.key.kty == "RSA" else 256},
            "cert": {"status": "valid", "certificates": certs},
            "auth": {"mode": "implicit"},
            "scal": "1",
            "multisign": 1000,
        }

    def _authorize(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        hashes_ = request.get("hashes")
        if not isinstance(hashes_, list) or request.get("numSignatures") != len(hashes_):
            return 400, {"error": "invalid_request", "error_description": "numSignatures and hashes differ"}
        sad = secrets.token_urlsafe(16)
        self.sads[sad] = (request.get("hashAlgorithmOID", ""), set(hashes_))
        return 200, {"SAD": sad, "expiresIn": 300}

    def _sign_hash(self, request: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        sad = self.sads.pop(request.get("SAD", ""), None)
        hashes_ = request.get("hashes", [])
        if sad is None or sad[0] != request.get("hashAlgorithmOID") or not set(hashes_) <= sad[1]:
            return 400, {"error": "invalid_request", "error_description": "Invalid SAD"}
        if request.get("signAlgo") not in _SIGN_ALGOS:
            return 400, {"error": "invalid_request", "error_description": "Invalid signAlgo"}
        digest_alg = _HASHES[sad[0]]
        out = []
        for encoded in hashes_:
            digest = base64.b64decode(encoded)
            if self.corrupt:
                digest = bytes(len(digest))
            private = self.key.private_key
            if isinstance(private, rsa.RSAPrivateKey):
                signature = private.sign(digest, padding.PKCS1v15(), Prehashed(digest_alg))
            else:
                assert isinstance(private, ec.EllipticCurvePrivateKey)
                signature = private.sign(digest, ec.ECDSA(Prehashed(digest_alg)))
            out.append(base64.b64encode(signature).decode())
        return 200, {"signatures": out}


class LoopbackTransport:
    """The test-only CSC transport: plain HTTP to the test's own 127.0.0.1 server (never used by the library)."""

    def __init__(self, *, timeout: float = 5.0) -> None:
        self.timeout = timeout

    def post(self, url: str, body: bytes, *, content_type: str, headers: Any) -> tuple[int, bytes]:
        import http.client
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1", url  # plain HTTP to the test server, whatever the scheme
        connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=self.timeout)
        connection._create_connection = _connect  # type: ignore[attr-defined]  # the guarded socket.connect
        try:
            connection.request(
                "POST", parts.path, body=body, headers={**headers, "Content-Type": content_type}
            )
            response = connection.getresponse()
            return response.status, response.read(MAX_BODY)
        finally:
            connection.close()


def _connect(address: tuple[str, int], timeout: float | None = None, *args: Any) -> socket.socket:
    """An IPv4 connection through ``socket.socket.connect`` (which the test suite's guard lets reach our port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        sock.connect(address)
    except BaseException:
        sock.close()
        raise
    return sock
