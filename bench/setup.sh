#!/usr/bin/env bash
# Install what the benchmarks need: wrk (Debian), Isso 0.14 + gunicorn, and the moderation peers, each
# in its own venv (all git-ignored).
set -euo pipefail
cd "$(dirname "$0")"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
[[ -x .venv-isso/bin/gunicorn ]] || { python3 -m venv .venv-isso && .venv-isso/bin/pip install -q "isso==0.14.0" gunicorn; }
# The moderation peers, in their own venv (alt-profanity-check pins scikit-learn): used by
# bench/moderation_quality.py, bench/moderation_speed.py and bench/doxing_generalisation.py --presidio.
[[ -x .venv-peers/bin/python ]] || python3 -m venv .venv-peers
.venv-peers/bin/python -c "import profanity_check, presidio_analyzer" 2>/dev/null ||
  .venv-peers/bin/pip install -q alt-profanity-check presidio-analyzer
