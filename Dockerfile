# Tributary image: docker build -t tributary:latest .
# Runs the pipeline file mounted at /etc/tributary/pipeline.yaml, keeps checkpoints in the
# volume /var/lib/tributary (a restarted container resumes from them), and serves /metrics,
# /health/live, /health/ready and /status on port 8080.
#
# The base images are build arguments, so the image can be built from bases made elsewhere (see
# scripts/container-smoke.sh, which builds it with Debian's OpenJDK 17 and podman):
#   BUILD_IMAGE    a JDK 17 with Maven (mvn on the PATH, running as root)
#   RUNTIME_IMAGE  a Java 17 runtime with apt-get (Debian or Ubuntu)
#   FLINK_IMAGE    the Flink 2.2 image for the flink-application target
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre
ARG FLINK_IMAGE=flink:2.2.1-java17

FROM ${BUILD_IMAGE} AS build
# Extra Maven options, e.g. -o when a Maven repository is mounted at /root/.m2/repository.
ARG MAVEN_FLAGS=
WORKDIR /src
# The whole reactor (what .dockerignore leaves out stays out): Maven needs every module the root
# pom lists, although only pipeline-yaml and the modules it uses are built.
COPY . .
RUN mvn -B -ntp -q $MAVEN_FLAGS package -DskipTests -pl pipeline-yaml -am

# The image of a Flink 2.2 cluster that runs pipelines (the FlinkDeployment in deploy/kubernetes/):
#   docker build --target flink-application -t tributary-flink:latest .
# Tributary and its connectors go to usrlib/ (the job's class path; Flink and logging stay the
# image's own); its Prometheus reporter and libraries go to plugins/tributary-metrics/.
FROM ${FLINK_IMAGE} AS flink-application
COPY --from=build /src/pipeline-yaml/target/lib/ /tmp/tributary-lib/
COPY --from=build /src/pipeline-yaml/target/pipeline-yaml-*.jar /tmp/tributary-cli/
RUN set -eu; mkdir -p /opt/flink/usrlib /opt/flink/plugins/tributary-metrics; \
    for jar in /tmp/tributary-lib/*.jar; do \
      name=$(basename "$jar"); \
      case "$name" in \
        flink-connector-kafka-*) cp "$jar" /opt/flink/usrlib/ ;; \
        flink-*|log4j-*|slf4j-*) ;; \
        *) cp "$jar" /opt/flink/usrlib/ ;; \
      esac; \
      case "$name" in \
        cdc-core-*|micrometer-*|prometheus-metrics-*|HdrHistogram-*|LatencyUtils-*) cp "$jar" /opt/flink/plugins/tributary-metrics/ ;; \
      esac; \
    done; \
    cp /tmp/tributary-cli/pipeline-yaml-*.jar /opt/flink/usrlib/tributary.jar; \
    rm -rf /tmp/tributary-lib /tmp/tributary-cli

# The default image: `tributary run` with an embedded Flink runtime.
FROM ${RUNTIME_IMAGE} AS runtime
# Java 17 takes its default charset from the locale; a base image without one would give ASCII.
ENV LANG=C.UTF-8
# A numeric user, so that Kubernetes' runAsNonRoot can check it; a directory bind-mounted over the
# volume must be writable by uid 10001 (chown 10001:10001 DIR).
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 tributary \
    && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/tributary --shell /usr/sbin/nologin tributary \
    && mkdir -p /etc/tributary /var/lib/tributary /opt/tributary/lib \
    && chown 10001:10001 /var/lib/tributary
COPY --from=build /src/pipeline-yaml/target/lib/ /opt/tributary/lib/
COPY --from=build /src/pipeline-yaml/target/pipeline-yaml-*.jar /opt/tributary/lib/
USER 10001:10001
VOLUME /var/lib/tributary
EXPOSE 8080
ENV JAVA_OPTS=""
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD curl -fsS http://127.0.0.1:8080/health/live || exit 1
# Flink reflects into these JDK packages on Java 17; exec keeps java as PID 1 so SIGTERM stops
# the pipeline with a savepoint.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.math=ALL-UNNAMED -cp '/opt/tributary/lib/*' io.tributary.cli.TributaryCli \"$@\"", "tributary"]
CMD ["run", "/etc/tributary/pipeline.yaml", "--state-dir", "/var/lib/tributary", "--http-port", "8080", "--http-address", "0.0.0.0"]
