#!/usr/bin/env bash
# `syshook run --deny` (seccomp alone, no tracer) vs the same filter installed by a C program (the floor) vs no
# filter, on N untraced getppid; the loop times itself (start-up not counted). Goal: syshook <= 1.05x the floor.
# Usage: Benchmarks/run.sh [RUNS] [N]   (best of RUNS, default 5; N default 1000000). Needs gcc.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
N=${2:-1000000}
out=Benchmarks/out
mkdir -p "$out"
swift build -c release --product syshook >/dev/null
syshook=$(swift build -c release --show-bin-path)/syshook
gcc -O2 -o "$out/loop" Benchmarks/loop.c
loop=$out/loop

best() {  # best of RUNS ns-per-call figures the loop prints on stderr
    local best=""
    for _ in $(seq "$runs"); do
        local value
        value=$("$@" 2>&1 >/dev/null | tail -n 1)
        if [ -z "$best" ] || awk -v a="$value" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$value; fi
    done
    echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

native=$(best "$loop" --time getppid "$N")
floor=$(best "$loop" --time --deny-filter getppid "$N")
ours=$(best "$syshook" run --deny getuid -- "$loop" --time getppid "$N")
echo "$N untraced getppid (ns per call, best of $runs)"
printf "  %-34s %8s\n" native "$native" "floor: C + deny-getuid filter" "$floor" "syshook run --deny getuid" "$ours"
echo "  syshook / floor = $(ratio "$ours" "$floor")   (goal <= 1.05)    syshook / native = $(ratio "$ours" "$native")"
