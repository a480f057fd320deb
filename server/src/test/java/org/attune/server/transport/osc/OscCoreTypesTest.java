package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.argument.OSCTimeTag64;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Everything the gateway sends, by default, is made of OSC 1.0's core types only ({@code i f s b},
 * time tags in bundle headers), so that Pure Data's {@code [oscparse]}, Max and tablet apps read
 * all of it: a facilitator and a participant on real UDP sockets go through every outbound address
 * README.md documents, and every datagram they receive is read by {@link PdOscparse}.
 */
class OscCoreTypesTest {

  /** README.md's "Server to client" table: every address the gateway sends. */
  static final Set<String> OUTBOUND =
      Set.of(
          "/attune/joined",
          "/attune/error",
          "/attune/left",
          "/attune/beat",
          "/attune/tempo",
          "/attune/meter",
          "/attune/section",
          "/attune/key",
          "/attune/chord",
          "/attune/groove",
          "/attune/dynamics",
          "/attune/change",
          "/attune/next/tempo",
          "/attune/next/section",
          "/attune/next/key",
          "/attune/next/meter",
          "/attune/next/groove",
          "/attune/next/dynamics",
          "/attune/next/chords",
          "/attune/next/accent",
          "/attune/accepted",
          "/attune/played",
          "/attune/roster",
          "/attune/member",
          "/attune/pong",
          "/attune/quantize",
          "/attune/mixer",
          "/attune/strip",
          "/attune/level");

  private AttuneServer server;
  private Group group;
  private final List<OscPeer> peers = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withSound(SoundConfig.builtIn())
                .withOscUdp(OscUdpRules.defaults().withFacilitators(true)));
    group = server.groups().create("core-types");
  }

  @AfterEach
  void stop() {
    peers.forEach(OscPeer::close);
    server.close();
  }

  private OscPeer osc() throws Exception {
    OscPeer peer = new OscPeer(server.oscPort());
    peers.add(peer);
    return peer;
  }

  @Test
  void everyAddressTheGatewaySendsUsesOnlyCoreTypesByDefault() throws Exception {
    OscPeer therapist = osc();
    therapist.join("/attune/join/facilitator", group.joinCode(), group.facilitatorKey(), "T");
    OscPeer tablet = osc();
    String sam = (String) tablet.join("/attune/join", group.joinCode(), "Sam", "marimba").arg(0);

    tablet.send("/attune/ping");
    tablet.send("/attune/dance");
    for (Object[] gesture :
        new Object[][] {
          {"/attune/note/on", 60, 100}, {"/attune/note/off", 60}, {"/attune/pad", 3, 0.8f},
          {"/attune/pad/release", 3}, {"/attune/tone", 1}, {"/attune/tone/release", 1},
          {"/attune/hit", 38}, {"/attune/control", 0.5f}, {"/attune/tap"}
        }) {
      String address = (String) gesture[0];
      Object[] args = new Object[gesture.length - 1];
      System.arraycopy(gesture, 1, args, 0, args.length);
      tablet.send(address, args);
    }
    therapist.send("/attune/quantize", "next-beat");
    therapist.send("/attune/tempo", 100, 4);
    therapist.send("/attune/section", "B");
    therapist.send("/attune/key", "D", "dorian");
    therapist.send("/attune/meter", 3, 4);
    therapist.send("/attune/groove", "swing");
    therapist.send("/attune/dynamics", "ff", 2);
    therapist.send("/attune/chords", "I", "IV", "V", "I");
    therapist.send("/attune/accent");
    therapist.send("/attune/mixer/gain/" + sam, -6f);
    for (String[] now :
        new String[][] {
          {"/attune/key", "D"},
          {"/attune/section", "B"},
          {"/attune/groove", "swing"},
          {"/attune/dynamics", "ff"}
        }) {
      awaitSeen(therapist, r -> r.address().equals(now[0]) && r.arg(0).equals(now[1]));
    }
    awaitSeen(therapist, r -> r.address().equals("/attune/meter") && r.arg(0).equals(3));
    awaitSeen(therapist, r -> r.address().equals("/attune/level"));
    awaitSeen(therapist, r -> r.address().equals("/attune/played") && r.arg(1).equals("tap"));
    awaitSeen(tablet, r -> r.address().equals("/attune/pong"));
    awaitSeen(tablet, r -> r.address().equals("/attune/error"));
    tablet.send("/attune/leave");
    tablet.await("/attune/left");

    Set<String> received = new TreeSet<>();
    for (OscPeer peer : List.of(therapist, tablet)) {
      for (byte[] datagram : peer.datagrams()) {
        for (PdOscparse.Message m : PdOscparse.read(datagram)) {
          assertThat(m.tags()).as("type tags of %s %s", m.address(), m.args()).matches("[ifsb]*");
          received.add(m.address());
        }
      }
    }
    assertThat(received)
        .as("every address the gateway sends, and no other")
        .containsExactlyInAnyOrderElementsOf(OUTBOUND);
  }

  /** Waits until {@code peer} has received, before or from now, a message {@code wanted} takes. */
  private static void awaitSeen(OscPeer peer, Predicate<OscPeer.Received> wanted) throws Exception {
    if (peer.seen().stream().noneMatch(wanted)) {
      peer.await(wanted);
    }
  }

  @Test
  void theReadmeTableNamesEveryOutboundAddress() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int from = readme.indexOf("### Server to client");
    assertThat(from).isNotNegative();
    int end = readme.indexOf("\n\n", readme.indexOf("| address", from));
    String table = readme.substring(from, end);
    for (String address : OUTBOUND) {
      assertThat(table).as("README's server-to-client table").contains("`" + address);
    }
  }

  @Test
  void thePdReaderRefusesWhatOscparseRefusesAndReadsBundles() throws Exception {
    OscCodec codec = new OscCodec();
    byte[] int64 = codec.encode(new OSCMessage("/attune/played", List.of("m1", 42L)));
    assertThatThrownBy(() -> PdOscparse.read(int64)).hasMessageContaining("unknown tag 'h'");
    byte[] flag = codec.encode(new OSCMessage("/attune/strip", List.of(true)));
    assertThatThrownBy(() -> PdOscparse.read(flag)).hasMessageContaining("unknown tag 'T'");
    byte[] dbl = codec.encode(new OSCMessage("/attune/tempo", List.of(90.0)));
    assertThatThrownBy(() -> PdOscparse.read(dbl)).hasMessageContaining("unknown tag 'd'");
    assertThatThrownBy(() -> PdOscparse.read(new byte[] {'x', 0, 0, 0, ',', 0, 0, 0}))
        .hasMessageContaining("no leading slash");

    byte[] bundle =
        codec.encode(
            new OSCBundle(
                List.of(
                    new OSCMessage("/attune/change", List.of(1, 2, 1, "section B")),
                    new OSCMessage("/attune/next/section", List.of("B"))),
                OSCTimeTag64.IMMEDIATE));
    assertThat(PdOscparse.read(bundle))
        .containsExactly(
            new PdOscparse.Message("/attune/change", "iiis", List.of(1, 2, 1, "section B")),
            new PdOscparse.Message("/attune/next/section", "s", List.of("B")));
    byte[] truncated = Arrays.copyOf(bundle, bundle.length - 4);
    assertThatThrownBy(() -> PdOscparse.read(truncated)).isInstanceOf(PdOscparse.Refused.class);
  }
}
