"""Where the engine's flags at 0.5 come from, and what a spam map to the common precision would cost.

Part of `training/fit_fusion.py`'s report (`training/fusion_metrics.json`, the second and third tables it
prints); nothing here changes what ships. Why it exists: the stacked categories' map puts 0.5 at the same
cross-fitted precision in every category, yet after the policy guards the realised precision at 0.5 on
dev spreads from about 0.67 (discourtesy) to 0.87 (vulgarity). Splitting the flags shows where:
* "model": flags the stacked model decides (its mapped score after the context caps, without the rule
  floor);
* "rule floor only": comments flagged only because a near-certain rule keeps them at the threshold
  (`phases.fusion.guarded`);
* "confident labels": all flags, on the rows whose soft label is 0 or at least 0.5. Partial labels
  (Davidson "offensive" is discourtesy 0.4 x its vote share, HateXplain "offensive", Gab "vo"; see
  `training.datasets`) are negatives at 0.5 but not clean ones: a slur or "shut up hoe" scored by the
  rules is a policy case the label calls partial.
For spam (hand-written fusion) the what-if moves 0.5 to the cross-fitted score at which dev reaches the
target precision, and reports what that costs on comments that are not spam.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt
from sklearn.metrics import average_precision_score, roc_auc_score

THRESHOLD = 0.5

Floats = npt.NDArray[np.float64]
Labels = npt.NDArray[np.int64]


def precision_at_share(y: Labels, flagged: npt.NDArray[np.bool_], share: float) -> float:
    """Precision of the flagged rows with positives re-weighted to `share` of all rows."""
    pos, neg = max(1.0, float(y.sum())), max(1.0, float(len(y) - y.sum()))
    tpr = float((flagged & (y == 1)).sum()) / pos
    fpr = float((flagged & (y == 0)).sum()) / neg
    return share * tpr / (share * tpr + (1 - share) * fpr) if tpr + fpr else float("nan")


def _part(y: Labels, flagged: npt.NDArray[np.bool_], share: float) -> dict[str, float]:
    return {
        "n": int(flagged.sum()),
        "tp": int((flagged & (y == 1)).sum()),
        "p_share": precision_at_share(y, flagged, share),
    }


def flag_sources(y: Labels, label: Floats, final: Floats, decided: Floats, share: float) -> dict[str, object]:
    """The flags at 0.5 of `final` (what the engine returns), split into those `decided` (the same score
    without the rule floor) already flags and those the rule floor alone adds; and all flags on the rows
    with a confident label (module docstring)."""
    flagged = final >= THRESHOLD
    model = decided >= THRESHOLD
    confident = (label <= 0.0) | (label >= 0.5)
    return {
        "model": _part(y, model & flagged, share),
        "rule_floor_only": _part(y, flagged & ~model, share),
        "confident_labels": {
            "rows": int(confident.sum()),
            "pos": int(y[confident].sum()),
            **_part(y[confident], flagged[confident], share),
            "r": float((flagged & confident & (y == 1)).sum()) / max(1.0, float(y[confident].sum())),
        },
    }


def _at(y: Labels, score: Floats, threshold: Floats | float, share: float) -> dict[str, float]:
    flagged = score >= threshold
    neg = max(1, int((y == 0).sum()))
    return {
        "p_share": precision_at_share(y, flagged, share) if y.sum() else float("nan"),
        "r": float((flagged & (y == 1)).sum()) / max(1.0, float(y.sum())),
        "negatives_flagged": float((flagged & (y == 0)).sum()) / neg,
    }


def spam_what_if(
    sets: Mapping[str, tuple[Labels, Floats, Floats | float]], share: float
) -> dict[str, dict[str, object]]:
    """Per set of rows (labels, hand-written spam score, the what-if threshold: per row on dev, each row's
    fold's, cross-fitted): ranking, and precision at the share, recall and the share of non-spam rows
    flagged at 0.5 and at the what-if threshold."""
    out: dict[str, dict[str, object]] = {}
    for name, (y, score, threshold) in sets.items():
        both = 0 < y.sum() < len(y)
        out[name] = {
            "n": len(y),
            "pos": int(y.sum()),
            "auc": float(roc_auc_score(y, score)) if both else float("nan"),
            "ap": float(average_precision_score(y, score)) if both else float("nan"),
            "at_0_5": _at(y, score, THRESHOLD, share),
            "at_target": _at(y, score, threshold, share),
            "threshold": float(np.median(threshold)),
        }
    return out


def _f(value: object) -> str:
    v = float(value)  # type: ignore[arg-type]
    return "–" if v != v else f"{v:.3f}"


def sources_table(report: Mapping[str, object]) -> str:
    """Markdown: per stacked category and set of rows, where the flags at 0.5 come from."""
    lines = [
        "| category | rows | flags by the model: n / P@0.5 at share | added by the rule floor only: n / "
        "P@0.5 at share | all flags | confident labels: rows / pos / P@0.5 at share / R@0.5 |",
        "|---|---|---|---|---|---|",
    ]
    for category, entry in report.items():
        if not isinstance(entry, dict) or "dev_cross_fitted" not in entry:
            continue
        sets = {"dev (cross-fitted)": entry["dev_cross_fitted"]}
        sets.update({f"unseen: {k}": v for k, v in entry["unseen_sources"].items()})
        for name, block in sets.items():
            flags = block.get("flags")
            if not isinstance(flags, dict):
                continue
            model, floor, conf = flags["model"], flags["rule_floor_only"], flags["confident_labels"]
            everything = _f(block["stacked"]["p_share"])
            lines.append(
                f"| {category} | {name} | {model['n']} / {_f(model['p_share'])} | {floor['n']} / "
                f"{_f(floor['p_share'])} | {everything} | {conf['rows']} / {conf['pos']} / "
                f"{_f(conf['p_share'])} / {_f(conf['r'])} |"
            )
    return "\n".join(lines)


def spam_table(spam: Mapping[str, object]) -> str:
    """Markdown: the hand-written spam score at 0.5 and at the what-if threshold."""
    lines = [
        "| spam rows | n / pos | AUC | AP | at 0.5: P at share / R / not-spam flagged | what-if threshold "
        "| at it: P at share / R / not-spam flagged |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, block in spam.items():
        assert isinstance(block, dict)
        a, b = block["at_0_5"], block["at_target"]
        lines.append(
            f"| {name} | {block['n']} / {block['pos']} | {_f(block['auc'])} | {_f(block['ap'])} | "
            f"{_f(a['p_share'])} / {_f(a['r'])} / {a['negatives_flagged']:.1%} | {_f(block['threshold'])} | "
            f"{_f(b['p_share'])} / {_f(b['r'])} / {b['negatives_flagged']:.1%} |"
        )
    return "\n".join(lines)
