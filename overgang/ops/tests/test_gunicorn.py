"""The production path on this machine: gunicorn with deploy/gunicorn.conf.py, production settings.

gunicorn runs as a subprocess on a free port against its own migrated SQLite file (whatever database
the suite itself uses), with DEBUG off, a test SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, LOG_FORMAT=json
and the static files collected into a temporary STATIC_ROOT, served by WhiteNoise. Requests carry
X-Forwarded-Proto as the nginx site sends it. Nothing that tells settings.py it is under test
reaches the subprocesses. Last, the systemd path: socket activation as overgang.socket does it
(systemd-socket-activate, when installed).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).with_name("gunicorn")
TEST_ONLY = {
    "DEBUG",
    "OVERGANG_TESTING",
    "PYTEST_CURRENT_TEST",
    "PYTEST_ADDOPTS",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
# Settings this machine's shell might carry; the test decides them.
OPERATOR_CHOICES = {
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_PRELOAD",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "STATIC_ROOT",
    "LOG_FORMAT",
    "LOG_LEVEL",
    "WEB_CONCURRENCY",
    "GUNICORN_BIND",
    "BEHIND_TLS_PROXY",
    "GUNICORN_CONTROL_SOCKET",
}
STARTUP_LIMIT_SECONDS = 90  # only so a broken start cannot hang the suite; not a measurement
# A synthetic number in the CPR shape (a valid date of birth), sent in an address on purpose.
CPR_IN_ADDRESS = "0101901234"


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path
    env: dict[str, str]

    def request(
        self, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, headers={"X-Forwarded-Proto": "https", **(headers or {})})
            response = connection.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            connection.close()

    def log_lines(self) -> list[str]:
        return [line for line in self.log.read_text(encoding="utf-8").splitlines() if line.strip()]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_environment(tmp_path: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY | OPERATOR_CHOICES}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'overgang.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        LOG_FORMAT="json",
        BEHIND_TLS_PROXY="1",
        WEB_CONCURRENCY="1",
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    return env


# Compressing (brotli) the admin's, DRF's and the API documentation's bundles takes most of a minute
# of CPU; the pages these tests load use none of them. The rest goes through the production storage.
NOT_COLLECTED = ("drf_spectacular_sidecar", "admin", "rest_framework")


def prepare(env: dict[str, str]) -> None:
    """migrate and collectstatic, side by side (two cores)."""
    ignore = [option for name in NOT_COLLECTED for option in ("--ignore", name)]
    commands = [
        [sys.executable, "manage.py", "migrate", "--noinput"],
        [sys.executable, "manage.py", "collectstatic", "--noinput", *ignore],
    ]
    running = [
        subprocess.Popen(  # noqa: S603 - our interpreter and manage.py, fixed arguments
            command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
        )
        for command in commands
    ]
    for command, process in zip(commands, running, strict=True):
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, (command, output.decode(errors="replace")[-3000:])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = production_environment(tmp_path, port)
    prepare(env)
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - gunicorn from our venv, fixed arguments
            [str(GUNICORN), "-c", str(BASE_DIR / "deploy" / "gunicorn.conf.py")],
            cwd=tmp_path,  # the config must not depend on the working directory
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    running = Server(port=port, process=process, log=log, env=env)
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
        while True:
            assert process.poll() is None, "gunicorn exited early:\n" + log.read_text()[-3000:]
            try:
                status, _, _ = running.request("/readyz")
            except OSError:
                status = 0
            if status == 200:
                break
            assert time.monotonic() < deadline, "gunicorn not ready:\n" + log.read_text()[-3000:]
            time.sleep(0.2)
        yield running
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def test_readiness_and_liveness_answer(server: Server) -> None:
    status, headers, body = server.request("/readyz")
    assert status == 200
    assert headers["content-type"] == "application/json"
    assert headers["cache-control"] == "no-store"
    assert json.loads(body) == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok"},
        "duration_ms": json.loads(body)["duration_ms"],
    }

    status, _, body = server.request("/healthz")
    assert (status, body) == (200, b"ok")


def test_the_probes_answer_over_plain_http_where_pages_redirect_to_https(server: Server) -> None:
    # Without the proxy's X-Forwarded-Proto: a page is sent to HTTPS, the probes answer as they are.
    status, headers, _ = server.request("/login/", headers={"X-Forwarded-Proto": "http"})
    assert status == 301
    assert headers["location"] == f"https://127.0.0.1:{server.port}/login/"
    assert server.request("/readyz", headers={"X-Forwarded-Proto": "http"})[0] == 200
    assert server.request("/healthz", headers={"X-Forwarded-Proto": "http"})[0] == 200


def test_the_login_page_with_the_security_headers_and_a_static_file_from_whitenoise(server: Server) -> None:
    status, headers, body = server.request("/login/")

    assert status == 200
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
    # The manifest storage's hashed name, as the page links it; WhiteNoise serves it for ever.
    stylesheets = re.findall(rb'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', body)
    assert stylesheets, body[:2000]
    status, headers, css = server.request(stylesheets[0].decode(), headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["content-type"].startswith("text/css")
    assert headers["content-encoding"] == "gzip"  # the compressed copy made by collectstatic
    assert "immutable" in headers["cache-control"]
    assert css


def test_the_log_is_json_lines_with_the_request_id_and_no_cpr_number(server: Server) -> None:
    _, headers, _ = server.request("/login/")
    request_id = headers["x-request-id"]
    status, _, _ = server.request(f"/citizens/{CPR_IN_ADDRESS}/?q={CPR_IN_ADDRESS}")
    assert status == 400  # refused by overgang/privacy/middleware.py
    time.sleep(0.2)  # the access line is written after the response is sent

    records = [json.loads(line) for line in server.log_lines()]  # every line is JSON

    for record in records:
        assert {"time", "level", "logger", "message", "request_id"} <= set(record), record
        assert record["time"].endswith("+00:00")
    access = [r for r in records if r["logger"] == "gunicorn.access" and r["request_id"] == request_id]
    assert len(access) == 1
    assert access[0]["method"] == "GET"
    assert access[0]["path"] == "/login/"
    assert access[0]["status"] == 200
    refused = [r for r in records if r["logger"] == "gunicorn.access" and r["status"] == 400]
    assert refused
    assert refused[0]["path"] == "/citizens/[CPR]/"
    assert refused[0]["query"] == "q=[CPR]"
    assert any(r["logger"] == "django.request" and "[CPR]" in r["message"] for r in records)
    assert CPR_IN_ADDRESS not in server.log.read_text()


def test_the_container_healthcheck_asks_readiness(server: Server) -> None:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY | OPERATOR_CHOICES}
    env.update(GUNICORN_BIND=f"0.0.0.0:{server.port}", ALLOWED_HOSTS="127.0.0.1,overgang.example.dk")
    check = [sys.executable, "-m", "overgang.ops.healthcheck", "/readyz"]

    ready = subprocess.run(check, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert (ready.returncode, ready.stdout.strip()) == (0, "/readyz: 200")

    env["ALLOWED_HOSTS"] = "overgang.example.dk"  # a Host the server refuses: 400, unhealthy
    refused = subprocess.run(check, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603
    assert (refused.returncode, refused.stdout.strip()) == (1, "/readyz: 400")


def test_sigterm_stops_gunicorn_cleanly(server: Server) -> None:
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=60) == 0
    messages = [json.loads(line)["message"] for line in server.log_lines()]
    assert "Handling signal: term" in messages
    assert "Shutting down: Master" in messages


@pytest.mark.skipif(shutil.which("systemd-socket-activate") is None, reason="systemd-socket-activate missing")
def test_systemd_socket_activation_hands_gunicorn_its_socket(server: Server, tmp_path: Path) -> None:
    """As overgang.socket does: systemd holds a Unix socket and passes it as LISTEN_FDS; gunicorn
    serves on it and ignores GUNICORN_BIND. Same database and static files as above, server stopped."""
    assert server.process.poll() is not None
    sock = tmp_path / "overgang.sock"
    log = tmp_path / "activated.log"
    passed = [option for name in server.env for option in ("-E", name)]
    gunicorn = [str(GUNICORN), "-c", str(BASE_DIR / "deploy" / "gunicorn.conf.py")]
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [str(shutil.which("systemd-socket-activate")), "-l", str(sock), *passed, *gunicorn],
            env=server.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + STARTUP_LIMIT_SECONDS
        while not sock.exists():
            assert time.monotonic() < deadline and process.poll() is None, log.read_text()
            time.sleep(0.1)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(STARTUP_LIMIT_SECONDS)
            client.connect(str(sock))
            client.sendall(b"GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200 "), answer[:500]
        assert b'"status": "ok"' in answer
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    messages = [json.loads(line)["message"] for line in log.read_text().splitlines() if line.startswith("{")]
    assert f"Listening at: unix:{sock} ({process.pid})" in messages
    assert not any(str(server.port) in message for message in messages)  # not GUNICORN_BIND
