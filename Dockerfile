# The survey app in a container: Debian (bookworm) with Python 3.11, run as a non-root
# user, the database and instance folder on the /data volume, gunicorn started by
# `survey serve` (workers from SURVEY_WORKERS), health checked on /healthz.
# See docs/deploy.md.

FROM python:3.11-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --wheel-dir /wheels .

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    SURVEY_INSTANCE=/data/instance \
    SURVEY_DB=/data/instance/survey.db \
    SURVEY_CACHE=/data/cache \
    SURVEY_HOST=0.0.0.0 \
    PORT=8000 \
    SURVEY_WORKERS=2
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin survey \
    && mkdir -p /data/instance /data/backups \
    && chown -R survey:survey /data
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels
USER survey
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['PORT'], timeout=4)"]
# init is safe to repeat: it creates or upgrades the database and prints the first-admin
# link (read it with `docker logs`) until an administrator exists.
CMD ["sh", "-c", "survey init && exec survey serve"]
