#!/usr/bin/env bash
# The cost of one seccomp user-notification decision against one ptrace-traced call, per call, side by side.
# The fixture times N getppid calls itself (`syshook-fixture notify-bench N`), so start-up is not counted:
#   native        no filter
#   notify-return syshook supervise, policy `return getppid 0`: the supervisor answers every call
#   notify-cont   syshook supervise, policy `delay getppid 0`: the supervisor lets every call run (CONTINUE)
#   ptrace        syshook trace -e trace=getppid (seccomp-selected ptrace stops), output to /dev/null
# Each is run unpinned and with everything on one CPU (taskset -c 0), best of RUNS.
# Usage: Benchmarks/notify-roundtrip.sh [N] [RUNS]   (defaults 20000 and 5)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
runs=${2:-5}
out=Benchmarks/out
mkdir -p "$out"
swift build -c release --product syshook >/dev/null
swift build -c release --product syshook-fixture >/dev/null
bin=$(swift build -c release --show-bin-path)
syshook=$bin/syshook
fixture=$bin/syshook-fixture
printf 'return getppid 0\n' > "$out/notify-return.policy"
printf 'delay getppid 0\n' > "$out/notify-continue.policy"

best() {  # best ns_per_call the fixture reports over RUNS runs of a command
    local best=""
    for _ in $(seq "$runs"); do
        local t
        t=$("$@" 2>/dev/null | sed -n 's/.*ns_per_call=\([0-9]*\).*/\1/p')
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

row() {  # name, then the command (run twice: unpinned and pinned to CPU 0)
    local name=$1
    shift
    local free pinned
    free=$(best "$@")
    pinned=$(best taskset -c 0 "$@")
    printf "  %-14s %10s %10s\n" "$name" "$free" "$pinned"
    eval "${name//-/_}_free=$free; ${name//-/_}_pinned=$pinned"
}

echo "$n getppid calls, ns per call (best of $runs)"
printf "  %-14s %10s %10s\n" "" unpinned "one CPU"
row native "$fixture" notify-bench "$n"
row notify-return "$syshook" supervise --policy "$out/notify-return.policy" -- "$fixture" notify-bench "$n"
row notify-cont "$syshook" supervise --policy "$out/notify-continue.policy" -- "$fixture" notify-bench "$n"
row ptrace "$syshook" trace -e trace=getppid -o /dev/null "$fixture" notify-bench "$n"
pinned_return=$(best "$syshook" supervise --pin --policy "$out/notify-return.policy" -- "$fixture" notify-bench "$n")
printf "  %-14s %10s   (syshook supervise --pin: supervisor and command on one CPU)\n" "notify --pin" "$pinned_return"
echo "ratios (user notification / ptrace-traced call)"
printf "  %-14s %10s %10s\n" notify-return "$(ratio "$notify_return_free" "$ptrace_free")" \
    "$(ratio "$notify_return_pinned" "$ptrace_pinned")"
printf "  %-14s %10s %10s\n" notify-cont "$(ratio "$notify_cont_free" "$ptrace_free")" \
    "$(ratio "$notify_cont_pinned" "$ptrace_pinned")"
