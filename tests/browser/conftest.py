"""Browser fixtures: one Chromium per run, and a page that runs axe-core on every document.

Chromium comes from CHROMIUM_PATH or the PATH (Debian's ``chromium`` package); Playwright's own
browser downloads are not used. Without Chromium the browser tests are skipped, unless
REQUIRE_BROWSER=1 is set (CI), in which case they fail.
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPORTED_IMPACTS = {"serious", "critical"}
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)


def _chromium() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    return path if path and os.access(path, os.X_OK) else None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Launch Debian's Chromium once for the whole run."""
    executable = _chromium()
    if executable is None:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(
                "REQUIRE_BROWSER=1 but Chromium was not found: install Debian's chromium "
                "package or set CHROMIUM_PATH to the browser's executable",
                pytrace=False,
            )
        pytest.skip(
            "Chromium not installed: browser tests skipped; install Debian's chromium package"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class CheckedPage:
    """A Playwright page whose every loaded document is checked with axe-core.

    Calling the page from a "load" listener would race with the test under the sync API (the
    listener runs in its own greenlet while the test goes on and may navigate away), so the
    listener only records each load, and axe runs right after the navigations the test makes
    through ``goto()`` and ``loads()``. A document loaded any other way is reported as missed.
    """

    def __init__(self, page: Page) -> None:
        self.page = page
        self.loaded: list[str] = []  # the URL of every document loaded in the main frame
        self.checked: list[str] = []
        self.missed: list[str] = []
        self.violations: list[str] = []
        self._axe = Axe()
        page.on("load", lambda loaded: self.loaded.append(loaded.url))

    def __getattr__(self, name: str):
        return getattr(self.page, name)

    def goto(self, url: str, **kwargs):
        """Open ``url`` and check the document it loads."""
        response = self.page.goto(url, **kwargs)
        self.check()
        return response

    @contextmanager
    def loads(self) -> Iterator[None]:
        """Wait for the action in the block to load a new document, then check it."""
        with self.page.expect_event("load"):
            yield
        self.check()

    def check(self) -> None:
        """Run axe on the current document, unless it has been checked already."""
        new = self.loaded[len(self.checked) + len(self.missed) :]
        if not new:
            return
        self.missed += new[:-1]
        url = self.page.url
        self.checked.append(url)
        for rule in self._axe.run(self.page).response["violations"]:
            if rule["impact"] in REPORTED_IMPACTS:
                targets = "; ".join(" ".join(node["target"]) for node in rule["nodes"])
                self.violations.append(
                    f"{url}: {rule['id']} ({rule['impact']}): {rule['help']} [{targets}]"
                )


@pytest.fixture
def page(browser, live_server) -> Iterator[CheckedPage]:
    """A fresh browser context on the live server; fails the test on axe violations."""
    # No bypass_csp: axe is injected through page.evaluate (CDP), which the site's
    # Content-Security-Policy (script-src 'self') does not block.
    context = browser.new_context(base_url=live_server)
    checked = CheckedPage(context.new_page())
    try:
        yield checked
        checked.check()  # the document the test ended on
    finally:
        context.close()
    assert checked.checked, "axe checked no page"
    problems = [f"not checked by axe: {url}" for url in checked.missed] + checked.violations
    if problems:
        pytest.fail("Accessibility problems:\n" + "\n".join(problems), pytrace=False)
