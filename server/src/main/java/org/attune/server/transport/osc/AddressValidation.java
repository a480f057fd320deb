package org.attune.server.transport.osc;

/**
 * Whether a UDP endpoint may be sent to, and how much: QUIC's anti-amplification rule (RFC 9000,
 * section 8.1) for an address anyone can forge.
 *
 * <p>Until the endpoint has proven that it hears what the server sends to it (by sending back the
 * session token that only its reply address was told, as {@code /attune/session/TOKEN/...}), the
 * server sends it at most {@link #AMPLIFICATION} times the bytes it has received from it: enough
 * for the answer to a join ({@code /attune/joined} with the token), a pong or an error, never a
 * stream. A proven endpoint gets the group's stream (beats, state, gestures) while it is fresh: as
 * long as a datagram came from it within the freshness window; a silent one gets nothing until it
 * is heard again, when it catches up with a snapshot ({@link #missed}).
 *
 * <p>Thread-safe: changed on the UDP gateway's loop, except that a group told the endpoint is not
 * writable marks it {@link #missed} from its own loop; those fields are volatile.
 */
final class AddressValidation {

  /** Bytes sent to an unproven endpoint per byte received from it, at most. */
  static final int AMPLIFICATION = 3;

  private final long freshMicros;
  private volatile boolean proven;
  private volatile long lastHeardMicros;
  private long credit;
  private volatile boolean missed;

  /**
   * @param freshMicros how long after the endpoint's last datagram it is still sent its stream
   * @param heardMicros when its first datagram came
   * @param heardBytes that datagram's size
   */
  AddressValidation(long freshMicros, long heardMicros, int heardBytes) {
    this.freshMicros = freshMicros;
    heard(heardMicros, heardBytes);
  }

  /** A datagram of {@code bytes} came from the endpoint at {@code nowMicros}. */
  void heard(long nowMicros, int bytes) {
    lastHeardMicros = nowMicros;
    if (!proven) {
      credit = Math.min(credit + (long) AMPLIFICATION * bytes, Integer.MAX_VALUE);
    }
  }

  /** The endpoint echoed its session token: it hears what is sent to its reply address. */
  void prove() {
    proven = true;
  }

  boolean proven() {
    return proven;
  }

  /** Whether the endpoint gets its group's stream now: proven, and heard from lately. */
  boolean streaming(long nowMicros) {
    return proven && nowMicros - lastHeardMicros <= freshMicros;
  }

  /**
   * Whether a reply of {@code bytes} may go out now; an unproven endpoint's credit pays for it. A
   * refused one is remembered as {@link #missed}.
   */
  boolean permits(long nowMicros, int bytes) {
    if (streaming(nowMicros)) {
      return true;
    }
    if (!proven && bytes <= credit) {
      credit -= bytes;
      return true;
    }
    missed = true;
    return false;
  }

  /** Something was not sent (not permitted, or the socket was full) since the last catch-up. */
  boolean missed() {
    return missed;
  }

  void missed(boolean missed) {
    this.missed = missed;
  }
}
