package org.attune.loadtest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.attune.loadtest.abuse.AbuseResult;
import org.attune.loadtest.abuse.AbuseRun;
import org.attune.loadtest.floor.FloorResult;
import org.attune.loadtest.floor.FloorRun;
import org.attune.loadtest.impair.LinkImpairment;
import org.attune.loadtest.member.MemberFactory;
import org.attune.loadtest.report.Charts;
import org.attune.loadtest.report.LoadTestReport;
import org.attune.loadtest.report.MarkdownReport;
import org.attune.loadtest.report.ResultJson;
import org.attune.loadtest.report.TargetCheck;
import org.attune.loadtest.run.LoadResult;
import org.attune.loadtest.run.LoadRun;
import org.attune.loadtest.run.Workload;
import org.attune.loadtest.server.ChildServer;
import org.attune.loadtest.server.RunningServer;
import org.attune.loadtest.server.ServerUnderTest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code attune-loadtest}: measures an Attune server against the floor and the targets of issue 4,
 * and writes a result file, a report and plots.
 *
 * <p>Each phase gets a fresh server (a child {@code attune serve} process) unless a running server
 * is given; the floor relay also runs as a child process, so that neither shares a JVM with the
 * load generator.
 */
@Command(
    name = "attune-loadtest",
    mixinStandardHelpOptions = true,
    description =
        "Load-test an Attune server: fan-out latency against the floor, clock sync and"
            + " structure-change spread on loopback and through an emulated telehealth link, and"
            + " idle members' memory.")
public final class LoadTestCommand implements Callable<Integer> {

  /** The phases of one invocation, in the order they run. */
  enum Phase {
    FLOOR,
    LOOPBACK,
    IMPAIRED,
    IDLE,
    ABUSE
  }

  @Option(
      names = "--phases",
      split = ",",
      defaultValue = "floor,loopback,impaired,idle",
      description =
          "Phases to run, comma-separated: floor, loopback, impaired, idle, abuse"
              + " (default: ${DEFAULT-VALUE}; abuse, about 2 minutes, runs only when named).")
  List<String> phases;

  @Option(
      names = "--osc-every",
      defaultValue = "0",
      description =
          "In the loopback run, every N-th participant of a group joins over the OSC"
              + " gateway (UDP) instead of TCP; 0 = none (default: ${DEFAULT-VALUE}).")
  int oscEvery;

  @Option(
      names = "--ws-every",
      defaultValue = "0",
      description =
          "In the loopback run, every N-th participant of a group (of those not on OSC)"
              + " joins over the WebSocket on the server's HTTP port instead of TCP; 0 = none"
              + " (default: ${DEFAULT-VALUE}).")
  int wsEvery;

  @Option(
      names = "--members",
      defaultValue = "2000",
      description = "Members of the loopback run (default: ${DEFAULT-VALUE}).")
  int members;

  @Option(
      names = "--group-size",
      defaultValue = "8",
      description = "Members per group (default: ${DEFAULT-VALUE}).")
  int groupSize;

  @Option(
      names = "--rate",
      defaultValue = "10",
      description = "Gestures a second per member (default: ${DEFAULT-VALUE}).")
  double rate;

  @Option(
      names = "--warmup",
      defaultValue = "20",
      description =
          "Seconds of warm-up, not measured: the JIT compilers of server and load"
              + " generator are busy for 10-20 s under load (default: ${DEFAULT-VALUE}).")
  int warmupSeconds;

  @Option(
      names = "--duration",
      defaultValue = "30",
      description = "Measured seconds per run (default: ${DEFAULT-VALUE}).")
  int durationSeconds;

  @Option(
      names = "--change-interval",
      defaultValue = "4",
      description =
          "Seconds between one facilitator's structure changes (default: ${DEFAULT-VALUE}).")
  int changeIntervalSeconds;

  @Option(
      names = "--ping-interval-ms",
      defaultValue = "200",
      description =
          "Milliseconds between a member's UDP clock pings, as the client library (default: ${DEFAULT-VALUE}).")
  int pingIntervalMillis;

  @Option(
      names = "--abuse-members",
      defaultValue = "250",
      description =
          "Victims of the abuse phase, who play while it attacks the server"
              + " (default: ${DEFAULT-VALUE}).")
  int abuseMembers;

  @Option(
      names = "--abuse-attacks",
      split = ",",
      defaultValue = "garbage,pings,half-frames,members",
      description =
          "The abuse phase's attacks, comma-separated: garbage (TCP and UDP), pings (clock"
              + " pings that are never read), half-frames, members (slow readers and a gesture"
              + " flooder); one at a time shows which costs the victims what (default:"
              + " ${DEFAULT-VALUE}).")
  List<String> abuseAttacks;

  @Option(
      names = "--impaired-members",
      defaultValue = "256",
      description =
          "Members of the impaired run: enough groups to measure the link, few enough"
              + " that the relay and the server are not CPU-bound (default: ${DEFAULT-VALUE}).")
  int impairedMembers;

  @Option(
      names = "--idle-members",
      defaultValue = "10000",
      description = "Members of the idle run (default: ${DEFAULT-VALUE}).")
  int idleMembers;

  @Option(
      names = "--idle-duration",
      defaultValue = "10",
      description = "Seconds the idle members stay (default: ${DEFAULT-VALUE}).")
  int idleSeconds;

  @Option(
      names = "--client-threads",
      defaultValue = "2",
      description = "Event-loop threads of the simulated members (default: ${DEFAULT-VALUE}).")
  int clientThreads;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the impairment relay (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--server-jar",
      defaultValue = "cli/target/attune.jar",
      description = "The attune jar to run as the server (default: ${DEFAULT-VALUE}).")
  Path serverJar;

  @Option(
      names = "--server-jvm-args",
      defaultValue = "-Xms256m -Xmx2g -XX:+UseG1GC",
      description = "JVM options of the server and floor processes (default: ${DEFAULT-VALUE}).")
  String serverJvmArgs;

  @Option(
      names = "--server-io-threads",
      defaultValue = "0",
      description =
          "Event-loop threads of the server and of the floor relay (default:"
              + " ${DEFAULT-VALUE}, the server's default of two per core).")
  int serverIoThreads;

  @Option(
      names = "--groups-file",
      description =
          "Target an already-running server: the groups file it wrote (attune serve"
              + " --groups-file); it must have enough groups. Not stopped at the end.")
  Path groupsFile;

  @Option(
      names = "--server-pid",
      defaultValue = "-1",
      description = "With --groups-file: the server's pid, if not the one in the file.")
  long serverPid;

  @Option(
      names = "--out",
      description = "Output directory (default: loadtest/target/results/<time>).")
  Path out;

  private String[] args = new String[0];

  public static void main(String[] args) {
    LoadTestCommand command = new LoadTestCommand();
    command.args = args.clone();
    System.exit(new CommandLine(command).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Set<Phase> chosen = EnumSet.noneOf(Phase.class);
    for (String p : phases) {
      chosen.add(Phase.valueOf(p.trim().toUpperCase(Locale.ROOT)));
    }
    Instant started = Instant.now();
    Path dir =
        out != null
            ? out
            : Path.of(
                "loadtest",
                "target",
                "results",
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                    .withZone(ZoneOffset.UTC)
                    .format(started));
    Files.createDirectories(dir);
    List<String> jvmArgs = Arrays.asList(serverJvmArgs.trim().split("\\s+"));

    FloorResult floor = null;
    LoadResult loopback = null;
    LoadResult impaired = null;
    LoadResult idle = null;
    if (chosen.contains(Phase.FLOOR)) {
      say("floor: minimal Netty relay, " + members + " members");
      floor = runFloor(jvmArgs);
      say(
          String.format(
              Locale.ROOT,
              "floor: p50 %.0f µs, p99 %.0f µs, p99.9 %.0f µs, max %.0f µs;"
                  + " lost %,d of %,d; relay %.2f cores, load generator %.2f cores",
              floor.latency().p50(),
              floor.latency().p99(),
              floor.latency().p999(),
              floor.latency().max(),
              floor.lost(),
              floor.expected(),
              floor.relayCores(),
              floor.loadGeneratorCores()));
    }
    if (chosen.contains(Phase.LOOPBACK)) {
      loopback = runLoad(playing("loopback", members, null), jvmArgs, dir);
    }
    if (chosen.contains(Phase.IMPAIRED)) {
      impaired =
          runLoad(
              playing("impaired", impairedMembers, LinkImpairment.telehealth(seed)), jvmArgs, dir);
    }
    if (chosen.contains(Phase.IDLE)) {
      idle =
          runLoad(
              new Workload(
                  "idle",
                  idleMembers,
                  groupSize,
                  0,
                  Duration.ZERO,
                  Duration.ofSeconds(idleSeconds),
                  Duration.ZERO,
                  Duration.ofMillis(pingIntervalMillis),
                  Duration.ofSeconds(20),
                  false,
                  clientThreads,
                  null,
                  true),
              jvmArgs,
              dir);
    }

    if (chosen.contains(Phase.ABUSE)) {
      runAbuse(jvmArgs, dir);
    }

    LoadTestReport report =
        new LoadTestReport(started, commandLine(), machine(), floor, loopback, impaired, idle);
    ResultJson.write(report, dir.resolve("result.json"));
    Map<String, String> charts = Charts.write(report, dir);
    MarkdownReport.write(report, charts, dir.resolve("report.md"));
    for (TargetCheck t : report.targets()) {
      say(
          String.format(
              Locale.ROOT,
              "%-60s %-10s %-18s %s",
              t.name(),
              t.target(),
              t.measured(),
              t.met() == null ? "" : t.met() ? "met" : "MISSED"));
    }
    say("report: " + dir.resolve("report.md") + "  result: " + dir.resolve("result.json"));
    return 0;
  }

  private Workload playing(String name, int count, LinkImpairment impairment) {
    return new Workload(
        name,
        count,
        groupSize,
        rate,
        Duration.ofSeconds(warmupSeconds),
        Duration.ofSeconds(durationSeconds),
        Duration.ofSeconds(changeIntervalSeconds),
        Duration.ofMillis(pingIntervalMillis),
        Duration.ofSeconds(1),
        true,
        clientThreads,
        impairment,
        true);
  }

  private LoadResult runLoad(Workload w, List<String> jvmArgs, Path dir)
      throws IOException, InterruptedException {
    say(
        String.format(
            Locale.ROOT,
            "%s: %,d members in %,d groups, %s gestures/s each, %d + %d s",
            w.name(),
            w.members(),
            w.groups(),
            w.gesturesPerSecond(),
            w.warmup().toSeconds(),
            w.duration().toSeconds()));
    try (ServerUnderTest server =
        groupsFile != null
            ? RunningServer.attach(groupsFile, serverPid)
            : ChildServer.start(
                serverJar,
                jvmArgs,
                w.groups(),
                serverIoThreads,
                dir.resolve("server-" + w.name()))) {
      MemberFactory factory =
          (oscEvery > 0 || wsEvery > 0) && w.name().equals("loopback")
              ? MemberFactory.mixed(oscEvery, wsEvery)
              : MemberFactory.TCP;
      LoadResult r = new LoadRun(w, server, factory).run();
      say(
          String.format(
              Locale.ROOT,
              "%s: fan-out p50 %.0f µs p99 %.0f µs p99.9 %.0f µs max %.0f µs;"
                  + " lost %,d of %,d; sync p99 %.1f µs; spread p99 %.1f µs; server %.2f cores"
                  + " (%.0f%% kernel), load generator %.2f cores; heap after GC %s -> %s",
              w.name(),
              r.fanOut().p50(),
              r.fanOut().p99(),
              r.fanOut().p999(),
              r.fanOut().max(),
              r.delivery().lost(),
              r.delivery().expected(),
              r.syncError().p99(),
              r.spread().p99(),
              r.resources().serverCores(),
              100 * r.resources().serverKernelShare(),
              r.resources().loadGeneratorCores(),
              mib(r.resources().heapBaselineBytes()),
              mib(r.resources().heapWithMembersBytes())));
      return r;
    }
  }

  /**
   * The abuse phase, on a server of its own with the default connection caps (the victims, on
   * 127.0.0.1, stay under the per-address cap; the attackers come from 127.0.0.2-4); its figures go
   * to {@code abuse.md}.
   */
  private void runAbuse(List<String> jvmArgs, Path dir) throws IOException, InterruptedException {
    Set<AbuseRun.Kind> kinds = EnumSet.noneOf(AbuseRun.Kind.class);
    for (String a : abuseAttacks) {
      kinds.add(AbuseRun.Kind.named(a));
    }
    Workload quiet = playing("abuse-quiet", abuseMembers, null);
    Workload attacked =
        new Workload(
            "abuse-attacked",
            quiet.members(),
            quiet.groupSize(),
            quiet.gesturesPerSecond(),
            Duration.ofSeconds(Math.min(5, warmupSeconds)),
            quiet.duration(),
            quiet.changeInterval(),
            quiet.pingInterval(),
            quiet.tcpPingInterval(),
            quiet.udpPings(),
            quiet.clientThreads(),
            null,
            false);
    say(
        String.format(
            Locale.ROOT,
            "abuse: %,d victims in %,d groups play quietly, then under attack (%s)",
            quiet.members(),
            quiet.groups(),
            String.join(", ", abuseAttacks)));
    AbuseResult result;
    try (ChildServer server =
        ChildServer.start(
            serverJar,
            jvmArgs,
            quiet.groups(),
            serverIoThreads,
            dir.resolve("server-abuse"),
            4096,
            Math.max(256, abuseMembers + 16))) {
      result = new AbuseRun(quiet, attacked, server, kinds).run();
    }
    for (String a : result.attacks()) {
      say("abuse: " + a);
    }
    for (AbuseResult.Check c : result.checks()) {
      say(
          String.format(
              Locale.ROOT,
              "%-60s %-10s %-40s %s",
              c.name(),
              c.target(),
              c.measured(),
              c.met() ? "met" : "MISSED"));
    }
    result.write(dir.resolve("abuse.md"), commandLine());
    say("abuse: " + dir.resolve("abuse.md"));
  }

  private FloorResult runFloor(List<String> jvmArgs) throws IOException, InterruptedException {
    FloorRun run =
        new FloorRun(
            members,
            groupSize,
            rate,
            Duration.ofSeconds(warmupSeconds),
            Duration.ofSeconds(durationSeconds),
            clientThreads);
    try (FloorProcess relay = FloorProcess.start(jvmArgs, serverIoThreads)) {
      return run.run(new InetSocketAddress("127.0.0.1", relay.port()), () -> -1, relay::cpuNanos);
    }
  }

  private String commandLine() {
    String launcher =
        System.getProperty(
            "attune.loadtest.launcher", "java -jar loadtest/target/attune-loadtest.jar");
    return args.length == 0 ? launcher : launcher + " " + String.join(" ", args);
  }

  private static String machine() {
    return String.format(
        Locale.ROOT,
        "%d cores, %s %s, %s %s %s",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        System.getProperty("os.arch"));
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
