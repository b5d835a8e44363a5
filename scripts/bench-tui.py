#!/usr/bin/env python3
"""TUI benchmark: drives the release `ztenant tui` in a pseudo-terminal and prints figures,
each beside a baseline measured in the same run.

  time from passphrase entered to the first complete frame (KDF excluded: the vault uses N=2^10)
  time from a key press to the frame that answers it, while a 200-profile check runs
    (200 presses: median and 95th percentile)
  bytes written to the terminal per idle second, and per keystroke
  peak memory

Run through scripts/bench.sh tui (it builds the release binaries first).
"""
import os, pty, select, signal, subprocess, sys, tempfile, time, fcntl, struct, termios

import tui_fleet

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("ZTENANT_BENCH_BIN") or os.path.join(ROOT, ".build", "release")
PASSPHRASE = "benchmark passphrase"


def read_until(fd, needle, deadline):
    data = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            chunk = os.read(fd, 1 << 16)
            data += chunk
            if needle in data:
                return data
    raise SystemExit(f"timed out waiting for {needle!r}")


def drain(fd, quiet=0.15, limit=5.0):
    """Reads until the terminal has been quiet for `quiet` seconds; returns bytes and the time of the last byte."""
    data, last, end = b"", time.monotonic(), time.monotonic() + limit
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], quiet)
        if not ready:
            break
        chunk = os.read(fd, 1 << 16)
        data += chunk
        last = time.monotonic()
    return data, last


def key_latency(fd, keys, samples, seen=None):
    """Seconds from writing a key to the first byte of the answering frame, for `samples`
    presses cycling through `keys` (j and k, so every press moves the selection and gets an
    answer). Returns (median, 95th percentile, answered). Everything read is appended to
    `seen` (a bytearray), so progress messages are not lost."""
    seen = bytearray() if seen is None else seen
    times = []
    for index in range(samples):
        seen += drain(fd, quiet=0.01)[0]
        start = time.monotonic()
        os.write(fd, keys[index % len(keys)])
        ready, _, _ = select.select([fd], [], [], 2)
        if ready:
            times.append(time.monotonic() - start)
            seen += drain(fd, quiet=0.01)[0]
    times.sort()
    if not times:
        return float("nan"), float("nan"), 0
    return times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))], len(times)


def peak_kb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def breakdown(pid):
    """Resident memory by kind, from /proc/PID/smaps: the binary's pages, other files, the
    malloc heap and anonymous maps (malloc arenas, thread stacks)."""
    kinds = {"binary (ztenant, file-backed)": 0, "other files (libc, locale, terminfo)": 0, "[heap] (brk)": 0,
             "anonymous (malloc arenas, thread stacks, Swift metadata)": 0, "[stack]": 0}
    current = None
    with open(f"/proc/{pid}/smaps") as maps:
        for text in maps:
            fields = text.split()
            if len(fields) >= 5 and "-" in fields[0] and not fields[0].endswith(":"):
                path = fields[5] if len(fields) > 5 else ""
                if path.endswith("/ztenant"):
                    current = "binary (ztenant, file-backed)"
                elif path == "[heap]":
                    current = "[heap] (brk)"
                elif path == "[stack]":
                    current = "[stack]"
                elif path.startswith("/"):
                    current = "other files (libc, locale, terminfo)"
                else:
                    current = "anonymous (malloc arenas, thread stacks, Swift metadata)"
            elif fields and fields[0] == "Rss:" and current:
                kinds[current] += int(fields[1])
    return kinds


def line(label, value):
    print(f"{label:<64}{value}")


def main():
    work = tempfile.mkdtemp(prefix="ztenant-bench-tui-")
    mock, _, vault = tui_fleet.start(BIN, work, PASSPHRASE, latency_ms=300)
    env = dict(os.environ, TERM="xterm-256color", ZTENANT_VAULT=vault, ZTENANT_PASSPHRASE_FILE="", ZTENANT_PASSPHRASE="",
               XDG_CONFIG_HOME=work, ZTENANT_THEMES_DIR=os.path.join(ROOT, "themes"))
    env.pop("NO_COLOR", None)

    # Baseline: the CLI opening the same vault and printing its table.
    start = time.monotonic()
    cli = subprocess.Popen([os.path.join(BIN, "ztenant"), "list"], env=dict(env, ZTENANT_PASSPHRASE=PASSPHRASE), stdout=subprocess.DEVNULL)
    cli_peak = 0
    while cli.poll() is None:
        try:
            cli_peak = max(cli_peak, peak_kb(cli.pid))
        except OSError:
            pass
        time.sleep(0.005)
    cli_time = time.monotonic() - start

    pid, fd = pty.fork()
    if pid == 0:
        # ZTENANT_BENCH_HEAPTRACK=FILE runs the TUI under heaptrack, for where the memory goes
        # (heaptrack_print FILE.zst); the timings are then not meaningful.
        profile = os.environ.get("ZTENANT_BENCH_HEAPTRACK")
        if profile:
            os.execve("/usr/bin/heaptrack", ["heaptrack", "-o", profile, os.path.join(BIN, "ztenant"), "tui"], env)
        os.execve(os.path.join(BIN, "ztenant"), ["ztenant", "tui"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    read_until(fd, "Passphrase".encode(), time.monotonic() + 20)
    drain(fd)
    os.write(fd, PASSPHRASE.encode())
    drain(fd)
    start = time.monotonic()
    os.write(fd, b"\r")
    first = read_until(fd, b"1000 profile(s)", time.monotonic() + 60)
    rest, last_byte = drain(fd, quiet=0.3)
    first_frame = last_byte - start
    frame_bytes = len(first) + len(rest)

    idle_seconds = 3.0
    drain(fd, quiet=0.5)
    idle_bytes = 0
    end = time.monotonic() + idle_seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], end - time.monotonic())
        if ready:
            idle_bytes += len(os.read(fd, 1 << 16))

    idle_median, idle_p95, _ = key_latency(fd, [b"j", b"k"], 200)
    keystroke_bytes = []
    for _ in range(10):
        drain(fd, quiet=0.05)
        os.write(fd, b"j")
        data, _ = drain(fd, quiet=0.05)
        keystroke_bytes.append(len(data))
    keystroke_bytes.sort()

    os.write(fd, b"/tag:mockbench\r")
    drain(fd)
    os.write(fd, b"C")
    seen = bytearray(read_until(fd, b"checking", time.monotonic() + 5))
    check_start = time.monotonic()
    busy_median, busy_p95, answered = key_latency(fd, [b"j", b"k"], 200, seen)
    still_running = b"Checked 200" not in seen
    if still_running:
        read_until(fd, b"Checked 200", time.monotonic() + 120)
    check_seconds = time.monotonic() - check_start
    peak = peak_kb(pid)
    resident = breakdown(pid)
    if os.environ.get("ZTENANT_BENCH_MAPS"):
        with open(f"/proc/{pid}/smaps") as maps, open(os.environ["ZTENANT_BENCH_MAPS"], "w") as out:
            out.write(maps.read())
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    mock.send_signal(signal.SIGTERM)
    mock.wait()

    print("== TUI: vault of 1,000 profiles (10 checks of history each), 200×50 terminal, release build")
    line("passphrase entered → first complete frame (KDF N=2^10)", f"{first_frame * 1000:.1f} ms")
    line("  baseline: `ztenant list` on the same vault, whole process", f"{cli_time * 1000:.1f} ms")
    line("  ratio", f"{first_frame / cli_time:.2f}×")
    line("key → answering frame while a 200-profile check runs: median", f"{busy_median * 1000:.1f} ms ({answered}/200 answered)")
    line("  95th percentile", f"{busy_p95 * 1000:.1f} ms")
    line("  the check was still running after the 200 presses", f"{'yes' if still_running else 'NO: fewer presses overlapped it'} (it took {check_seconds:.1f} s)")
    line("  baseline: the same keys with nothing running: median", f"{idle_median * 1000:.1f} ms")
    line("  baseline: 95th percentile", f"{idle_p95 * 1000:.1f} ms")
    line("  ratio (median)", f"{busy_median / idle_median:.2f}×")
    line("bytes written per idle second", f"{idle_bytes / idle_seconds:.0f}")
    line("bytes written per keystroke (j, median)", f"{keystroke_bytes[len(keystroke_bytes) // 2]}")
    line("  baseline: bytes of the first full frame", f"{frame_bytes}")
    line("  ratio", f"{keystroke_bytes[len(keystroke_bytes) // 2] / frame_bytes:.3f}×")
    line("peak memory (VmHWM) after the check", f"{peak / 1024:.1f} MiB")
    line("  baseline: `ztenant list` on the same vault", f"{cli_peak / 1024:.1f} MiB")
    line("  ratio", f"{peak / max(cli_peak, 1):.2f}×")
    print("  resident now, by kind (/proc/PID/smaps):")
    for kind, kb in resident.items():
        line(f"    {kind}", f"{kb / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
