"""Running Overgang in production (issue 10): the readiness check, JSON logs and gunicorn's access log.

Not an installed app: it has no models, templates or migrations. The deployment files themselves
(gunicorn.conf.py, systemd units, the nginx site, the Containerfile) are in deploy/.
"""
