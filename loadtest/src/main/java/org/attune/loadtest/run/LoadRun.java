package org.attune.loadtest.run;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.attune.client.ClockSync;
import org.attune.loadtest.impair.ImpairmentRelay;
import org.attune.loadtest.impair.RelayStats;
import org.attune.loadtest.measure.FiringLog;
import org.attune.loadtest.measure.IntervalRecorder;
import org.attune.loadtest.measure.RunCounters;
import org.attune.loadtest.member.MemberEnvironment;
import org.attune.loadtest.member.MemberFactory;
import org.attune.loadtest.member.MemberSpec;
import org.attune.loadtest.member.PingSockets;
import org.attune.loadtest.member.SimulatedMember;
import org.attune.loadtest.server.GroupsFile;
import org.attune.loadtest.server.ProcessProbe;
import org.attune.loadtest.server.ServerUnderTest;
import org.attune.loadtest.time.PreciseScheduler;
import org.attune.loadtest.time.ServerTime;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetSection;
import org.attune.server.transport.SocketTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One load run: joins the workload's members to the server's groups (through the impairment relay
 * if the workload has one), lets their clocks settle, has them play and their facilitators change
 * the structure, measures a second at a time, then tallies what arrived and what was lost.
 *
 * <p>Thread-safe: no; one run from one thread, which is the run's coordinator.
 */
public final class LoadRun {

  private static final Logger log = LoggerFactory.getLogger(LoadRun.class);
  private static final int JOINS_IN_FLIGHT = 200;
  private static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** After playing stops: long enough for the last changes (next bar plus look-ahead) to fire. */
  private static final long DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(3_500);

  private static final long SYNC_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
  private static final long SYNC_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final int PING_SOCKETS_PER_LOOP = 16;

  private final Workload workload;
  private final ServerUnderTest server;
  private final MemberFactory factory;
  private final IntervalRecorder fanOut = new IntervalRecorder();
  private final Histogram syncError = new Histogram(3);
  private final Histogram syncErrorWithoutDrift = new Histogram(3);
  private final FiringLog firings = new FiringLog();
  private final RunCounters counters = new RunCounters();
  private final List<SimulatedMember> members = new ArrayList<>();
  private final List<TimelineRow> timeline = new ArrayList<>();

  /** A run of TCP members. */
  public LoadRun(Workload workload, ServerUnderTest server) {
    this(workload, server, MemberFactory.TCP);
  }

  /** A run of the members {@code factory} makes. */
  public LoadRun(Workload workload, ServerUnderTest server, MemberFactory factory) {
    this.workload = workload;
    this.server = server;
    this.factory = factory;
  }

  /** Runs the workload and returns what it measured. */
  public LoadResult run() throws InterruptedException {
    GroupsFile groups = server.groups();
    if (groups.groups().size() < workload.groups()) {
      throw new IllegalArgumentException(
          "the server has "
              + groups.groups().size()
              + " groups; the workload needs "
              + workload.groups());
    }
    ServerTime serverTime = new ServerTime(groups.originNanos());
    InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", groups.port());
    SocketTransport transport = SocketTransport.best();
    EventLoopGroup loops = transport.newLoops(workload.clientThreads());
    PreciseScheduler firing = PreciseScheduler.forFiring("firing", workload.members() * 4);
    ScheduledExecutorService facilitators =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "facilitators");
              t.setDaemon(true);
              return t;
            });
    ImpairmentRelay relay = null;
    PingSockets pingSockets = null;
    try {
      InetSocketAddress tcpAddress = serverAddress;
      InetSocketAddress udpAddress = serverAddress;
      if (workload.impairment() != null) {
        relay = ImpairmentRelay.start(serverAddress, workload.impairment());
        tcpAddress = relay.tcpAddress();
        udpAddress = relay.udpAddress();
      }
      if (workload.udpPings()) {
        pingSockets = PingSockets.open(transport, loops, PING_SOCKETS_PER_LOOP, udpAddress);
      }
      InetSocketAddress oscAddress =
          groups.oscPort() > 0 ? new InetSocketAddress("127.0.0.1", groups.oscPort()) : null;
      InetSocketAddress webSocketAddress =
          groups.httpPort() > 0 ? new InetSocketAddress("127.0.0.1", groups.httpPort()) : null;
      MemberEnvironment env =
          new MemberEnvironment(
              transport,
              loops,
              tcpAddress,
              oscAddress,
              webSocketAddress,
              pingSockets,
              serverTime,
              firing,
              workload.pingInterval(),
              workload.tcpPingInterval(),
              fanOut,
              firings,
              counters);

      long heapBaseline = workload.measureMemory() ? server.heapAfterGcBytes().orElse(-1) : -1;
      long joinStart = System.nanoTime();
      joinAll(groups, env);
      double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
      log.info(
          "{}: {} members joined in {} s",
          workload.name(),
          members.size(),
          String.format("%.1f", joinSeconds));
      awaitClockSync();
      long heapWithMembers = workload.measureMemory() ? server.heapAfterGcBytes().orElse(-1) : -1;

      ProcessProbe self = new ProcessProbe(ProcessHandle.current().pid());
      startFacilitators(facilitators);
      for (SimulatedMember m : members) {
        m.startPlaying(workload.gesturesPerSecond());
      }
      long playStart = System.nanoTime();
      long warmupSeconds = workload.warmup().toSeconds();
      long totalSeconds = warmupSeconds + workload.duration().toSeconds();
      long measuredFromServerNanos =
          serverTime.serverNanosAt(playStart + warmupSeconds * SECOND_NANOS);
      long lastCpu = server.cpuNanos();
      long serverCpuStart = lastCpu;
      long serverSysStart = server.systemCpuNanos();
      long selfCpuStart = self.cpuNanos();
      long measureStart = playStart;
      fanOut.counting(warmupSeconds == 0);
      long lastSent = 0;
      long lastReceived = 0;
      for (int second = 1; second <= totalSeconds; second++) {
        parkUntil(playStart + second * SECOND_NANOS);
        boolean measured = second > warmupSeconds;
        Histogram interval = fanOut.nextInterval();
        long cpu = server.cpuNanos();
        long sent = counters.gesturesSent.sum();
        long received = counters.gesturesReceived.sum();
        timeline.add(
            new TimelineRow(
                second,
                measured,
                sent - lastSent,
                received - lastReceived,
                interval.getTotalCount() == 0 ? 0 : interval.getValueAtPercentile(99) / 1_000.0,
                (cpu - lastCpu) / 1e9));
        lastCpu = cpu;
        lastSent = sent;
        lastReceived = received;
        if (second == warmupSeconds) {
          // The warm-up ends here: from now on latencies count, and CPU is measured.
          fanOut.counting(true);
          serverCpuStart = cpu;
          serverSysStart = server.systemCpuNanos();
          selfCpuStart = self.cpuNanos();
          measureStart = System.nanoTime();
        }
        if (measured) {
          sampleSyncErrors(serverTime);
        }
      }
      long measuredNanos = System.nanoTime() - measureStart;
      long serverCpu = server.cpuNanos() - serverCpuStart;
      double serverCores = serverCpu / (double) measuredNanos;
      double serverKernelShare =
          serverCpu > 0 ? (server.systemCpuNanos() - serverSysStart) / (double) serverCpu : 0;
      double selfCores = (self.cpuNanos() - selfCpuStart) / (double) measuredNanos;
      facilitators.shutdownNow();
      for (SimulatedMember m : members) {
        m.stopPlaying();
      }
      parkUntil(System.nanoTime() + DRAIN_NANOS);

      Histogram fanOutTotal = fanOut.total().copy();
      FiringLog.Summary firingSummary =
          firings.summarize(measuredFromServerNanos, workload::sizeOf);
      long resident = server.residentBytes().orElse(-1);
      long perMember =
          heapBaseline >= 0 && heapWithMembers >= 0
              ? (heapWithMembers - heapBaseline) / members.size()
              : -1;
      return new LoadResult(
          workload,
          server.description(),
          fanOutTotal,
          syncError.copy(),
          syncErrorWithoutDrift.copy(),
          firingSummary.spreadNanos(),
          firingSummary.errorNanos(),
          tallyDelivery(),
          new LoadResult.Changes(
              firingSummary.changes(),
              firingSummary.firings(),
              firingSummary.expectedFirings(),
              firingSummary.missedFirings(),
              counters.firingsRefused.sum()),
          new LoadResult.Resources(
              serverCores,
              serverKernelShare,
              selfCores,
              heapBaseline,
              heapWithMembers,
              perMember,
              resident,
              joinSeconds),
          List.copyOf(timeline),
          relay == null ? Map.of() : relayCounters(relay.stats()));
    } finally {
      facilitators.shutdownNow();
      for (SimulatedMember m : members) {
        m.close();
      }
      if (pingSockets != null) {
        pingSockets.close();
      }
      if (relay != null) {
        relay.close();
      }
      loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
      firing.close();
    }
  }

  private void joinAll(GroupsFile groups, MemberEnvironment env) throws InterruptedException {
    Semaphore inFlight = new Semaphore(JOINS_IN_FLIGHT);
    List<CompletableFuture<Void>> joins = new ArrayList<>();
    for (int i = 0; i < workload.members(); i++) {
      int group = i / workload.groupSize();
      int index = i % workload.groupSize();
      GroupsFile.GroupEntry entry = groups.groups().get(group);
      boolean facilitator = index == 0 && !workload.changeInterval().isZero();
      MemberSpec spec =
          new MemberSpec(
              group,
              index,
              entry.joinCode(),
              facilitator ? Role.FACILITATOR : Role.PARTICIPANT,
              facilitator ? entry.facilitatorKey() : "");
      SimulatedMember member = factory.create(spec, env);
      members.add(member);
      inFlight.acquire();
      joins.add(member.join().whenComplete((ok, error) -> inFlight.release()));
    }
    CompletableFuture.allOf(joins.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .join();
    for (int i = 0; i < joins.size(); i++) {
      if (joins.get(i).isCompletedExceptionally()) {
        Throwable cause = joins.get(i).handle((ok, e) -> e).join();
        throw new IllegalStateException(
            "member "
                + members.get(i).spec().name()
                + " could not join ("
                + countFailures(joins)
                + " of "
                + joins.size()
                + " failed)",
            cause);
      }
    }
  }

  private static long countFailures(List<CompletableFuture<Void>> joins) {
    return joins.stream().filter(CompletableFuture::isCompletedExceptionally).count();
  }

  /** Waits until every member has its first samples, then lets the estimates settle. */
  private void awaitClockSync() {
    long needed = workload.udpPings() ? ClockSync.MIN_SYNC_SAMPLES * 2L : 1;
    long deadline = System.nanoTime() + SYNC_TIMEOUT_NANOS;
    for (SimulatedMember m : members) {
      while (m.clockSync() != null
          && m.clockSync().sampleCount() < needed
          && System.nanoTime() - deadline < 0) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
    }
    if (workload.udpPings()) {
      parkUntil(System.nanoTime() + SYNC_SETTLE_NANOS);
    }
  }

  /** Each group's facilitator sets the section at the next bar, every change interval. */
  private void startFacilitators(ScheduledExecutorService facilitators) {
    if (workload.changeInterval().isZero()) {
      return;
    }
    long period = workload.changeInterval().toNanos();
    SplittableRandom phases = new SplittableRandom(42);
    for (SimulatedMember m : members) {
      if (m.spec().role() != Role.FACILITATOR) {
        continue;
      }
      String[] sections = {"A", "B"};
      int[] next = {0};
      facilitators.scheduleAtFixedRate(
          () ->
              m.command(
                  FacilitatorCommand.newBuilder()
                      .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                      .setSection(SetSection.newBuilder().setName(sections[next[0]++ % 2]))
                      .build()),
          phases.nextLong(period),
          period,
          TimeUnit.NANOSECONDS);
    }
  }

  /** Records every member's clock-sync error now against the true server clock. */
  private void sampleSyncErrors(ServerTime serverTime) {
    for (SimulatedMember m : members) {
      ClockSync sync = m.clockSync();
      if (sync == null || !sync.isSynced()) {
        continue;
      }
      long localNanos = System.nanoTime();
      long localMicros = localNanos / 1_000;
      // The true server time at the local microsecond the estimate is asked about.
      double trueMicros = (localMicros * 1_000.0 - serverTime.originNanos()) / 1_000.0;
      double errorMicros = sync.serverMicrosAt(localMicros) - trueMicros;
      syncError.recordValue(Math.round(Math.abs(errorMicros) * 1_000));
      double withoutDrift = m.offsetWithoutDriftMicros();
      if (!Double.isNaN(withoutDrift)) {
        double errorWithoutDrift = localMicros + withoutDrift - trueMicros;
        syncErrorWithoutDrift.recordValue(Math.round(Math.abs(errorWithoutDrift) * 1_000));
      }
    }
  }

  private LoadResult.Delivery tallyDelivery() {
    Map<Integer, Long> sentByGroup = new LinkedHashMap<>();
    long sent = 0;
    for (SimulatedMember m : members) {
      sentByGroup.merge(m.spec().group(), m.gesturesSent(), Long::sum);
      sent += m.gesturesSent();
    }
    long expected = 0;
    long received = 0;
    long lost = 0;
    int withLoss = 0;
    for (SimulatedMember m : members) {
      long e = sentByGroup.get(m.spec().group()) - m.gesturesSent();
      long r = m.gesturesReceived();
      expected += e;
      received += r;
      if (r < e) {
        lost += e - r;
        withLoss++;
      }
    }
    return new LoadResult.Delivery(
        sent,
        expected,
        received,
        lost,
        withLoss,
        counters.sendFailures.sum(),
        counters.serverErrors.sum(),
        counters.lagSnapshots.sum(),
        counters.connectionsLost.sum(),
        counters.clockSamples.sum());
  }

  private static Map<String, Long> relayCounters(RelayStats s) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("datagrams_in", s.datagramsIn.sum());
    m.put("datagrams_forwarded", s.datagramsForwarded.sum());
    m.put("datagrams_lost", s.datagramsLost.sum());
    m.put("datagrams_queue_full", s.datagramsQueueFull.sum());
    m.put("tcp_connections", s.tcpConnections.sum());
    m.put("tcp_bytes", s.tcpBytes.sum());
    m.put("tcp_paused", s.tcpPaused.sum());
    m.put("tcp_queue_full", s.tcpQueueFull.sum());
    return m;
  }

  private static void parkUntil(long deadlineNanos) {
    long remaining;
    while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(remaining);
    }
  }
}
