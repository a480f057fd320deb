package org.attune.deploy;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port numbers free on this machine for both TCP and UDP, so a test's server clashes with none. */
final class FreePorts {

  private FreePorts() {}

  /** A port that is free now for TCP and UDP on every address (the server binds 0.0.0.0). */
  static int tcpAndUdp() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket tcp = new ServerSocket()) {
        tcp.bind(new InetSocketAddress(0));
        port = tcp.getLocalPort();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(port))) {
          return udp.getLocalPort();
        } catch (IOException taken) {
          continue;
        }
      }
    }
    throw new IOException("no port free for both TCP and UDP in 50 tries");
  }
}
