"""A driver error in SQLite's direct write path (storage/posting.py) is a 503, and nothing is half-stored.

The top-level comment's write runs straight on the sqlite3 driver: bump or create the thread, insert the
comment, insert its near-duplicate signature, in one transaction. Here the signature table is taken
away under the running server (renamed by another connection): the spam detector's near-duplicate lookup
fails (the comment goes to review, never published unchecked) and the write's third statement fails after
the first two ran. The author gets a clear 503 with Retry-After, the transaction is rolled back (no
comment, no thread counters), and once the table is back the same post is stored once.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from civility_fixtures import API, SITE, make_settings
from fastapi.testclient import TestClient

from civility.storage.database import Database
from civility.storage.migrate import upgrade
from civility.web.app import create_app

TEXT = "The council should publish the bridge survey before the vote."


def test_a_failing_signature_insert_answers_503_and_stores_nothing(tmp_path: Path) -> None:
    path = tmp_path / "civility.db"
    database_url = f"sqlite:///{path}"
    database = Database(database_url)
    upgrade(database)
    body = {"thread": "bridge", "author_name": "Ann", "text": TEXT, "thread_title": "Bridge"}
    try:
        with TestClient(create_app(make_settings(database_url), database=database)) as client:
            token = client.post(f"{API}/readers").json()["reader_token"]
            auth = {"Authorization": f"Bearer {token}"}
            with sqlite3.connect(path) as other:
                other.execute("ALTER TABLE comment_signatures RENAME TO comment_signatures_away")
            failed = client.post(f"{API}/comments", json=body, headers=auth)
            assert failed.status_code == 503, failed.text
            assert failed.headers["retry-after"] == "1"
            assert failed.json()["error"]["code"] == "database_unavailable"

            with sqlite3.connect(path) as other:
                assert other.execute("SELECT count(*) FROM comments").fetchone() == (0,)
                assert other.execute(
                    "SELECT coalesce(sum(comment_count), 0) FROM threads WHERE site = ?", (SITE,)
                ).fetchone() == (0,)
                other.execute("ALTER TABLE comment_signatures_away RENAME TO comment_signatures")

            stored = client.post(f"{API}/comments", json=body, headers=auth)
            assert stored.status_code == 201, stored.text
            listed = client.get(f"{API}/comments", params={"thread": "bridge"}).json()
            assert [c["html"] for c in listed["comments"]] == [f"<p>{TEXT}</p>"]
    finally:
        database.dispose()
