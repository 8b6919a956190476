"""A built book in Debian's Chromium, offline: a local server and a browser.

Used by the benchmark (``benchmarks/run.py``) to time pages in a real
browser. Every request goes to the local server; requests for the jsDelivr
CDN (which Altair's chart outputs may name) are answered from
``node_modules`` (``tools.npm_packages``, as ``package-lock.json`` pins them); any
other external request is aborted.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tools.book import ROOT

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Browser UI that a headless page never shows, disabled: Chromium's new
# headless mode still makes its omnibox popups (WebUI pages, in a renderer of
# their own) for every browser context, which cost about 0.6 CPU-s per context
# (measured: 20 contexts, one page each, 36.5 CPU-s with them and 20.5 without).
UNUSED_UI_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
NODE_MODULES = ROOT / "node_modules"
RENDER_TIMEOUT_MS = 20_000
_NPM_URL = re.compile(r"/npm/((?:@[^/@]+/)?[^/@]+)(?:@[^/]+)?(/.*)?")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 (stdlib signature)
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on an ephemeral localhost port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


_DEFAULT_DISABLED: list[str] | None = None


def command_line(browser) -> list[str]:
    """The switches a browser launched with ``--enable-automation`` runs with."""
    cdp = browser.new_browser_cdp_session()
    try:
        return cdp.send("Browser.getBrowserCommandLine")["arguments"]
    finally:
        cdp.detach()


def disabled_features(arguments: list[str]) -> list[str]:
    """The features a command line disables: Chromium reads the last
    ``--disable-features`` only, so a second one would replace the first."""
    values = [a.split("=", 1)[1] for a in arguments if a.startswith("--disable-features=")]
    return [f for f in values[-1].split(",") if f] if values else []


def playwright_disabled_features(browser_type) -> list[str]:
    """The features Playwright itself disables at launch (read once per process
    from a short-lived browser: about 0.4 CPU-s). ``browser_type``: a started
    Playwright's ``chromium``."""
    global _DEFAULT_DISABLED
    if _DEFAULT_DISABLED is None:
        probe = browser_type.launch(
            executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, "--enable-automation"]
        )
        try:
            _DEFAULT_DISABLED = disabled_features(command_line(probe))
        finally:
            probe.close()
    return list(_DEFAULT_DISABLED)


def launch_args(browser_type, extra: tuple[str, ...] = ()) -> list[str]:
    """``CHROMIUM_ARGS`` and one ``--disable-features``: Playwright's own list
    with ``UNUSED_UI_FEATURES`` added (passed alone, ours would replace it)."""
    features = dict.fromkeys([*playwright_disabled_features(browser_type), *UNUSED_UI_FEATURES])
    return [*CHROMIUM_ARGS, "--disable-features=" + ",".join(features), *extra]


def launch(browser_type, extra: tuple[str, ...] = ()):
    """A headless Debian Chromium from a started Playwright's ``chromium``."""
    return browser_type.launch(executable_path=CHROMIUM, args=launch_args(browser_type, extra))


@contextmanager
def chromium() -> Iterator:
    """A headless Debian Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw.chromium)
        try:
            yield browser
        finally:
            browser.close()


def npm_file(url: str) -> Path | None:
    """The ``node_modules`` file standing in for a jsDelivr URL, or None."""
    parts = urlsplit(url)
    match = _NPM_URL.fullmatch(unquote(parts.path))
    if parts.hostname != "cdn.jsdelivr.net" or not match:
        return None
    package = NODE_MODULES / match.group(1)
    file = (match.group(2) or "").lstrip("/")
    if not file and (package / "package.json").is_file():
        meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
        file = meta.get("jsdelivr") or meta.get("main") or "index.js"
    target = (package / file).resolve()
    return target if target.is_file() and package.resolve() in target.parents else None


def offline_context(browser, base_url: str):
    """A browser context that reaches nothing but ``base_url`` (and local npm copies)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def handle(route):
        url = route.request.url
        if url.startswith(base_url.rstrip("/")) or url.startswith(("data:", "blob:")):
            route.continue_()
        elif (path := npm_file(url)) is not None:
            kind = "application/javascript" if path.suffix == ".js" else "application/octet-stream"
            route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": kind})
        else:
            route.abort()

    context.route("**/*", handle)
    return context
