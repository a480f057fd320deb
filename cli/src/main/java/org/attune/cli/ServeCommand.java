package org.attune.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.attune.server.group.Secrets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code attune serve}: runs a server with a demo group and prints how to join it. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run an Attune server with a demo group and print its join code and facilitator key.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "7400",
      description = "TCP port for members; UDP clock pings use the same number (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--osc-port", defaultValue = "8000",
      description = "UDP and TCP port of the OSC gateway for tablets and music software;"
          + " -1 turns it off (default: ${DEFAULT-VALUE}).")
  int oscPort;
  @Option(names = "--http-port", defaultValue = "7480",
      description = "HTTP port for /metrics and /healthz (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--group-name", defaultValue = "demo", description = "Name of the demo group.")
  String groupName;

  @Option(names = "--join-code",
      description = "Use this join code for the demo group instead of a random one (for demos only).")
  String joinCode;

  @Option(names = "--facilitator-key",
      description = "Use this facilitator key instead of a random one (for demos only).")
  String facilitatorKey;

  @Option(names = "--lookahead-ms", defaultValue = "150",
      description = "Shortest delay between a facilitator command and its effect (default: ${DEFAULT-VALUE}).")
  long lookaheadMillis;

  @Option(names = "--duration",
      description = "Stop after this many seconds (default: run until interrupted).")
  Long durationSeconds;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = ServerConfig.defaults()
        .withHost(host)
        .withPort(port)
        .withOscPort(oscPort)
        .withHttpPort(httpPort)
        .withMinLookahead(Duration.ofMillis(lookaheadMillis));
    AttuneServer server = AttuneServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "attune-shutdown"));
    Group group = joinCode == null && facilitatorKey == null
        ? server.groups().create(groupName)
        : server.groups().create(groupName,
            joinCode != null ? joinCode : Secrets.joinCode(),
            facilitatorKey != null ? facilitatorKey : Secrets.facilitatorKey());
    printBanner(System.out, server, group, host);
    if (durationSeconds != null) {
      stopped.await(durationSeconds, TimeUnit.SECONDS);
      server.close();
      return 0;
    }
    stopped.await();
    return 0;
  }

  private static void printBanner(PrintStream out, AttuneServer server, Group group, String host) {
    int port = server.tcpPort();
    String httpHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost"
        : host.contains(":") ? "[" + host + "]" : host;
    out.println("Attune is running on port " + port + " (TCP members, UDP clock pings).");
    if (server.oscPort() > 0) {
      out.println("OSC gateway on port " + server.oscPort()
          + " (UDP and TCP): send /attune/join CODE NAME to join.");
    }
    out.println("Metrics: http://" + httpHost + ":" + server.httpPort() + "/metrics"
        + "  (health: /healthz)");
    out.println("Group \"" + group.name() + "\"");
    out.println("  join code:       " + group.joinCode());
    out.println("  facilitator key: " + group.facilitatorKey());
    out.flush();
  }
}
