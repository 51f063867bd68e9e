"""Pages without a browser (``render: never``): fetched over HTTP from the suite's server, with the
failure kinds and wording of the browser path, the site file's identity, and no Chromium at all."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extractor.api import extract_page, extract_url
from extractor.cli.app import app
from extractor.errors import SelectorFileError
from extractor.fetch import fetch
from extractor.models import IssueKind
from extractor.sites import parse_site
from extractor.sites.overrides import RenderOverrides, parse_cookies
from extractor.sites.schema import RenderSpec

PAGES = Path(__file__).parents[1] / "site" / "pages"
ARTICLE = "props.pageProps.article"
NEXT_SITE = parse_site(
    "site: berita\nmatch: x\nrender: never\nfields:\n"
    f"  title: {{state: __NEXT_DATA__.{ARTICLE}.title, css: h1}}\n"
    f"  author: {{state: __NEXT_DATA__.{ARTICLE}.author}}\n"
    f"  published: {{state: __NEXT_DATA__.{ARTICLE}.published, type: datetime}}\n"
    f"  body: {{state: __NEXT_DATA__.{ARTICLE}.paragraphs, multiple: true}}\n"
    "  drawn: {css: p.para, multiple: true}\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_page_is_read_from_the_state_the_server_embeds_without_a_browser(site_url: str) -> None:
    result = await extract_page(None, site_url + "/state/", NEXT_SITE)  # no browser exists
    assert result.errors == [] and result.status == 200
    assert result.data["title"] == "Kopi Gayo Naik Daun di Pasar Eropa"
    assert result.data["author"] == "Sari Dewi"
    assert result.data["published"] == "2024-12-01T09:30:00+07:00"
    assert len(result.data["body"]) == 3 and result.data["body"][0].startswith("Ekspor kopi Gayo")
    assert result.data["drawn"] == []  # drawn by a script, which nothing ran
    assert "fetch" in result.timings and result.fetched and result.to_dict()["fetched"] is True


async def test_redirects_are_followed_and_cookies_set_on_the_way_are_kept(site_url: str) -> None:
    snapshot = await fetch(site_url + "/__session/login?next=/__session/article", RenderSpec(timeout=10))
    assert snapshot.final_url == site_url + "/__session/article" and snapshot.status == 200


async def test_the_site_files_identity_goes_with_the_request(site_url: str) -> None:
    spec = RenderOverrides(cookies=parse_cookies(["session=ok"])).apply(
        RenderSpec(headers={"X-Team": "data"}, user_agent="extractor-test/1.0", locale="id-ID", timeout=10)
    )
    snapshot = await fetch(site_url + "/__whoami", spec)
    start = snapshot.html.index("{", snapshot.html.index("headers"))
    headers = json.JSONDecoder().raw_decode(snapshot.html[start:])[0]
    assert headers["X-Team"] == "data" and headers["User-Agent"] == "extractor-test/1.0"
    assert headers["Accept-Language"].startswith("id-ID") and "session=ok" in headers["Cookie"]


@pytest.mark.parametrize(
    ("path", "kind", "words"),
    [
        ("/__status/404", IssueKind.HTTP, "HTTP 404"),
        ("/__redirect-loop", IssueKind.LOAD, "redirect loop (too many redirects)"),
        ("/faults/report.pdf", IssueKind.DOWNLOAD, "the URL is a download (application/pdf), not a web page"),
    ],
)
async def test_failures_have_the_browser_paths_kinds(site_url: str, path: str, kind: IssueKind, words: str) -> None:
    result = await extract_page(None, site_url + path, NEXT_SITE)
    [error] = result.errors
    assert error.kind == kind and words in error.message and error.message.startswith(site_url + path)
    assert result.data == {}


async def test_unreachable_hosts_fail_with_dns_and_refused() -> None:
    dns = await extract_page(None, "http://no-such-host.invalid/a", NEXT_SITE)
    assert [(e.kind, e.message) for e in dns.errors] == [
        (IssueKind.DNS, "http://no-such-host.invalid/a: DNS lookup failed (no such host)")
    ]
    refused = await extract_page(None, f"http://127.0.0.1:{free_port()}/", NEXT_SITE)
    assert [e.kind for e in refused.errors] == [IssueKind.REFUSED]


async def test_a_server_that_never_answers_times_out_at_the_render_timeout(site_url: str) -> None:
    started = time.monotonic()
    result = await extract_page(None, site_url + "/__hang", NEXT_SITE, RenderOverrides(timeout=1))
    assert time.monotonic() - started < 5
    [error] = result.errors
    assert error.kind == IssueKind.TIMEOUT and "did not arrive within 1s" in error.message


async def test_through_a_proxy_and_a_dead_one(site_url: str, forward_proxy: tuple[str, Path]) -> None:
    proxy, log = forward_proxy
    result = await extract_page(None, site_url + "/state/", NEXT_SITE, RenderOverrides(proxy=proxy))
    assert result.data["author"] == "Sari Dewi"
    assert any(line.endswith("/state/") for line in log.read_text().splitlines())
    dead = f"http://127.0.0.1:{free_port()}"
    failed = await extract_page(None, site_url + "/state/", NEXT_SITE, RenderOverrides(proxy=dead))
    [error] = failed.errors
    assert error.kind == IssueKind.PROXY and f"(proxy {dead})" in error.message


async def test_a_local_file_is_decoded_by_its_own_declaration() -> None:
    snapshot = await fetch((PAGES / "source" / "windows-1251.html").as_uri(), RenderSpec())
    assert "Новый мост соединил две деревни" in snapshot.html
    french = await fetch((PAGES / "source" / "iso-8859-1.html").as_uri(), RenderSpec())
    assert "Le café du port rouvre" in french.html


async def test_extract_url_never_starts_a_browser_for_a_fetched_page(
    site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("extractor.api.Browser", None)  # any attempt to start one would fail
    result = await extract_url(site_url + "/state/", selectors=NEXT_SITE)
    assert result.data["title"] == "Kopi Gayo Naik Daun di Pasar Eropa"
    generic = await extract_url(site_url + "/state/", selectors=None, overrides=RenderOverrides(browser="never"))
    assert generic.generic and generic.errors == []


def test_never_with_keys_that_need_the_browser_is_a_file_error() -> None:
    assert parse_site("site: s\nmatch: x\nrender: never\nfields:\n  t: h1\n").render.browser == "never"
    with pytest.raises(SelectorFileError, match=r"s.yaml:3:.*'wait_for' needs the browser"):
        parse_site("site: s\nmatch: x\nrender: {browser: never, wait_for: h1}\nfields:\n  t: h1\n", "s.yaml")


def test_extract_render_never_on_the_command_line(site_url: str, tmp_path: Path) -> None:
    selectors = tmp_path / "berita.yaml"
    selectors.write_text(
        f"site: berita\nmatch: '*'\nfields:\n  title: {{state: __NEXT_DATA__.{ARTICLE}.title}}\n  drawn: p.para\n"
    )
    done = CliRunner().invoke(
        app, ["extract", site_url + "/state/", "-s", str(selectors), "--render", "never", "-o", "-"]
    )
    assert done.exit_code == 0, done.output
    document = json.loads(done.stdout)
    assert document["data"] == {"title": "Kopi Gayo Naik Daun di Pasar Eropa", "drawn": None}
    bad = CliRunner().invoke(app, ["extract", site_url + "/state/", "--render", "sometimes"])
    assert bad.exit_code == 2 and "--render 'sometimes': expected auto, always or never" in bad.output


def test_batch_render_never_writes_its_per_site_summary_as_json(site_url: str, tmp_path: Path) -> None:
    selectors = tmp_path / "stories.yaml"
    selectors.write_text("site: stories\nmatch: '*'\nfields:\n  title: {css: h1, required: true}\n")
    listing = tmp_path / "urls.txt"
    listing.write_text("".join(f"{site_url}/__adaptive/{n}\n" for n in range(1, 4)) + f"{site_url}/__status/404\n")
    out, summary = tmp_path / "out.jsonl", tmp_path / "summary.json"
    done = CliRunner().invoke(app, [
        "batch", str(listing), "-o", str(out), "-s", str(selectors), "--render", "never", "--summary", str(summary),
    ])  # fmt: skip
    assert done.exit_code == 1, done.output  # the 404
    assert json.loads(summary.read_text()) == {
        "pages": 4, "failed": 1, "sites": {"stories": {
            "pages": 4, "failed": 1, "fetched": 4, "rendered": 0, "empty": {}, "drift": {},
        }},
    }  # fmt: skip
    assert all(json.loads(line)["fetched"] for line in out.read_text().splitlines())
