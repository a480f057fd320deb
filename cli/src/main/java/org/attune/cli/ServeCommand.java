package org.attune.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
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

  @Option(names = "--groups", defaultValue = "1",
      description = "Create this many groups, named <group-name>-1, -2, ... when more than one"
          + " (default: ${DEFAULT-VALUE}).")
  int groupCount;

  @Option(names = "--groups-file",
      description = "Write each group's name, join code and facilitator key, the port and the server"
          + " clock's origin (System.nanoTime) to this file, for the load test.")
  Path groupsFile;

  @Option(names = "--io-threads", defaultValue = "0",
      description = "Event-loop threads for connections and groups (default: ${DEFAULT-VALUE},"
          + " one per core).")
  int ioThreads;

  @Option(names = "--soundfont",
      description = "SoundFont 2 file the groups play (default: $ATTUNE_SOUNDFONT, else an installed"
          + " one in /usr/share/sounds/sf2, else the built-in voices; 'builtin' forces those).")
  Path soundFont;

  @Option(names = "--render-delay-ms", defaultValue = "8",
      description = "From a gesture to when the group's mix sounds it (default: ${DEFAULT-VALUE}).")
  double renderDelayMillis;

  @Option(names = "--render-threads", defaultValue = "0",
      description = "Threads rendering the groups' sound (default: ${DEFAULT-VALUE}, one per core).")
  int renderThreads;

  @Option(names = "--no-sound",
      description = "Render no sound: only relay gestures (the load test measures the relay so).")
  boolean noSound;

  @Option(names = "--warm-up-ms", defaultValue = "1500",
      description = "Before the ports open, play a private session on loopback this long so that"
          + " the JIT has compiled the relay (default: ${DEFAULT-VALUE}; 0 = start cold).")
  long warmUpMillis;

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
        .withMinLookahead(Duration.ofMillis(lookaheadMillis))
        .withIoThreads(ioThreads)
        .withWarmUp(Duration.ofMillis(warmUpMillis))
        .withSound(SoundConfig.defaults()
            .withEnabled(!noSound)
            .withSoundFont(Optional.ofNullable(soundFont))
            .withRenderDelay(Duration.ofNanos(Math.round(renderDelayMillis * 1e6)))
            .withRenderThreads(renderThreads));
    AttuneServer server = AttuneServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "attune-shutdown"));
    if (groupCount < 1) {
      throw new IllegalArgumentException("--groups must be at least 1");
    }
    Group group = joinCode == null && facilitatorKey == null
        ? server.groups().create(groupCount == 1 ? groupName : groupName + "-1")
        : server.groups().create(groupCount == 1 ? groupName : groupName + "-1",
            joinCode != null ? joinCode : Secrets.joinCode(),
            facilitatorKey != null ? facilitatorKey : Secrets.facilitatorKey());
    List<Group> groups = new ArrayList<>(List.of(group));
    for (int i = 2; i <= groupCount; i++) {
      groups.add(server.groups().create(groupName + "-" + i));
    }
    if (groupsFile != null) {
      writeGroupsFile(groupsFile, server, groups);
    }
    printBanner(System.out, server, group, host);
    if (groupCount > 1) {
      System.out.println("  and " + (groupCount - 1) + " more groups"
          + (groupsFile != null ? ", listed in " + groupsFile : "") + ".");
      System.out.flush();
    }
    if (durationSeconds != null) {
      stopped.await(durationSeconds, TimeUnit.SECONDS);
      server.close();
      return 0;
    }
    stopped.await();
    return 0;
  }

  /**
   * Writes the groups file, tab-separated lines: {@code origin_nanos}, {@code port}, {@code
   * osc_port}, {@code http_port}, {@code pid},
   * then one {@code group <name> <join code> <facilitator key>} a group. Written to a temporary
   * file and moved into place, so a reader that sees the file sees all of it.
   */
  private static void writeGroupsFile(Path file, AttuneServer server, List<Group> groups)
      throws IOException {
    StringBuilder text = new StringBuilder("# attune groups file\n")
        .append("origin_nanos\t").append(server.clock().originNanos()).append('\n')
        .append("port\t").append(server.tcpPort()).append('\n')
        .append("osc_port\t").append(server.oscPort()).append('\n')
        .append("http_port\t").append(server.httpPort()).append('\n')
        .append("pid\t").append(ProcessHandle.current().pid()).append('\n');
    for (Group g : groups) {
      text.append("group\t").append(g.name()).append('\t').append(g.joinCode()).append('\t')
          .append(g.facilitatorKey()).append('\n');
    }
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static void printBanner(PrintStream out, AttuneServer server, Group group, String host) {
    int port = server.tcpPort();
    String httpHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost"
        : host.contains(":") ? "[" + host + "]" : host;
    out.println("Attune is running on port " + port + " (TCP members, UDP clock pings; "
        + server.transport().label() + " transport).");
    if (server.oscPort() > 0) {
      out.println("OSC gateway on port " + server.oscPort()
          + " (UDP and TCP): send /attune/join CODE NAME to join.");
    }
    out.println("Metrics: http://" + httpHost + ":" + server.httpPort() + "/metrics"
        + "  (health: /healthz)");
    server.sound().ifPresentOrElse(
        sound -> out.println("Sound: " + sound.font().name() + ", heard "
            + server.config().sound().renderDelay().toMillis() + " ms after each gesture."),
        () -> out.println("Sound: off."));
    out.println("Group \"" + group.name() + "\"");
    out.println("  join code:       " + group.joinCode());
    out.println("  facilitator key: " + group.facilitatorKey());
    String web = "http://" + httpHost + ":" + server.httpPort();
    out.println("  console:         " + web + "/console#code=" + group.joinCode() + "&key="
        + group.facilitatorKey());
    out.println("  join link:       " + web + "/play?code=" + group.joinCode());
    out.flush();
  }
}
