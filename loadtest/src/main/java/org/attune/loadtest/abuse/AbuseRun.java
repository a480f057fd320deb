package org.attune.loadtest.abuse;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.loadtest.run.LoadResult;
import org.attune.loadtest.run.LoadRun;
import org.attune.loadtest.run.Workload;
import org.attune.loadtest.server.GroupsFile;
import org.attune.loadtest.server.ServerUnderTest;

/**
 * The abuse phase: the same members play twice on one server, first quietly, then while every
 * {@link Attack} runs at it from other loopback addresses (127.0.0.2-4, so that the victims'
 * address is not the attackers'); the server's {@code /healthz} is asked twice a second during the
 * attack and once after, and its memory is read before, during and after.
 *
 * <p>Thread-safe: no; one run.
 */
public final class AbuseRun {

  /** Connections the half-frame attack tries from each of its addresses. */
  public static final int HALF_FRAMES_PER_ADDRESS = 600;

  /** Slow readers, one in each of the first groups. */
  private static final int SLOW_READERS = 8;

  private static final long SETTLE_MILLIS = 5_000;

  /** The attacks by the names {@code --abuse-attacks} takes, in the order they start. */
  public enum Kind {
    GARBAGE("garbage"),
    PINGS("pings"),
    HALF_FRAMES("half-frames"),
    MEMBERS("members");

    private final String option;

    Kind(String option) {
      this.option = option;
    }

    /** Its name on the command line. */
    public String option() {
      return option;
    }

    /** The kind named {@code name} on the command line. */
    public static Kind named(String name) {
      String wanted = name.trim().toLowerCase(Locale.ROOT);
      for (Kind k : values()) {
        if (k.option.equals(wanted)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "no attack is called '"
              + name
              + "'; the attacks are garbage, pings, half-frames, members");
    }
  }

  private final Workload quiet;
  private final Workload attacked;
  private final ServerUnderTest server;
  private final Set<Kind> kinds;

  /**
   * @param quiet the victims' run without attacks
   * @param attacked the same members under attack (its warm-up may be shorter: the JIT is warm)
   * @param kinds the attacks to run (all of them for the figures of issue 10; one at a time to find
   *     out which costs the victims what)
   */
  public AbuseRun(Workload quiet, Workload attacked, ServerUnderTest server, Set<Kind> kinds) {
    this.quiet = quiet;
    this.attacked = attacked;
    this.server = server;
    this.kinds = Set.copyOf(kinds);
  }

  public AbuseResult run() throws InterruptedException {
    GroupsFile groups = server.groups();
    if (groups.httpPort() <= 0) {
      throw new IllegalArgumentException("the abuse phase needs the server's HTTP port");
    }
    // The watch runs through the quiet run too: the same questions without attacks, and its HTTP
    // client and the server's HTTP path are warm when the attack starts.
    HealthWatch health = new HealthWatch(groups.httpPort());
    health.start();
    LoadResult quietResult;
    try {
      quietResult = new LoadRun(quiet, server).run();
    } finally {
      health.stop();
    }
    long quietHealthChecks = health.asked();
    long quietUnhealthy = health.unhealthy();
    List<String> quietFailures = health.failures();
    long heapBefore = server.heapAfterGcBytes().orElse(-1);
    long residentBefore = server.residentBytes().orElse(-1);

    InetSocketAddress tcp = new InetSocketAddress("127.0.0.1", groups.port());
    InetSocketAddress osc =
        groups.oscPort() > 0 ? new InetSocketAddress("127.0.0.1", groups.oscPort()) : null;
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < Math.min(SLOW_READERS, groups.groups().size()); i++) {
      codes.add(groups.groups().get(i).joinCode());
    }
    GarbageAttack garbage =
        kinds.contains(Kind.GARBAGE) ? new GarbageAttack(address(2), tcp, osc) : null;
    List<Attack> attacks = new ArrayList<>();
    if (garbage != null) {
      attacks.add(garbage);
    }
    if (kinds.contains(Kind.PINGS)) {
      attacks.add(new PingFloodAttack(address(2), tcp));
    }
    if (kinds.contains(Kind.HALF_FRAMES)) {
      attacks.add(
          new HalfFrameAttack(List.of(address(3), address(4)), HALF_FRAMES_PER_ADDRESS, tcp));
    }
    if (kinds.contains(Kind.MEMBERS)) {
      attacks.add(new MemberAbuseAttack(address(2), tcp, codes, groups.groups().get(0).joinCode()));
    }
    AtomicLong residentPeak = new AtomicLong(residentBefore);
    Thread memory = memorySampler(residentPeak);
    health.start();
    memory.start();
    for (Attack a : attacks) {
      a.start();
    }
    LoadResult attackedResult;
    try {
      attackedResult = new LoadRun(attacked, server).run();
    } finally {
      for (Attack a : attacks) {
        a.stop();
      }
      memory.interrupt();
      health.stop();
    }
    Thread.sleep(SETTLE_MILLIS);
    Optional<String> after = health.problem();
    List<String> healthFailures = new ArrayList<>();
    quietFailures.forEach(f -> healthFailures.add("quiet run, " + f));
    healthFailures.addAll(health.failures());
    after.ifPresent(problem -> healthFailures.add("after the attack: " + problem));
    long heapAfter = server.heapAfterGcBytes().orElse(-1);
    List<String> summaries = new ArrayList<>();
    for (Attack a : attacks) {
      summaries.add(a.name() + ": " + a.summary());
    }
    return new AbuseResult(
        quietResult,
        attackedResult,
        summaries,
        quietHealthChecks,
        quietUnhealthy,
        health.asked(),
        health.unhealthy(),
        healthFailures,
        after.isEmpty(),
        residentBefore,
        residentPeak.get(),
        heapBefore,
        heapAfter,
        garbage == null ? Double.NaN : garbage.amplification());
  }

  private Thread memorySampler(AtomicLong peak) {
    Thread t =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                server.residentBytes().ifPresent(rss -> peak.accumulateAndGet(rss, Math::max));
                try {
                  Thread.sleep(1_000);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "memory-sampler");
    t.setDaemon(true);
    return t;
  }

  private static InetAddress address(int last) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
