"""The full-API reference in a real browser: headless Chromium from the system (Debian's
`chromium` package; `.ci/run` installs it). Skipped loudly only when no Chromium is found."""

from __future__ import annotations

import os
import random
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import corpus_dir
from tests.docs.chromium import Browser, find_chromium

CHROMIUM_MISSING = (
    "Chromium NOT FOUND (install Debian's 'chromium' or set CHROMIUM): the browser tests of "
    "the HTML reference did not run"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        if os.environ.get("TLGEN_REQUIRE_CHROMIUM"):  # set by .ci/run: CI must run them
            pytest.fail(CHROMIUM_MISSING)
        pytest.skip(CHROMIUM_MISSING)
    with tempfile.TemporaryDirectory(prefix="tlgen-chromium-") as profile:
        browser = Browser(executable, Path(profile))
        try:
            yield browser
        finally:
            browser.close()


def test_index_loads_without_console_errors(browser: Browser, full_reference: Path) -> None:
    browser.open((full_reference / "index.html").as_uri())
    assert browser.errors == []
    assert browser.evaluate("document.getElementById('layer').textContent") == "222"
    assert browser.evaluate("TL_INDEX.length") > 3000


def test_search_finds_resend_code_and_its_link_opens_the_page(
    browser: Browser, full_reference: Path
) -> None:
    browser.open((full_reference / "index.html").as_uri())
    found = browser.evaluate(
        "(() => { const q = document.getElementById('q'); q.value = 'resendCode';"
        " q.dispatchEvent(new Event('input'));"
        " return [...document.querySelectorAll('#results a')].map(a => a.textContent); })()"
    )
    assert found[0] == "auth.resendCode"
    browser.follow("document.querySelector('#results a').click()")
    assert browser.evaluate("location.href").endswith("/method/auth.resendCode.html")
    assert browser.evaluate("document.querySelector('h1').textContent") == "auth.resendCode"
    assert browser.errors == []


def independent_error_rows(page: Path) -> set[tuple[int, str]]:
    """`| 400 | NAME | ... |` rows of a GramJS page, read without our reader."""
    text = page.read_text(encoding="utf-8")
    return {
        (int(c), n) for c, n in re.findall(r"^\|\s*(-?\d+)\s*\|\s*([A-Z0-9_]+)\s*\|", text, re.M)
    }


def test_method_page_lists_its_errors_result_and_bots(
    browser: Browser, full_reference: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    corpus = corpus_dir()
    assert corpus is not None
    browser.open((full_reference / "method" / "auth.resendCode.html").as_uri())
    rows = browser.evaluate(
        "[...document.querySelectorAll('table.errors tbody tr')]"
        ".map(tr => [...tr.cells].map(td => td.textContent))"
    )
    shown = {(int(code), name) for code, name, _, _ in rows}
    # GramJS's page (gram-js/docs 92c6b198, src/tl/auth/ResendCode.md) lists four errors.
    expected = independent_error_rows(corpus / "docs-gramjs" / "src-tl" / "auth_ResendCode.md")
    assert len(expected) == 4
    assert expected <= shown
    assert all(description for _, _, _, description in rows)
    # Each names the exception to catch, as the errors module spells the error's class.
    assert ("400", "PHONE_NUMBER_INVALID", "tl.errors.PhoneNumberInvalidError") in {
        (code, name, exception) for code, name, exception, _ in rows
    }
    assert browser.evaluate("document.querySelector('p.bots').textContent") == (
        "Bots cannot use this method."
    )
    assert browser.evaluate("document.querySelector('p.result a').textContent") == ("auth.SentCode")
    assert browser.evaluate("document.querySelector('p.description').textContent").startswith(
        "Resend the login code via another medium"
    )
    shot = tmp_path_factory.mktemp("screenshots") / "auth.resendCode.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    print(f"screenshot of auth.resendCode: {shot}")


def sample_pages(reference: Path) -> list[Path]:
    fixed = [
        reference / "index.html",
        reference / "errors.html",
        reference / "method" / "auth.resendCode.html",
        reference / "type" / "auth.SentCode.html",
        reference / "constructor" / "auth.sentCode.html",
        reference / "ns" / "auth.html",
        reference / "ns" / "_root.html",
    ]
    pages = sorted(p for p in reference.rglob("*.html") if p not in fixed)
    return fixed + random.Random(14).sample(pages, 25)


def test_every_internal_link_of_sample_pages_resolves(
    browser: Browser, full_reference: Path
) -> None:
    anchors_of: dict[Path, set[str]] = {}
    checked = 0
    for page in sample_pages(full_reference):
        browser.open(page.as_uri())
        assert browser.errors == [], page
        hrefs = browser.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
        scripts = browser.evaluate("[...document.scripts].map(s => s.src).filter(s => s)")
        styles = browser.evaluate(
            "[...document.querySelectorAll('link[rel=stylesheet]')].map(l => l.href)"
        )
        for url in [*hrefs, *scripts, *styles]:
            parts = urlsplit(url)
            assert parts.scheme == "file", f"{page}: {url} leaves the reference"
            target = Path(unquote(parts.path))
            assert target.is_file(), f"{page}: broken link {url}"
            assert full_reference in target.parents, f"{page}: {url} leaves the reference"
            if parts.fragment and target.name == "errors.html":
                if target not in anchors_of:
                    text = target.read_text(encoding="utf-8")
                    anchors_of[target] = set(re.findall(r' id="([^"]+)"', text))
                assert parts.fragment in anchors_of[target], f"{page}: no anchor {url}"
            checked += 1
    assert checked > 500


def search(browser: Browser, query: str) -> list[list[str]]:
    """[TL name, kind line] of each result the search box shows for `query`."""
    return browser.evaluate(  # type: ignore[no-any-return]
        "(() => { const q = document.getElementById('q'); q.value = " + repr(query) + ";"
        " q.dispatchEvent(new Event('input'));"
        " return [...document.querySelectorAll('#results li')]"
        ".map(li => [li.querySelector('a').textContent, li.querySelector('.kind').textContent]);"
        " })()"
    )


def test_search_finds_an_error_by_its_exception_and_by_an_instance(
    browser: Browser, full_reference: Path
) -> None:
    browser.open((full_reference / "index.html").as_uri())
    # What a user has in hand: the class an `except` names, or the message the server sent.
    assert search(browser, "FloodWaitError")[0] == ["FLOOD_WAIT_X", "error · FloodWaitError"]
    assert search(browser, "FLOOD_WAIT_42")[0] == ["FLOOD_WAIT_X", "error · FloodWaitError"]
    assert search(browser, "flood_wait_x")[0][0] == "FLOOD_WAIT_X"
    # Not an instance: the number is the whole segment.
    assert "FLOOD_WAIT_X" not in [row[0] for row in search(browser, "FLOOD_WAIT_4A2")]
    search(browser, "FLOOD_WAIT_42")
    browser.follow("document.querySelector('#results a').click()")
    assert browser.evaluate("location.hash") == "#FLOOD_WAIT_X"
    row = browser.evaluate(
        "[...document.getElementById('FLOOD_WAIT_X').cells].map(td => td.textContent)"
    )
    assert row[:2] == ["FLOOD_WAIT_X", "tl.errors.FloodWaitError"]
    assert browser.errors == []


def unbroken_names(browser: Browser, page: Path) -> tuple[int, list[str]]:
    """How many error names (and exception classes) without spaces a page shows at 1280 px,
    and those the browser lays out over more than one line."""
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        session=True,
        width=1280,
        height=800,
        deviceScaleFactor=1,
        mobile=False,
    )
    browser.open(page.as_uri())
    shown, broken = browser.evaluate(
        "(() => { const names = [...document.querySelectorAll("
        "'td.error-name code, td.exception code')].filter(c => !/\\s/.test(c.textContent));"
        " return [names.length, names.filter(c => c.getClientRects().length > 1)"
        ".map(c => c.textContent)]; })()"
    )
    return shown, broken


def test_error_names_do_not_break_mid_word_at_1280_px(
    browser: Browser, full_reference: Path
) -> None:
    shown, broken = unbroken_names(browser, full_reference / "errors.html")
    assert shown > 800  # every plain name and its exception class
    assert broken == []
    shown, broken = unbroken_names(browser, full_reference / "method" / "messages.sendMessage.html")
    assert shown > 50
    assert broken == []
