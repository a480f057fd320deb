package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCMessage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Failed OSC joins from many source ports leave no state behind (issue 10: 5,000 joins with missing
 * arguments left a record per sender, and at 4,096 every new OSC join was refused).
 */
@Timeout(60)
class OscEndpointLeakTest {

  private AttuneServer server;
  private Group group;

  @BeforeEach
  void start() throws Exception {
    server =
        AttuneServer.start(ServerConfig.onFreePorts().withOscIdleTimeout(Duration.ofMinutes(1)));
    group = server.groups().create("osc");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** Sends one OSC message from a fresh socket (a fresh source port), and closes it. */
  private void sendOnceFromNewPort(OSCMessage message) throws Exception {
    byte[] bytes = new OscCodec().encode(message);
    try (DatagramSocket s =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      s.send(
          new DatagramPacket(
              bytes,
              bytes.length,
              new InetSocketAddress(InetAddress.getLoopbackAddress(), server.oscPort())));
    }
  }

  @Test
  void joinsWithMissingArgumentsFromThousandsOfPortsDoNotLockOutTheNextTablet() throws Exception {
    int senders = OscDatagramHandler.MAX_ENDPOINTS + 500;
    for (int i = 0; i < senders; i++) {
      sendOnceFromNewPort(new OSCMessage("/attune/join", List.of()));
      if (i % 500 == 499) {
        Thread.sleep(20); // lets the server's socket buffer drain
      }
    }
    try (OscPeer tablet = new OscPeer(server.oscPort())) {
      OscPeer.Received joined = tablet.join("/attune/join", group.joinCode(), "Sam", "tablet");
      assertThat(joined.address()).isEqualTo("/attune/joined");
    }
    assertThat(server.oscStats().badArguments.sum()).isGreaterThan(senders / 2);
  }
}
