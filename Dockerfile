# syntax=docker/dockerfile:1
# ALIS-VEST's production image (docs/install.md). Three stages:
#   assets  – npm installs the front-end packages (Node lives only here)
#   build   – Python packages from the hashed lock file, then collectstatic
#   runtime – the slim image that runs: no Node, no compilers, a non-root uid
# The build context is filtered by .dockerignore: no var/ (database, uploads, backups),
# no secrets/, no .env, no .git (tests/product/test_image.py checks both files).

ARG PYTHON_IMAGE=python:3.11-slim-trixie

FROM node:22-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# Libraries the application needs at run time, shared by build and runtime: Pango for
# WeasyPrint's PDFs, fonts, and postgresql-client for manage.py backup (pg_dump 17 dumps the
# compose file's PostgreSQL 17 and older servers). Caches of matplotlib (lifelines) and
# fontconfig (WeasyPrint) go to /tmp, a tmpfs: the root filesystem is read-only in compose.
FROM ${PYTHON_IMAGE} AS base
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core postgresql-client tzdata \
    && rm -rf /var/lib/apt/lists/*
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=alisvest.settings.production \
    MEDIA_ROOT=/app/var/media \
    BACKUP_DIR=/app/var/backup \
    MPLCONFIGDIR=/tmp/matplotlib \
    XDG_CACHE_HOME=/tmp/cache \
    HOME=/tmp

FROM base AS build
COPY requirements.txt /tmp/requirements.txt
# Exactly the tested versions, each checked against its hash; nothing resolved at build time.
RUN python -m venv /opt/venv \
    && pip install --no-cache-dir --require-hashes --no-deps -r /tmp/requirements.txt
WORKDIR /app
COPY . .
COPY --from=assets /assets/node_modules/@digdir/designsystemet-css/dist node_modules/@digdir/designsystemet-css/dist
COPY --from=assets /assets/node_modules/htmx.org/dist node_modules/htmx.org/dist
COPY --from=assets /assets/node_modules/@fontsource/inter node_modules/@fontsource/inter
# A throwaway key and URLs: collectstatic connects to nothing, but the settings demand them.
RUN SECRET_KEY="build-only-$(python -c 'import secrets; print(secrets.token_urlsafe(48))')" \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput \
    && python -m compileall -q alisvest placements supervision funding research demo

FROM base AS runtime
# A fixed uid/gid, so volumes, backups and file permissions on the host can name it.
RUN groupadd --system --gid 10001 alisvest \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin alisvest
COPY --from=build /opt/venv /opt/venv
# Code and static files belong to root and are read-only to the application.
COPY --from=build /app /app
# The only writable places: uploads and backups. A named volume mounted here starts as a copy
# of this directory, owned by the application's uid, so uploads and PDFs can be written.
RUN mkdir -p /app/var/media /app/var/backup \
    && chown -R 10001:10001 /app/var \
    && chmod 0750 /app/var /app/var/media /app/var/backup
WORKDIR /app
USER 10001:10001
VOLUME ["/app/var/media", "/app/var/backup"]
EXPOSE 8000
# Answered before the host check and the HTTPS redirect (alisvest/health.py), so it works
# under the production settings from inside the container.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "alisvest.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
