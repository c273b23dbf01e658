# csbot worker image: `docker build -t csbot .` then see compose.yaml for several workers.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first, so a code change does not reinstall them (the layer is keyed on the lock
# file): every package pinned and checked against its hash, as `make` installs them. The lock also
# holds the test tools (one lock for every install); they are not used at run time.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY core ./core
COPY adapters ./adapters
COPY bots ./bots
COPY knowledge ./knowledge
RUN pip install --no-deps . \
 && useradd --create-home --uid 10001 csbot \
 && mkdir -p /data && chown csbot /data

USER csbot
WORKDIR /data
# The installed package does not carry the packs: name the pack by its folder.
ENV CSBOT_PACK=/app/knowledge/pastashop \
    CSBOT_CONFIG=/app/deploy/csbot.toml
COPY deploy/csbot.toml /app/deploy/csbot.toml
# Telegram webhook, Slack events, web widget (all behind the reverse proxy in compose.yaml).
EXPOSE 8443 3000 8080
ENTRYPOINT ["csbot"]
CMD ["run"]
