"""The deployment files in deploy/ are consistent with the code: every setting documented, the
containers wired as the README says, no secret committed, the systemd units valid, the proxy's limits
matching the application's. (The gunicorn path itself runs in test_gunicorn.py.)"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from overgang.network.photos import MAX_UPLOAD_BYTES

BASE_DIR = Path(__file__).resolve().parents[3]
DEPLOY = BASE_DIR / "deploy"
READ_FROM_ENV = re.compile(
    r'(?:os\.environ\.get|os\.environ\[|env_bool|env_list|_int)\(\s*"([A-Z][A-Z0-9_]+)"'
)


def settings_read() -> set[str]:
    names: set[str] = set()
    for source in (BASE_DIR / "overgang" / "settings.py", DEPLOY / "gunicorn.conf.py"):
        names |= set(READ_FROM_ENV.findall(source.read_text()))
    return names


def documented() -> set[str]:
    text = (DEPLOY / "overgang.env.example").read_text()
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", text, flags=re.MULTILINE))


def test_the_example_environment_documents_every_setting() -> None:
    read = settings_read()
    assert {"SECRET_KEY", "DATABASE_URL", "LOG_FORMAT", "WEB_CONCURRENCY", "EMAIL_BACKEND"} <= read
    assert read - documented() == set()


def test_the_example_environment_holds_no_secret_and_logs_json() -> None:
    values = dict(
        line.split("=", 1)
        for line in (DEPLOY / "overgang.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    assert values["SECRET_KEY"] == ""
    assert values["EMAIL_HOST_PASSWORD"] == ""
    assert values["DEBUG"] == "0"
    assert values["LOG_FORMAT"] == "json"
    assert values["BEHIND_TLS_PROXY"] == "1"


def test_compose_runs_the_app_after_a_one_shot_migration_without_committed_secrets() -> None:
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())

    services = compose["services"]
    assert set(services) == {"db", "migrate", "app"}
    assert services["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert services["app"]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
    assert services["app"]["depends_on"]["db"] == {"condition": "service_healthy"}
    assert services["app"]["command"] == ["gunicorn", "-c", "deploy/gunicorn.conf.py"]
    for name in ("migrate", "app"):
        service = services[name]
        assert service["build"]["dockerfile"] == "deploy/Containerfile"
        assert service["env_file"] == [{"path": ".env", "required": True}]
        # The settings it sets are ones the application reads.
        assert set(service["environment"]) <= settings_read()
        assert service["environment"]["DATABASE_URL"].startswith("postgres://overgang:${POSTGRES_PASSWORD:?")
        assert service["read_only"] is True
    assert services["db"]["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    # The secret key and any password only through .env (git-ignored): none written in the file.
    for service in services.values():
        for key, value in service.get("environment", {}).items():
            assert ("SECRET" not in key and "PASSWORD" not in key) or str(value).startswith("${"), key


def test_the_container_image_is_non_root_collects_static_and_checks_readiness() -> None:
    text = (DEPLOY / "Containerfile").read_text()

    assert re.search(r"^FROM python:3\.11-slim$", text, re.MULTILINE)
    assert "pip install -r requirements.txt" in text
    assert "manage.py collectstatic --noinput" in text
    users = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert 'CMD ["python", "-m", "overgang.ops.healthcheck", "/readyz"]' in text
    assert re.search(r'^CMD \["gunicorn", "-c", "deploy/gunicorn.conf.py"\]$', text, re.MULTILINE)
    ignored = (DEPLOY / "Containerfile.dockerignore").read_text().split()
    assert {".venv", "var", ".env"} <= set(ignored)


def test_the_nginx_site_forwards_the_scheme_and_allows_the_largest_upload() -> None:
    text = (DEPLOY / "nginx" / "overgang.conf").read_text()
    active = "\n".join(line for line in text.splitlines() if not line.strip().startswith("#"))

    [size] = re.findall(r"client_max_body_size (\d+)m;", active)
    assert int(size) * 1024 * 1024 > MAX_UPLOAD_BYTES
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in active
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in active
    assert "listen 443 ssl http2;" in active
    assert "return 301 https://" in active
    # Photos go through the access-checked view only: nothing served from disk but (optionally) static.
    assert "/media" not in active
    assert re.findall(r"^\s*(?:alias|root) ", active, re.MULTILINE) == ["        root "]  # ACME only
    [read_timeout] = re.findall(r"proxy_read_timeout (\d+)s;", active)
    gunicorn = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert int(read_timeout) > gunicorn["timeout"]


def test_gunicorns_configuration_comes_from_the_environment(monkeypatch: Any) -> None:
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "LOG_FORMAT", "GUNICORN_CONTROL_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    default = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert default["workers"] == 2 * len(os.sched_getaffinity(0)) + 1
    assert default["bind"] == ["127.0.0.1:8000"]
    assert default["logconfig_dict"]["formatters"]["main"] == {"()": "overgang.ops.logs.TextFormatter"}
    assert default["control_socket_disable"] is True
    assert default["graceful_timeout"] < 40  # systemd's TimeoutStopSec

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:8000")
    monkeypatch.setenv("LOG_FORMAT", "json")
    configured = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert configured["workers"] == 3
    assert configured["bind"] == ["0.0.0.0:8000"]
    assert configured["logconfig_dict"]["formatters"]["main"] == {"()": "overgang.ops.logs.JsonFormatter"}
    assert configured["logger_class"] == "overgang.ops.logs.GunicornLogger"


def test_the_service_is_hardened() -> None:
    text = (DEPLOY / "systemd" / "overgang.service").read_text()
    for option in (
        "ProtectSystem=strict",
        "PrivateTmp=yes",
        "NoNewPrivileges=yes",
        "ProtectHome=yes",
        "User=overgang",
        "CapabilityBoundingSet=",
        "EnvironmentFile=/etc/overgang/overgang.env",
        "ExecStart=/srv/overgang/.venv/bin/gunicorn -c /srv/overgang/deploy/gunicorn.conf.py",
        "Requires=overgang.socket overgang-release.service",
    ):
        assert re.search(rf"^{re.escape(option)}$", text, re.MULTILINE), option
    assert "ListenStream=/run/overgang.sock" in (DEPLOY / "systemd" / "overgang.socket").read_text()
    assert "server unix:/run/overgang.sock" in (DEPLOY / "nginx" / "overgang.conf").read_text()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    # The units name /srv/overgang; pointed at this checkout, every executable exists and systemd
    # has nothing else to say.
    names = ["overgang.service", "overgang.socket", "overgang-release.service"]
    for name in names:
        text = (DEPLOY / "systemd" / name).read_text().replace("/srv/overgang", str(BASE_DIR))
        (tmp_path / name).write_text(text)

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [str(shutil.which("systemd-analyze")), "verify", "--man=no", *names],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    complaints = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        # This machine is not booted with systemd (a container): nothing to do with the units.
        if line.strip() and "System has not been booted with systemd" not in line
    ]
    assert complaints == []
    assert result.returncode == 0


@pytest.mark.skipif(
    shutil.which("nginx") is None or shutil.which("openssl") is None, reason="nginx or openssl not installed"
)
def test_nginx_accepts_the_site(tmp_path: Path) -> None:
    # A throw-away certificate and prefix; the site file as shipped apart from those paths.
    key, cert = str(tmp_path / "key.pem"), str(tmp_path / "cert.pem")
    openssl = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=t"]
    subprocess.run([*openssl, "-keyout", key, "-out", cert], check=True, capture_output=True, timeout=60)  # noqa: S603
    (tmp_path / "logs").mkdir()
    site = (
        (DEPLOY / "nginx" / "overgang.conf")
        .read_text()
        .replace("/etc/letsencrypt/live/overgang.example.dk/fullchain.pem", str(tmp_path / "cert.pem"))
        .replace("/etc/letsencrypt/live/overgang.example.dk/privkey.pem", str(tmp_path / "key.pem"))
        .replace("/var/log/nginx/overgang.error.log", str(tmp_path / "logs" / "error.log"))
    )
    (tmp_path / "overgang.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/logs/error.log;\nevents {{}}\n"
        f"http {{ access_log off; include {tmp_path}/overgang.conf; }}\n"
    )

    result = subprocess.run(  # noqa: S603 - fixed arguments
        [str(shutil.which("nginx")), "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr
