"""Proxy addresses, proxy files, and the batch's rotation that retires a failing proxy for a while."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.batch.proxies import ProxyRotation, read_proxies
from extractor.browser.profile import proxy_settings
from extractor.errors import SelectorFileError, UsageError
from extractor.models import IssueKind, Result
from extractor.sites import parse_site

OK = Result(url="u", final_url="u", site="s", data={"h": "x"})


def failure(kind: IssueKind) -> Result:
    return Result.failure("u", "s", kind, "u: failed")


def test_a_proxy_url_becomes_playwrights_setting_with_its_credentials_apart() -> None:
    assert proxy_settings("http://scraper:p%40ss@10.0.0.1:3128") == {
        "server": "http://10.0.0.1:3128", "bypass": "<-loopback>", "username": "scraper", "password": "p@ss",
    }  # fmt: skip
    assert proxy_settings("socks5://127.0.0.1:1080") == {"server": "socks5://127.0.0.1:1080", "bypass": "<-loopback>"}


@pytest.mark.parametrize(
    ("proxy", "expected"),
    [
        ("ftp://p:1", "render.proxy: proxy 'ftp://p:1': the scheme must be one of http, https, socks5"),
        ("http://p", "render.proxy: proxy 'http://p': expected http://[user:password@]host:port"),
        ("http://u:secret@p:x", "render.proxy: proxy 'http://u:***@p:x': expected http://[user:password@]host:port"),
    ],
)
def test_a_bad_proxy_in_a_site_file_is_named_without_its_password(proxy: str, expected: str) -> None:
    with pytest.raises(SelectorFileError) as caught:
        parse_site(f"site: a\nmatch: x\nrender: {{proxy: '{proxy}'}}\nfields: {{t: h1}}\n", "a.yaml")
    assert expected in caught.value.message and "secret" not in caught.value.message


def test_proxies_file_skips_comments_and_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "proxies.txt"
    path.write_text("# pool A\nhttp://10.0.0.1:3128\n\nhttp://10.0.0.2:3128  # slow\n")
    assert read_proxies(path) == ["http://10.0.0.1:3128", "http://10.0.0.2:3128"]
    path.write_text("http://10.0.0.1:3128\n10.0.0.2:3128\n")
    with pytest.raises(UsageError, match=r"proxies.txt:2: proxy '10.0.0.2:3128': the scheme must be one of"):
        read_proxies(path)
    path.write_text("# nothing\n")
    with pytest.raises(UsageError, match="no proxies in the file"):
        read_proxies(path)


def test_pages_take_the_proxies_in_turn() -> None:
    rotation = ProxyRotation(["http://a:1", "http://b:1", "http://c:1"])
    assert [rotation.take() for _ in range(5)] == ["http://a:1", "http://b:1", "http://c:1", "http://a:1", "http://b:1"]


def test_a_proxy_failing_in_a_row_is_retired_for_a_while_then_used_again() -> None:
    now = [0.0]
    rotation = ProxyRotation(["http://a:1", "http://b:1"], retire_after=2, retire_for=60, clock=lambda: now[0])
    rotation.report("http://a:1", failure(IssueKind.PROXY))
    rotation.report("http://a:1", failure(IssueKind.HTTP))  # the site's error, not the proxy's: no count
    rotation.report("http://a:1", failure(IssueKind.PROXY))
    rotation.report("http://a:1", OK)  # a success breaks the run
    rotation.report("http://a:1", failure(IssueKind.TIMEOUT))
    assert rotation.stats["http://a:1"].retirements == 0
    rotation.report("http://a:1", failure(IssueKind.PROXY))
    assert rotation.stats["http://a:1"].retirements == 1
    assert {rotation.take() for _ in range(4)} == {"http://b:1"}
    now[0] = 61
    assert {rotation.take() for _ in range(4)} == {"http://a:1", "http://b:1"}
    assert rotation.summary()[0] == (
        "http://a:1: 6 pages, 4 failed, retired once for 60s after 2 failures in a row"
    )


def test_when_every_proxy_is_retired_the_one_due_back_first_is_used() -> None:
    now = [0.0]
    rotation = ProxyRotation(["http://a:1", "http://b:1"], retire_after=1, retire_for=60, clock=lambda: now[0])
    rotation.report("http://a:1", failure(IssueKind.PROXY))
    now[0] = 10
    rotation.report("http://b:1", failure(IssueKind.PROXY))
    assert rotation.take() == "http://a:1"  # back at 60, before b at 70: no waiting


def test_the_summary_hides_passwords() -> None:
    rotation = ProxyRotation(["http://u:secret@a:1"])
    rotation.report("http://u:secret@a:1", OK)
    assert rotation.summary() == ["http://u:***@a:1: 1 page, 0 failed"]


def test_the_workers_rotations_add_up_in_the_summary() -> None:
    driver, first, second = (ProxyRotation(["http://a:1", "http://b:1"], retire_after=1) for _ in range(3))
    first.report("http://a:1", OK)
    first.report("http://b:1", failure(IssueKind.PROXY))
    second.report("http://a:1", failure(IssueKind.TIMEOUT))
    second.report("http://a:1", OK)
    for worker in (first, second):
        driver.merge(worker)
    assert driver.summary() == [
        "http://a:1: 3 pages, 1 failed, retired once for 60s after 1 failures in a row",
        "http://b:1: 1 page, 1 failed, retired once for 60s after 1 failures in a row",
    ]
