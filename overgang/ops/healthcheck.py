"""The container's HEALTHCHECK: `python -m overgang.ops.healthcheck [path]` (default /readyz).

Asks gunicorn directly (GUNICORN_BIND's port, on 127.0.0.1) with a Host header Django allows (the
first of ALLOWED_HOSTS), and exits 0 on 200, 1 otherwise. The standard library only: it must not
load Django or the database driver to say whether the server answers.
"""

from __future__ import annotations

import http.client
import os
import sys


def _port() -> int:
    bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")[0].strip()
    return int(bind.rsplit(":", 1)[1]) if ":" in bind else 8000


def _host() -> str:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0] if hosts else "localhost"
    return "localhost" if host == "*" else host.lstrip(".")


def main(argv: list[str]) -> int:
    path = argv[1] if len(argv) > 1 else "/readyz"
    connection = http.client.HTTPConnection("127.0.0.1", _port(), timeout=5)
    try:
        connection.request("GET", path, headers={"Host": _host()})
        status = connection.getresponse().status
    except OSError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    finally:
        connection.close()
    print(f"{path}: {status}")
    return 0 if status == 200 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
