"""The production settings, with static files collected outside the working tree's var/static.

Everything else (DEBUG off, Argon2, CSP, secure cookies, the two-factor requirement, the whole
middleware stack) is overgang.settings as deployed. scripts/bench/run.py sets the environment:
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, BEHIND_TLS_PROXY=1 (requests carry X-Forwarded-Proto: https,
as behind the TLS proxy of a deployment) and OVERGANG_BENCH_FLOOR=1.
"""

import os
from pathlib import Path

from overgang.settings import *  # noqa: F403
from overgang.settings import VAR_DIR

STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", str(VAR_DIR / "bench-static")))

# The production storage fails collectstatic: the vendored DKFDS stylesheet (overgang/static/vendor/
# dkfds/css/dkfds.min.css) ends with `sourceMappingURL=dkfds.min.css.map`, and the map is not
# vendored. The bench collects with the same hashed names and manifest, minus source maps and the
# pre-compression (scripts/bench/bench_storage.py).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "bench_storage.ManifestWithoutSourceMaps"},
}
