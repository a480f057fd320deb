package org.attune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on real sockets: one server on 127.0.0.1, a facilitator and eight participants using
 * the client library. Server and clients share this JVM and its monotonic clock, so the true server
 * time of any local instant is known exactly and each client's error can be measured.
 */
class GroupEndToEndTest {

  private static final int PARTICIPANTS = 8;

  /** Generous bound for firing-time agreement in a test on a busy 2-core machine. */
  private static final long FIRING_BOUND_MICROS = 25_000;

  private AttuneServer server;
  private Group group;
  private AttuneClient facilitator;
  private final List<AttuneClient> players = new ArrayList<>();
  private final List<Recorder> recorders = new ArrayList<>();

  /** Records what one client saw, with local nanoTime stamps. */
  private static final class Recorder implements ClientListener {
    final ConcurrentMap<Long, Long> receivedNanos = new ConcurrentHashMap<>();
    final ConcurrentMap<Long, Long> firedNanos = new ConcurrentHashMap<>();
    final ConcurrentMap<Long, CountDownLatch> fired = new ConcurrentHashMap<>();
    final List<GestureEvent> gestures = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void onStructureChangeReceived(StructureChange change, long receivedLocalNanos) {
      receivedNanos.putIfAbsent(change.getSequence(), receivedLocalNanos);
    }

    @Override
    public void onStructureChangeFired(StructureChange change, long firedLocalNanos) {
      firedNanos.putIfAbsent(change.getSequence(), firedLocalNanos);
      latch(change.getSequence()).countDown();
    }

    @Override
    public void onGesture(GestureEvent gesture) {
      gestures.add(gesture);
    }

    CountDownLatch latch(long sequence) {
      return fired.computeIfAbsent(sequence, s -> new CountDownLatch(1));
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("e2e");
    facilitator = AttuneClient.connect("127.0.0.1", server.tcpPort());
    facilitator
        .join(group.joinCode(), "Therapist", "console", Role.FACILITATOR, group.facilitatorKey())
        .get(10, TimeUnit.SECONDS);
    for (int i = 0; i < PARTICIPANTS; i++) {
      AttuneClient c = AttuneClient.connect("127.0.0.1", server.tcpPort());
      Recorder r = new Recorder();
      c.addListener(r);
      c.join(group.joinCode(), "P" + i, "pads", Role.PARTICIPANT, null).get(10, TimeUnit.SECONDS);
      players.add(c);
      recorders.add(r);
    }
    for (AttuneClient c : players) {
      c.awaitClockSync(16).get(30, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stop() {
    facilitator.close();
    players.forEach(AttuneClient::close);
    server.close();
  }

  private long trueServerMicros(long localNanos) {
    return server.clock().microsAtNanoTime(localNanos);
  }

  private Accepted command(FacilitatorCommand.Builder command) throws Exception {
    return facilitator.command(command.build()).get(10, TimeUnit.SECONDS);
  }

  @Test
  void aSectionChangeAtTheNextBarFiresForEveryClientAtTheSameServerTime() throws Exception {
    Accepted accepted =
        command(
            FacilitatorCommand.newBuilder()
                .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                .setSection(SetSection.newBuilder().setName("B")));
    long sequence = accepted.getChangeSequence();
    long effective = accepted.getEffectiveServerMicros();
    long earliest = Long.MAX_VALUE;
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < PARTICIPANTS; i++) {
      Recorder r = recorders.get(i);
      assertThat(r.latch(sequence).await(10, TimeUnit.SECONDS)).as("client %d fired", i).isTrue();
      long received = trueServerMicros(r.receivedNanos.get(sequence));
      long fired = trueServerMicros(r.firedNanos.get(sequence));
      assertThat(received)
          .as("client %d held the change before it took effect", i)
          .isLessThan(effective);
      assertThat(fired - effective)
          .as("client %d fired on time", i)
          .isBetween(-FIRING_BOUND_MICROS, FIRING_BOUND_MICROS);
      assertThat(players.get(i).timeline().form().getSection()).isEqualTo("B");
      earliest = Math.min(earliest, fired);
      latest = Math.max(latest, fired);
    }
    System.out.printf(
        "structure-change firing: spread %d µs across %d clients%n",
        latest - earliest, PARTICIPANTS);
    assertThat(latest - earliest).isLessThan(FIRING_BOUND_MICROS);
  }

  @Test
  void everyClientsClockEstimateIsCloseToTheServersClock() {
    long worst = 0;
    for (AttuneClient c : players) {
      long nanos = System.nanoTime();
      long estimated = c.clockSync().estimate().serverMicrosAt(nanos / 1_000);
      worst = Math.max(worst, Math.abs(estimated - trueServerMicros(nanos)));
    }
    System.out.printf("clock-sync error: worst %d µs across %d clients%n", worst, PARTICIPANTS);
    assertThat(worst).isLessThan(5_000);
  }

  @Test
  void aRampGivesEveryClientTheSameBeatAtTheSameServerTime() throws Exception {
    Accepted accepted =
        command(
            FacilitatorCommand.newBuilder()
                .setTempo(SetTempo.newBuilder().setBpm(140).setRampBeats(4)));
    for (Recorder r : recorders) {
      assertThat(r.latch(accepted.getChangeSequence()).await(10, TimeUnit.SECONDS)).isTrue();
    }
    long probe = accepted.getEffectiveServerMicros() + 1_000_000;
    double expected = players.get(0).timeline().beatAt(probe);
    for (AttuneClient c : players) {
      assertThat(c.timeline().beatAt(probe)).isEqualTo(expected);
      assertThat(c.timeline().tempoMap().bpmAt(probe + 10_000_000)).isEqualTo(140);
    }
  }

  @Test
  void aParticipantsCommandIsRefusedAndChangesNothing() throws Exception {
    AttuneClient p = players.get(0);
    CompletableFuture<Accepted> refused =
        p.command(
            FacilitatorCommand.newBuilder().setTempo(SetTempo.newBuilder().setBpm(200)).build());
    assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCauseInstanceOf(AttuneException.class)
        .hasMessageContaining("facilitator");
    assertThat(((AttuneException) catchCause(refused)).code()).isEqualTo(ErrorCode.FORBIDDEN);
    for (AttuneClient c : players) {
      assertThat(c.timeline().pending()).isEmpty();
      assertThat(c.timeline().tempoMap().segments()).hasSize(1);
    }
  }

  @Test
  void garbageFromOneClientLeavesTheOthersPlaying() throws Exception {
    players.get(0).sendRaw(new byte[] {4, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    players.get(1).sendGesture(Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(5)).build());
    for (int i = 0; i < PARTICIPANTS; i++) {
      if (i == 1) {
        continue;
      }
      Recorder r = recorders.get(i);
      await(() -> r.gestures.stream().anyMatch(isPadFrom(players.get(1).participantId())));
      assertThat(r.gestures.get(0).getResolvedPitch()).as("G above middle C").isEqualTo(67);
    }
    assertThat(players.get(0).isConnected()).isTrue();
  }

  private static Predicate<GestureEvent> isPadFrom(String participantId) {
    return g -> g.getParticipantId().equals(participantId) && g.getGesture().hasPad();
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      CompletableFuture.runAsync(
              () -> {}, CompletableFuture.delayedExecutor(5, TimeUnit.MILLISECONDS))
          .get();
    }
  }

  private static Throwable catchCause(CompletableFuture<?> future) {
    try {
      future.join();
      return null;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause();
    }
  }
}
