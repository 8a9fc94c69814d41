# Multi-stage build of the Résorption server with its embedded web app.
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends nodejs npm && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN scripts/build-web && cargo build --release -p api

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/resorption resorption
COPY --from=build /src/target/release/resorption /usr/local/bin/resorption
USER resorption
WORKDIR /var/lib/resorption
ENV RESORPTION_BIND=0.0.0.0:8080 RESORPTION_ENV=production RESORPTION_LOG_FORMAT=json
# Buffers of 128 KB and more get their own mappings, given back when freed (D23).
ENV MALLOC_MMAP_THRESHOLD_=131072
EXPOSE 8080
HEALTHCHECK CMD ["/bin/sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /readyz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ready <&3"]
ENTRYPOINT ["resorption"]
CMD ["serve"]
