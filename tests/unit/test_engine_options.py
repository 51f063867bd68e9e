"""``batch --engine``: its words, the options only Ray takes, and Ray missing: one line, exit 2, before any page."""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

import pytest
from typer.testing import CliRunner

from extractor.batch import ray_engine
from extractor.cli.app import app
from extractor.errors import UsageError


def batch(tmp_path: Path, *options: str) -> tuple[int, str]:
    listing = tmp_path / "urls.txt"
    listing.write_text("http://127.0.0.1:9/a\n")
    selectors = tmp_path / "s.yaml"
    selectors.write_text("site: s\nmatch: '*'\nfields:\n  t: h1\n")
    done = CliRunner().invoke(app, ["batch", str(listing), "-o", str(tmp_path / "o.jsonl"), "-s", str(selectors), *options])
    return done.exit_code, done.output


def test_engine_words_and_options_only_ray_takes(tmp_path: Path) -> None:
    assert batch(tmp_path, "--engine", "spark") == (2, "error: --engine 'spark': expected local or ray\n")
    code, output = batch(tmp_path, "--address", "10.0.0.1:6379")
    assert code == 2 and "--address and --workers are for --engine ray" in output
    code, output = batch(tmp_path, "--engine", "ray", "--address", "no-port-here")
    assert code == 2 and "'no-port-here' is not a Ray address (HOST:PORT, or ray://HOST:PORT)" in output
    assert not (tmp_path / "o.jsonl").exists()  # refused before OUT was opened


def test_ray_missing_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = importlib.import_module

    def without_ray(name: str, package: str | None = None) -> ModuleType:
        if name == "ray":
            raise ImportError("No module named 'ray'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", without_ray)
    with pytest.raises(UsageError, match=r"--engine ray needs Ray: pip install 'extractor\[ray\]'"):
        ray_engine.import_ray()
    code, output = batch(tmp_path, "--engine", "ray")
    assert code == 2 and "--engine ray needs Ray: pip install 'extractor[ray]'" in output
    assert not (tmp_path / "o.jsonl").exists()
