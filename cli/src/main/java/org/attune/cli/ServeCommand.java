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
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.OperatorKey;
import org.attune.server.group.SecretStrength;
import org.attune.server.group.Secrets;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.FlushPolicy;
import org.attune.server.journal.SessionRestore;
import org.attune.server.mixer.RoomSpeakers;
import org.attune.server.transport.ConnectionLimits;
import org.attune.server.transport.osc.OscUdpRules;
import org.attune.server.transport.tls.TlsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code attune serve}: runs a server with a demo group and prints how to join it. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description =
        "Run an Attune server with a demo group and print its join code and facilitator key.")
final class ServeCommand implements Callable<Integer> {

  @Option(
      names = "--host",
      defaultValue = "${env:ATTUNE_HOST:-0.0.0.0}",
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(
      names = "--port",
      defaultValue = "${env:ATTUNE_PORT:-7400}",
      description =
          "TCP port for members; UDP clock pings use the same number (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--osc-port",
      defaultValue = "${env:ATTUNE_OSC_PORT:-8000}",
      description =
          "UDP and TCP port of the OSC gateway for tablets and music software;"
              + " -1 turns it off (default: ${DEFAULT-VALUE}).")
  int oscPort;

  @Option(
      names = "--osc-udp-facilitators",
      description =
          "Let facilitators join the OSC gateway over plain UDP, where their key travels in clear"
              + " text from an address anyone can forge (off: facilitators use OSC over TCP).")
  boolean oscUdpFacilitators;

  @Option(
      names = "--http-port",
      defaultValue = "${env:ATTUNE_HTTP_PORT:-7480}",
      description = "HTTP port for /metrics and /healthz (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--group-name",
      defaultValue = "${env:ATTUNE_GROUP_NAME:-demo}",
      description = "Name of the demo group.")
  String groupName;

  @Option(
      names = "--join-code",
      description =
          "Use this join code for the demo group instead of a random one: at least "
              + SecretStrength.MIN_CODE_CHARS
              + " characters of "
              + Secrets.ALPHABET
              + " (dashes do not count), unless --insecure-demo-secrets.")
  String joinCode;

  @Option(
      names = "--facilitator-key",
      description =
          "Use this facilitator key instead of a random one: at least "
              + SecretStrength.MIN_KEY_CHARS
              + " characters, about "
              + SecretStrength.MIN_KEY_BITS
              + " bits (mix letters and digits), unless --insecure-demo-secrets.")
  String facilitatorKey;

  @Option(
      names = "--insecure-demo-secrets",
      description =
          "Accept a --join-code and --facilitator-key that are too weak (e.g. for a classroom"
              + " demo on a closed network); anyone may guess them. Never for a real session.")
  boolean insecureDemoSecrets;

  @Option(
      names = "--operator-key",
      defaultValue = "${env:ATTUNE_OPERATOR_KEY}",
      description =
          "The key that creates groups from a browser (the console's New group; at least"
              + " 16 characters; default: $ATTUNE_OPERATOR_KEY, else a random one printed at"
              + " start).")
  String operatorKey;

  @Option(
      names = "--lookahead-ms",
      defaultValue = "${env:ATTUNE_LOOKAHEAD_MS:-150}",
      description =
          "Shortest delay between a facilitator command and its effect (default: ${DEFAULT-VALUE}).")
  long lookaheadMillis;

  @Option(
      names = "--groups",
      defaultValue = "${env:ATTUNE_GROUPS:-1}",
      description =
          "Create this many groups, named <group-name>-1, -2, ... when more than one"
              + " (1 to "
              + GroupRegistry.MAX_GROUPS
              + "; default: ${DEFAULT-VALUE}).")
  int groupCount;

  @Option(
      names = "--max-connections",
      defaultValue = "${env:ATTUNE_MAX_CONNECTIONS:-4096}",
      description =
          "Open TCP connections (members, OSC, HTTP) in all; more are closed at once"
              + " (default: ${DEFAULT-VALUE}).")
  int maxConnections;

  @Option(
      names = "--max-connections-per-address",
      defaultValue = "${env:ATTUNE_MAX_CONNECTIONS_PER_ADDRESS:-256}",
      description =
          "Open TCP connections from one address (one /64 for IPv6), e.g. a clinic's NAT"
              + " (default: ${DEFAULT-VALUE}).")
  int maxConnectionsPerAddress;

  @Option(
      names = "--join-timeout-seconds",
      defaultValue = "${env:ATTUNE_JOIN_TIMEOUT_SECONDS:-10}",
      description =
          "Close a member connection that has not joined a group this long after connecting,"
              + " clock pings or not (default: ${DEFAULT-VALUE}).")
  long joinTimeoutSeconds;

  @Spec CommandSpec spec;

  @Option(
      names = "--groups-file",
      description =
          "Write each group's name, join code and facilitator key, the port and the server"
              + " clock's origin (System.nanoTime) to this file, for the load test.")
  Path groupsFile;

  @Option(
      names = "--io-threads",
      defaultValue = "${env:ATTUNE_IO_THREADS:-0}",
      description =
          "Event-loop threads for connections and groups (default: ${DEFAULT-VALUE},"
              + " one per core).")
  int ioThreads;

  @Option(
      names = "--soundfont",
      description =
          "SoundFont 2 file the groups play (default: $ATTUNE_SOUNDFONT, else an installed"
              + " one in /usr/share/sounds/sf2, else the built-in voices; 'builtin' forces those).")
  Path soundFont;

  @Option(
      names = "--render-delay-ms",
      defaultValue = "${env:ATTUNE_RENDER_DELAY_MS:-8}",
      description = "From a gesture to when the group's mix sounds it (default: ${DEFAULT-VALUE}).")
  double renderDelayMillis;

  @Option(
      names = "--render-threads",
      defaultValue = "${env:ATTUNE_RENDER_THREADS:-0}",
      description =
          "Threads rendering the groups' sound (default: ${DEFAULT-VALUE}, one per core).")
  int renderThreads;

  @Option(
      names = "--speakers",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "DEVICE",
      description =
          "Play the first group's mix on this machine's sound device (the room's speakers); a"
              + " name picks the device whose name contains it (default: the system's).")
  String speakers;

  @Option(
      names = "--no-sound",
      defaultValue = "${env:ATTUNE_NO_SOUND:-false}",
      description = "Render no sound: only relay gestures (the load test measures the relay so).")
  boolean noSound;

  @Option(
      names = "--warm-up-ms",
      defaultValue = "${env:ATTUNE_WARM_UP_MS:-1500}",
      description =
          "Before the ports open, play a private session on loopback this long so that"
              + " the JIT has compiled the relay (default: ${DEFAULT-VALUE}; 0 = start cold).")
  long warmUpMillis;

  @Option(
      names = "--data-dir",
      description =
          "Where sessions are journaled and brought back from after a restart (default:"
              + " $ATTUNE_DATA_DIR, else ~/.local/share/attune).")
  Path dataDir;

  @Option(
      names = "--no-journal",
      defaultValue = "${env:ATTUNE_NO_JOURNAL:-false}",
      description = "Keep no journal: every group is lost when the server stops.")
  boolean noJournal;

  @Option(
      names = "--journal-sync-ms",
      defaultValue = "${env:ATTUNE_JOURNAL_SYNC_MS:-100}",
      description =
          "fsync the journal at least this often, and after every structure change: what"
              + " a power loss can lose (default: ${DEFAULT-VALUE}).")
  long journalSyncMillis;

  @Option(
      names = "--session-idle-minutes",
      defaultValue = "${env:ATTUNE_SESSION_IDLE_MINUTES:-240}",
      description =
          "End a group's session after this long with no one connected"
              + " (default: ${DEFAULT-VALUE}).")
  long sessionIdleMinutes;

  @Option(
      names = "--tls-cert",
      defaultValue = "${env:ATTUNE_TLS_CERT}",
      paramLabel = "FILE.pem",
      description =
          "PEM certificate chain (leaf first): the TCP port speaks TLS and the HTTP port serves"
              + " HTTPS and WSS; needs --tls-key (default: $ATTUNE_TLS_CERT).")
  Path tlsCert;

  @Option(
      names = "--tls-key",
      defaultValue = "${env:ATTUNE_TLS_KEY}",
      paramLabel = "FILE.pem",
      description = "PEM private key of --tls-cert (default: $ATTUNE_TLS_KEY).")
  Path tlsKey;

  @Option(
      names = "--tls-self-signed",
      defaultValue = "${env:ATTUNE_TLS_SELF_SIGNED:-false}",
      description =
          "TLS with a certificate for localhost made at start, for local testing only; its PEM is"
              + " written for clients' --trust (default: $ATTUNE_TLS_SELF_SIGNED, else off).")
  boolean tlsSelfSigned;

  @Option(
      names = "--duration",
      description = "Stop after this many seconds (default: run until interrupted).")
  Long durationSeconds;

  @Override
  public Integer call() throws Exception {
    if (groupCount < 1 || groupCount > GroupRegistry.MAX_GROUPS) {
      throw new ParameterException(
          spec.commandLine(),
          "--groups must be from 1 to " + GroupRegistry.MAX_GROUPS + ", not " + groupCount);
    }
    if (maxConnections < 1 || maxConnectionsPerAddress < 1 || joinTimeoutSeconds < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--max-connections, --max-connections-per-address and --join-timeout-seconds"
              + " must be at least 1");
    }
    boolean weakSecrets = checkChosenSecrets();
    ServerConfig config =
        ServerConfig.defaults()
            .withHost(host)
            .withPort(port)
            .withOscPort(oscPort)
            .withHttpPort(httpPort)
            .withMinLookahead(Duration.ofMillis(lookaheadMillis))
            .withIoThreads(ioThreads)
            .withWarmUp(Duration.ofMillis(warmUpMillis))
            .withSound(
                SoundConfig.defaults()
                    .withEnabled(!noSound)
                    .withSoundFont(Optional.ofNullable(soundFont))
                    .withRenderDelay(Duration.ofNanos(Math.round(renderDelayMillis * 1e6)))
                    .withRenderThreads(renderThreads))
            .withJournalFlush(new FlushPolicy(journalSyncMillis, true))
            .withSessionIdleEnd(Duration.ofMinutes(sessionIdleMinutes))
            .withLimits(
                ConnectionLimits.defaults()
                    .withMaxConnections(maxConnections, maxConnectionsPerAddress)
                    .withJoinTimeout(Duration.ofSeconds(joinTimeoutSeconds)))
            .withTls(tlsConfig())
            .withOscUdp(OscUdpRules.defaults().withFacilitators(oscUdpFacilitators));

    String operator = operatorKey != null ? operatorKey : OperatorKey.generate();
    try {
      config = config.withOperatorKey(OperatorKey.of(operator));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--operator-key: " + e.getMessage());
    }
    if (!noJournal) {
      config =
          config.withDataDirectory(
              dataDir != null ? new DataDirectory(dataDir) : DataDirectory.fromEnvironment());
    }
    AttuneServer server = AttuneServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  stopped.countDown();
                },
                "attune-shutdown"));
    Optional<Group> restoredDemo =
        joinCode == null ? Optional.empty() : server.groups().findByCode(joinCode);
    Group group =
        restoredDemo.orElseGet(
            () ->
                joinCode == null && facilitatorKey == null
                    ? server.groups().create(groupCount == 1 ? groupName : groupName + "-1")
                    : weakSecrets
                        ? server
                            .groups()
                            .createInsecureDemo(
                                groupCount == 1 ? groupName : groupName + "-1",
                                joinCode != null ? joinCode : Secrets.joinCode(),
                                facilitatorKey != null ? facilitatorKey : Secrets.facilitatorKey())
                        : server
                            .groups()
                            .create(
                                groupCount == 1 ? groupName : groupName + "-1",
                                joinCode != null ? joinCode : Secrets.joinCode(),
                                facilitatorKey != null
                                    ? facilitatorKey
                                    : Secrets.facilitatorKey()));
    List<Group> groups = new ArrayList<>(List.of(group));
    for (int i = 2; i <= groupCount; i++) {
      groups.add(server.groups().create(groupName + "-" + i));
    }
    if (groupsFile != null) {
      writeGroupsFile(groupsFile, server, groups);
    }
    printBanner(System.out, server, group, host, operatorKey == null ? operator : null);
    if (weakSecrets) {
      System.out.println(
          "WARNING: INSECURE DEMO SECRETS (--insecure-demo-secrets): the join code or facilitator"
              + " key can be guessed; anyone may join or take over as facilitator."
              + " Never use them for a real session.");
      System.out.flush();
    }
    printTls(System.out, server);
    if (speakers != null) {
      startSpeakers(server, group);
    }
    printRestored(System.out, server, group);
    if (groupCount > 1) {
      System.out.println(
          "  and "
              + (groupCount - 1)
              + " more groups"
              + (groupsFile != null ? ", listed in " + groupsFile : "")
              + ".");
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
   * Refuses a chosen join code or facilitator key below {@link SecretStrength}'s minimum, before
   * the server starts, unless {@code --insecure-demo-secrets} accepts it. Returns whether a weak
   * one is accepted so.
   */
  private boolean checkChosenSecrets() {
    List<String> problems = new ArrayList<>();
    if (joinCode != null) {
      SecretStrength.joinCodeProblem(joinCode).ifPresent(p -> problems.add("--join-code: " + p));
    }
    if (facilitatorKey != null) {
      SecretStrength.facilitatorKeyProblem(facilitatorKey)
          .ifPresent(p -> problems.add("--facilitator-key: " + p));
    }
    if (problems.isEmpty()) {
      return false;
    }
    if (!insecureDemoSecrets) {
      throw new ParameterException(
          spec.commandLine(),
          String.join("; ", problems)
              + ". Leave them out and the server makes strong ones, or add"
              + " --insecure-demo-secrets for a demo that anyone may join.");
    }
    return true;
  }

  /** TLS as the options ask, or a clear error for a half-given or contradictory pair. */
  private TlsConfig tlsConfig() {
    if (tlsSelfSigned && (tlsCert != null || tlsKey != null)) {
      throw new IllegalArgumentException(
          "--tls-self-signed makes its own certificate: give it, or --tls-cert and --tls-key");
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException(
          "TLS needs both --tls-cert and --tls-key ($ATTUNE_TLS_CERT and $ATTUNE_TLS_KEY)");
    }
    if (tlsCert != null) {
      return TlsConfig.pem(tlsCert, tlsKey);
    }
    return tlsSelfSigned ? TlsConfig.selfSigned() : TlsConfig.off();
  }

  /**
   * Writes a self-signed certificate where clients can read it: the data directory, else the
   * temporary one. Returns the file.
   */
  private static Path writeSelfSignedPem(AttuneServer server, String pem) throws IOException {
    Path dir =
        server
            .config()
            .dataDirectory()
            .map(DataDirectory::root)
            .orElse(Path.of(System.getProperty("java.io.tmpdir")));
    Files.createDirectories(dir);
    Path file = dir.resolve("tls-self-signed-" + server.tcpPort() + ".pem").toAbsolutePath();
    Files.writeString(file, pem, StandardCharsets.UTF_8);
    return file;
  }

  /**
   * Writes the groups file, tab-separated lines: {@code origin_nanos}, {@code port}, {@code
   * osc_port}, {@code http_port}, {@code pid}, then one {@code group <name> <join code>
   * <facilitator key>} a group. Written to a temporary file and moved into place, so a reader that
   * sees the file sees all of it.
   */
  private static void writeGroupsFile(Path file, AttuneServer server, List<Group> groups)
      throws IOException {
    StringBuilder text =
        new StringBuilder("# attune groups file\n")
            .append("origin_nanos\t")
            .append(server.clock().originNanos())
            .append('\n')
            .append("port\t")
            .append(server.tcpPort())
            .append('\n')
            .append("osc_port\t")
            .append(server.oscPort())
            .append('\n')
            .append("http_port\t")
            .append(server.httpPort())
            .append('\n')
            .append("pid\t")
            .append(ProcessHandle.current().pid())
            .append('\n');
    for (Group g : groups) {
      if (!g.secretsKnown()) {
        continue;
      }
      text.append("group\t")
          .append(g.name())
          .append('\t')
          .append(g.joinCode())
          .append('\t')
          .append(g.facilitatorKey())
          .append('\n');
    }
    Path absolute = file.toAbsolutePath();
    Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
    Files.writeString(temporary, text, StandardCharsets.UTF_8);
    Files.move(
        temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * @param madeOperatorKey the operator key this run made, to print; null if it was given (and is
   *     not printed)
   */
  private void printBanner(
      PrintStream out, AttuneServer server, Group group, String host, String madeOperatorKey) {
    int port = server.tcpPort();
    String httpHost =
        host.equals("0.0.0.0") || host.equals("::")
            ? "localhost"
            : host.contains(":") ? "[" + host + "]" : host;
    out.println(
        "Attune is running on port "
            + port
            + " (TCP members, UDP clock pings; "
            + server.transport().label()
            + " transport).");
    if (server.oscPort() > 0) {
      out.println(
          "OSC gateway on port "
              + server.oscPort()
              + " (UDP and TCP): send /attune/join CODE NAME to join.");
    }
    String scheme = server.tls().isPresent() ? "https://" : "http://";
    out.println(
        "Metrics: "
            + scheme
            + httpHost
            + ":"
            + server.httpPort()
            + "/metrics"
            + "  (health: /healthz)");
    server
        .sound()
        .ifPresentOrElse(
            sound ->
                out.println(
                    "Sound: "
                        + sound.font().name()
                        + ", heard "
                        + server.config().sound().renderDelay().toMillis()
                        + " ms after each gesture."),
            () -> out.println("Sound: off."));
    server
        .config()
        .dataDirectory()
        .ifPresentOrElse(
            data ->
                out.println(
                    "Journal: "
                        + data.sessions()
                        + " (sessions come back after a"
                        + " restart; `attune sessions` lists, exports and deletes them)."),
            () -> out.println("Journal: off (groups are lost when the server stops)."));
    out.println(
        "Group \""
            + group.name()
            + "\""
            + (group.secretsKnown()
                ? ""
                : " (brought back from the journal: its join code and facilitator key are unchanged)"));
    out.println("  join code:       " + (group.secretsKnown() ? group.joinCode() : joinCode));
    out.println(
        "  facilitator key: "
            + (group.secretsKnown()
                ? group.facilitatorKey()
                : "as before (stored only as a hash)"));
    String web = scheme + httpHost + ":" + server.httpPort();
    if (group.secretsKnown()) {
      out.println(
          "  console:         "
              + web
              + "/console#code="
              + group.joinCode()
              + "&key="
              + group.facilitatorKey());
    } else {
      out.println("  console:         " + web + "/console (with the group's code and key)");
    }
    if (group.secretsKnown() || joinCode != null) {
      String code = group.secretsKnown() ? group.joinCode() : joinCode;
      out.println("  join link:       " + web + "/play?code=" + code);
    }
    out.println(
        "New groups from a browser: "
            + web
            + "/console with the operator key "
            + (madeOperatorKey != null
                ? madeOperatorKey + " (made for this run; set --operator-key to keep one)"
                : "you gave"));
    out.flush();
  }

  /** Says that TLS is on, with what, and where a self-signed certificate's PEM is. */
  /** Plays {@code group} on the room's speakers, or says why they cannot play. */
  private void startSpeakers(AttuneServer server, Group group) {
    if (server.sound().isEmpty()) {
      System.out.println("Speakers: off, as sound is (--no-sound).");
      return;
    }
    try {
      RoomSpeakers room =
          RoomSpeakers.play(
              server.sound().get(),
              group.id(),
              speakers.isEmpty() ? Optional.empty() : Optional.of(speakers),
              server.meterRegistry());
      System.out.println("Speakers: playing group \"" + group.name() + "\" on this machine.");
      Runtime.getRuntime().addShutdownHook(new Thread(room::close, "attune-speakers-close"));
    } catch (IOException e) {
      System.out.println("Speakers: " + e.getMessage());
    } finally {
      System.out.flush();
    }
  }

  private static void printTls(PrintStream out, AttuneServer server) throws IOException {
    if (server.tls().isEmpty()) {
      return;
    }
    var tls = server.tls().get();
    out.println(
        "TLS: on the TCP port and the HTTP port (HTTPS, WSS); UDP clock pings and OSC stay"
            + " plaintext.");
    out.println("  certificate:     " + tls.certificate().getSubjectX500Principal().getName());
    out.println("  SHA-256:         " + tls.fingerprint());
    if (tls.selfSignedPem().isPresent()) {
      Path pem = writeSelfSignedPem(server, tls.selfSignedPem().get());
      out.println("  self-signed, for testing only; clients trust it with:");
      out.println("    attune play --port " + server.tcpPort() + " --trust " + pem + " --code ...");
    }
    out.flush();
  }

  /** Lists the sessions brought back from the journal, whose codes are kept only as hashes. */
  private static void printRestored(PrintStream out, AttuneServer server, Group demo) {
    SessionRestore.Outcome restored = server.restoredSessions();
    for (Group g : restored.restored()) {
      if (g != demo) {
        out.println(
            "Restored session "
                + g.id()
                + " \""
                + g.name()
                + "\": its members may resume,"
                + " and its join code and facilitator key work as before (they are stored only as"
                + " hashes, so they are not shown).");
      }
    }
    for (String problem : restored.setAside()) {
      out.println("Set aside: " + problem);
    }
    for (String problem : restored.cut()) {
      out.println("Cut from a journal: " + problem);
    }
    out.flush();
  }
}
