"""Services the benchmarks start for themselves, on 127.0.0.1 only, and stop when done.

- ``postgres()``: a private PostgreSQL cluster (initdb in a temporary folder, run as the
  ``postgres`` user, scram password auth on a free port); yields its ``DATABASE_URL``.
- ``redis()``: ``redis-server`` without persistence on a free port; yields its URL.
- ``ensure_python_packages()``: pip-installs the benchmark-only dependencies (gunicorn, redis)
  into the running interpreter's environment when they are missing.

Debian packages: ``postgresql`` and ``redis-server`` (``apt-get install -y …``; CI installs both).
"""

import glob
import importlib.util
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager

from .common import log


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


def ensure_python_packages(*names):
    missing = [name for name in names if importlib.util.find_spec(name) is None]
    if missing:
        log(f"pip install {' '.join(missing)} (benchmark dependencies)")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", *missing],
            check=True,
            env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
        )


def _pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: apt-get install -y postgresql")
    return os.path.dirname(found[-1])


@contextmanager
def postgres():
    """A private PostgreSQL cluster; yields ``postgres://…`` for a database owned by a new role."""
    if os.environ.get("BENCH_DATABASE_URL"):  # an existing server, e.g. CI's
        yield os.environ["BENCH_DATABASE_URL"]
        return
    pg_bin = _pg_bin()
    root = tempfile.mkdtemp(prefix="wagtailkb-bench-pg-")
    data, sock = os.path.join(root, "data"), os.path.join(root, "sock")
    os.makedirs(data)
    os.makedirs(sock)
    as_postgres = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        for path in (data, sock):
            shutil.chown(path, "postgres", "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    for path in (root, data, sock):
        os.chmod(path, 0o700)
    port, password = free_port(), secrets.token_hex(16)

    def run(*args, **kwargs):
        return subprocess.run([*as_postgres, *args], check=True, capture_output=True, **kwargs)

    started = time.perf_counter()
    run(
        f"{pg_bin}/initdb",
        "-D",
        data,
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C.UTF-8",
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
    )
    run(
        f"{pg_bin}/pg_ctl",
        "-D",
        data,
        "-l",
        os.path.join(root, "server.log"),
        "-w",
        "-o",
        f"-c listen_addresses=127.0.0.1 -p {port} -k {sock} -c max_connections=200",
        "start",
    )
    try:
        run(
            f"{pg_bin}/psql",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            sock,
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-c",
            f"CREATE ROLE bench LOGIN CREATEDB PASSWORD '{password}'",
            "-c",
            "CREATE DATABASE bench OWNER bench",
        )
        version = run(f"{pg_bin}/postgres", "--version", text=True).stdout.strip()
        log(f"{version} on 127.0.0.1:{port} ({time.perf_counter() - started:.1f}s)")
        yield f"postgres://bench:{password}@127.0.0.1:{port}/bench"
    finally:
        subprocess.run(
            [*as_postgres, f"{pg_bin}/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"],
            capture_output=True,
        )
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def redis():
    """``redis-server`` on a free port of 127.0.0.1, no persistence; yields ``redis://…/0``."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("Redis is not installed: apt-get install -y redis-server")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--protected-mode",
            "yes",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        log(f"redis-server on 127.0.0.1:{port}")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
