package org.attune.server.transport.osc;

import java.util.List;

/**
 * How a server time (microseconds since server start) is written in an OSC reply, chosen by each
 * endpoint at join.
 *
 * <p>By default Attune sends only OSC 1.0's core types ({@code i f s b}), the only ones Pure Data's
 * {@code [oscparse]}, Max's {@code udpreceive} and many tablet apps read: a server time is two
 * int32s, whole seconds and the microseconds within the second. Both stay exact even in Pd's 32-bit
 * floats (integers up to 2^24, so for 194 days of uptime), where one float of seconds would lose
 * milliseconds after a few hours. A sender that reads int64 (one of OSC 1.0's optional types) asks
 * for it with {@code --int64} at join and gets one {@code h} argument of microseconds.
 *
 * <p>Immutable; thread-safe.
 */
enum OscServerTime {

  /** {@code i i}: whole seconds, then microseconds 0..999999. */
  SECONDS_AND_MICROS,

  /** {@code h}: microseconds, as one int64. */
  INT64_MICROS;

  private static final long MICROS_PER_SECOND = 1_000_000;

  /** Appends {@code micros} to {@code args} in this form. */
  void append(List<Object> args, long micros) {
    if (this == INT64_MICROS) {
      args.add(micros);
    } else {
      args.add((int) Math.floorDiv(micros, MICROS_PER_SECOND));
      args.add((int) Math.floorMod(micros, MICROS_PER_SECOND));
    }
  }
}
