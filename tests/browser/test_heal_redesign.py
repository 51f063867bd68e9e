"""The redesign set: the seed replica and the four site-pack replicas, each recorded, then served
redesigned (``support.redesign``) and healed. Every broken field of a variant that keeps the article
must be healed with proof (at least 90 % over the set), no proven fix may give a wrong value, and a
variant whose article is gone gets no proven fix at all."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from click.testing import Result
from processes import run_cli
from support import CNBC_PATH
from support.redesign import SINGLE, VARIANTS
from typer.testing import CliRunner

from extractor.browser import Browser
from extractor.cli.app import app
from extractor.extract import extract
from extractor.heal.evidence import value_at
from extractor.heal.repair import heal
from extractor.models import Snapshot
from extractor.recording import open_recording, record
from extractor.sites import load_site

REPO = Path(__file__).parents[2]
SITES = {
    "cnbcindonesia": (CNBC_PATH, "cnbcindonesia.com.yaml"),
    "kompas": ("/sitepack/kompas/read/2024/12/01/14150071/kereta-cepat-tambah-jadwal-akhir-pekan", "kompas.com.yaml"),
    "detik": ("/sitepack/detik/berita/d-7663781/harga-cabai-turun-jelang-akhir-tahun", "detik.com.yaml"),
    "okezone": ("/sitepack/okezone/read/2024/12/01/320/3090123/bandara-baru-mulai-beroperasi", "okezone.com.yaml"),
    "tempo": ("/sitepack/tempo/read/1947321/musim-hujan-petani-mulai-tanam-padi", "tempo.co.yaml"),
}


@pytest.fixture(scope="module")
async def recorded(browser: Browser, site_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each replica recorded before its redesign (with expected.json and fingerprints.json)."""
    folder = tmp_path_factory.mktemp("before")
    for name, (path, file) in SITES.items():
        await record(browser, site_url + path, load_site(REPO / "selectors" / file), folder / name)
    return {name: folder / name for name in SITES}


def changed_page(site_url: str, variant: str, recording: Path) -> Snapshot:
    url = f"{site_url}/__redesign/{variant}?from={recording}"
    answer = httpx.get(url, timeout=30)
    answer.raise_for_status()
    return Snapshot(url=url, final_url=url, html=answer.text)


def test_the_redesign_set_heals_with_proof_and_never_wrongly(site_url: str, recorded: dict[str, Path]) -> None:
    tally: dict[str, list[int]] = {}  # variant -> [broken, healed, not healed, wrong]
    for name, (_, file) in SITES.items():
        loaded = load_site(REPO / "selectors" / file)
        recording = open_recording(recorded[name])
        expected = (recording.expected() or {})["data"]
        for variant in VARIANTS:
            page = changed_page(site_url, variant, recorded[name])
            report = heal(loaded, page, [recording])
            counts = tally.setdefault(variant, [0, 0, 0, 0])
            counts[0] += len(report.broken)
            for broken in report.broken:
                proposal = report.proposals.get(broken.name)
                if proposal is None or not proposal.proven:
                    counts[2] += 1
                    continue
                assert proposal.patched is not None
                right = variant != "removed" and value_at(
                    extract(page, proposal.patched).data, broken.name
                ) == value_at(expected, broken.name)
                counts[1 if right else 3] += 1
                assert right, (name, variant, broken.name, proposal.css)  # a wrong proposal passed the proof
    print("\nvariant     broken  healed  not healed  wrong")
    for variant, (broken, healed, missed, wrong) in tally.items():
        print(f"{variant:10} {broken:7} {healed:7} {missed:11} {wrong:6}")
    same_article = [counts for variant, counts in tally.items() if variant != "removed"]
    broken, healed = sum(c[0] for c in same_article), sum(c[1] for c in same_article)
    assert broken >= 60 and healed >= 0.9 * broken, tally
    assert tally["removed"][0] >= 20 and tally["removed"][1] == 0  # the article gone: no proven fix, anywhere
    assert tally["redesign"][0] >= 20 and tally["redesign"][1] == tally["redesign"][0]  # all changes at once
    assert all(tally[variant][0] == tally[variant][1] for variant in SINGLE)  # one change: every field healed


def test_heal_writes_a_proven_patch_that_keeps_the_file(
    site_url: str, recorded: dict[str, Path], tmp_path: Path
) -> None:
    """From a recording of the changed page: exit 0, the patch written with --write keeps every other
    line of the file, and the patched file passes the old recording and reads the new page right."""
    site_file, changed, result = heal_and_write("detik", "redesign", site_url, recorded, tmp_path)
    assert result.exit_code == 0, result.output
    assert "proven" in result.output and "no proven fix" not in result.output
    before, after = (REPO / "selectors" / "detik.com.yaml").read_text().splitlines(), site_file.read_text().splitlines()
    assert len(before) == len(after) and [a for a, b in zip(before, after, strict=True) if a != b]
    assert all(
        a == b for a, b in zip(before, after, strict=True) if not a.lstrip().startswith("css:")
    )  # comments, order kept
    patched = load_site(site_file)
    new_data = extract(open_recording(changed).snapshot(), patched.site).data
    assert new_data == (open_recording(recorded["detik"]).expected() or {})["data"]
    again = CliRunner().invoke(app, ["test", str(recorded["detik"]), "--selectors", str(site_file)])
    assert again.exit_code == 0, again.output


def test_with_the_article_gone_heal_exits_1_and_writes_nothing(
    site_url: str, recorded: dict[str, Path], tmp_path: Path
) -> None:
    site_file, _, result = heal_and_write("kompas", "removed", site_url, recorded, tmp_path)
    assert result.exit_code == 1, result.output
    assert "no proven fix" in result.output and "candidates for" in result.output
    assert site_file.read_text() == (REPO / "selectors" / "kompas.com.yaml").read_text()


def test_heal_renders_a_changed_page_from_its_url(site_url: str, recorded: dict[str, Path], tmp_path: Path) -> None:
    """The command as a user runs it, on the live URL of the redesigned seed page."""
    site_file = tmp_path / "cnbcindonesia.com.yaml"
    shutil.copy(REPO / "selectors" / "cnbcindonesia.com.yaml", site_file)
    url = f"{site_url}/__redesign/redesign?from={recorded['cnbcindonesia']}"
    result = run_cli("heal", str(site_file), "--page", url, str(recorded["cnbcindonesia"]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "6 fields broken" in result.stdout and "run again with --write" in result.stderr
    assert '-    css: "div.jdl div.author"' in result.stdout and "+    css: [" in result.stdout  # the patch shown


def test_bad_input_exits_2_with_one_line(recorded: dict[str, Path], tmp_path: Path) -> None:
    missing = CliRunner().invoke(app, ["heal", str(tmp_path / "none.yaml"), "--page", str(recorded["detik"])])
    assert missing.exit_code == 2 and "none.yaml" in missing.output
    detik = REPO / "selectors" / "detik.com.yaml"
    other = CliRunner().invoke(app, ["heal", str(detik), "--page", str(recorded["detik"]), str(recorded["tempo"])])
    assert other.exit_code == 2 and "a recording of site 'tempo', not 'detik'" in other.output
    (tmp_path / "none").mkdir()
    nothing = CliRunner().invoke(app, ["heal", str(detik), "--page", str(recorded["detik"]), str(tmp_path / "none")])
    assert nothing.exit_code == 2 and "no recording of site 'detik' to prove fixes against" in nothing.output
    bare = tmp_path / "bare"
    shutil.copytree(recorded["detik"], bare)
    (bare / "fingerprints.json").unlink()
    unprinted = CliRunner().invoke(app, ["heal", str(detik), "--page", str(recorded["detik"]), str(bare)])
    assert unprinted.exit_code == 2 and "has fingerprints.json and expected.json" in " ".join(unprinted.output.split())


def heal_and_write(
    name: str, variant: str, site_url: str, recorded: dict[str, Path], tmp_path: Path
) -> tuple[Path, Path, Result]:
    """``heal --write`` on a copy of site ``name``'s file, from a recording of its ``variant``: the
    file, that recording, and the command's result."""
    site_file = tmp_path / SITES[name][1]
    shutil.copy(REPO / "selectors" / SITES[name][1], site_file)
    changed = copy_as_recording(recorded[name], changed_page(site_url, variant, recorded[name]), tmp_path)
    command = ["heal", str(site_file), "--page", str(changed), str(recorded[name]), "--write"]
    return site_file, changed, CliRunner().invoke(app, command)


def copy_as_recording(original: Path, page: Snapshot, into: Path) -> Path:
    """A recording of the changed page: the original's folder with the changed DOM (as `record` would
    leave it, without the network of a page that no longer exists)."""
    changed = into / f"{original.name}-changed"
    shutil.copytree(original, changed)
    (changed / "dom.html").write_text(page.html, encoding="utf-8")
    for name in ("source.html", "expected.json", "fingerprints.json"):
        (changed / name).unlink(missing_ok=True)
    return changed
