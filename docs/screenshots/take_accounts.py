"""Take the widget's account screenshots: `.venv/bin/python docs/screenshots/take_accounts.py`.

Starts `civility demo` on ports 8610/8611 and shoots, at desktop (1280 px) and phone (390 px) widths,
the "Create an account" form with the API's error under the password, and the signed-in comment form.
"""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from take import FLAGS, HERE, wait_for

API, ARTICLE = 8610, 8611
URL = f"http://127.0.0.1:{ARTICLE}/world/drone-strike-eastern-syria"


def clip(page: Page, width: int, height: int) -> dict[str, float]:
    top = page.locator(".conversation").evaluate("e => e.getBoundingClientRect().top + scrollY")
    return {"x": 0, "y": top - 16, "width": width, "height": height}


def shoot(browser: Browser, name: str, width: int, mobile: bool) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 900}, device_scale_factor=2 if mobile else 1,
        is_mobile=mobile, has_touch=mobile,
    )
    page = context.new_page()
    page.goto(URL)
    page.get_by_role("button", name="Create account").click()
    form = page.get_by_role("form", name="Create an account")
    form.get_by_label("E-mail").fill(f"sam-{uuid.uuid4().hex[:6]}@example.org")
    form.get_by_label("Password").fill("short")
    form.get_by_label("Display name").fill("Sam R.")
    form.get_by_role("button", name="Create account").click()
    form.get_by_text("At least 10 characters").wait_for()
    page.screenshot(path=HERE / f"{name}-account-form.png", full_page=True,
                    clip=clip(page, width, 820 if mobile else 520))
    form.get_by_label("Password").fill("a long enough passphrase")
    form.get_by_role("button", name="Create account").click()
    page.locator(".acc").get_by_text("Signed in as").wait_for()
    page.get_by_label("Your comment").fill("Signed in, my comments are mine on every device.")
    page.screenshot(path=HERE / f"{name}-signed-in.png", full_page=True,
                    clip=clip(page, width, 640 if mobile else 600))
    context.close()


def main() -> None:
    demo = subprocess.Popen([str(Path(sys.executable).with_name("civility")), "demo", "--port", str(API),
                             "--article-port", str(ARTICLE)])
    try:
        wait_for(URL, time.monotonic() + 60)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
            shoot(browser, "desktop", 1280, mobile=False)
            shoot(browser, "phone", 390, mobile=True)
            browser.close()
    finally:
        demo.terminate()
        demo.wait(timeout=20)


if __name__ == "__main__":
    main()
