# syntax=docker/dockerfile:1
# The worker (drop folder + scheduler) in a container; the store lives on the /data volume.
#   docker build -t briefbot .
#   docker run -d --name briefbot -v briefbot-data:/data -v "$PWD/drop:/drop" \
#     -v "$PWD/briefbot.toml:/config/briefbot.toml:ro" -e SLACK_BOT_TOKEN -e DISCORD_TOKEN briefbot
# Any other command: docker run --rm -v briefbot-data:/data briefbot digest --since 2025-07-01
# tests/test_install.py runs this file's COPY and RUN steps in a fresh venv (no docker engine needed).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    BRIEFBOT_CONFIG=/config/briefbot.toml \
    BRIEFBOT_DB=/data/brief.db

WORKDIR /app
COPY pyproject.toml README.md requirements-model.txt ./
COPY bot/ bot/
COPY adapters/ adapters/
COPY summarizer/ summarizer/
COPY docker/install.sh docker/install.sh
# The pip cache lives in a build cache mount, not in the image.
RUN --mount=type=cache,target=/root/.cache/pip sh docker/install.sh

COPY docker/briefbot.toml /config/briefbot.toml
RUN useradd --system --create-home --uid 10001 briefbot \
    && mkdir -p /data /drop \
    && chown briefbot:briefbot /data /drop
USER briefbot
VOLUME ["/data", "/drop"]

ENTRYPOINT ["briefbot"]
CMD ["worker"]
