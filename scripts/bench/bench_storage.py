"""The production static storage's hashed names and manifest, without two costs (see bench_settings.py).

- No source-map rewriting: the vendored DKFDS stylesheet names a map that is not vendored.
- No gzip/brotli pre-compression: WhiteNoise's compression of the vendored assets took minutes on a
  busy two-core machine, and no benchmarked request fetches a static file (pages and their
  `{% static %}` names come out the same).
"""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage


class ManifestWithoutSourceMaps(ManifestStaticFilesStorage):
    patterns = tuple(
        (extension, tuple(p for p in found if "sourceMappingURL" not in (p if isinstance(p, str) else p[0])))
        for extension, found in ManifestStaticFilesStorage.patterns
    )
