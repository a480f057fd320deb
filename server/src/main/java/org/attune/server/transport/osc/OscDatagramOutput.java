package org.attune.server.transport.osc;

import com.illposed.osc.OSCPacket;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * Replies to one OSC endpoint as datagrams from the gateway's UDP port.
 *
 * <p>Thread-safe: encodes on the calling thread with that thread's codec; Netty hands the write to
 * the channel's loop.
 */
public final class OscDatagramOutput implements OscOutput {

  /** Members reached this way count under this transport name in logs and metrics. */
  public static final String TRANSPORT = "osc-udp";

  private final Channel channel;
  private final InetSocketAddress to;
  private final Runnable onClose;

  OscDatagramOutput(Channel channel, InetSocketAddress to, Runnable onClose) {
    this.channel = channel;
    this.to = to;
    this.onClose = onClose;
  }

  InetSocketAddress address() {
    return to;
  }

  @Override
  public String transport() {
    return TRANSPORT;
  }

  @Override
  public EventLoop loop() {
    return channel.eventLoop();
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void send(OSCPacket packet) {
    byte[] bytes = OscCodec.forThisThread().encode(packet);
    channel.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(bytes), to), channel.voidPromise());
  }

  @Override
  public void close() {
    onClose.run();
  }
}
