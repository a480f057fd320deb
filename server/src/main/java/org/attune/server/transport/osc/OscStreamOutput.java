package org.attune.server.transport.osc;

import com.illposed.osc.OSCPacket;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;

/**
 * Replies to an OSC endpoint on its TCP connection; {@link OscStreamFraming} frames them.
 *
 * <p>What it writes passes the connection's {@code OutboundBackpressure}, which stops reading a
 * connection that does not read its replies and closes one that lets too much queue up.
 *
 * <p>Thread-safe: encodes on the calling thread with that thread's codec; Netty hands the write to
 * the channel's loop.
 */
public final class OscStreamOutput implements OscOutput {

  /** Members reached this way count under this transport name in logs and metrics. */
  public static final String TRANSPORT = "osc-tcp";

  private final Channel channel;

  OscStreamOutput(Channel channel) {
    this.channel = channel;
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
    channel.writeAndFlush(OscCodec.forThisThread().encode(packet), channel.voidPromise());
  }

  @Override
  public void close() {
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }
}
