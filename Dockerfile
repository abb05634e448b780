# Production image: gunicorn web, Celery worker and beat all run from it (docker-compose.yml).
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=cadre_portal.settings
WORKDIR /app
RUN useradd --create-home --uid 1000 portal
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings but no database: point at placeholders just for this step.
RUN DATABASE_URL=postgres://x@localhost/x REDIS_URL=redis://localhost:6379/0 \
    SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && mkdir -p /data/media && chown -R portal /data /app
USER portal
EXPOSE 8000
# --timeout 60: no page needs longer (roster previews and imports run in the Celery worker with a
# progress bar); a stuck worker is replaced instead of holding a slot. --max-requests recycles
# workers so their memory stays near the start-up size (bench/startup_bench.py).
CMD ["gunicorn", "cadre_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", \
     "--timeout", "60", "--graceful-timeout", "30", "--max-requests", "2000", \
     "--max-requests-jitter", "200", "--access-logfile", "-"]
