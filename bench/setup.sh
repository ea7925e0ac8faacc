#!/usr/bin/env bash
# Install what the benchmarks need: wrk (Debian) and Isso 0.14 + gunicorn in their own venv.
set -euo pipefail
cd "$(dirname "$0")"
command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
[[ -x .venv-isso/bin/gunicorn ]] || { python3 -m venv .venv-isso && .venv-isso/bin/pip install -q "isso==0.14.0" gunicorn; }
