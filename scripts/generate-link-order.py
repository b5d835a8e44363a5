#!/usr/bin/env python3
"""Writes link/ztenant.order: the functions ztenant runs in everyday use, in the order the
release link should place them, so the code a command touches sits in a few pages instead of
being spread over the 27 MiB of machine code (the kernel maps code in 64 KiB windows around
each first touch, and every window counts in the resident set and costs a page fault).

  scripts/generate-link-order.py      needs the release build (scripts/build-release.sh),
                                      valgrind and objcopy (apt-get install valgrind binutils)

It runs the release binary under callgrind through a scripted day: --version and --help,
list (plain, JSON, filtered), show, current, use, session, env, probe, check, doctor, paths,
config, and the TUI in a pseudo-terminal (unlock, move, filter, sort, group, history,
describe, help, a check, quit), against the mock server on loopback and a vault of
1,000 profiles. Each run's functions not seen before are appended, so what `--version` needs
comes first, then what `list` adds, and the TUI's own code last.

Every run must succeed and every prompt must appear, or nothing is written. The order only
moves code: a stale file still links (the linker skips names it does not find), it just packs
less well. Regenerate it after large changes, then run scripts/build-release.sh, which links
again when link/ is newer than the binaries; scripts/bench.sh shows the effect (`--version`
and `list` peak memory, the TUI's resident binary pages).
"""
import json, os, pty, select, shutil, subprocess, sys, tempfile, time, fcntl, struct, termios

import tui_fleet

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build", "release")
OUT = os.path.join(ROOT, "link", "ztenant.order")
PASSPHRASE = "link order passphrase"


def functions(profile, binary):
    """Function symbols callgrind saw run inside `binary`, in the order they appear in its file."""
    seen, names, obj = set(), [], None
    with open(profile, errors="replace") as f:
        for text in f:
            if text.startswith("ob="):
                obj = text[3:].strip()
            elif text.startswith("fn=") and obj and os.path.realpath(obj) == binary:
                # callgrind marks recursion depth as name'2; the symbol is the name
                name = text[3:].strip().split("'")[0]
                if not name.startswith("0x") and name not in seen:
                    seen.add(name)
                    names.append(name)
    return names


class Day:
    def __init__(self, work, binary, env):
        self.work, self.binary, self.env, self.runs = work, binary, env, []

    def callgrind(self, label):
        out = os.path.join(self.work, f"callgrind.{len(self.runs)}")
        self.runs.append((label, out))
        return ["valgrind", "--tool=callgrind", "--demangle=no", "--compress-strings=no",
                "--compress-pos=no", f"--callgrind-out-file={out}", self.binary]

    def run(self, label, args, stdin=None):
        result = subprocess.run(self.callgrind(label) + args, env=self.env, input=stdin,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        print(f"  {label:<44} exit {result.returncode}", file=sys.stderr)
        if result.returncode != 0:
            sys.exit(f"`ztenant {' '.join(args)}` failed ({result.returncode}): "
                     f"{result.stderr.decode(errors='replace')[-2000:]}\nnothing was written")
        return result.stdout


def wait_for(fd, needle, seconds):
    data, deadline = b"", time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                data += os.read(fd, 1 << 16)
            except OSError:
                break
            if needle in data:
                return True
    sys.exit(f"the TUI did not show {needle!r} within {seconds} s; nothing was written")


def quiet(fd, seconds=1.0, limit=60.0):
    """Reads until the terminal has said nothing for `seconds` (valgrind draws slowly)."""
    end, last = time.monotonic() + limit, time.monotonic()
    while time.monotonic() < end and time.monotonic() - last < seconds:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                os.read(fd, 1 << 16)
            except OSError:
                return
            last = time.monotonic()


def tui(day):
    argv = day.callgrind("tui")
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execvpe(argv[0], argv + ["tui"], dict(day.env, ZTENANT_PASSPHRASE="", TERM="xterm-256color"))
        finally:
            os._exit(127)  # never run the parent's clean-up in the child
    try:
        drive(fd, pid)
    except SystemExit:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        raise
    print(f"  {'tui':<44} done", file=sys.stderr)


def drive(fd, pid):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
    wait_for(fd, b"Passphrase", 120)
    quiet(fd)
    os.write(fd, PASSPHRASE.encode() + b"\r")
    wait_for(fd, b"profile(s)", 300)
    quiet(fd, 2)
    for keys in [b"j", b"j", b"k", b"G", b"g", b"/", b"mock", b"\r", b"\x1b", b"s", b"s", b"S", b"o",
                 b"o", b"h", b"\x1b", b"v", b"\x1b", b"?", b"\x1b", b"/tag:mockbench\r", b"C"]:
        os.write(fd, keys)
        quiet(fd)
    wait_for(fd, b"Checked", 300)
    quiet(fd, 2)
    os.write(fd, b"q")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        quiet(fd, 0.5, 1)
    else:
        sys.exit("the TUI did not quit on q within 120 s; nothing was written")


def main():
    for tool in ("valgrind", "objcopy"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install valgrind binutils")
    for product in ("ztenant", "ztenant-bench"):
        if not os.path.exists(os.path.join(BIN, product)):
            sys.exit(f"no release {product}: run scripts/build-release.sh")
    work = tempfile.mkdtemp(prefix="ztenant-link-order-")
    try:
        # valgrind cannot read Swift's DWARF 5; the symbol table is all it needs.
        binary = os.path.realpath(os.path.join(work, "ztenant-symbols"))
        subprocess.run(["objcopy", "--strip-debug", os.path.join(BIN, "ztenant"), binary], check=True)
        mock, url, vault = tui_fleet.start(BIN, work, PASSPHRASE)
        try:
            env = dict(os.environ, ZTENANT_VAULT=vault, ZTENANT_PASSPHRASE=PASSPHRASE, ZTENANT_PASSPHRASE_FILE="",
                       XDG_CONFIG_HOME=work, XDG_RUNTIME_DIR=work, XDG_STATE_HOME=work, NO_COLOR="1",
                       ZTENANT_THEMES_DIR=os.path.join(ROOT, "themes"))
            listed = subprocess.run([os.path.join(BIN, "ztenant"), "list", "--json"], env=env,
                                    capture_output=True, check=True).stdout
            # JSON lines, one profile each; the first that logs in to the mock (no entity asked)
            first = next(p["name"] for p in map(json.loads, listed.splitlines())
                         if p.get("user") == "bench@example.com" and not any("entity" in k and v for k, v in p.items()))
            day = Day(work, binary, env)
            print("profiling (under valgrind, a few minutes):", file=sys.stderr)
            day.run("--version", ["--version"])
            day.run("--help", ["--help"])
            day.run("list", ["list"])
            day.run("list --json", ["list", "--json"])
            day.run("list --filter", ["list", "--filter", "status:!ok dc:eu"])
            day.run("show", ["show", first])
            day.run("use", ["use", first])
            day.run("current", ["current"])
            day.run("session", ["session", first])
            day.run("env", ["env", first])
            day.run("probe", ["probe", "--url", url, "--user", "bench@example.com", "--password-stdin"],
                    b"bench-password\n")
            day.run("check", ["check", first])
            day.run("doctor", ["doctor"])
            day.run("paths", ["paths"])
            day.run("config list", ["config", "list"])
            tui(day)
        finally:
            mock.terminate()
            mock.wait()
        order, seen = [], set()
        for label, profile in day.runs:
            names = functions(profile, binary) if os.path.exists(profile) else []
            if not names:
                sys.exit(f"callgrind saw no function of {binary} in the {label} run; nothing was written")
            added = [name for name in names if name not in seen]
            seen.update(added)
            order += added
            print(f"  {label:<44} +{len(added)} functions", file=sys.stderr)
        os.makedirs(os.path.dirname(OUT), exist_ok=True)
        with open(OUT, "w") as f:
            f.write("".join(name + "\n" for name in order))
        print(f"wrote {os.path.relpath(OUT, ROOT)}: {len(order)} functions; "
              "scripts/build-release.sh links with it", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)


main()
