"""`make bench`: Overgang under load on PostgreSQL, served by gunicorn, measured by wrk.

Run from the project root with the venv's Python (the Makefile does):

    .venv/bin/python scripts/bench/run.py [--preset national] [--seconds 10] [--output BENCHMARKS.md]

Environment (each also an option):
  BENCH_DATABASE_URL  default postgres://postgres@127.0.0.1:5432/overgang_bench (created when missing)
  BENCH_PRESET        national (default), region, municipality, small, tiny: `manage.py generate_data`;
                      demo: `manage.py load_demo`. Data already there from the same preset is reused.
  BENCH_FRESH=1       drop and recreate the database first
  BENCH_SECONDS       seconds per page under load (default 10)
  BENCH_CONNECTIONS   wrk's connections (default 4; one wrk thread)
  BENCH_WORKERS       gunicorn's sync workers (default 2 × CPUs)
  BENCH_WORKER, BENCH_COORDINATOR, BENCH_PROGRAMME, BENCH_COURSE
                      usernames / primary keys to measure with; found by query when not given

What it does: migrate, generate (timed), collectstatic, then gunicorn with the production settings
(scripts/bench/bench_settings.py) on loopback. The bench users' sessions are made server-side, as a
real login with the second factor leaves them (auth keys, the OTP device, the login time), so every
request goes through the whole middleware stack. Per page: the status and query count of one
request in-process, then wrk for BENCH_SECONDS from a second process. Then the exports and the
weekly digest, each in its own process (scripts/bench/measure.py) for its peak RSS, at two sizes.
The results replace the marked section of the output file (BENCHMARKS.md by default) and are also
written as JSON next to it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path[:0] = [str(ROOT), str(HERE)]

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/overgang_bench"
GENERATOR_PRESETS = ("national", "region", "municipality", "small", "tiny")
# The generator's known names for seed 1 (overgang/scale/generator.py).
KNOWN_WORKER = "bench-worker-001"
KNOWN_COORDINATOR = "bench-coordinator-001"

log = logging.getLogger("bench")


@dataclass
class Page:
    name: str
    path: str
    session: str  # "worker" or "coordinator"
    floor: bool = False


def env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--preset", default=env("BENCH_PRESET", "national"))
    parser.add_argument("--database-url", default=env("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--seconds", type=int, default=int(env("BENCH_SECONDS", "10")))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS", "4")))
    parser.add_argument(
        "--workers", type=int, default=int(env("BENCH_WORKERS", str(2 * (os.cpu_count() or 1))))
    )
    parser.add_argument("--output", type=Path, default=ROOT / "BENCHMARKS.md")
    parser.add_argument("--fresh", action="store_true", default=env("BENCH_FRESH", "") == "1")
    parser.add_argument("--skip-jobs", action="store_true", help="only the pages, not the exports and digest")
    parser.add_argument("--seed", type=int, default=int(env("BENCH_SEED", "1")))
    parser.add_argument("--quick", action="store_true", help="the jobs at one size only (the CI smoke)")
    return parser.parse_args()


# --- Environment and database ----------------------------------------------------------------------


def prepare_environment(database_url: str) -> dict[str, str]:
    """The production settings' environment, for this process and the server's."""
    for name in ("OVERGANG_TESTING", "DEBUG", "OVERGANG_REQUIRE_2FA", "SECURE_SSL_REDIRECT"):
        os.environ.pop(name, None)
    os.environ.update(
        {
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT), str(HERE)]),
            "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BEHIND_TLS_PROXY": "1",
            "OVERGANG_BENCH_FLOOR": "1",
            "EMAIL_BACKEND": "overgang.bench.mail.SerialiseAndDiscardBackend",
            "LOG_LEVEL": "WARNING",
        }
    )
    return dict(os.environ)


def ensure_database(database_url: str, *, fresh: bool) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"unexpected database name {name!r}")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            log.warning("dropping database %s (fresh run)", name)
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            log.warning("creating database %s", name)
            conn.execute(f'CREATE DATABASE "{name}"')


def marker_path(database_url: str) -> Path:
    name = urlsplit(database_url).path.lstrip("/")
    return ROOT / "var" / "bench" / f"{name}.json"


def load_data(preset: str, database_url: str, seed: int) -> str:
    """Generate the preset's data, or reuse it; the generator's time as the report shows it."""
    from django.core.management import call_command

    from overgang.courses.models import Course

    marker = marker_path(database_url)
    known = json.loads(marker.read_text()) if marker.exists() else {}
    has_data = Course.objects.exists()
    if has_data and known.get("preset") == preset:
        return f"`{known['command']}` took {known['seconds']:.1f} s (run {known['date']}; data reused)"
    if has_data and preset == "demo" and not known:
        from overgang.accounts.models import Municipality
        from overgang.demo.management.commands.load_demo import DEMO_MUNICIPALITY_CODE

        if Municipality.objects.filter(code=DEMO_MUNICIPALITY_CODE).exists():
            return "`manage.py load_demo` (run earlier, not timed; data reused)"
    if has_data:
        raise SystemExit(
            f"The database already holds data not made by preset {preset!r} ({known or 'unknown'}). "
            "Use another BENCH_DATABASE_URL or BENCH_FRESH=1."
        )
    started = time.perf_counter()
    if preset == "demo":
        command = "manage.py load_demo"
        call_command("load_demo", verbosity=0)
    else:
        command = f"manage.py generate_data --preset {preset} --seed {seed}"
        call_command("generate_data", preset=preset, seed=seed, into_empty=True, verbosity=0)
    seconds = time.perf_counter() - started
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(
        json.dumps({"preset": preset, "command": command, "seconds": seconds, "date": f"{dt.date.today()}"})
    )
    return f"`{command}` took {seconds:.1f} s"


def collect_static() -> None:
    """collectstatic, skipped when no source file changed since the last bench collected them
    (hashing the vendored assets takes a minute on a busy machine)."""
    import hashlib

    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.core.management import call_command

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    fingerprint = Path(settings.STATIC_ROOT) / ".bench-sources"
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists() and fingerprint.exists() and fingerprint.read_text() == digest.hexdigest():
        log.warning("static files unchanged since the last collection")
        return
    log.warning("collecting static files")
    call_command("collectstatic", verbosity=0, interactive=False)
    fingerprint.write_text(digest.hexdigest())


# --- Who and what to measure ----------------------------------------------------------------------


@dataclass
class Targets:
    worker: Any
    coordinator: Any
    programme: Any
    programme_courses: int
    course: Any


def _user(value: str) -> Any:
    from overgang.accounts.models import User

    return User.objects.get(pk=int(value)) if value.isdigit() else User.objects.get(username=value)


def find_targets() -> Targets:
    """The generator's known users when there, else the biggest programme and its busiest worker."""
    from django.db.models import Count, Q

    from overgang.accounts.models import Role, User
    from overgang.courses.models import Course
    from overgang.programmes.models import Programme

    active = Q(courses__end_date__isnull=True)
    programmes = Programme.objects.all()
    known_worker = User.objects.filter(username=KNOWN_WORKER).first()
    if known_worker is not None:
        # The generator's benchmark programme: the known worker's, in the big municipality.
        programmes = programmes.filter(workers=known_worker)
    programme: Programme | None
    if os.environ.get("BENCH_PROGRAMME"):
        programme = Programme.objects.get(pk=int(os.environ["BENCH_PROGRAMME"]))
    else:
        programme = programmes.annotate(n=Count("courses", filter=active)).order_by("-n", "pk").first()
    if programme is None:
        raise SystemExit("No programme in the database: is the data there?")
    programme_courses = Course.objects.filter(programme=programme, end_date__isnull=True).count()
    if os.environ.get("BENCH_WORKER"):
        worker = _user(os.environ["BENCH_WORKER"])
    elif known_worker is not None:
        worker = known_worker
    else:
        worker = (
            User.objects.filter(role=Role.WORKER, is_active=True, courses__programme=programme)
            .annotate(n=Count("courses", filter=Q(courses__end_date__isnull=True)))
            .order_by("-n", "pk")
            .first()
        )
    if os.environ.get("BENCH_COORDINATOR"):
        coordinator = _user(os.environ["BENCH_COORDINATOR"])
    else:
        coordinators = programme.coordinators.filter(is_active=True)
        coordinator = (
            coordinators.filter(username=KNOWN_COORDINATOR).first() or coordinators.order_by("pk").first()
        )
    if worker is None or coordinator is None:
        raise SystemExit(
            f"No worker or coordinator for programme {programme.pk}: set BENCH_WORKER/COORDINATOR."
        )
    course: Course | None
    if os.environ.get("BENCH_COURSE"):
        course = Course.objects.get(pk=int(os.environ["BENCH_COURSE"]))
    else:
        course = (
            Course.objects.filter(worker=worker, end_date__isnull=True)
            .annotate(n=Count("contacts"))
            .order_by("-n", "pk")
            .first()
        ) or Course.objects.filter(worker=worker).order_by("pk").first()
    if course is None:
        raise SystemExit(f"Worker {worker.username} has no course: set BENCH_COURSE.")
    return Targets(worker, coordinator, programme, programme_courses, course)


def pages_for(t: Targets) -> list[Page]:
    return [
        Page("Framework floor", "/bench/floor/", "worker", floor=True),
        Page("Worker's overview", "/courses/", "worker"),
        Page("Course page", f"/courses/{t.course.pk}/", "worker"),
        Page(
            f"Phase plan ({t.programme_courses:,} courses)",
            f"/desk/phase-plan/?programme={t.programme.pk}",
            "coordinator",
        ),
        Page("Caseload board", "/desk/caseload/", "coordinator"),
        Page("Team dashboard (figures)", "/figures/", "coordinator"),
        Page("Team dashboard: one worker's weeks", f"/figures/weeks/{t.worker.pk}/", "coordinator"),
        Page("API: course list", "/api/v1/courses/", "worker"),
        Page("API: course", f"/api/v1/courses/{t.course.pk}/", "worker"),
        Page("API: worker's caseload", f"/api/v1/workers/{t.worker.pk}/caseload/", "worker"),
        Page("API: worker's courses", f"/api/v1/workers/{t.worker.pk}/courses/", "worker"),
    ]


def verified_session(user: Any) -> str:
    """A session as login with the second factor leaves it; the key for the cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY

    from overgang.accounts.services import SESSION_LAST_ACTIVITY, SESSION_LOGIN_AT
    from overgang.accounts.testing import totp_device_for

    now = time.time()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = totp_device_for(user).persistent_id
    store[SESSION_LOGIN_AT] = now
    store[SESSION_LAST_ACTIVITY] = now
    store.create()
    assert store.session_key is not None
    return store.session_key


def count_queries(page: Page, cookie: str) -> tuple[int, int]:
    """Status and query count of one request in-process, after one warm-up request."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie
    client.get(page.path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path)
    return response.status_code, len(queries)


# --- The server and the load ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_gunicorn(port: int, workers: int, log_file: Path) -> subprocess.Popen[bytes]:
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "overgang.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=sync",
        "--timeout=120",
        "--log-level=warning",
    ]
    with log_file.open("wb") as out:
        server = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited early; see {log_file}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log_file}")


def stop(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _get(url: str, cookie: str) -> int:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(  # noqa: S310 - our own http://127.0.0.1 URL
        url, headers={"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"}
    )
    try:
        with opener.open(request, timeout=300) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def warm_up(url: str, cookie: str, *, workers: int) -> int:
    """Two rounds of one request per server worker at once (each loads its templates, translations
    and connection before the load starts); the HTTP status, which must be 200."""
    from concurrent.futures import ThreadPoolExecutor

    statuses: list[int] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _round in range(2):
            statuses += list(pool.map(lambda _n: _get(url, cookie), range(workers)))
    return max(statuses, key=lambda s: s != 200)


def one_request_alone_ms(url: str, cookie: str) -> float:
    """For a page slower than the run: the time of one request with nothing else from us running."""
    started = time.perf_counter()
    _get(url, cookie)
    return (time.perf_counter() - started) * 1000


def run_wrk(url: str, cookie: str, *, seconds: int, connections: int, script: Path) -> str:
    wrk = shutil.which("wrk") or "/usr/bin/wrk"
    command = [
        wrk,
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout=30s",
        "--latency",
        "-s",
        str(script),
        "-H",
        f"Cookie: sessionid={cookie}",
        "-H",
        "X-Forwarded-Proto: https",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False)  # noqa: S603
    if done.returncode != 0:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


# --- The jobs ----------------------------------------------------------------------------------------


def run_job(name: str, size: str, args: list[str], timeout: int) -> dict[str, Any]:
    command = [sys.executable, str(HERE / "measure.py"), *args]
    log.warning("job: %s (measure.py %s)", name, " ".join(args))  # the size is known once it ran
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return {"name": name, "size": size, "error": f"over {timeout} s"}
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or ["?"])[-1][:120]
        return {"name": name, "size": size, "error": tail}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {"name": name, "size": size.format(rows=result["rows"]), **result}


def smallest_municipality() -> int:
    """The municipality with the fewest digest recipients (the digest's small size)."""
    from django.db.models import Count, Q

    from overgang.accounts.models import Municipality
    from overgang.desk.digest import DIGEST_ROLES

    recipients = Q(users__is_active=True, users__role__in=DIGEST_ROLES) & ~Q(users__email="")
    smallest = (
        Municipality.objects.annotate(n=Count("users", filter=recipients))
        .filter(n__gt=0)
        .order_by("n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if smallest is None:
        raise SystemExit("No digest recipient in the database.")
    return smallest


def jobs_for(t: Targets, timeout: int, *, quick: bool) -> list[dict[str, Any]]:
    base = ["--user", str(t.coordinator.pk), "--programme", str(t.programme.pk)]
    one_worker = [*base, "--worker", str(t.worker.pk)]
    if quick:
        return [
            run_job("Phase plan xlsx", "{rows:,} courses (the programme)", ["xlsx", *base], timeout),
            run_job("Phase plan PDF", "{rows:,} courses (the programme)", ["pdf", *base], timeout),
            run_job("Weekly digest", "{rows:,} recipients (every municipality)", ["digest"], timeout),
        ]
    return [
        run_job("Phase plan xlsx", "{rows:,} courses (one worker's)", ["xlsx", *one_worker], timeout),
        run_job("Phase plan xlsx", "{rows:,} courses (the programme)", ["xlsx", *base], timeout),
        run_job("Phase plan PDF", "{rows:,} courses (one worker's)", ["pdf", *one_worker], timeout),
        run_job("Phase plan PDF", "{rows:,} courses (the programme)", ["pdf", *base], timeout),
        run_job(
            "Weekly digest",
            "{rows:,} recipients (the smallest municipality)",
            ["digest", "--municipality", str(smallest_municipality())],
            timeout,
        ),
        run_job("Weekly digest", "{rows:,} recipients (every municipality)", ["digest"], timeout * 4),
    ]


# --- The report ----------------------------------------------------------------------------------------


def _command_output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False, timeout=10).stdout.strip()  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine() -> dict[str, Any]:
    import django
    import gunicorn
    from django.db import connection

    cpu_model = "?"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu_model = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            "?",
        )
    ram_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu_model,
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
    }


def data_summary() -> str:
    from overgang.accounts.models import Municipality, User
    from overgang.courses.models import Citizen, Course
    from overgang.journal.models import ContactEntry
    from overgang.programmes.models import Programme

    counts = {
        "municipalities": Municipality.objects.count(),
        "programmes": Programme.objects.count(),
        "users": User.objects.count(),
        "citizens": Citizen.objects.count(),
        "courses": Course.objects.count(),
        "active courses": Course.objects.filter(end_date__isnull=True).count(),
        "contact entries": ContactEntry.objects.count(),
    }
    return ", ".join(f"{n:,} {label}" for label, n in counts.items())


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="bench: %(message)s")
    args = parse_args()
    make_target = os.environ.get("BENCH_VIA_MAKE")
    invocation = [f"make {make_target}"] if make_target else ["scripts/bench/run.py", *sys.argv[1:]]
    command_line = " ".join([f"BENCH_PRESET={args.preset}", f"BENCH_SECONDS={args.seconds}", *invocation])
    if shutil.which("wrk") is None and not Path("/usr/bin/wrk").exists():
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    prepare_environment(args.database_url)
    ensure_database(args.database_url, fresh=args.fresh)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from overgang.bench.report import render_results, replace_results
    from overgang.bench.wrk import DONE_SCRIPT, parse_wrk_output

    log.warning("migrating")
    call_command("migrate", verbosity=0, interactive=False)
    log.warning("data: preset %s", args.preset)
    generator = load_data(args.preset, args.database_url, args.seed)
    collect_static()
    targets = find_targets()
    cookies = {
        "worker": verified_session(targets.worker),
        "coordinator": verified_session(targets.coordinator),
    }
    pages = pages_for(targets)
    queries = {page.path: count_queries(page, cookies[page.session]) for page in pages}
    connection.close()

    work = Path(tempfile.mkdtemp(prefix="overgang-bench-"))
    script = work / "done.lua"
    script.write_text(DONE_SCRIPT)
    port = free_port()
    server = start_gunicorn(port, args.workers, work / "gunicorn.log")
    results: list[dict[str, Any]] = []
    try:
        for page in pages:
            status, n_queries = queries[page.path]
            entry: dict[str, Any] = {
                "name": page.name,
                "path": page.path,
                "floor": page.floor,
                "queries": n_queries,
            }
            if status != 200:
                log.warning("%s answered %s in-process: not measured", page.path, status)
                results.append(
                    {**entry, "p50_ms": 0.0, "p95_ms": 0.0, "rps": 0.0, "errors": f"status {status}"}
                )
                continue
            url = f"http://127.0.0.1:{port}{page.path}"
            status = warm_up(url, cookies[page.session], workers=args.workers)
            if status != 200:
                log.warning("%s answered %s over HTTP: not measured", page.path, status)
                results.append(
                    {**entry, "p50_ms": 0.0, "p95_ms": 0.0, "rps": 0.0, "errors": f"status {status}"}
                )
                continue
            log.warning("load: %s for %d s", page.path, args.seconds)
            output = run_wrk(
                url,
                cookies[page.session],
                seconds=args.seconds,
                connections=args.connections,
                script=script,
            )
            measured = parse_wrk_output(output)
            errors = measured.errors + measured.non_2xx_3xx
            if measured.requests == 0:
                # Slower than the run is long: a figure, not a failure.
                alone = one_request_alone_ms(url, cookies[page.session])
                entry["note"] = (
                    f"no request finished under load in {args.seconds} s; "
                    f"one request alone: {alone / 1000:,.1f} s"
                )
                entry["alone_ms"] = alone
            results.append(
                {
                    **entry,
                    "p50_ms": measured.p50_ms,
                    "p95_ms": measured.p95_ms,
                    "rps": measured.requests_per_second,
                    "requests": measured.requests,
                    "errors": errors,
                }
            )
    finally:
        stop(server)

    jobs = [] if args.skip_jobs else jobs_for(targets, timeout=max(300, args.seconds * 30), quick=args.quick)
    report = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command_line,
        "preset": args.preset,
        "machine": machine(),
        "server": f"{args.workers} sync workers (2 × CPUs), loopback, DEBUG off",
        "load": (
            f"wrk 1 thread, {args.connections} connections, {args.seconds} s per page, "
            "on the same machine (second process, loopback)"
        ),
        "data_summary": data_summary(),
        "generator": generator,
        "targets": {
            "worker": targets.worker.username,
            "coordinator": targets.coordinator.username,
            "programme": targets.programme.pk,
            "course": targets.course.pk,
        },
        "pages": results,
        "jobs": jobs,
    }
    target: Path = args.output
    document = target.read_text() if target.exists() else "# Benchmarks\n"
    target.write_text(replace_results(document, render_results(report)))
    raw = ROOT / "var" / "bench" / f"{target.stem}.json"
    raw.parent.mkdir(parents=True, exist_ok=True)
    raw.write_text(json.dumps(report, indent=2, default=str))
    shutil.rmtree(work, ignore_errors=True)
    print(render_results(report))
    failed = [p["path"] for p in results if p.get("errors")] + [j["name"] for j in jobs if j.get("error")]
    if failed:
        print(f"bench: errors in {failed}", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
