"""Adaptation benchmark: does a site's moderation get better from its own moderators' decisions?

Usage:

    .venv/bin/python bench/adaptation.py --per-source 900 --seed 7

A labeled stream of comments is replayed through real Civility sites (the comment service with the
moderation engine, SQLite in a temporary folder). The stream mixes YouTube comments (spam or not,
`../shared/data/youtube_spam`) and tweets (hate speech, offensive language or neither,
`../shared/data/davidson`); the labels stand for what this site's moderators want, and they tolerate
swearing: spam is removed as spam, hate speech rejected, everything else (offensive language included)
approved. Authors who are nudged post anyway.

Four sites receive the same stream:
- `control`: the engine alone; no moderator decisions are fed back;
- `neardup`: moderators decide (below); comments they remove as spam feed the near-duplicate rule;
- `tuned`: as `neardup`, and after the first half `civility tune`'s proposal is applied (with its
  default recall budget, `--tune-max-recall-loss`): thresholds, and "allow" for a category whose
  comments these moderators keep approving;
- `site_model`: as `neardup`, and the per-site model learned from the decisions corrects the engine's
  hold/publish decisions (the product's defaults: trained after 200 decisions, retrained by the desk
  every 50 new ones; the benchmark waits for each background retraining, so runs are reproducible).
  The other three sites have the site model off.

Simulated moderators, during the first half: every held comment is decided by its label; a published
comment that should not be there is removed (readers report it); one in five published good comments is
approved from the Approved queue (the same ones on every learning site). During the second half
moderators keep removing spam on the learning sites (that is how the near-duplicate rule keeps learning).

Measured on the second half, at posting time: precision and recall of "the engine stopped it" (held or
rejected) against the labels, per site. Only rows of the training dev split are replayed
(`training/split.py`): the learned tier never trained on them (its calibration saw them).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SITES = ("control", "neardup", "tuned", "site_model")
sys.path.insert(0, str(ROOT))
from training.split import DEV_SHARE, group_key  # noqa: E402  (the repo root is not installed)


@dataclass(frozen=True)
class Item:
    text: str
    truth: str  # "spam", "rejected" or "approved"


def _dev(text: str) -> bool:
    """Whether training kept this text out of the learned tier's training set (its dev split)."""
    return (zlib.crc32(group_key(text).encode()) % 10_000) < DEV_SHARE * 10_000


def load_stream(per_source: int, seed: int) -> list[Item]:
    """Dev-split rows only (never trained on): YouTube comments and tweets labelled hate/offensive/neither."""
    rng = random.Random(seed)
    youtube = [json.loads(line) for line in (DATA / "youtube_spam" / "youtube_spam_train.jsonl").open()]
    tweets = [json.loads(line) for line in (DATA / "davidson" / "davidson.jsonl").open()]
    youtube = [row for row in youtube if _dev(row["text"])]
    tweets = [row for row in tweets if _dev(row["text"])]
    rng.shuffle(youtube)
    rng.shuffle(tweets)
    items = [
        Item(r["text"][:4000], "spam" if r["labels"]["CLASS"] == 1 else "approved")
        for r in youtube[:per_source]
    ]
    # This site's moderators tolerate swearing: only hate speech is rejected.
    items += [
        Item(r["text"][:4000], "rejected" if r["labels"]["class"] == "hate_speech" else "approved")
        for r in tweets[:per_source]
    ]
    items = [item for item in items if item.text.strip()]
    rng.shuffle(items)
    return items


@dataclass
class Score:
    stopped_bad: int = 0
    stopped_good: int = 0
    missed_bad: int = 0
    passed_good: int = 0

    def add(self, stopped: bool, bad: bool) -> None:
        if stopped and bad:
            self.stopped_bad += 1
        elif stopped:
            self.stopped_good += 1
        elif bad:
            self.missed_bad += 1
        else:
            self.passed_good += 1

    @property
    def precision(self) -> float:
        stopped = self.stopped_bad + self.stopped_good
        return self.stopped_bad / stopped if stopped else 1.0

    @property
    def recall(self) -> float:
        bad = self.stopped_bad + self.missed_bad
        return self.stopped_bad / bad if bad else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-source", type=int, default=900, help="comments taken from each source")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--max-recall-loss",
        type=float,
        default=0.05,
        help="the site_model site's site_model_max_recall_loss (the product's default: 0.05)",
    )
    parser.add_argument(
        "--tune-max-recall-loss",
        type=float,
        default=0.1,
        help="the tuned site's `civility tune --max-recall-loss` (the command's default: 0.1)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from pydantic import SecretStr

    from civility.comments.service import NewComment
    from civility.moderators.desk import Action
    from civility.moderators.tuning import ThresholdTuning
    from civility.settings import Settings, SiteSettings
    from civility.storage.database import Database
    from civility.storage.migrate import upgrade
    from civility.web.app import create_app

    stream = load_stream(args.per_source, args.seed)
    half = len(stream) // 2
    with tempfile.TemporaryDirectory(prefix="civility-adaptation-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        database = Database(url)
        upgrade(database)
        site = {"comment_rate_limit": "100000/minute", "comment_ip_rate_limit": "100000/minute"}
        settings = Settings(
            database_url=url,
            secret_key=SecretStr("bench-adaptation"),
            sites={
                name: SiteSettings(
                    name=name,
                    site_model=name == "site_model",
                    site_model_max_recall_loss=args.max_recall_loss,
                    **site,  # type: ignore[arg-type]
                )
                for name in SITES
            },
        )
        app = create_app(settings, database=database)
        service, desk = app.state.comments, app.state.desk
        moderator = app.state.accounts.add_user(
            "moderators@bench.example", "simulated moderators", admin=True
        )
        rng = random.Random(args.seed)
        scores = {name: Score() for name in SITES}
        spam_scores = {name: Score() for name in SITES}
        started = time.perf_counter()
        tuned_report = None
        for index, item in enumerate(stream):
            if index == half:
                proposal = ThresholdTuning(database).propose(
                    "tuned", settings.sites["tuned"].moderation, args.tune_max_recall_loss
                )
                ThresholdTuning(database).apply("tuned", proposal)
                tuned_report = proposal
            bad = item.truth != "approved"
            approve_published = rng.random() < 0.2  # the same draw for every learning site
            for name in SITES:
                posted = service.create_comment(
                    name,
                    NewComment(
                        thread=f"t{index % 40}", author_name="Reader", text=item.text, post_anyway=True
                    ),
                    reader_id=f"reader-{index:06d}",
                )
                status = posted["status"]
                if index >= half:
                    scores[name].add(status != "published", bad)
                    if item.truth != "rejected":
                        spam_scores[name].add(status != "published", item.truth == "spam")
                if name == "control":
                    continue
                comment_id = int(posted["id"])
                learning = index < half
                if status == "pending" and learning:
                    action = {"spam": Action.SPAM, "rejected": Action.REJECT, "approved": Action.APPROVE}[
                        item.truth
                    ]
                    desk.act(moderator, name, comment_id, action, reason="simulated")
                elif status == "published" and item.truth == "spam":
                    desk.act(moderator, name, comment_id, Action.SPAM, reason="reported")
                elif status == "published" and item.truth == "rejected" and learning:
                    desk.act(moderator, name, comment_id, Action.REJECT, reason="reported")
                elif status == "published" and learning and approve_published:
                    desk.act(moderator, name, comment_id, Action.APPROVE)
                elif status == "pending" and item.truth == "spam":
                    desk.act(moderator, name, comment_id, Action.SPAM, reason="simulated")
                if name == "site_model":
                    desk.site_models.wait(name, timeout=3600)  # a retraining the decision started
        model_report = desk.site_models.report("site_model")
        elapsed = time.perf_counter() - started
        database.dispose()
    print(
        f"stream: {len(stream)} comments ({sum(i.truth == 'spam' for i in stream)} spam, "
        f"{sum(i.truth == 'rejected' for i in stream)} toxic), first {half} to learn from, "
        f"measured on the last {len(stream) - half}; {elapsed:.0f} s"
    )
    if tuned_report is not None:
        changed = ", ".join(
            f"{c} {a:.2f}->{'allow' if b > 1 else f'{b:.2f}'}"
            for c, (a, b) in sorted(tuned_report.changed.items())
        )
        evidence = "; ".join(
            f"{c}: {e.approved} of {e.released} comments only it stopped were approved"
            for c, e in sorted(tuned_report.evidence.items())
        )
        print(
            f"tune on {tuned_report.decisions} decisions: {changed or 'no change'}; on history "
            f"P {tuned_report.before.precision:.3f}->{tuned_report.after.precision:.3f}, "
            f"R {tuned_report.before.recall:.3f}->{tuned_report.after.recall:.3f}"
            + (f"; evidence: {evidence}" if evidence else "")
        )
    if model_report is not None and model_report.report is not None:
        r = model_report.report
        in_use = "in use" if model_report.model is not None else "not in use (no cross-validated gain)"
        print(
            f"site model: last trained on {r['decisions']} decisions ({r['removals']} removals), {in_use}; "
            f"hold at p >= {r['hold_at']}, publish below p < {r['allow_below']} for "
            f"{', '.join(r['tolerated']) or 'no category'}; cross-validated on its history "
            f"P {r['before']['precision']:.3f}->{r['after']['precision']:.3f}, "
            f"R {r['before']['recall']:.3f}->{r['after']['recall']:.3f}"
        )
    print("| site | precision | recall | spam precision | spam recall |")
    print("|---|---|---|---|---|")
    for name in SITES:
        s, p = scores[name], spam_scores[name]
        print(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {p.precision:.3f} | {p.recall:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
