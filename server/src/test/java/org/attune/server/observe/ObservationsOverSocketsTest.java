package org.attune.server.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.MemberFigures;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Observations;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.Welcome;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The facilitator's live observations over real sockets: two members play onsets stamped at known
 * distances from the group's beats (one 15 ms late on every beat, one 30 ms early on every other
 * beat, with hits), and the facilitator's {@code Observations} hold those figures; a participant
 * gets none.
 */
class ObservationsOverSocketsTest {

  private static final int ONSETS = 10;

  private AttuneServer server;

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theFacilitatorSeesEachMembersAsynchronyTempoAndRange() throws Exception {
    Group group = server.groups().create("observed");
    try (TcpPeer facilitator = new TcpPeer(server.tcpPort(), group.joinCode());
        TcpPeer late = new TcpPeer(server.tcpPort(), group.joinCode());
        TcpPeer early = new TcpPeer(server.tcpPort(), group.joinCode())) {
      Welcome welcome = facilitator.join("Therapist", Role.FACILITATOR, group.facilitatorKey());
      String lateId = late.join("Late", Role.PARTICIPANT, "").getParticipantId();
      String earlyId = early.join("Early", Role.PARTICIPANT, "").getParticipantId();
      TempoMap tempo = TempoMap.fromProto(welcome.getSnapshot().getTempoMap());
      double first = Math.ceil(tempo.beatAt(server.clock().nowMicros())) + 1;
      for (int i = 0; i < ONSETS; i++) {
        double beat = first + i;
        // Sent as it is played: the server takes a played-at time only within 2 s of receipt.
        long wait = tempo.timeAt(beat) - server.clock().nowMicros();
        if (wait > 0) {
          Thread.sleep(wait / 1000 + 1);
        }
        late.send(
            ClientMessage.newBuilder()
                .setGesture(
                    Gesture.newBuilder()
                        .setNoteOn(NoteOn.newBuilder().setPitch(60 + i % 7))
                        .setVelocity(0.5f)
                        .setPlayedAtServerMicros(tempo.timeAt(beat) + 15_000)));
        if (i % 2 == 0) {
          early.send(
              ClientMessage.newBuilder()
                  .setGesture(
                      Gesture.newBuilder()
                          .setHit(Hit.newBuilder().setInstrument(38))
                          .setVelocity(1f)
                          .setPlayedAtServerMicros(tempo.timeAt(beat) - 30_000)));
        }
      }
      Observations seen = null;
      while (seen == null || seen.getMembersCount() < 2 || count(seen, lateId) < ONSETS) {
        ServerMessage m = facilitator.await(ServerMessage::hasObservations);
        seen = m.getObservations();
      }
      Map<String, MemberFigures> by =
          seen.getMembersList().stream()
              .collect(Collectors.toMap(MemberFigures::getParticipantId, Function.identity()));
      MemberFigures l = by.get(lateId);
      assertThat(l.getOnsets()).isEqualTo(ONSETS);
      assertThat(l.getAsynchronyMeanMs()).isCloseTo(15f, offset(1f));
      assertThat(l.getAsynchronySpreadMs()).isCloseTo(0f, offset(1f));
      assertThat(l.getTempoBpm()).isCloseTo((float) tempo.bpmAt(tempo.timeAt(first)), offset(0.5f));
      assertThat(l.getLowestPitch()).isEqualTo(60);
      assertThat(l.getHighestPitch()).isEqualTo(66);
      assertThat(l.getVelocityMin()).isEqualTo(64);
      MemberFigures e = by.get(earlyId);
      assertThat(e.getOnsets()).isEqualTo(ONSETS / 2);
      assertThat(e.getAsynchronyMeanMs()).isCloseTo(-30f, offset(1f));
      assertThat(e.getLowestPitch()).as("hits are not pitches").isEqualTo(-1);
      assertThat(e.getVelocityMax()).isEqualTo(127);
    }
  }

  private static long count(Observations o, String id) {
    return o.getMembersList().stream()
        .filter(m -> m.getParticipantId().equals(id))
        .mapToLong(MemberFigures::getOnsets)
        .sum();
  }
}
