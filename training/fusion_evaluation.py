"""The stacked fusion's figures and its first report table: AUC, AP and precision/recall at 0.5 of the
learned tier, the hand-written fusion and the stacked fusion on the same rows, and the markdown that
`python -m training.fit_fusion` prints (and `bench/moderation_quality.py` reprints from
training/fusion_metrics.json).

The second and third tables (where the flags come from, the spam what-if) are `training.fusion_report`'s.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from sklearn.metrics import average_precision_score, roc_auc_score

from training.fusion_features import Rows
from training.fusion_report import flag_sources, precision_at_share, sources_table, spam_table

THRESHOLD = 0.5


def measure(y: npt.NDArray[np.int64], p: npt.NDArray[np.float64], share: float) -> dict[str, float]:
    """AUC, AP, precision/recall at 0.5 (natural), and precision at 0.5 re-weighted to the share."""
    flagged = p >= THRESHOLD
    tp = float((flagged & (y == 1)).sum())
    both = 0 < y.sum() < len(y)
    return {
        "auc": float(roc_auc_score(y, p)) if both else float("nan"),
        "ap": float(average_precision_score(y, p)) if both else float("nan"),
        "p": tp / float(flagged.sum()) if flagged.sum() else float("nan"),
        "r": tp / max(1.0, float(y.sum())),
        "p_share": precision_at_share(y, flagged, share),
    }


def systems(
    rows: Rows, stacked: npt.NDArray[np.float64], decided: npt.NDArray[np.float64], share: float
) -> dict[str, object]:
    return {
        "n": len(rows.y),
        "pos": int(rows.y.sum()),
        "learned": measure(rows.y, rows.learned, share),
        "hand_written": measure(rows.y, rows.hand, share),
        "stacked": measure(rows.y, stacked, share),
        "flags": flag_sources(rows.y, rows.label, stacked, decided, share),
    }


SPAM_WHAT_IF = "spam_what_if"
"""The report's key for `fusion_fitting.spam_report` (not a category: `table` and `sources_table` skip
it)."""


def table(report: dict[str, object]) -> str:
    lines = [
        "| category | rows | n / pos | system | AUC | AP | P@0.5 | R@0.5 | P@0.5 at share |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for category, entry in report.items():
        assert isinstance(entry, dict)
        if category == SPAM_WHAT_IF:
            continue
        if "note" in entry:
            lines.append(f"| {category} | | | {entry['note']} | | | | | |")
            continue
        sets = {"dev (cross-fitted)": entry["dev_cross_fitted"]}
        sets.update({f"unseen: {k}": v for k, v in entry["unseen_sources"].items()})
        for name, block in sets.items():
            for system, label in (
                ("learned", "learned tier"),
                ("hand_written", "old engine"),
                ("stacked", "new engine"),
            ):
                m = block[system]
                lines.append(
                    f"| {category} | {name} | {block['n']} / {block['pos']} | {label} | {m['auc']:.3f} | "
                    f"{m['ap']:.3f} | {m['p']:.3f} | {m['r']:.3f} | {m['p_share']:.3f} |"
                )
    return "\n".join(lines)


def tables(report: dict[str, object]) -> str:
    """`table`, then where the flags at 0.5 come from and the spam what-if (`training.fusion_report`)."""
    parts = [table(report), "", sources_table(report)]
    spam = report.get(SPAM_WHAT_IF)
    if isinstance(spam, dict):
        parts += ["", spam_table(spam)]
    return "\n".join(parts)
