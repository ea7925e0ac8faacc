"""Take the dashboard's screenshots: `.venv/bin/python docs/screenshots/take_dashboard.py`.

Seeds the demo site (its held, rejected and reported examples), two weeks of history with moderator
decisions, then signs in as a moderator in Chromium and shoots the Pending queue and the statistics page.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright
from pydantic import SecretStr

from civility.comments.inputs import NewComment
from civility.demo.seed import seed_demo
from civility.moderators.desk import Action
from civility.settings import Settings, SiteSettings
from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.storage.staff_tables import Role
from civility.web.app import create_app

HERE = Path(__file__).resolve().parent
PORT = 8610
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HISTORY = [
    ("Thanks for the clear explanation of the budget vote.", Action.APPROVE),
    ("You are an idiot if you believe a word of this.", Action.REJECT),
    ("Great deals on replica watches, visit cheapwatches dot biz now for a free gift", Action.SPAM),
    ("The figures on housing look wrong to me, can the reporter check them?", Action.APPROVE),
    ("Shut up, nobody asked what you think, moron.", Action.REJECT),
    ("I live near the tram depot and the noise at night is real.", Action.APPROVE),
]


def seed_history(app: object, database: Database) -> None:
    service = app.state.comments  # type: ignore[attr-defined]
    desk = app.state.desk  # type: ignore[attr-defined]
    moderator = app.state.accounts.add_user(  # type: ignore[attr-defined]
        "night.shift@example.org", "night shift moderator", roles={"demo": Role.MODERATOR}
    )
    rng = random.Random(4)
    real = service.clock
    now = datetime.now(UTC)
    try:
        for day in range(13, 0, -1):
            for n in range(rng.randint(4, 9)):
                text, action = rng.choice(HISTORY)
                at = now - timedelta(days=day, hours=rng.randint(0, 20))
                service.clock = lambda at=at: at
                posted = service.create_comment(
                    "demo", NewComment(thread="article:history", author_name=f"Reader {day}-{n}",
                                       text=text, post_anyway=True),
                    reader_id=f"history-{day}-{n}",
                )
                if posted.get("id") is None or (posted["status"] == "published" and action is Action.APPROVE):
                    continue
                later = at + timedelta(minutes=rng.randint(3, 240))
                service.clock = lambda later=later: later
                desk.act(moderator, "demo", int(posted["id"]), action, reason="Breaks the policy")
    finally:
        service.clock = real


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'shots.db'}"
        database = Database(url)
        upgrade(database)
        api = f"http://127.0.0.1:{PORT}"
        site = SiteSettings(name="The Daily Example", allowed_origins=["http://127.0.0.1:8611"])
        settings = Settings(database_url=url, public_url=api, sites={"demo": site},
                            secret_key=SecretStr("screenshots"))
        app = create_app(settings, database=database)
        seed_history(app, database)
        seed_demo(app.state.comments, "demo", "http://127.0.0.1:8611")
        accounts = app.state.accounts
        accounts.add_user("moderator@example.org", "screenshot password", roles={"demo": Role.MODERATOR})
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=PORT, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.goto(f"{api}/dashboard/login")
                page.get_by_label("E-mail").fill("moderator@example.org")
                page.get_by_label("Password").fill("screenshot password")
                page.get_by_role("button", name="Sign in").click()
                page.locator(".item").first.wait_for()
                page.keyboard.press("j")
                page.screenshot(path=HERE / "dashboard-queue.png")
                page.goto(f"{api}/dashboard/sites/demo/stats")
                page.locator("canvas").first.wait_for()
                page.wait_for_timeout(300)
                page.screenshot(path=HERE / "dashboard-stats.png", full_page=True)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            database.dispose()


if __name__ == "__main__":
    main()
