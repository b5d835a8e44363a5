#!/usr/bin/env python3
"""Peak memory of `ztenant list` on the benchmark's 1,000-profile × 50-history vault (format 2,
KDF at N=2^10 so scrypt's own 8 MiB is out of the figure), beside the process's floor: the
same binary printing `--version`. Peak resident set (ru_maxrss, from /usr/bin/time), median of 5 runs.

Run through scripts/bench.sh vault: the vault benchmark leaves its vault at the path below.
"""
import os, statistics, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZTENANT = os.path.join(ROOT, ".build", "release", "ztenant")
VAULT = os.path.join(ROOT, ".build", "bench", "vault-1000.ztv")
RUNS = 5


def peak_kib(argv, env):
    """Runs argv with stdout to /dev/null and returns (peak RSS in KiB, exit status).

    Through /usr/bin/time rather than spawned from here: a child forked or vforked from this
    Python process starts with Python's resident pages, and the kernel keeps that high-water
    mark across exec, so a small process would report Python's 13 MiB instead of its own."""
    report = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"ztenant-bench-memory.{os.getpid()}")
    devnull = os.open(os.devnull, os.O_WRONLY)
    timed = ["/usr/bin/time", "-f", "%M", "-o", report, *argv]
    pid = os.posix_spawn(timed[0], timed, env, file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    os.close(devnull)
    _, status = os.waitpid(pid, 0)
    with open(report) as f:
        peak = int(f.read().split()[-1])
    os.remove(report)
    return peak, os.waitstatus_to_exitcode(status)


def line(label, value):
    print(f"{label:<66}{value}", flush=True)


def main():
    if not os.path.exists(VAULT):
        sys.exit(f"no benchmark vault at {VAULT}: run scripts/bench.sh vault")
    env = dict(os.environ, ZTENANT_PASSPHRASE="benchmark passphrase", NO_COLOR="1")
    lists, floors = [], []
    for _ in range(RUNS):
        peak, status = peak_kib([ZTENANT, "--vault", VAULT, "list"], env)
        if status != 0:
            sys.exit(f"ztenant list exited {status}")
        lists.append(peak)
        floors.append(peak_kib([ZTENANT, "--version"], env)[0])
    listed, floor = statistics.median(lists), statistics.median(floors)
    print("== memory: `ztenant list`, 1,000 profiles × 50 checks (KDF 2^10; median of 5)")
    line("peak resident memory of `ztenant list`", f"{listed / 1024:.1f} MiB")
    line("  baseline: `ztenant --version` (the process's floor)", f"{floor / 1024:.1f} MiB")
    line("  ratio", f"{listed / floor:.2f}×")
    line("  beyond the floor", f"{(listed - floor) / 1024:.1f} MiB")


main()
