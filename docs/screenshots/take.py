"""Take the demo's screenshots: `.venv/bin/python docs/screenshots/take.py` (starts `civility demo`).

Desktop (1280 px) and phone (390 px): the article's head with the trending line, and the
conversation with a ∨ menu open and a reply form, as readers see them.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
API, ARTICLE = 8600, 8601
URL = f"http://127.0.0.1:{ARTICLE}/world/drone-strike-eastern-syria"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def wait_for(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def shoot(browser: object, name: str, width: int, height: int, mobile: bool) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": width, "height": height}, device_scale_factor=2 if mobile else 1,
        is_mobile=mobile, has_touch=mobile,
    )
    page = context.new_page()
    page.goto(URL)
    page.get_by_role("navigation", name="Trending discussions").get_by_role("link").first.wait_for()
    page.screenshot(path=HERE / f"{name}-article.png")
    thread = page.locator(".conversation")
    page.get_by_role("heading", name="32 Comments").wait_for()
    first = page.locator("article.c").first
    first.get_by_role("button", name="Reply").first.click()
    page.locator("textarea").nth(1).fill("Thanks, this is helpful context.")
    page.get_by_label("Display name").nth(1).fill("Sam R.")
    menu = page.locator("article.c").nth(1).get_by_role("button", name="More actions").first
    menu.click()
    page.get_by_role("menuitem", name="Copy link").first.wait_for()
    top, height = thread.evaluate("e => [e.getBoundingClientRect().top + scrollY, e.offsetHeight]")
    tallest = 1700 if mobile else 2400
    page.screenshot(path=HERE / f"{name}-comments.png", full_page=True,
                    clip={"x": 0, "y": top - 16, "width": width, "height": min(height + 32, tallest)})
    context.close()


def main() -> None:
    demo = subprocess.Popen([str(Path(sys.executable).with_name("civility")), "demo", "--port", str(API),
                             "--article-port", str(ARTICLE)])
    try:
        wait_for(URL, time.monotonic() + 60)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
            shoot(browser, "desktop", 1280, 900, mobile=False)
            shoot(browser, "phone", 390, 844, mobile=True)
            browser.close()
    finally:
        demo.terminate()
        demo.wait(timeout=20)


if __name__ == "__main__":
    main()
