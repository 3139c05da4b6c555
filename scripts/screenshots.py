"""Screenshots of every kind of page at desktop and phone width, on the seed articles (make screenshots).

    python scripts/screenshots.py [OUT_DIR]   # default docs/screenshots

Serves the seeds from a scratch SQLite database with `quotedb serve` and drives Debian's Chromium
(/usr/bin/chromium, or QUOTEDB_CHROMIUM) with Playwright.
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUOTEDB = str(Path(sys.executable).parent / "quotedb")
CHROMIUM = os.environ.get("QUOTEDB_CHROMIUM", "/usr/bin/chromium")
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def seeded_server(folder: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'pages.sqlite3'}", "QUOTEDB_RATE_LIMIT": "off"}
    subprocess.run([QUOTEDB, "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([QUOTEDB, "load", "--quiet", str(ROOT / "seed")], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [QUOTEDB, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("quotedb serve did not start")


def main() -> None:
    from playwright.sync_api import sync_playwright

    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    port = 18230
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        server = seeded_server(Path(folder), port)
        try:
            quote = urllib.request.urlopen(f"{base}/api/v1/quotes?speaker=jan-derbeiko&per_page=1").read()
            quote_id = __import__("json").loads(quote)["data"][0]["id"]
            pages = {
                "search": "/?q=Derbeiko",
                "speaker": "/speakers/jan-derbeiko",
                "quote": f"/quotes/{quote_id}",
                "article": "/articles/2",
                "outlet": "/outlets/sky-news-australia",
                "not-found": "/speakers/nobody",
            }
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                for size, viewport in SIZES.items():
                    tab = browser.new_page(viewport=viewport)
                    for name, path in pages.items():
                        tab.goto(base + path)
                        tab.screenshot(path=out / f"{name}-{size}.png", full_page=size == "desktop")
                        print(out / f"{name}-{size}.png")
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
