"""Consent walls (``render.consent``): known managers are rejected, a site's own wall gets the generic
rule, and the article that waits for the reader's choice arrives. Pages: tests/site/pages/consent/."""

from __future__ import annotations

import time

import pytest

from extractor.api import extract_page
from extractor.browser import Browser, autoconsent
from extractor.errors import SelectorFileError
from extractor.models import IssueKind, Result
from extractor.sites import Site, parse_site

PARAGRAPHS = [
    "The harbour reopened to fishing boats on Saturday morning after three days of storms.",
    "Port officials said the breakwater held, although two piers will stay closed for repairs.",
    "Traders at the fish market expect prices to settle by the end of the week.",
]


def harbour_site(consent: str = "auto", wait_for: str | None = None) -> Site:
    render = f"{{consent: '{consent}', timeout: 15" + (f", wait_for: '{wait_for}'" if wait_for else "") + "}"
    return parse_site(
        f"site: harbour\nmatch: x\nrender: {render}\nfields:\n"
        "  title: main h1\n"
        "  body: {css: 'p.para', multiple: true}\n"
        "  choice: '#choice'\n"
        "  page_title: {xpath: '//title/text()'}\n"
    )


def consent_warnings(result: Result) -> list[str]:
    return [issue.message for issue in result.warnings if issue.kind == IssueKind.CONSENT]


@pytest.mark.parametrize("manager", ["onetrust", "didomi", "quantcast", "cookiebot", "usercentrics", "sourcepoint"])
async def test_a_known_managers_wall_is_rejected_and_the_article_arrives(
    browser: Browser, site_url: str, manager: str
) -> None:
    result = await extract_page(browser, f"{site_url}/consent/{manager}.html", harbour_site())
    assert result.data["choice"] == "rejected"  # the reject button, though accept comes first or is larger
    assert result.data["title"] == "Harbour Reopens After the Storm"
    assert result.data["body"] == PARAGRAPHS
    assert consent_warnings(result) == [] and result.errors == []


async def test_the_generic_rule_accepts_a_sites_own_wall_in_indonesian(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, f"{site_url}/consent/generic.html", harbour_site())
    assert result.data["choice"] == "accepted"  # "Setuju" was the only way on
    assert result.data["body"] == PARAGRAPHS


async def test_the_generic_rule_prefers_reject(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, f"{site_url}/consent/reject-first.html", harbour_site())
    assert result.data["choice"] == "rejected"
    assert result.data["body"] == PARAGRAPHS


async def test_consent_none_leaves_the_wall(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, f"{site_url}/consent/onetrust.html", harbour_site("none"))
    assert result.data["choice"] is None and result.data["body"] == []


async def test_without_the_managers_rules_the_generic_rule_still_rejects(
    browser: Browser, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autoconsent, "_bundle", lambda: None)  # as when npm ci has not run
    result = await extract_page(browser, f"{site_url}/consent/onetrust.html", harbour_site())
    assert result.data["choice"] == "rejected"  # OneTrust's banner speaks of cookies and has "Reject All"
    assert result.data["body"] == PARAGRAPHS


async def test_a_css_consent_button_is_clicked(browser: Browser, site_url: str) -> None:
    url = f"{site_url}/consent/button.html"
    automatic = await extract_page(browser, url, harbour_site())
    assert automatic.data["choice"] is None  # a gate about terms, not consent: auto leaves it alone
    result = await extract_page(browser, url, harbour_site(".gate-continue", wait_for="p.para"))
    assert result.data["choice"] == "confirmed" and result.data["body"] == PARAGRAPHS
    assert result.errors == []


async def test_a_consent_button_that_never_appears_is_a_warning_not_a_stall(browser: Browser, site_url: str) -> None:
    started = time.monotonic()
    result = await extract_page(browser, f"{site_url}/consent/generic.html", harbour_site("#no-such-button"))
    assert time.monotonic() - started < 10  # the wait for it is bounded (5 s)
    [warning] = consent_warnings(result)
    assert "render.consent '#no-such-button' matched no visible button within 5s" in warning
    assert result.data["page_title"] == "Pelabuhan (generic wall)"  # what could be read is kept


async def test_a_wall_that_stays_is_a_warning(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, f"{site_url}/consent/stuck.html", harbour_site())
    [warning] = consent_warnings(result)
    assert "the consent wall stayed after clicking" in warning and "'Accept'" in warning
    assert result.data["page_title"] == "Harbour (a wall that stays)"


async def test_zero_config_reads_the_article_behind_a_wall_and_not_the_wall(browser: Browser, site_url: str) -> None:
    result = await extract_page(browser, f"{site_url}/consent/didomi.html", None)
    body = "\n".join(result.data["body"] or [])
    assert PARAGRAPHS[0] in body and PARAGRAPHS[2] in body
    assert "cookies" not in body


async def test_the_managers_rules_run_only_where_the_page_shows_signs_of_one(
    browser: Browser, site_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[str] = []
    real_run = autoconsent.Autoconsent.run

    async def counted(self: autoconsent.Autoconsent, limit: float) -> autoconsent.Outcome:
        runs.append(self.page.url)
        return await real_run(self, limit)

    monkeypatch.setattr(autoconsent.Autoconsent, "run", counted)
    plain = await extract_page(browser, f"{site_url}/delayed/", harbour_site())
    assert runs == [] and "consent" in plain.timings  # one probe found no sign: no script injected
    await extract_page(browser, f"{site_url}/consent/cookiebot.html", harbour_site())
    assert runs == [f"{site_url}/consent/cookiebot.html"]


def test_a_bad_consent_selector_names_the_file_and_line() -> None:
    with pytest.raises(SelectorFileError, match=r"x.yaml:3:.*render.consent: invalid CSS selector"):
        parse_site("site: s\nmatch: x\nrender: {consent: 'button['}\nfields:\n  t: h1\n", "x.yaml")
