package org.attune.server.transport.osc;

import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.attune.clock.ServerClock;

/**
 * Replies to one OSC endpoint as datagrams from the gateway's UDP port.
 *
 * <p>A reply while the shared socket's buffer is full is dropped and counted, so that no sender can
 * make replies queue up without bound; so is one that the endpoint's {@link AddressValidation} does
 * not permit (an unproven address past three times what it sent, a silent one). Either way the
 * endpoint has missed something and catches up once it can.
 *
 * <p>Thread-safe: a send from another thread is handed to the channel's loop, where it is encoded
 * and counted against the endpoint's validation.
 */
public final class OscDatagramOutput implements OscOutput {

  /** Members reached this way count under this transport name in logs and metrics. */
  public static final String TRANSPORT = "osc-udp";

  private final Channel channel;
  private final InetSocketAddress to;
  private final Runnable onClose;
  private final AddressValidation validation;
  private final ServerClock clock;
  private final OscStats stats;

  /**
   * @param validation what the endpoint may be sent, shared by all its outputs
   * @param stats counts replies dropped (full socket, unproven or silent endpoint)
   */
  OscDatagramOutput(
      Channel channel,
      InetSocketAddress to,
      Runnable onClose,
      AddressValidation validation,
      ServerClock clock,
      OscStats stats) {
    this.channel = channel;
    this.to = to;
    this.onClose = onClose;
    this.validation = validation;
    this.clock = clock;
    this.stats = stats;
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

  /**
   * False while the socket is full or the endpoint may not be streamed to (unproven, silent). A
   * group that is told so skips the endpoint, so it is marked as having missed something.
   */
  @Override
  public boolean isWritable() {
    boolean writable = channel.isWritable() && validation.streaming(clock.nowMicros());
    if (!writable) {
      validation.missed(true);
    }
    return writable;
  }

  @Override
  public void send(OSCPacket packet) {
    EventLoop loop = channel.eventLoop();
    if (!loop.inEventLoop()) {
      loop.execute(() -> send(packet));
      return;
    }
    // The socket is every UDP sender's: while its buffer is full a reply is dropped, not queued.
    if (!channel.isWritable()) {
      stats.repliesDroppedUnwritable.increment();
      validation.missed(true);
      return;
    }
    byte[] bytes = permitted(OscCodec.forThisThread().encode(packet), packet);
    if (bytes == null) {
      (validation.proven() ? stats.repliesStale : stats.repliesUnproven).increment();
      return;
    }
    channel.writeAndFlush(
        new DatagramPacket(Unpooled.wrappedBuffer(bytes), to), channel.voidPromise());
  }

  /** {@code encoded} if it may go out now, else a shorter error if that may, else null. */
  private byte[] permitted(byte[] encoded, OSCPacket packet) {
    long now = clock.nowMicros();
    if (validation.permits(now, encoded.length)) {
      return encoded;
    }
    OSCMessage shorter = validation.proven() ? null : OscReplies.withoutSentence(packet);
    if (shorter == null) {
      return null;
    }
    byte[] bytes = OscCodec.forThisThread().encode(shorter);
    return validation.permits(now, bytes.length) ? bytes : null;
  }

  @Override
  public void close() {
    onClose.run();
  }
}
