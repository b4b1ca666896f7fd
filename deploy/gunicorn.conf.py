"""gunicorn's configuration for Overgang: `gunicorn -c deploy/gunicorn.conf.py`.

Everything an operator may change comes from the environment (documented in overgang.env.example):

GUNICORN_BIND           where to listen (default 127.0.0.1:8000; comma-separated for several);
                        ignored under systemd socket activation (overgang.socket hands the socket over)
WEB_CONCURRENCY         worker processes (default 2 x CPUs + 1)
GUNICORN_THREADS        threads per worker (default 1: sync workers)
GUNICORN_TIMEOUT        seconds a request may take before its worker is killed (default 60: the PDFs)
GUNICORN_GRACEFUL_TIMEOUT  seconds running requests get to finish after SIGTERM (default 30)
GUNICORN_KEEPALIVE      seconds to keep an idle connection from the proxy open (default 5)
GUNICORN_MAX_REQUESTS   restart a worker after this many requests (default 1000, with jitter; 0 = never)
FORWARDED_ALLOW_IPS     the proxy addresses whose X-Forwarded-* headers are trusted (default 127.0.0.1,::1)
GUNICORN_CONTROL_SOCKET a path for gunicorn's control socket (`gunicornc`); off when unset
LOG_FORMAT, LOG_LEVEL   as for Django: gunicorn's own lines and the access log use the same format
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from overgang.ops.logs import gunicorn_logconfig  # noqa: E402 - needs BASE_DIR on the path


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


wsgi_app = "overgang.wsgi:application"
chdir = str(BASE_DIR)
bind = [item.strip() for item in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",") if item.strip()]

# Sync workers: Overgang's requests are short and database-bound, and the PDFs use the CPU.
workers = _int("WEB_CONCURRENCY", 2 * _cpus() + 1)
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = max_requests // 10
# Heartbeat files in memory, not on a disk that may be read-only (systemd's ProtectSystem, containers).
SHM = "/dev/shm"  # noqa: S108  # nosec B108
worker_tmp_dir = SHM if os.path.isdir(SHM) else None

# Behind the reverse proxy: trust its X-Forwarded-For/-Proto only from its own address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Request limits (the proxy enforces the body size; these guard the headers).
limit_request_line = 8190
limit_request_fields = 100

# Logs: the error log and the access log to stderr (journald, the container's log), through the same
# formatter as Django's (LOG_FORMAT=json: one JSON object a line with the request id).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "INFO").lower()
logger_class = "overgang.ops.logs.GunicornLogger"
logconfig_dict = gunicorn_logconfig(
    os.environ.get("LOG_FORMAT", "text").strip().lower(), os.environ.get("LOG_LEVEL", "INFO").upper()
)
capture_output = False

# gunicorn's control socket would go to $HOME/.gunicorn, which does not exist for a service user.
_control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "").strip()
if _control_socket:
    control_socket = _control_socket
else:
    control_socket_disable = True

proc_name = "overgang"
