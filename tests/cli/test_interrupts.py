"""Ctrl-C during extract, record and batch: exit 130, one line, and nothing half-written left behind."""

from __future__ import annotations

import json
import time
from pathlib import Path

from processes import interrupt

REPO = Path(__file__).parents[2]
CNBC_FILE = REPO / "selectors" / "cnbcindonesia.com.yaml"


def test_ctrl_c_during_extract(site_url: str, tmp_path: Path) -> None:
    started = time.monotonic()
    done = interrupt(
        ["extract", site_url + "/__hang", "-s", str(CNBC_FILE), "-o", str(tmp_path / "out.json")],
        tmp_path, lambda: time.monotonic() - started > 2.5,
    )  # fmt: skip
    assert done.returncode == 130
    assert done.stderr.strip().splitlines()[-1] == "error: interrupted"
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "out.json").exists()


def test_ctrl_c_during_record_leaves_no_folder(site_url: str, tmp_path: Path) -> None:
    started = time.monotonic()
    done = interrupt(
        ["record", site_url + "/delayed/", "-s", str(CNBC_FILE), "-o", str(tmp_path / "rec")],
        tmp_path, lambda: time.monotonic() - started > 2.5,
    )  # fmt: skip
    assert done.returncode == 130 and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == [], list(tmp_path.iterdir())


def test_ctrl_c_during_batch_keeps_whole_lines(site_url: str, tmp_path: Path) -> None:
    selectors = tmp_path / "s.yaml"
    selectors.write_text("site: d\nmatch: x\nrender: {scroll: none, wait_for: h1.headline}\nfields: {h: h1.headline}\n")
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(f"{site_url}/delayed/?n={n}\n" for n in range(10)))
    out = tmp_path / "out.jsonl"
    done = interrupt(
        ["batch", str(listing), "-o", str(out), "-s", str(selectors), "-c", "2"],
        tmp_path, lambda: out.exists() and out.read_text().count("\n") >= 2,
    )  # fmt: skip
    assert done.returncode == 130 and "Traceback" not in done.stderr
    text = out.read_text()
    assert text.endswith("\n")
    lines = [json.loads(line) for line in text.splitlines()]
    assert 2 <= len(lines) < 10 and all(line["data"]["h"] for line in lines)
