package org.attune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.attune.command.FacilitatorCommandParser;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.Error;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a real server on 127.0.0.1, in this JVM: the server's clock is readable here,
 * so the client's estimate of it can be checked exactly.
 */
class AttuneClientTest {

  private static final long TIMEOUT_SECONDS = 10;

  private AttuneServer server;
  private Group group;
  private final List<AttuneClient> clients = new ArrayList<>();

  /** Everything a client heard, in order, for tests to wait on. */
  private static final class Heard implements ClientListener {
    final BlockingQueue<StructureChange> fired = new LinkedBlockingQueue<>();
    final BlockingQueue<StructureChange> received = new LinkedBlockingQueue<>();
    final BlockingQueue<GestureEvent> gestures = new LinkedBlockingQueue<>();
    final BlockingQueue<Error> errors = new LinkedBlockingQueue<>();
    final BlockingQueue<String> threads = new LinkedBlockingQueue<>();
    final CompletableFuture<Void> disconnected = new CompletableFuture<>();

    @Override
    public void onStructureChangeReceived(StructureChange change, long receivedLocalNanos) {
      threads.add(Thread.currentThread().getName());
      received.add(change);
    }

    @Override
    public void onStructureChangeFired(StructureChange change, long firedLocalNanos) {
      threads.add(Thread.currentThread().getName());
      fired.add(change);
    }

    @Override
    public void onGesture(GestureEvent gesture) {
      threads.add(Thread.currentThread().getName());
      gestures.add(gesture);
    }

    @Override
    public void onError(Error error) {
      errors.add(error);
    }

    @Override
    public void onDisconnected() {
      disconnected.complete(null);
    }
  }

  @BeforeEach
  void startServer() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("client tests");
  }

  @AfterEach
  void stopAll() {
    clients.forEach(AttuneClient::close);
    server.close();
  }

  private AttuneClient connect() throws IOException {
    return connect(ClientOptions.defaults());
  }

  private AttuneClient connect(ClientOptions options) throws IOException {
    AttuneClient client =
        AttuneClient.connect("127.0.0.1", server.tcpPort(), server.udpPort(), options);
    clients.add(client);
    return client;
  }

  private AttuneClient participant(String name, Heard heard) throws Exception {
    AttuneClient client = connect();
    client.addListener(heard);
    client
        .join(group.joinCode(), name, "pads", Role.PARTICIPANT, null)
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return client;
  }

  private AttuneClient facilitator(Heard heard) throws Exception {
    AttuneClient client = connect();
    client.addListener(heard);
    client
        .join(group.joinCode(), "Therapist", "console", Role.FACILITATOR, group.facilitatorKey())
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return client;
  }

  private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
    T item = queue.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(item).as("heard within %d s", TIMEOUT_SECONDS).isNotNull();
    return item;
  }

  private static Throwable failureOf(CompletableFuture<?> future) {
    assertThatThrownBy(() -> future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
    return future.handle((value, failure) -> failure).join();
  }

  // ------------------------------------------------------------------ joining

  @Test
  void aJoinIsWelcomedAndTheTimelineHoldsTheGroupsState() throws Exception {
    AttuneClient client = connect();
    Welcome welcome =
        client
            .join(group.joinCode(), "Robin", "djembe", Role.PARTICIPANT, null)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    assertThat(welcome.getParticipantId()).isNotEmpty();
    assertThat(client.participantId()).isEqualTo(welcome.getParticipantId());
    assertThat(client.sessionToken()).isEqualTo(welcome.getSessionToken()).isNotEmpty();
    assertThat(client.timeline().isKnown()).as("known when the future completes").isTrue();
    assertThat(client.timeline().form()).isEqualTo(welcome.getSnapshot().getForm());
    assertThat(client.roster().getMembersList()).extracting(Member::getName).contains("Robin");
    assertThat(client.clockSync().sampleCount()).as("the join itself was a probe").isPositive();
  }

  @Test
  void aWrongFacilitatorKeyFailsTheJoinWithTheServersSentence() throws Exception {
    AttuneClient client = connect();
    Throwable failure =
        failureOf(client.join(group.joinCode(), "Eve", "", Role.FACILITATOR, "not the key"));
    assertThat(failure).isInstanceOf(AttuneException.class);
    assertThat(((AttuneException) failure).code()).isEqualTo(ErrorCode.BAD_FACILITATOR_KEY);
    assertThat(failure.getMessage()).isNotBlank();
  }

  @Test
  void anUnknownJoinCodeFailsTheJoin() throws Exception {
    AttuneClient client = connect();
    Throwable failure = failureOf(client.join("no-such-code", "Sam", "", Role.PARTICIPANT, null));
    assertThat(((AttuneException) failure).code()).isEqualTo(ErrorCode.UNKNOWN_GROUP);
  }

  @Test
  void aSecondJoinWhileTheFirstWaitsIsRefusedLocally() throws Exception {
    AttuneClient client = connect();
    CompletableFuture<Welcome> first =
        client.join(group.joinCode(), "A", "", Role.PARTICIPANT, null);
    CompletableFuture<Welcome> second =
        client.join(group.joinCode(), "B", "", Role.PARTICIPANT, null);
    Throwable failure = failureOf(second);
    if (!(failure instanceof IllegalStateException)) {
      // The first welcome was quicker than this thread: then the server refuses the second.
      assertThat(((AttuneException) failure).code()).isEqualTo(ErrorCode.ALREADY_JOINED);
    }
    assertThat(first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).getParticipantId()).isNotEmpty();
  }

  @Test
  void aDroppedMemberResumesWithItsSessionToken() throws Exception {
    AttuneClient first = participant("Kim", new Heard());
    String id = first.participantId();
    String token = first.sessionToken();
    first.close();

    AttuneClient second = connect();
    Welcome welcome = second.resume(token).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(welcome.getParticipantId()).isEqualTo(id);
    assertThat(second.timeline().isKnown()).isTrue();
  }

  @Test
  void anUnknownSessionTokenFailsTheResume() throws Exception {
    AttuneClient client = connect();
    Throwable failure = failureOf(client.resume("forged"));
    assertThat(((AttuneException) failure).code()).isEqualTo(ErrorCode.UNKNOWN_SESSION);
  }

  // ------------------------------------------------------------------ clock

  @Test
  void theClockEstimateOverUdpIsWithinAMillisecondOfTheServersClock() throws Exception {
    AttuneClient client = participant("Lee", new Heard());
    client.awaitClockSync(16).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long nanos = System.nanoTime();
    long error =
        client.clockSync().serverMicrosAt(nanos / 1_000) - server.clock().microsAtNanoTime(nanos);
    assertThat(Math.abs(error)).isLessThan(1_000);
    assertThat(client.clockSync().isSynced()).isTrue();
    assertThat(client.clockSync().bestRttMicros()).isBetween(0L, 5_000L);
    assertThat(server.udpStats().pings()).as("probes went over UDP").isGreaterThanOrEqualTo(8);
  }

  @Test
  void withoutUdpTheClockIsProbedOverTcp() throws Exception {
    AttuneClient client = connect(ClientOptions.defaults().withUdpClockPings(false));
    client
        .join(group.joinCode(), "Ash", "", Role.PARTICIPANT, null)
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    client.awaitClockSync(8).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    long nanos = System.nanoTime();
    long error =
        client.clockSync().serverMicrosAt(nanos / 1_000) - server.clock().microsAtNanoTime(nanos);
    assertThat(Math.abs(error)).isLessThan(2_000);
    assertThat(server.udpStats().pings()).isZero();
  }

  @Test
  void whenUdpGoesUnansweredTheClockIsProbedOverTcp() throws Exception {
    try (DatagramSocket blackHole = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      AttuneClient client =
          AttuneClient.connect(
              "127.0.0.1", server.tcpPort(), blackHole.getLocalPort(), ClientOptions.defaults());
      clients.add(client);
      client
          .join(group.joinCode(), "Jo", "", Role.PARTICIPANT, null)
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      client.awaitClockSync(8).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(client.clockSync().isSynced()).isTrue();
    }
  }

  // ------------------------------------------------------------------ commands and changes

  @Test
  void anAcceptedCommandArrivesAsAChangeThatFiresAtItsTimeOnTheTimelineThread() throws Exception {
    Heard console = new Heard();
    AttuneClient facilitator = facilitator(console);
    Heard heard = new Heard();
    AttuneClient player = participant("Mo", heard);
    player.awaitClockSync(8).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    Accepted accepted =
        facilitator
            .command(FacilitatorCommandParser.parse("section B"))
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    StructureChange received = next(heard.received);
    assertThat(received.getSequence()).isEqualTo(accepted.getChangeSequence());
    StructureChange fired = next(heard.fired);
    assertThat(fired.getSequence()).isEqualTo(accepted.getChangeSequence());
    assertThat(player.timeline().form().getSection()).isEqualTo("B");
    assertThat(server.clock().nowMicros())
        .isGreaterThanOrEqualTo(accepted.getEffectiveServerMicros() - 2_000);
    assertThat(next(console.fired).getSequence())
        .as("the issuer hears it too")
        .isEqualTo(accepted.getChangeSequence());
    assertThat(Set.copyOf(heard.threads)).containsOnly("attune-timeline");
  }

  @Test
  void aRefusedCommandFailsWithTheServersCodeAndSentence() throws Exception {
    Heard heard = new Heard();
    AttuneClient facilitator = facilitator(heard);
    CompletableFuture<Accepted> tooSoon =
        facilitator.command(FacilitatorCommandParser.parse("section B --at beat:0"));
    Throwable failure = failureOf(tooSoon);
    assertThat(failure).isInstanceOf(AttuneException.class);
    assertThat(((AttuneException) failure).code()).isEqualTo(ErrorCode.TOO_SOON);
    assertThat(failure.getMessage()).contains("too soon");
    assertThat(next(heard.errors).getCode())
        .as("listeners hear it too")
        .isEqualTo(ErrorCode.TOO_SOON);
  }

  @Test
  void aParticipantsCommandIsForbidden() throws Exception {
    AttuneClient player = participant("Pat", new Heard());
    Throwable failure = failureOf(player.command(FacilitatorCommandParser.parse("tempo 100")));
    assertThat(((AttuneException) failure).code()).isEqualTo(ErrorCode.FORBIDDEN);
  }

  // ------------------------------------------------------------------ gestures

  @Test
  void aGestureReachesTheOthersStampedWithItsServerTime() throws Exception {
    Heard drummerHeard = new Heard();
    AttuneClient drummer = participant("Drum", drummerHeard);
    Heard listenerHeard = new Heard();
    participant("Ear", listenerHeard);
    drummer.awaitClockSync(8).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    long before = server.clock().nowMicros();
    drummer.sendGesture(
        Gesture.newBuilder().setHit(Hit.newBuilder().setInstrument(38)).setVelocity(0.8f).build());
    GestureEvent event = next(listenerHeard.gestures);
    long after = server.clock().nowMicros();

    assertThat(event.getParticipantId()).isEqualTo(drummer.participantId());
    assertThat(event.getResolvedPitch()).isEqualTo(38);
    assertThat(event.getGesture().getPlayedAtServerMicros())
        .isBetween(before - 2_000, after + 2_000);
    assertThat(drummerHeard.gestures).as("not echoed to the player").isEmpty();
  }

  @Test
  void aFrameThatDoesNotParseIsAnsweredWithAnErrorAndTheConnectionStays() throws Exception {
    Heard heard = new Heard();
    AttuneClient client = participant("Raw", heard);
    client.sendRaw(new byte[] {2, (byte) 0xff, (byte) 0xff});
    assertThat(next(heard.errors).getCode()).isEqualTo(ErrorCode.MALFORMED);
    assertThat(client.isConnected()).isTrue();
  }

  // ------------------------------------------------------------------ closing

  @Test
  void closeTellsTheListenersAndLeavesNoThreadsBehind() throws Exception {
    Set<Thread> before = clientThreads();
    Heard heard = new Heard();
    AttuneClient client = participant("Bye", heard);
    Set<Thread> started = clientThreads();
    started.removeAll(before);
    assertThat(started).extracting(Thread::getName).anyMatch(n -> n.startsWith("attune-timeline"));
    assertThat(started).extracting(Thread::getName).anyMatch(n -> n.startsWith("attune-client-io"));

    client.close();

    heard.disconnected.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    for (Thread thread : started) {
      // close() has stopped them; join only waits for the last instructions of their exit.
      thread.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      assertThat(thread.isAlive()).as(thread.getName()).isFalse();
      assertThat(thread.isDaemon()).as(thread.getName()).isTrue();
    }
    assertThat(client.isConnected()).isFalse();
    assertThat(failureOf(client.command(FacilitatorCommandParser.parse("fermata"))))
        .isInstanceOf(IOException.class);
  }

  @Test
  void whenTheServerGoesAwayListenersHearItAndWaitingRequestsFail() throws Exception {
    Heard heard = new Heard();
    AttuneClient client = participant("Left", heard);
    server.close();
    heard.disconnected.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(client.isConnected()).isFalse();
    assertThat(failureOf(client.command(FacilitatorCommandParser.parse("tap"))))
        .isInstanceOf(IOException.class);
  }

  @Test
  void connectingToAClosedPortFailsWithAnIoException() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                AttuneClient.connect(
                    "127.0.0.1",
                    port,
                    ClientOptions.defaults().withConnectTimeout(Duration.ofSeconds(2))))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cannot connect");
  }

  private static Set<Thread> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(
            t ->
                t.isAlive()
                    && (t.getName().startsWith("attune-timeline")
                        || t.getName().startsWith("attune-client-io")))
        .collect(Collectors.toSet());
  }
}
