package org.attune.server.transport.osc;

import com.illposed.osc.OSCPacket;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

/**
 * Replies to one OSC endpoint as datagrams from the gateway's UDP port.
 *
 * <p>A reply while the shared socket's buffer is full is dropped and counted, so that no sender can
 * make replies queue up without bound.
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
  private final LongAdder droppedUnwritable;

  /**
   * @param droppedUnwritable counts replies not sent because the shared socket's buffer was full
   */
  OscDatagramOutput(
      Channel channel, InetSocketAddress to, Runnable onClose, LongAdder droppedUnwritable) {
    this.channel = channel;
    this.to = to;
    this.onClose = onClose;
    this.droppedUnwritable = droppedUnwritable;
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
    // The socket is every UDP sender's: while its buffer is full a reply is dropped, not queued.
    if (!channel.isWritable()) {
      droppedUnwritable.increment();
      return;
    }
    byte[] bytes = OscCodec.forThisThread().encode(packet);
    channel.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(bytes), to), channel.voidPromise());
  }

  @Override
  public void close() {
    onClose.run();
  }
}
