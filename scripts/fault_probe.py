"""Registrations through a PostgreSQL restart: how many answers are ok, 503 or 500.

    .venv/bin/python scripts/fault_probe.py --database postgres://postgres@127.0.0.1:5432/qf_probe

The shape of the probe in issue 13: the script migrates that database (loading the demo content
if it is empty), makes the load-test event with a seat for everyone, and starts the production
server (gunicorn, --workers) and the message worker with DATABASE_URL pointing at a TCP proxy of
its own (tests/tcp_proxy.py). It fires --attempts registrations, --concurrency at a time, each
from an address of its own (X-Real-IP, trusted for this run) so the per-address limit does not
count them as one hall, cuts the proxy --cut-after seconds in for --cut seconds, and restores
it. It prints the answers counted (ok: confirmed or waitlisted; 503: the busy page with
Retry-After; 500; anything else), how long after the restore the worker sent its next
verification code, and whether every registration a resident saw confirmed is in the database.
"""

import argparse
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

from register_load import CodeLog, fire

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.tcp_proxy import TcpProxy  # noqa: E402


def environment(database):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "QINGFENG_PLAIN_HTTP": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DATABASE_URL": database,
        "RATELIMIT_IP_HEADER": "HTTP_X_REAL_IP",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_database(target):
    """Create the probe's database when it is not there yet."""
    import psycopg
    from psycopg import sql

    name = target.path.lstrip("/")
    server = {"host": target.hostname, "port": target.port or 5432, "user": target.username}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def manage(env, *args):
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(result.stdout + result.stderr)
    return result.stdout.strip()


def start(env, port, workers, folder):
    gunicorn = subprocess.Popen(  # noqa: S603
        [
            *(str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application"),
            *("--pythonpath", "site", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
        ],
        cwd=ROOT,
        env=env,
        stdout=(folder / "gunicorn.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--backend", "messages", "--interval", "0.1"],
        cwd=ROOT,
        env={
            **env,
            "QINGFENG_SMS_ECHO": "1",
            "QINGFENG_NOTIFIER": "home.notifications.LogNotifier",
        },
        stdout=(folder / "sms.log").open("w"),
        stderr=(folder / "worker.log").open("w"),
    )
    return gunicorn, worker


def wait_for(url, seconds=90):
    import urllib.request

    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
            return
        except OSError:
            if time.monotonic() > deadline:
                sys.exit(f"{url} did not answer")
            time.sleep(0.5)


def next_code_after(log, mark, seconds=30):
    """Seconds until a verification code line appears in ``log`` past byte ``mark``."""
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if "验证码" in log.read_bytes()[mark:].decode(errors="replace"):
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def answer(result):
    if result.registration_status:
        return "ok"
    if result.http_status == 503 and result.busy_page and result.retry_after:
        return "503 busy page"
    return f"http {result.http_status}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="a PostgreSQL URL on this machine")
    parser.add_argument("--attempts", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--cut-after", type=float, default=3.0)
    parser.add_argument("--cut", type=float, default=3.3)
    options = parser.parse_args()
    target = urlparse(options.database)
    if target.scheme not in ("postgres", "postgresql") or target.hostname not in (
        "127.0.0.1",
        "localhost",
    ):
        sys.exit("give a PostgreSQL database on this machine")

    ensure_database(target)
    direct = environment(options.database)
    manage(direct, "migrate", "--no-input")
    manage(direct, "load_demo", "--if-empty")
    manage(direct, "collectstatic", "--no-input", "-v0")
    path = manage(direct, "prepare_load_test_event", "--capacity", str(options.attempts))
    path = path.splitlines()[-1]

    proxy = TcpProxy(target.hostname, target.port or 5432).start()
    proxied = options.database.replace(target.netloc.split("@")[-1], proxy.address)
    folder = Path(tempfile.mkdtemp(prefix="qingfeng-fault-probe-"))
    port = free_port()
    children = start(environment(proxied), port, options.workers, folder)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/")
        runs = []
        load = threading.Thread(
            target=lambda: runs.append(
                fire(
                    base,
                    path,
                    options.attempts,
                    options.concurrency,
                    CodeLog(folder / "sms.log"),
                    addresses=True,
                )
            )
        )
        load.start()
        time.sleep(options.cut_after)
        proxy.cut()
        time.sleep(options.cut)
        proxy.restore()
        code_after = next_code_after(folder / "sms.log", (folder / "sms.log").stat().st_size)
        load.join()
        run = runs[0]
        stored = manage(
            direct,
            "shell",
            "-c",
            "from events.models import Registration as R;"
            "print(' '.join(R.objects.filter(event__slug='load-test', status='confirmed')"
            ".values_list('phone', flat=True)))",
        ).split()
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=30)
        proxy.close()
        manage(direct, "prepare_load_test_event", "--remove")

    seen = {r.phone for r in run.results if r.registration_status == "confirmed"}
    at_once = f"{options.concurrency} at a time, {options.workers} workers"
    print(f"attempts      {len(run.results)} ({at_once})")
    print(f"cut           {options.cut} s, {options.cut_after} s in; whole run {run.seconds:.1f} s")
    for label, count in sorted(Counter(answer(r) for r in run.results).items()):
        print(f"{label:13} {count}")
    print(
        f"next code     {code_after:.1f} s after the restore"
        if code_after
        else "next code     none"
    )
    print(f"confirmed     {len(seen)} seen, {len(seen - set(stored))} missing from the database")
    print(f"logs          {folder}")


if __name__ == "__main__":
    main()
