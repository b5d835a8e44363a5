#!/usr/bin/env python3
"""Unlock cost beside age: the whole `ztenant list` process on a small vault at ztenant's
default scrypt cost (2^17) and at age's (2^18), beside `age -d` of a small file encrypted with
age's default passphrase work factor (2^18). age reads its passphrase from the terminal, so it
runs in a pseudo-terminal and is answered at its prompt. Median of 7 runs each, wall time from
start to exit.

Run through scripts/bench.sh age (it builds the release binaries first); needs `age`
(apt-get install age).
"""
import os, pty, select, shutil, statistics, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ZTENANT = os.path.join(ROOT, ".build", "release", "ztenant")
PASSPHRASE = "benchmark passphrase"
RUNS = 7


def in_pty(argv, answer, expect=b"passphrase"):
    """Runs argv with a pseudo-terminal as its controlling terminal, types `answer` when it
    asks, and returns (seconds from start to exit, exit status)."""
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    seen, answers = b"", 0
    while True:
        try:
            ready, _, _ = select.select([fd], [], [], 10)
            if not ready:
                raise SystemExit(f"{argv[0]} did not ask for the passphrase: {seen!r}")
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        while seen.lower().count(expect) > answers:
            os.write(fd, answer.encode() + b"\r")
            answers += 1
    _, status = os.waitpid(pid, 0)
    return time.monotonic() - start, os.waitstatus_to_exitcode(status)


def median(fn):
    return statistics.median(fn() for _ in range(RUNS))


def line(label, value):
    print(label.ljust(64) + value, flush=True)


def main():
    age = shutil.which("age")
    if age is None:
        print("== unlock beside age: skipped (age is not installed: apt-get install age)")
        return
    work = tempfile.mkdtemp(prefix="ztenant-bench-age-")
    try:
        env = dict(os.environ, ZTENANT_PASSPHRASE_FILE="", ZTENANT_PASSPHRASE=PASSPHRASE, ZTENANT_NEW_PASSPHRASE=PASSPHRASE,
                   XDG_CONFIG_HOME=os.path.join(work, "config"))
        vaults = {}
        for log_n in (17, 18):
            vault = os.path.join(work, f"vault-{log_n}.ztv")
            subprocess.run([ZTENANT, "init", "--vault", vault, "--kdf-log-n", str(log_n)], env=env, check=True, stdout=subprocess.DEVNULL)
            for index in range(3):
                subprocess.run([ZTENANT, "add", f"p{index}", "--vault", vault, "--url", "https://rest.zuora.com", "--user", f"u{index}@example.com",
                                "--password-stdin"], env=env, input=b"secret\n", check=True, stdout=subprocess.DEVNULL)
            vaults[log_n] = vault
        plain = os.path.join(work, "plain.txt")
        with open(plain, "w") as f:
            f.write("three small profiles\n" * 20)
        encrypted = os.path.join(work, "plain.txt.age")
        seconds, status = in_pty([age, "-p", "-o", encrypted, plain], PASSPHRASE)
        if status != 0:
            raise SystemExit("age -p failed")

        def ztenant_list(log_n):
            start = time.monotonic()
            subprocess.run([ZTENANT, "list", "--vault", vaults[log_n]], env=env, check=True, stdout=subprocess.DEVNULL)
            return time.monotonic() - start

        def age_decrypt():
            seconds, status = in_pty([age, "-d", "-o", os.devnull, encrypted], PASSPHRASE)
            if status != 0:
                raise SystemExit("age -d failed")
            return seconds

        list17 = median(lambda: ztenant_list(17))
        list18 = median(lambda: ztenant_list(18))
        decrypt = median(age_decrypt)
        print(f"== unlock beside age ({subprocess.run([age, '--version'], capture_output=True, text=True).stdout.strip()}), median of {RUNS}")
        line("ztenant list, whole process, scrypt 2^17 (ztenant's default)", f"{list17 * 1000:.1f} ms")
        line("ztenant list, whole process, scrypt 2^18 (age's work factor)", f"{list18 * 1000:.1f} ms")
        line("  baseline: age -d, passphrase at the prompt, scrypt 2^18", f"{decrypt * 1000:.1f} ms")
        line("  ratio list 2^17 / age -d", f"{list17 / decrypt:.2f}×")
        line("  ratio list 2^18 / age -d (same work)", f"{list18 / decrypt:.2f}×")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
