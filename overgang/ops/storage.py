"""The production static files storage: WhiteNoise's compressed manifest storage (hashed names,
gzip/brotli copies, served for ever), without rewriting source-map comments.

The vendored DKFDS and Chart.js files end with a `sourceMappingURL` comment naming a .map file that
is not vendored; Django's manifest storage would make `collectstatic` fail on it. The comment is left
as it is: a browser asks for the map only with its developer tools open, and gets a 404.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns: tuple) -> tuple:  # type: ignore[type-arg]
    return tuple(
        (extension, tuple(p for p in found if "sourceMappingURL" not in (p if isinstance(p, str) else p[0])))
        for extension, found in patterns
    )


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(CompressedManifestStaticFilesStorage.patterns)
