FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml package.json package-lock.json ./
RUN pip install --no-cache-dir . && npm ci --omit=dev
COPY . .
RUN DJANGO_SETTINGS_MODULE=alisvest.settings.production SECRET_KEY=build-only-$(head -c 48 /dev/urandom | base64) \
    DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput
USER nobody
EXPOSE 8000
