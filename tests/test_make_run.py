"""`make run`'s processes (honcho and the Procfile: web, worker, beat) stop together,
cleanly and quickly, when the terminal's Ctrl-C reaches them."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ctrl_c_stops_web_worker_and_beat_within_five_seconds(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL")},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "PYTHONUNBUFFERED": "1",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    honcho = Path(sys.executable).parent / "honcho"
    log = open(tmp_path / "run.log", "w+")  # noqa: SIM115 (read below)
    # A session of its own: Ctrl-C in a terminal signals the whole foreground process group.
    process = subprocess.Popen(
        [str(honcho), "start", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            log.seek(0)
            text = log.read()
            if "celery@" in text and "ready" in text and "beat: Starting" in text:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    pass
            time.sleep(0.5)
        else:
            raise AssertionError(f"make run's processes did not start:\n{text}")
        started = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=15)
        took = time.monotonic() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    log.seek(0)
    text = log.read()
    assert took < 5, f"stopped in {took:.1f} s"
    assert "SIGKILL" not in text and "ERROR" not in text and "Traceback" not in text, text
