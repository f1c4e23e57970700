# microcred serve: the issuing and verifying HTTP service (docs/service.md).
# Build: docker build -t microcred .
# Run:   docker run -p 8000:8000 -v "$PWD/data:/data" -e MICROCRED_API_TOKENS=... \
#          -e MICROCRED_BASE_URL=https://registrar.example microcred
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src ./src
COPY contexts ./contexts
COPY vocab ./vocab
RUN pip install '.[service,sql]' && rm -rf /src

RUN useradd --system --create-home --uid 10001 microcred && mkdir /data && chown microcred /data
USER microcred
WORKDIR /data
VOLUME /data
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health').status != 200)"

# uvicorn stops gracefully on SIGTERM (docker stop): requests in flight finish, then the registry is closed.
STOPSIGNAL SIGTERM
ENTRYPOINT ["microcred"]
CMD ["serve", "--key", "/data/issuer.jwk", "--registry", "/data/status.db", "--host", "0.0.0.0", "--port", "8000"]
