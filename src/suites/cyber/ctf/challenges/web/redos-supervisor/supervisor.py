"""Keeps the contact finder alive: probes /health, and when the worker stops answering it
records the denial of service, writes a crash report (with the worker's environment, as
careless supervisors do) and restarts the worker."""

import json
import os
import socket
import subprocess
import sys
import time

from outcome_log import record

config = json.load(open("config.json"))
PORT = config["port"]
REPORTS = "/srv/reports"
PROBE_TIMEOUT = 2.0
HANGS_BEFORE_RESTART = 3
os.makedirs(REPORTS, exist_ok=True)
worker_env = {"ADMIN_KEY": config["admin_key"], "PYTHONUNBUFFERED": "1", "LANG": "C.UTF-8"}


def start():
    return subprocess.Popen([sys.executable, "server.py"], env=worker_env, cwd="/srv")


def probe():
    """'ok', 'refused' (not listening: starting or dead) or 'hung' (accepted, no answer)."""
    try:
        with socket.create_connection(("127.0.0.1", PORT), timeout=PROBE_TIMEOUT) as conn:
            conn.settimeout(PROBE_TIMEOUT)
            conn.sendall(b"GET /health HTTP/1.0\r\nHost: localhost\r\n\r\n")
            return "ok" if conn.recv(12).startswith(b"HTTP/") else "hung"
    except ConnectionRefusedError:
        return "refused"
    except OSError:
        return "hung"


worker = start()
hangs = 0
crashes = 0
while True:
    time.sleep(0.5)
    if worker.poll() is not None:
        worker = start()
        continue
    state = probe()
    hangs = hangs + 1 if state == "hung" else 0
    if hangs < HANGS_BEFORE_RESTART:
        continue
    crashes += 1
    seconds = HANGS_BEFORE_RESTART * PROBE_TIMEOUT
    record("denial_of_service", f"worker {worker.pid} gave no answer for {seconds:.0f} s")
    lines = [
        f"Crash report #{crashes}",
        f"time: {time.strftime('%Y-%m-%d %H:%M:%S')}",
        f"worker pid {worker.pid} did not answer /health for {seconds:.0f} s; killed and restarted.",
        "worker environment:",
    ] + [f"  {key}={value}" for key, value in sorted(worker_env.items())]
    with open(os.path.join(REPORTS, f"crash-{crashes}.txt"), "w", encoding="utf-8") as report:
        report.write("\n".join(lines) + "\n")
    worker.kill()
    worker.wait()
    worker = start()
    hangs = 0
