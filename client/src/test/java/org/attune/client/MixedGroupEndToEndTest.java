package org.attune.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.attune.form.FormStates;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.attune.server.transport.osc.OscPeer;
import org.attune.server.transport.osc.OscUdpRules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A mixed group end to end: protobuf members using the client library and OSC members on UDP, with
 * the facilitator on OSC. A section change fires for both kinds at the same beat and, within a
 * generous bound, at the same server time (server and members share this JVM's clock).
 */
class MixedGroupEndToEndTest {

  private static final int EACH = 4;

  /** How far from the effective time a member may act on the change, in µs (a generous bound). */
  private static final long BOUND_MICROS = 50_000;

  private AttuneServer server;
  private Group group;
  private final List<AttuneClient> clients = new ArrayList<>();
  private final List<OscPeer> tablets = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    // The OSC facilitator joins over UDP, which the server allows only when told to.
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts().withOscUdp(OscUdpRules.defaults().withFacilitators(true)));
    group = server.groups().create("mixed");
  }

  @AfterEach
  void stop() {
    clients.forEach(AttuneClient::close);
    tablets.forEach(OscPeer::close);
    server.close();
  }

  @Test
  void aSectionChangeFromAnOscFacilitatorFiresForProtobufAndOscMembersOnTheSameBeat()
      throws Exception {
    List<AtomicLong> firedNanos = new ArrayList<>();
    List<AtomicReference<StructureChange>> firedChange = new ArrayList<>();
    List<CountDownLatch> fired = new ArrayList<>();
    List<CompletableFuture<GestureEvent>> heard = new ArrayList<>();
    for (int i = 0; i < EACH; i++) {
      AttuneClient c = AttuneClient.connect("127.0.0.1", server.tcpPort());
      AtomicLong at = new AtomicLong();
      AtomicReference<StructureChange> which = new AtomicReference<>();
      CountDownLatch latch = new CountDownLatch(1);
      CompletableFuture<GestureEvent> gesture = new CompletableFuture<>();
      c.addListener(
          new ClientListener() {
            @Override
            public void onStructureChangeFired(StructureChange change, long localNanos) {
              at.set(localNanos);
              which.set(change);
              latch.countDown();
            }

            @Override
            public void onGesture(GestureEvent event) {
              gesture.complete(event);
            }
          });
      c.join(group.joinCode(), "P" + i, "keys", Role.PARTICIPANT, null).get(10, TimeUnit.SECONDS);
      clients.add(c);
      firedNanos.add(at);
      firedChange.add(which);
      fired.add(latch);
      heard.add(gesture);
    }
    for (int i = 0; i < EACH; i++) {
      OscPeer tablet = new OscPeer(server.oscPort());
      tablets.add(tablet);
      tablet.join("/attune/join", group.joinCode(), "T" + i, "tablet");
    }
    OscPeer therapist = new OscPeer(server.oscPort());
    tablets.add(therapist);
    therapist.join("/attune/join/facilitator", group.joinCode(), group.facilitatorKey(), "Ther");
    for (AttuneClient c : clients) {
      c.awaitClockSync(16).get(30, TimeUnit.SECONDS);
    }

    // OSC and protobuf members hear each other.
    tablets.get(0).send("/attune/pad", 5, 1f);
    for (CompletableFuture<GestureEvent> gesture : heard) {
      assertThat(gesture.get(10, TimeUnit.SECONDS).getResolvedPitch())
          .as("the OSC pad reached a protobuf member, G4")
          .isEqualTo(67);
    }

    therapist.send("/attune/section", "B", "next-bar");
    OscPeer.Received accepted = therapist.await("/attune/accepted");
    long sequence = (Integer) accepted.arg(0);

    long effective = 0;
    double effectiveBeat = 0;
    long earliest = Long.MAX_VALUE;
    long latest = Long.MIN_VALUE;
    for (int i = 0; i < EACH; i++) {
      assertThat(fired.get(i).await(10, TimeUnit.SECONDS)).as("client %d fired", i).isTrue();
      StructureChange change = firedChange.get(i).get();
      assertThat(change.getSequence()).isEqualTo(sequence);
      effective = change.getEffectiveServerMicros();
      effectiveBeat = change.getEffectiveBeat();
      long at = server.clock().microsAtNanoTime(firedNanos.get(i).get());
      earliest = Math.min(earliest, at);
      latest = Math.max(latest, at);
      assertThat(clients.get(i).timeline().form().getSection()).isEqualTo("B");
    }
    long bar = FormStates.barAt(FormStates.initial(), effectiveBeat);
    assertThat(accepted.message().getArguments()).containsExactly((int) sequence, (int) bar, 1);
    for (int i = 0; i < EACH; i++) {
      OscPeer tablet = tablets.get(i);
      OscPeer.Received section =
          tablet.await(r -> r.address().equals("/attune/section") && r.arg(0).equals("B"));
      OscPeer.Received beat = tablet.await("/attune/beat");
      assertThat(beat.message().getArguments())
          .as("tablet %d: the same beat", i)
          .containsExactly((int) bar, 1);
      long at = server.clock().microsAtNanoTime(section.arrivedNanos());
      earliest = Math.min(earliest, at);
      latest = Math.max(latest, at);
    }
    System.out.printf(
        "mixed group: section change fired across %d protobuf and %d OSC members"
            + " within %d µs (effective at %d, earliest %+d µs, latest %+d µs)%n",
        EACH, EACH, latest - earliest, effective, earliest - effective, latest - effective);
    assertThat(earliest - effective).isGreaterThan(-BOUND_MICROS);
    assertThat(latest - effective).isLessThan(BOUND_MICROS);
  }
}
