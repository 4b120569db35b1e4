# The production image: web (gunicorn), Celery worker and beat, and the feed all run from it.

# The dashboard, built once; only its static files go into the image.
FROM node:20-slim AS dashboard
WORKDIR /frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 THOR_STATE_DIR=/var/lib/thor
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
COPY --from=dashboard /frontend/dist frontend/dist
RUN mkdir -p /var/lib/thor && SECRET_KEY=build THOR_FEED_TOKEN=build python manage.py collectstatic --noinput
EXPOSE 8000
