package org.attune.server.transport.osc;

import com.illposed.osc.argument.OSCTimeTag64;
import java.time.Instant;

/**
 * OSC time tags (NTP time: seconds since 1900 and a 32-bit fraction) for moments on the server
 * clock. OSC receivers schedule by their wall clock, so this is the one place where Attune's
 * monotonic server time is translated to wall-clock time: the moment's distance from now is added
 * to the wall clock's now.
 *
 * <p>Stateless; thread-safe.
 */
final class OscTimeTags {

  /** Seconds from 1900-01-01 (NTP's epoch) to 1970-01-01 (Java's). */
  static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

  private OscTimeTags() {}

  /** The time tag of {@code serverMicros}, given the server time and wall-clock time of now. */
  static OSCTimeTag64 at(long serverMicros, long nowServerMicros, Instant wallNow) {
    Instant when = wallNow.plusNanos((serverMicros - nowServerMicros) * 1_000);
    return of(when);
  }

  /** The time tag of a wall-clock instant. */
  static OSCTimeTag64 of(Instant when) {
    long seconds = when.getEpochSecond() + NTP_TO_UNIX_SECONDS;
    long fraction = (((long) when.getNano()) << 32) / 1_000_000_000L;
    return OSCTimeTag64.valueOf((seconds << 32) | fraction);
  }

  /** The wall-clock instant of a time tag. */
  static Instant toInstant(OSCTimeTag64 tag) {
    long ntp = tag.getNtpTime();
    long seconds = (ntp >>> 32) - NTP_TO_UNIX_SECONDS;
    long nanos = ((ntp & 0xFFFF_FFFFL) * 1_000_000_000L) >>> 32;
    return Instant.ofEpochSecond(seconds, nanos);
  }
}
