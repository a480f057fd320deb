package org.attune.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * One server container of the image under test: host networking (the engine here has no bridge;
 * every port is on this machine's loopback), its ports given by environment variables as an
 * operator would, and a host directory bind-mounted as its data volume.
 */
final class ServerContainer implements AutoCloseable {

  /** The uid:gid of the image's attune user (deploy/Dockerfile). */
  static final int IMAGE_UID = 10001;

  private static final Pattern JOIN_CODE = Pattern.compile("join code:\\s+(\\S+)");
  private static final Pattern FACILITATOR_KEY = Pattern.compile("facilitator key:\\s+(\\S+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  final int port;
  final int oscPort;
  final int httpPort;
  final String joinCode;
  final String facilitatorKey;
  private final GenericContainer<?> container;

  private ServerContainer(GenericContainer<?> container, int port, int oscPort, int httpPort) {
    this.container = container;
    this.port = port;
    this.oscPort = oscPort;
    this.httpPort = httpPort;
    String logs = container.getLogs();
    this.joinCode = find(JOIN_CODE, logs);
    this.facilitatorKey = find(FACILITATOR_KEY, logs);
  }

  /** Ports of one server: members (TCP) and clock pings (UDP), OSC (both), HTTP. */
  record Ports(int port, int oscPort, int httpPort) {
    static Ports free() throws IOException {
      return new Ports(FreePorts.tcpAndUdp(), FreePorts.tcpAndUdp(), FreePorts.tcpAndUdp());
    }
  }

  /** Starts a container and waits for the banner that follows the opening of its ports. */
  static ServerContainer start(String image, Ports ports, Path dataDir) throws IOException {
    GenericContainer<?> c =
        new GenericContainer<>(DockerImageName.parse(image))
            .withNetworkMode("host")
            .withEnv("ATTUNE_PORT", Integer.toString(ports.port()))
            .withEnv("ATTUNE_OSC_PORT", Integer.toString(ports.oscPort()))
            .withEnv("ATTUNE_HTTP_PORT", Integer.toString(ports.httpPort()))
            // Two cores are shared by the whole build: one event loop and one render thread.
            .withEnv("ATTUNE_IO_THREADS", "1")
            .withEnv("ATTUNE_RENDER_THREADS", "1")
            // A bind set on the create command itself: withFileSystemBind would first probe whether
            // files can be mounted by running a helper image that these machines cannot pull.
            .withCreateContainerCmdModifier(
                cmd ->
                    cmd.getHostConfig()
                        .withBinds(
                            new Bind(
                                dataDir.toString(), new Volume("/var/lib/attune"), AccessMode.rw)))
            .waitingFor(
                Wait.forLogMessage(".*facilitator key:.*\\n", 1)
                    .withStartupTimeout(Duration.ofSeconds(120)));
    c.start();
    return new ServerContainer(c, ports.port(), ports.oscPort(), ports.httpPort());
  }

  /** A fresh data directory under target/ that the image's non-root user may write. */
  static Path dataDirectory(String name) throws IOException {
    Path dir = ServerImage.target().resolve("container-data").resolve(name);
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(dir);
    try {
      Files.setAttribute(dir, "unix:uid", IMAGE_UID);
      Files.setAttribute(dir, "unix:gid", IMAGE_UID);
    } catch (IOException | UnsupportedOperationException notRoot) {
      // Not root (a developer's machine): let the container's user write it all the same.
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    }
    return dir;
  }

  String logs() {
    return container.getLogs();
  }

  String id() {
    return container.getContainerId();
  }

  /** The engine's verdict of the image's HEALTHCHECK: starting, healthy or unhealthy. */
  String health() {
    var state = DockerClientFactory.instance().client().inspectContainerCmd(id()).exec().getState();
    return state.getHealth() == null ? "none" : state.getHealth().getStatus();
  }

  /** Waits until the image's own health check has passed, within {@code timeout}. */
  void awaitHealthy(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String health = health();
    while (!health.equals("healthy") && System.nanoTime() < deadline) {
      Thread.sleep(250);
      health = health();
    }
    assertThat(health).as("the HEALTHCHECK's verdict on /healthz").isEqualTo("healthy");
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
            .timeout(Duration.ofSeconds(5))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Runs a command inside the container and returns its standard output. */
  String exec(String... command) throws IOException, InterruptedException {
    var result = container.execInContainer(command);
    assertThat(result.getExitCode())
        .as("%s: %s", String.join(" ", command), result.getStderr())
        .isZero();
    return result.getStdout();
  }

  /**
   * {@code docker stop}: SIGTERM, then SIGKILL after {@code graceSeconds}. Returns the exit code;
   * 143 (128 + SIGTERM) is a JVM that ran its shutdown hooks and exited by itself.
   */
  long stopGracefully(int graceSeconds) {
    var docker = DockerClientFactory.instance().client();
    docker.stopContainerCmd(id()).withTimeout(graceSeconds).exec();
    return docker.inspectContainerCmd(id()).exec().getState().getExitCodeLong();
  }

  /** SIGKILL, as a crash or an OOM kill would: no shutdown hook runs, nothing is flushed. */
  void kill() throws InterruptedException {
    DockerClientFactory.instance().client().killContainerCmd(id()).withSignal("KILL").exec();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (container.isRunning() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(container.isRunning()).as("killed").isFalse();
  }

  @Override
  public void close() {
    container.stop();
  }

  private static String find(Pattern pattern, String logs) {
    Matcher m = pattern.matcher(logs);
    assertThat(m.find()).as("%s in the banner:%n%s", pattern, logs).isTrue();
    return m.group(1);
  }
}
