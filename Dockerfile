# syntax=docker/dockerfile:1
# The ReadinessApi image. From the repository root:
#   docker build -t readiness-api:dev .
#   docker run --rm -p 8080:8080 readiness-api:dev
# docs/deploy.md has the rest (Redis, cohorts, settings, Kubernetes); scripts/check-deploy.sh checks
# this file's rules offline.

# Build on the machine's own architecture and cross-publish for the target one (-a), which is fast
# and needs no emulation: `docker buildx build --platform linux/amd64,linux/arm64 .`
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build
ARG TARGETARCH
WORKDIR /source

# Restore from the project files and build settings alone, so this layer (and the NuGet cache)
# stays cached until a dependency changes, not whenever the source does.
COPY --link global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY --link src/ReadinessApi/ReadinessApi.csproj src/ReadinessApi/
COPY --link src/ReadinessApi.Scoring/ReadinessApi.Scoring.csproj src/ReadinessApi.Scoring/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet restore src/ReadinessApi/ReadinessApi.csproj -a $TARGETARCH

COPY --link src/ src/
RUN --mount=type=cache,id=nuget,target=/root/.nuget/packages \
    dotnet publish src/ReadinessApi/ReadinessApi.csproj -c Release -a $TARGETARCH --no-restore -o /app

# Chiseled Ubuntu: the ASP.NET runtime and nothing else (no shell, no package manager), running as
# the non-root `app` user (UID 1654). It has no ICU: the projects set InvariantGlobalization.
# Kubernetes probes replace a HEALTHCHECK, which would need a shell or curl.
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final
WORKDIR /app
COPY --link --from=build /app .
USER $APP_UID
# ASPNETCORE_HTTP_PORTS=8080 comes with the base image; stated again so the port is written here.
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
ENTRYPOINT ["./ReadinessApi"]
