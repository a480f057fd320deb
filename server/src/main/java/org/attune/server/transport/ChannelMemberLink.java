package org.attune.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Broadcast;
import org.attune.server.group.MemberLink;

/**
 * A member reached over one connection (TCP or WebSocket): the pipeline's encoders turn what it
 * writes into the transport's frames.
 *
 * <p>A broadcast is written either as its shared varint-framed encoding ({@link Form#FRAMED}: TCP
 * sends it as it is, the WebSocket's binary form strips the prefix) or as the message itself
 * ({@link Form#MESSAGE}: for encodings the group does not share, the WebSocket's JSON).
 *
 * <p>Once the member has joined, its channel lives on its group's event loop, so the group's writes
 * happen on the channel's own thread: they are written at once and flushed together at the end of
 * the loop's iteration ({@link IterationFlush}). A write from any other thread is handed to the
 * channel's loop and flushed by itself, as Netty does.
 *
 * <p>Thread-safe: yes; {@link #flushDue} is only read and written on the channel's loop.
 */
public final class ChannelMemberLink implements MemberLink {

  /** What a broadcast is written to the pipeline as. */
  public enum Form {
    /** The broadcast's varint-framed encoding, shared by all its members. */
    FRAMED,
    /** The {@code ServerMessage}, encoded by this connection's pipeline. */
    MESSAGE
  }

  private final Channel channel;
  private final String transport;
  private final Form form;
  private boolean flushDue;

  public ChannelMemberLink(Channel channel, String transport, Form form) {
    this.channel = channel;
    this.transport = transport;
    this.form = form;
  }

  @Override
  public String transport() {
    return transport;
  }

  @Override
  public boolean isWritable() {
    return channel.isWritable();
  }

  @Override
  public void send(ServerMessage message) {
    write(message);
  }

  @Override
  public void send(Broadcast broadcast) {
    write(form == Form.FRAMED ? broadcast.retainedFrame() : broadcast.message());
  }

  private void write(Object message) {
    EventLoop loop = channel.eventLoop();
    if (!loop.inEventLoop()) {
      channel.writeAndFlush(message, channel.voidPromise());
      return;
    }
    channel.write(message, channel.voidPromise());
    if (!flushDue) {
      flushDue = true;
      IterationFlush.onThisLoop().add(this, loop);
    }
  }

  /** Flushes what this iteration wrote. Called by {@link IterationFlush} on the channel's loop. */
  void flushNow() {
    flushDue = false;
    channel.flush();
  }

  @Override
  public void close() {
    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }
}
