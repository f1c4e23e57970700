"""The verification page in a real browser: headless Chromium (Debian's ``chromium`` and ``chromium-driver``)
driven by selenium, against the page served by uvicorn on 127.0.0.1. Screenshots go to tests/artifacts/.

The test suite blocks sockets; these tests open them to 127.0.0.1 only (the server they start and the
driver), for their own duration.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("selenium")
pytest.importorskip("uvicorn")

from microcred.render.page import verification_app

from .. import conftest as root
from .conftest import artifact, make_verifier

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM and DRIVER), reason="chromium and chromium-driver are not installed (apt-get install)"
)

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sockets to 127.0.0.1 / localhost only (everything else stays blocked)."""
    real_getaddrinfo = socket._socket.getaddrinfo  # type: ignore[attr-defined]

    def connect(sock: socket.socket, address: Any) -> Any:
        if sock.family == socket.AF_UNIX or (isinstance(address, tuple) and address[0] in LOOPBACK):
            return root._real_socket_connect(sock, address)
        raise root.NetworkBlocked(f"network access attempted in a test: {address!r}")

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host in LOOPBACK:
            return real_getaddrinfo(host, *args, **kwargs)
        raise root.NetworkBlocked(f"name lookup attempted in a test: {host!r}")

    def create_connection(address: Any, timeout: Any = None, *args: Any, **kwargs: Any) -> socket.socket:
        host, port = address[0], address[1]
        if host not in LOOPBACK:
            raise root.NetworkBlocked(f"network access attempted in a test: {address!r}")
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if isinstance(timeout, int | float):
            sock.settimeout(timeout)
        root._real_socket_connect(sock, ("127.0.0.1", port))
        return sock

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)


@pytest.fixture
def server(loopback: None) -> Iterator[str]:
    """The verification page under uvicorn on a free 127.0.0.1 port; stopped at teardown."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    app = verification_app(verifier_factory=make_verifier)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        running.should_exit = True
        thread.join(15)


def _driver(*, javascript: bool = True) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    options.add_argument("--window-size=1100,2400")
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    driver.implicitly_wait(60)  # the verdict appears once the server has verified (a busy machine is slow)
    return driver


@pytest.fixture
def browser(loopback: None) -> Iterator[Any]:
    driver = _driver()
    try:
        yield driver
    finally:
        driver.quit()


def _submit_file(driver: Any, url: str, path: Path) -> str:
    from selenium.webdriver.common.by import By

    driver.get(url)
    driver.find_element(By.ID, "file").send_keys(str(path))
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    return str(driver.find_element(By.ID, "verdict").text)


def _shot(driver: Any, name: str) -> None:
    path = artifact(name)
    driver.save_screenshot(str(path))
    print(f"screenshot: {path}")


def test_page_loads_and_is_keyboard_usable(server: str, browser: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(server)
    assert browser.title == "Verify a micro-credential"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "credential"
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == "file"
    _shot(browser, "page-form.png")


def test_valid_credential_pasted(server: str, browser: Any, secured: dict[str, Any]) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server)
    area = browser.find_element(By.ID, "credential")
    browser.execute_script("arguments[0].value = arguments[1];", area, json.dumps(secured))
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    assert browser.find_element(By.ID, "verdict").text.startswith("Verified")
    concepts = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "tr.check")]
    assert any(text.startswith("Seal: the electronic seal") and "passed" in text for text in concepts)
    assert (
        "Data Literacy for Public Administration"
        in browser.find_element(By.CSS_SELECTOR, "article h2.title").text
    )
    _shot(browser, "page-valid.png")


def test_tampered_credential_file(
    server: str, browser: Any, tampered: dict[str, Any], tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    path = tmp_path / "forged.json"
    path.write_text(json.dumps(tampered), encoding="utf-8")
    verdict = _submit_file(browser, server, path)
    assert verdict.startswith("NOT VERIFIED")
    rows = [row.text for row in browser.find_elements(By.CSS_SELECTOR, "tr.check")]
    assert any(text.startswith("Seal:") and "FAILED" in text for text in rows)
    _shot(browser, "page-tampered.png")


def test_certificate_pdf_with_javascript_off(server: str, certificate_pdf: bytes, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate_pdf)
    driver = _driver(javascript=False)
    try:
        verdict = _submit_file(driver, server, path)
        assert verdict.startswith("Verified")
        page = driver.find_element(By.TAG_NAME, "main").text
        assert "the printed page itself is not what is signed" in page
        assert "Ana Andromeda" in page
        _shot(driver, "page-certificate-pdf.png")
    finally:
        driver.quit()
