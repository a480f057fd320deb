package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCMessage;
import io.netty.channel.Channel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetSection;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OSC gateway's UDP side cannot be used against others (issue 10, "UDP reflection" and "Also"):
 * on real sockets, an address that has proven nothing gets at most three times what it sent, pongs
 * to senders that never joined are budgeted, a silent endpoint stops getting the stream, one that
 * missed a structure change while the socket was full catches up, and facilitators do not join over
 * plain UDP unless the server allows it.
 */
class OscUdpAbuseOverSocketsTest {

  private AttuneServer server;
  private Group group;
  private final List<AutoCloseable> open = new ArrayList<>();

  private void start(ServerConfig config) throws Exception {
    server = AttuneServer.start(config);
    group = server.groups().create("udp");
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : open) {
      c.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private OscPeer osc() throws Exception {
    OscPeer peer = new OscPeer(server.oscPort());
    open.add(peer);
    return peer;
  }

  private TcpPeer tcp(String name, Role role, String key) throws Exception {
    TcpPeer peer = new TcpPeer(server.tcpPort(), group.joinCode());
    open.add(peer);
    peer.join(name, role, key);
    return peer;
  }

  private static int bytes(OscPeer peer) {
    return peer.datagrams().stream().mapToInt(b -> b.length).sum();
  }

  private static void pad(TcpPeer peer, int degree) throws Exception {
    peer.send(
        ClientMessage.newBuilder()
            .setGesture(
                Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(degree)).setVelocity(0.5f)));
  }

  @Test
  void aJoinFromAnAddressThatNeverEchoesItsTokenGetsAtMostThreeTimesItsBytes() throws Exception {
    start(ServerConfig.onFreePorts());
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    OscPeer victim = osc();
    byte[] join =
        new OscCodec()
            .encode(new OSCMessage("/attune/join", List.of(group.joinCode(), "Victim", "t")));
    victim.sendBytes(join);
    victim.await("/attune/joined");
    // The group plays on: beats every half second, a gesture every 100 ms.
    for (int i = 0; i < 20; i++) {
      pad(keyboard, 1 + i % 8);
      Thread.sleep(100);
    }
    victim.drain(500);
    assertThat(bytes(victim))
        .as("what a forged join brings its victim, against the join's %d bytes", join.length)
        .isLessThanOrEqualTo(3 * join.length);
    assertThat(victim.seen())
        .extracting(OscPeer.Received::address)
        .doesNotContain("/attune/beat", "/attune/played");
    assertThat(server.oscStats().repliesUnproven.sum()).isPositive();

    // The real tablet echoes the token it was told: from then on the stream comes, state first.
    String token = (String) victim.seen().get(0).arg(3);
    victim.send("/attune/session/" + token + "/ping");
    victim.await("/attune/section");
    pad(keyboard, 3);
    assertThat(victim.await("/attune/played").arg(0)).isEqualTo("m1");
    victim.await("/attune/beat");
  }

  @Test
  void aSilentMemberThatNeverProvedItsAddressLeavesAfterTheFreshnessWindowAProvenOneStays()
      throws Exception {
    start(
        ServerConfig.onFreePorts()
            .withOscUdp(OscUdpRules.defaults().withStreamFreshness(Duration.ofSeconds(1))));
    OscPeer forged = osc();
    forged.joinUnproven("/attune/join", group.joinCode(), "Forged", "t");
    OscPeer tablet = osc();
    tablet.join("/attune/join", group.joinCode(), "Tablet", "t");
    tablet.await("/attune/beat");

    // Both fall silent: the one that never proved itself leaves once the window has passed, the
    // other stays (its limit is the 30-minute idle timeout).
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    List<String> names;
    while ((names = rosterNames()).contains("Forged")) {
      assertThat(System.nanoTime()).as("the unproven member leaves").isLessThan(deadline);
      tablet.drain(100);
    }
    assertThat(names).containsExactly("Tablet");
    assertThat(server.oscStats().idleExpired.sum()).isEqualTo(1);
  }

  /** The names in the group's roster, read on its loop. */
  private List<String> rosterNames() throws Exception {
    java.util.concurrent.CompletableFuture<List<String>> names =
        new java.util.concurrent.CompletableFuture<>();
    group
        .executor()
        .execute(
            () ->
                names.complete(
                    group.roster().getMembersList().stream()
                        .map(org.attune.protocol.v1.Member::getName)
                        .toList()));
    return names.get(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void pongsToSendersThatNeverJoinedAreBudgetedPerSenderAndInAll() throws Exception {
    start(ServerConfig.onFreePorts());
    OscPeer one = osc();
    for (int i = 0; i < 100; i++) {
      one.send("/attune/ping");
    }
    one.drain(1_200);
    long pongs = one.seen().stream().filter(r -> r.address().equals("/attune/pong")).count();
    assertThat(pongs)
        .as("one sender, 100 pings within two budget seconds at most")
        .isBetween(1L, 2L * OscDatagramHandler.UNJOINED_REPLIES_PER_SENDER_PER_SECOND);

    List<OscPeer> many = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      OscPeer p = osc();
      many.add(p);
      p.send("/attune/ping");
    }
    Thread.sleep(1_200);
    long all = 0;
    for (OscPeer p : many) {
      all += p.seen().size();
    }
    assertThat(all)
        .as("60 senders at once, within two budget seconds at most")
        .isBetween(1L, 2L * OscDatagramHandler.UNJOINED_REPLIES_PER_SECOND);
    assertThat(server.oscStats().repliesSuppressed.sum())
        .isGreaterThanOrEqualTo(100 - pongs + 60 - all);
  }

  @Test
  void aSilentEndpointStopsGettingTheStreamAndCatchesUpWhenItIsHeardAgain() throws Exception {
    start(
        ServerConfig.onFreePorts()
            .withOscUdp(OscUdpRules.defaults().withStreamFreshness(Duration.ofSeconds(1))));
    OscPeer tablet = osc();
    tablet.join("/attune/join", group.joinCode(), "Listener", "tablet");
    tablet.await("/attune/beat");
    Thread.sleep(1_500);
    List<OscPeer.Received> whileSilent = tablet.drain(1_500);
    assertThat(whileSilent)
        .as("nothing after a second of silence")
        .extracting(OscPeer.Received::address)
        .doesNotContain("/attune/beat");
    assertThat(server.oscStats().repliesStale.sum()).isPositive();

    tablet.send("/attune/ping");
    tablet.await("/attune/pong");
    tablet.await("/attune/tempo");
    tablet.await("/attune/section");
    tablet.await("/attune/beat");
    assertThat(server.oscStats().catchUps.sum()).isPositive();
  }

  @Test
  void anEndpointThatMissedAStructureChangeWhileTheSocketWasFullCatchesUp() throws Exception {
    start(ServerConfig.onFreePorts());
    TcpPeer therapist = tcp("Therapist", Role.FACILITATOR, group.facilitatorKey());
    OscPeer tablet = osc();
    tablet.join("/attune/join", group.joinCode(), "Sam", "tablet");
    assertThat(tablet.await("/attune/section").arg(0)).isEqualTo("A");

    Channel udp = server.oscTransport().udpChannel();
    // The real channel's writability, as when the socket's send buffer is full.
    udp.eventLoop()
        .submit(() -> udp.unsafe().outboundBuffer().setUserDefinedWritability(1, false))
        .sync();
    therapist.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder()
                    .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
                    .setSection(SetSection.newBuilder().setName("B"))));
    therapist.await(ServerMessage::hasStructureChange);
    assertThat(tablet.drain(300))
        .as("the change skipped the lagging tablet")
        .extracting(OscPeer.Received::address)
        .doesNotContain("/attune/change");

    udp.eventLoop()
        .submit(() -> udp.unsafe().outboundBuffer().setUserDefinedWritability(1, true))
        .sync();
    tablet.await(r -> r.address().equals("/attune/section") && "B".equals(r.arg(0)));
  }

  @Test
  void facilitatorsJoinOverOscTcpButNotOverPlainUdpUnlessAllowed() throws Exception {
    start(ServerConfig.onFreePorts());
    OscPeer udp = osc();
    udp.send(
        "/attune/join/facilitator", group.joinCode(), group.facilitatorKey(), "Therapist", "t");
    OscPeer.Received refused = udp.await("/attune/error");
    assertThat(refused.arg(0)).isEqualTo("forbidden");
    assertThat(server.oscStats().udpFacilitatorJoins.sum()).isEqualTo(1);

    try (Socket tcp = new Socket(InetAddress.getLoopbackAddress(), server.oscPort())) {
      tcp.setSoTimeout(10_000);
      DataOutputStream out = new DataOutputStream(tcp.getOutputStream());
      byte[] join =
          new OscCodec()
              .encode(
                  new OSCMessage(
                      "/attune/join/facilitator",
                      List.of(group.joinCode(), group.facilitatorKey(), "Therapist", "t")));
      out.writeInt(join.length);
      out.write(join);
      out.flush();
      DataInputStream in = new DataInputStream(tcp.getInputStream());
      byte[] reply = new byte[in.readInt()];
      in.readFully(reply);
      OSCMessage joined = (OSCMessage) new OscCodec().decode(ByteBuffer.wrap(reply));
      assertThat(joined.getAddress()).isEqualTo("/attune/joined");
      assertThat(joined.getArguments().get(1)).isEqualTo("facilitator");
    }

    server.close();
    start(ServerConfig.onFreePorts().withOscUdp(OscUdpRules.defaults().withFacilitators(true)));
    OscPeer allowed = osc();
    assertThat(
            allowed
                .join(
                    "/attune/join/facilitator",
                    group.joinCode(),
                    group.facilitatorKey(),
                    "Therapist")
                .arg(1))
        .isEqualTo("facilitator");
  }
}
