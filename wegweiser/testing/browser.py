"""Browser journeys: Playwright (Python) driving Debian's Chromium, with axe-core on every page visited.

Tests marked `e2e` get `page` (a fresh browser context) on the live server; `journey` takes numbered screenshots
under test-output/screenshots/<test name>/ and runs axe-core on each step. Where no Chromium is installed the
tests are skipped with a plain message.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=de-DE",
]
OUTPUT = Path(__file__).resolve().parent.parent.parent / "test-output" / "screenshots"
# axe-core impacts that fail a journey
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("browser tests skipped: no chromium installed (make test installs it when run as root)")
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test are still
    # synchronous, so the async-safety guard does not apply here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


class Journey:
    """Numbered screenshots and an axe-core check at each step of a browser journey."""

    def __init__(self, page, name: str):
        self.page = page
        self.step = 0
        self.folder = OUTPUT / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.violations: list[str] = []

    def snap(self, label: str, *, axe: bool = True) -> Path:
        self.step += 1
        path = self.folder / f"{self.step:02d}-{re.sub(r'[^A-Za-z0-9_-]+', '-', label)}.png"
        self.page.screenshot(path=str(path), full_page=True)
        if axe:
            self.check_accessibility(label)
        return path

    def check_accessibility(self, label: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        for violation in blocking:
            targets = [node["target"] for node in violation["nodes"]][:3]
            self.violations.append(f"{label}: {violation['id']} ({violation['impact']}) {targets}")
        assert not blocking, "axe-core found serious or critical violations:\n" + "\n".join(self.violations)


@pytest.fixture
def journey(page, request):
    return Journey(page, request.node.name)
