package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Members of two groups on a two-loop server over real TCP sockets: connections are accepted on
 * either loop and move onto their group's when they join, so that about half of them move. Every
 * gesture still reaches every other member of its group, in the order it was sent, and clock pings
 * are answered after the move.
 */
class GroupLoopRelayOverSocketsTest {

  private static final int GROUPS = 2;
  private static final int MEMBERS = 4;
  private static final int GESTURES = 25;

  private AttuneServer server;
  private final List<Group> groups = new ArrayList<>();
  private final List<List<TcpPeer>> members = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts().withIoThreads(2));
    for (int g = 0; g < GROUPS; g++) {
      groups.add(server.groups().create("group " + g));
    }
  }

  @AfterEach
  void stop() throws IOException {
    for (List<TcpPeer> group : members) {
      for (TcpPeer p : group) {
        p.close();
      }
    }
    server.close();
  }

  @Test
  void everyGestureReachesEveryOtherMemberInOrderAfterTheMove() throws Exception {
    for (Group group : groups) {
      List<TcpPeer> peers = new ArrayList<>();
      for (int i = 0; i < MEMBERS; i++) {
        TcpPeer p = new TcpPeer(server.tcpPort(), group.joinCode());
        peers.add(p);
        p.join("P" + i, Role.PARTICIPANT, "");
      }
      members.add(peers);
    }
    for (List<TcpPeer> peers : members) {
      for (TcpPeer p : peers) {
        p.send(
            ClientMessage.newBuilder().setClockPing(ClockPing.newBuilder().setClientSendMicros(7)));
        assertThat(p.await(ServerMessage::hasClockPong).getClockPong().getClientSendMicros())
            .isEqualTo(7);
      }
    }
    for (int n = 0; n < GESTURES; n++) {
      for (List<TcpPeer> peers : members) {
        for (TcpPeer p : peers) {
          p.send(
              ClientMessage.newBuilder()
                  .setGesture(Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(1 + n % 7))));
        }
      }
    }
    for (List<TcpPeer> peers : members) {
      for (TcpPeer p : peers) {
        Map<String, List<Integer>> bySender = new HashMap<>();
        int expected = (MEMBERS - 1) * GESTURES;
        for (int got = 0; got < expected; ) {
          ServerMessage m = p.await(x -> x.hasGesture() || x.hasError());
          assertThat(m.hasError()).as("an error: %s", m).isFalse();
          bySender
              .computeIfAbsent(m.getGesture().getParticipantId(), k -> new ArrayList<>())
              .add(m.getGesture().getGesture().getPad().getDegree());
          got++;
        }
        assertThat(bySender).hasSize(MEMBERS - 1);
        List<Integer> sent = new ArrayList<>();
        for (int n = 0; n < GESTURES; n++) {
          sent.add(1 + n % 7);
        }
        assertThat(bySender.values()).allSatisfy(got -> assertThat(got).isEqualTo(sent));
      }
    }
  }
}
