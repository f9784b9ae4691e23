#!/usr/bin/env bash
# Every benchmark, one after the other: tracer (trace.sh), user notification (notify-roundtrip.sh), eBPF (watch.sh).
# Needs root, gcc, strace and bpftrace. Usage: Benchmarks/all.sh
set -euo pipefail
cd "$(dirname "$0")"
bash trace.sh
bash run.sh
bash notify-roundtrip.sh
bash watch.sh
