"""The storage-state files a batch's sites name travel with a Ray job: a worker on a machine without
them reads copies, and one that has them reads them where they are."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.batch import BatchOptions
from extractor.batch.ray_engine import PageWorker
from extractor.batch.travel import TravellingFiles
from extractor.browser.profile import read_storage_state
from extractor.sites import SiteResolver
from extractor.sites.overrides import RenderOverrides

COOKIE = {"name": "session", "value": "ok", "domain": "127.0.0.1", "path": "/", "expires": -1}


def job(tmp_path: Path) -> tuple[SiteResolver, BatchOptions, Path, Path]:
    folder = tmp_path / "selectors"
    folder.mkdir()
    in_file, on_command_line = folder / "members.json", tmp_path / "other.json"
    for path, value in ((in_file, "ok"), (on_command_line, "other")):
        path.write_text(json.dumps({"cookies": [{**COOKIE, "value": value}], "origins": []}))
    (folder / "members.yaml").write_text(
        "site: members\nmatch: ['*/members/*']\nrender: {storage_state: members.json}\nfields:\n  t: h1\n"
    )
    options = BatchOptions(overrides=RenderOverrides(storage_state=on_command_line))
    return SiteResolver(folder), options, in_file, on_command_line


def test_a_worker_without_the_files_reads_copies_of_them(tmp_path: Path) -> None:
    resolver, options, in_file, on_command_line = job(tmp_path)
    files = TravellingFiles.of(resolver, options)
    assert set(files.contents) == {str(in_file.resolve()), str(on_command_line)}
    sent = {path: path.read_bytes() for path in (in_file, on_command_line)}
    in_file.unlink()  # as on another machine
    on_command_line.unlink()
    worker = PageWorker(resolver, options, None, None, files)
    site = worker.site_for("http://127.0.0.1/members/1")
    assert site is not None and site.render.storage_state is not None
    copy = Path(site.render.storage_state)
    assert copy != in_file and copy.read_bytes() == sent[in_file] and copy.stat().st_mode & 0o777 == 0o600
    assert read_storage_state(copy).content["cookies"][0]["value"] == "ok"
    state = worker.options.overrides.storage_state
    assert state is not None and state.read_bytes() == sent[on_command_line]
    assert worker.site_for("http://127.0.0.1/elsewhere") is None  # zero-config pages are left alone


def test_a_worker_that_has_the_files_reads_them_where_they_are(tmp_path: Path) -> None:
    resolver, options, in_file, on_command_line = job(tmp_path)
    worker = PageWorker(resolver, options, None, None, TravellingFiles.of(resolver, options))
    site = worker.site_for("http://127.0.0.1/members/1")
    assert site is not None and site.render.storage_state == str(in_file.resolve())
    assert worker.options.overrides.storage_state == on_command_line
