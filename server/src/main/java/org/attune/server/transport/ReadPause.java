package org.attune.server.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Why a connection is not being read now: more than one handler stops reading a connection for a
 * reason of its own (its peer does not read what it is sent, {@link OutboundBackpressure}; it sends
 * more than its budget, {@link InboundMessageBudget}), and each must not resume what the other
 * paused. The channel's {@code autoRead} is on exactly when no reason is left.
 *
 * <p>Thread-safe: no; call on the channel's event loop.
 */
public final class ReadPause {

  /** One reason to stop reading a connection. */
  public enum Reason {
    /** Its outbound buffer is past the high-water mark: its peer does not read. */
    UNWRITABLE,
    /** It sent more messages than its budget allows. */
    OVER_BUDGET
  }

  private static final AttributeKey<ReadPause> KEY = AttributeKey.valueOf("attune.readPause");

  private int reasons;

  private ReadPause() {}

  /** Stops reading {@code channel} for {@code reason}, until {@link #resume} for it. */
  public static void pause(Channel channel, Reason reason) {
    ReadPause p = of(channel);
    p.reasons |= 1 << reason.ordinal();
    channel.config().setAutoRead(false);
  }

  /** Takes back {@code reason}; reading resumes if no other reason is left. */
  public static void resume(Channel channel, Reason reason) {
    ReadPause p = of(channel);
    p.reasons &= ~(1 << reason.ordinal());
    if (p.reasons == 0 && !channel.config().isAutoRead()) {
      channel.config().setAutoRead(true);
    }
  }

  /** Whether {@code channel} is paused for {@code reason}. */
  public static boolean isPaused(Channel channel, Reason reason) {
    ReadPause p = channel.attr(KEY).get();
    return p != null && (p.reasons & (1 << reason.ordinal())) != 0;
  }

  private static ReadPause of(Channel channel) {
    ReadPause p = channel.attr(KEY).get();
    if (p == null) {
      p = new ReadPause();
      channel.attr(KEY).set(p);
    }
    return p;
  }
}
