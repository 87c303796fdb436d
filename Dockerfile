# The portal and worker image: the utility-insights command on Debian with fonts (PDF statements) and
# Chromium's headless shell (reminders' PDFs). Build from the repository root:  docker build -t utility-insights .
# Run the portal:  docker run -p 8080:8080 -e DOTNET_TieredPGO=1 utility-insights serve --urls http://0.0.0.0:8080 --db "Host=db;Database=ui;Username=ui;Password=…"
#                  (the instrumented JIT tier makes a long-running portal about 30 % faster; it stays off for workers' batch jobs)
# Run a worker:    docker run utility-insights worker --db "Host=db;Database=ui;Username=ui;Password=…"
# Probe GET /healthz (200 healthy or degraded, 503 unhealthy) from the orchestrator; settings come from
# Portal__* environment variables or a mounted appsettings.json (serve --config).
# (Not built in this project's CI: no container runtime there. Keep it minimal and conventional.)

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# The command is published for the image's architecture (amd64, arm64: BuildKit sets TARGETARCH, else the build
# machine's) ReadyToRun — compiled ahead of time, so that each command starts about 0.1 s sooner (benchmarks/run-all.sh
# measures this publish beside the plain build; the portal's throughput and latency are the same either way).
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN dotnet publish src/UtilityInsights.Cli -c Release -o /app --no-self-contained -a "${TARGETARCH:-$(dpkg --print-architecture)}" -p:PublishReadyToRun=true

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium-headless-shell fonts-dejavu-core fonts-liberation2 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN useradd --system --create-home --uid 10001 utility
WORKDIR /data
RUN chown utility /data
USER utility
COPY --from=build /app /app
ENV UTILITYINSIGHTS_LOG_DIR=/data/logs \
    UTILITYINSIGHTS_LOG_FORMAT=json \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 8080
ENTRYPOINT ["dotnet", "/app/utility-insights.dll"]
CMD ["serve", "--urls", "http://0.0.0.0:8080"]
