"""The fleet that bench-tui.py and generate-link-order.py drive: the mock server on a free
loopback port and the benchmark's vault of 1,000 profiles (the first 200, tagged `mockbench`,
log in to the mock), with a config.toml that leaves checks unpaced."""
import json, os, socket, subprocess, time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(bin_dir, work, passphrase, latency_ms=0):
    """Starts the mock (its one user answering after `latency_ms`), waits until it listens,
    writes the vault and config under `work`. Returns (mock process, mock URL, vault path);
    the caller terminates the mock."""
    port = free_port()
    config = os.path.join(work, "mock.json")
    with open(config, "w") as f:
        json.dump({"users": [{"name": "bench@example.com", "password": "bench-password", "latencyMs": latency_ms}],
                   "authRequestsPerWindow": 1000000}, f)
    mock = subprocess.Popen([os.path.join(bin_dir, "ztenant"), "mock", "--port", str(port), "--config", config],
                            stdout=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("the mock server did not start")
                time.sleep(0.02)
        url = f"http://127.0.0.1:{port}"
        vault = os.path.join(work, "vault.ztv")
        subprocess.run([os.path.join(bin_dir, "ztenant-bench"), "make-tui-vault", vault, url, passphrase], check=True)
        # Checks here measure the TUI and the code they run, not the pacing: no per-host budget.
        os.makedirs(os.path.join(work, "ztenant"), exist_ok=True)
        with open(os.path.join(work, "ztenant", "config.toml"), "w") as f:
            f.write('rate = "unlimited"\n')
        return mock, url, vault
    except BaseException:
        mock.terminate()
        mock.wait()
        raise
