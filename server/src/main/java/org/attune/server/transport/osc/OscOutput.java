package org.attune.server.transport.osc;

import com.illposed.osc.OSCPacket;
import io.netty.channel.EventLoop;

/**
 * Where one OSC endpoint's replies go: a datagram address or a TCP connection.
 *
 * <p>Thread-safe: {@link #send} may be called from any thread.
 */
interface OscOutput {

  /** {@code "osc-udp"} or {@code "osc-tcp"}, for logs and metrics. */
  String transport();

  /** The loop that owns the endpoint's channel; the endpoint's link runs its timeline there. */
  EventLoop loop();

  boolean isWritable();

  void send(OSCPacket packet);

  /** Ends the endpoint: a TCP connection closes; a datagram endpoint is forgotten. */
  void close();
}
