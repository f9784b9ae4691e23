#!/usr/bin/env bash
# syshook trace vs strace, side by side in one run, with ratios (issue 2's benchmark).
#   (a) 1,000,000 untraced getppid with a filter selecting getuid: syshook, strace, and the floor (a C program
#       installing the same filter, no tracer). Goal: syshook <= 1.05x the floor.
#   (b) 20,000 traced getuid with output to /dev/null: syshook (pinned and --no-pin), strace, and a minimal C
#       ptrace loop (the practical limit). Goal: syshook <= 0.5x strace.
#   (c) 20,000 traced openat (arguments to decode): full decoding vs --decode=minimal (raw arguments).
#       Goal: full <= 1.2x minimal (issue 3).
# Usage: Benchmarks/trace.sh [RUNS]   (best of RUNS, default 5). Needs gcc and strace.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
out=Benchmarks/out
mkdir -p "$out"
swift build -c release --product syshook >/dev/null
syshook=$(swift build -c release --show-bin-path)/syshook
gcc -O2 -o "$out/loop" Benchmarks/loop.c
gcc -O2 -o "$out/ptrace-min" Benchmarks/ptrace-min.c
loop=$out/loop

best() {  # best wall time in nanoseconds of RUNS runs of a command
    local best=""
    for _ in $(seq "$runs"); do
        local start end
        start=$(date +%s%N)
        "$@" >/dev/null 2>&1
        end=$(date +%s%N)
        local t=$((end - start))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.1f", t / n }'; }

N=1000000
native=$(best "$loop" getppid $N)
floor=$(best "$loop" --filter getppid $N)
ours=$(best "$syshook" trace -f -e trace=getuid -o /dev/null "$loop" getppid $N)
theirs=$(best strace -f --seccomp-bpf -e trace=getuid -o /dev/null "$loop" getppid $N)
echo "(a) $N untraced getppid, filter on getuid (ns per call; best of $runs)"
printf "  %-28s %8s\n" native "$(per "$native" $N)" "floor: C + same filter" "$(per "$floor" $N)" \
    "syshook trace" "$(per "$ours" $N)" "strace --seccomp-bpf" "$(per "$theirs" $N)"
echo "  syshook / floor = $(ratio "$ours" "$floor")   (goal <= 1.05)    strace / floor = $(ratio "$theirs" "$floor")"

M=20000
ours=$(best "$syshook" trace -f -e trace=getuid -o /dev/null "$loop" getuid $M)
unpinned=$(best "$syshook" trace --no-pin -f -e trace=getuid -o /dev/null "$loop" getuid $M)
theirs=$(best strace -f --seccomp-bpf -e trace=getuid -o /dev/null "$loop" getuid $M)
pinnedStrace=$(best taskset -c 0 strace -f --seccomp-bpf -e trace=getuid -o /dev/null "$loop" getuid $M)
minimal=$(best "$out/ptrace-min" "$loop" getuid $M)
minimalPinned=$(best taskset -c 0 "$out/ptrace-min" "$loop" getuid $M)
echo "(b) $M traced getuid, output to /dev/null (us per call; best of $runs)"
printf "  %-28s %8s\n" "syshook trace (default)" "$(per "$ours" $((M * 1000)))" \
    "syshook trace --no-pin" "$(per "$unpinned" $((M * 1000)))" \
    "strace --seccomp-bpf" "$(per "$theirs" $((M * 1000)))" \
    "strace, both pinned (taskset)" "$(per "$pinnedStrace" $((M * 1000)))" \
    "minimal C ptrace loop" "$(per "$minimal" $((M * 1000)))" \
    "minimal C, both pinned" "$(per "$minimalPinned" $((M * 1000)))"
echo "  syshook / strace = $(ratio "$ours" "$theirs")   (goal <= 0.5)    syshook / minimal pinned C = $(ratio "$ours" "$minimalPinned")"

O=20000
full=$(best "$syshook" trace -f -e trace=openat -o /dev/null "$loop" openat $O)
minimal=$(best "$syshook" trace --decode=minimal -f -e trace=openat -o /dev/null "$loop" openat $O)
theirs=$(best strace -f --seccomp-bpf -e trace=openat -o /dev/null "$loop" openat $O)
echo "(c) $O traced openat, output to /dev/null (us per call; best of $runs)"
printf "  %-28s %8s\n" "syshook, full decoding" "$(per "$full" $((O * 1000)))" \
    "syshook, --decode=minimal" "$(per "$minimal" $((O * 1000)))" "strace --seccomp-bpf" "$(per "$theirs" $((O * 1000)))"
echo "  full / minimal = $(ratio "$full" "$minimal")   (goal <= 1.2)    syshook / strace = $(ratio "$full" "$theirs")"
