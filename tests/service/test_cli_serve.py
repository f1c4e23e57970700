"""``microcred serve``: options, the TOML configuration file, API tokens from the environment, errors."""

from __future__ import annotations

import argparse
import builtins
import shutil
from pathlib import Path
from typing import Any

import pytest

from microcred.cli.main import main
from microcred.cli.serve import build_config
from microcred.service import hash_token
from microcred.service.auth import token_matches

from ..conftest import KEYS_DIR


def _args(**given: Any) -> argparse.Namespace:
    fields = {"key": None, "host": None, "port": None, "registry": None, "base_url": None, "config": None}
    return argparse.Namespace(**(fields | given))


def test_config_file_options_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copy(KEYS_DIR / "ed25519.jwk", tmp_path / "issuer.jwk")
    (tmp_path / "serve.toml").write_text(
        'key_file = "issuer.jwk"\nbase_url = "https://registrar.example"\nregistry = "x.db"\n'
        f'token_sha256 = ["{hash_token("from-file")}"]\nrate_burst = 7\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("MICROCRED_API_TOKENS", "from-env")
    monkeypatch.delenv("MICROCRED_BASE_URL", raising=False)
    config = build_config(_args(config=str(tmp_path / "serve.toml"), registry="y.db"))
    assert config.base_url == "https://registrar.example" and config.registry == "y.db"  # options win
    assert config.rate_burst == 7 and config.issuer_id.startswith("did:key:")
    assert token_matches("from-file", config.token_hashes) and token_matches("from-env", config.token_hashes)
    monkeypatch.setenv("MICROCRED_BASE_URL", "https://env.example/")
    assert build_config(_args(key=str(tmp_path / "issuer.jwk"))).base_url == "https://env.example"


def test_errors_name_the_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve"]) == 2
    assert "--key" in capsys.readouterr().err
    (tmp_path / "bad.toml").write_text('key_file = "k.jwk"\nrate_brust = 3\n', encoding="utf-8")
    assert main(["serve", "--config", str(tmp_path / "bad.toml")]) == 2
    assert "rate_brust" in capsys.readouterr().err


def test_missing_extra_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real_import = builtins.__import__

    def no_uvicorn(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "uvicorn":
            raise ImportError("No module named 'uvicorn'", name="uvicorn")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_uvicorn)
    assert main(["serve", "--key", str(KEYS_DIR / "ed25519.jwk")]) == 2
    assert "pip install 'microcred[service]'" in capsys.readouterr().err
