package org.attune.server.transport.tcp;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Broadcast;
import org.attune.server.group.MemberLink;

/**
 * A member reached over one TCP connection.
 *
 * <p>Thread-safe: Netty hands writes from the group's loop to the channel's loop.
 */
final class TcpMemberLink implements MemberLink {

  private final Channel channel;

  TcpMemberLink(Channel channel) {
    this.channel = channel;
  }

  @Override
  public String transport() {
    return TcpStats.TRANSPORT;
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void send(ServerMessage message) {
    channel.writeAndFlush(message, channel.voidPromise());
  }

  @Override
  public void send(Broadcast broadcast) {
    channel.writeAndFlush(broadcast.retainedFrame(), channel.voidPromise());
  }

  @Override
  public void close() {
    channel.writeAndFlush(io.netty.buffer.Unpooled.EMPTY_BUFFER)
        .addListener(ChannelFutureListener.CLOSE);
  }
}
