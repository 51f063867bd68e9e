"""Two views of a page: the rendered DOM (``Snapshot.html``) and the HTML the server sent (``source_html``)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from parsel import Selector

from extractor.browser import Browser, render
from extractor.extract import extract
from extractor.models import Result
from extractor.recording import open_recording, record, replay_dom
from extractor.recording.replay import ReplayHooks
from extractor.sites import LoadedSite, RenderSpec, parse_site

REPO = Path(__file__).parents[2]
PAGES = REPO / "tests" / "site" / "pages"
HEADLINE = "Jembatan Baru Menghubungkan Dua Desa di Tepi Sungai"
SHELL = "This page is not available right now"
RUSSIAN = "Новый мост соединил две деревни"
SITE = LoadedSite(
    parse_site("site: source\nmatch: x\nfields:\n  title: article h1\n"), REPO / "selectors" / "cnbcindonesia.com.yaml"
)


class _Labelled(BaseHTTPRequestHandler):
    """``tests/site/pages`` files as ``text/html``, with ``; charset=X`` when the query asks (``?charset=X``):
    the suite's own server labels every ``.html`` file UTF-8, which would hide a page's own declaration."""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        body = (PAGES / parts.path.lstrip("/")).read_bytes()
        charset = parse_qs(parts.query).get("charset")
        self.send_response(200)
        self.send_header("Content-Type", "text/html" + (f"; charset={charset[0]}" if charset else ""))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def labelled_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Labelled)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def texts(html: str, css: str) -> list[str]:
    return [" ".join(text.split()) for text in Selector(text=html).css(css).xpath("string()").getall()]


async def test_the_source_holds_the_article_a_script_replaced(browser: Browser, site_url: str) -> None:
    snapshot = await render(browser, site_url + "/source/replaced.html")
    assert snapshot.final_url.endswith("/source/replaced.html?view=unavailable")  # replaceState: same document
    assert texts(snapshot.html, "p.shell") == [SHELL] and HEADLINE not in snapshot.html
    assert snapshot.source_html is not None
    assert texts(snapshot.source_html, "article h1") == [HEADLINE]
    assert len(texts(snapshot.source_html, "article p.story")) == 2
    assert texts(snapshot.source_html, "p.shell") == []  # the shell is only a string in its script
    result = extract(snapshot, SITE.site)  # the JSON does not grow: the source is not part of a result
    assert "source_html" not in {field.name for field in fields(Result)}
    assert HEADLINE not in json.dumps(result.to_dict(), ensure_ascii=False)


@pytest.mark.parametrize(
    "path",
    [
        "/source/windows-1251.html",  # <meta charset>
        "/source/undeclared.html?charset=windows-1251",  # Content-Type
        "/source/undeclared.html",  # nothing: the encoding the browser chose
        "/source/iso-8859-1.html",  # <meta http-equiv>, read as windows-1252 as browsers do
    ],
)
async def test_a_page_not_in_utf8_is_decoded_as_the_browser_did(browser: Browser, path: str) -> None:
    with labelled_server() as base:
        snapshot = await render(browser, base + path, RenderSpec(scroll="none"))
    assert snapshot.source_html is not None
    headline = texts(snapshot.source_html, "h1")
    assert headline == texts(snapshot.html, "h1")
    assert headline == (["Le café du port rouvre"] if "iso" in path else [RUSSIAN])
    assert texts(snapshot.source_html, "p.story") == texts(snapshot.html, "p.story")
    if "iso" in path:
        assert "«Nous avons tout refait», dit la gérante — et l\u2019été" in snapshot.source_html  # cp1252 bytes
    assert "\ufffd" not in snapshot.source_html


async def test_a_page_that_navigated_by_itself_gives_the_source_of_the_document_read(
    browser: Browser, site_url: str
) -> None:
    moved = await render(browser, site_url + "/faults/navigates.html")  # to landing.html, 100 ms after load
    assert moved.final_url.endswith("/faults/landing.html") and moved.source_html is not None
    assert texts(moved.source_html, "title") == ["Landing"] and texts(moved.source_html, "h1") == []
    assert texts(moved.html, "h1") == ["Landed"]  # written by its script
    # it left for a page that failed, through a blank redirector: the document read is the first one
    left = await render(browser, site_url + "/faults/depart-chain.html")
    assert [issue.kind for issue in left.issues] == ["navigated"]
    assert left.final_url.endswith("/faults/depart-chain.html") and left.source_html is not None
    assert texts(left.source_html, "title") == ["Through a redirector"] and texts(left.source_html, "h1") == []
    assert texts(left.html, "h1") == ["Kept article"]


async def test_a_recording_keeps_the_source_and_replays_it(browser: Browser, tmp_path: Path, site_url: str) -> None:
    await record(browser, site_url + "/source/replaced.html", SITE, tmp_path / "replaced")
    with labelled_server() as base:  # stopped before the replay
        await record(browser, base + "/source/windows-1251.html", SITE, tmp_path / "cyrillic")
    for name, words in (("replaced", HEADLINE), ("cyrillic", RUSSIAN)):
        recording = open_recording(tmp_path / name)
        stored = (recording.path / "source.html").read_text(encoding="utf-8")
        assert words in stored
        assert recording.snapshot().source_html == stored
        replayed = await render(browser, recording.url, SITE.site.render, ReplayHooks(recording, frozenset()))
        assert replayed.source_html == stored  # the replayed document is the recorded one
    assert RUSSIAN in replayed.html  # the DOM too: the stored page is not served garbled under its own label


async def test_a_recording_without_a_source_still_loads(browser: Browser, tmp_path: Path, site_url: str) -> None:
    live = await record(browser, site_url + "/source/replaced.html", SITE, tmp_path / "old")
    (tmp_path / "old" / "source.html").unlink()  # as recorded before there was one
    recording = open_recording(tmp_path / "old")
    snapshot = recording.snapshot()
    assert snapshot.source_html is None and SHELL in snapshot.html
    assert replay_dom(recording, SITE.site).data == live.data == {"title": None}
