package org.attune.server.group;

import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of all the groups of one registry, summed server-wide so that their number stays bounded
 * however many groups come and go; the member counts are kept per transport ({@link MemberStats}).
 *
 * <p>Fan-out times go to Micrometer timers, because a latency histogram is what a timer is; the
 * metrics package creates them and exposes the rest.
 *
 * <p>Thread-safe: written by the groups' event loops, read from any thread.
 */
public final class GroupStats {

  /** Structure changes scheduled by facilitators. */
  public final LongAdder structureChanges = new LongAdder();

  /**
   * Tempo steps the groups took towards a member they follow (counted in structure changes too).
   */
  public final LongAdder tempoFollowed = new LongAdder();

  /** Times the spotlight moved by itself to the next member's turn (or to the group's bars). */
  public final LongAdder spotlightTurns = new LongAdder();

  /** Places of dropped members given to new ones because their group was full. */
  public final LongAdder placesReclaimed = new LongAdder();

  private final Timer gestureFanOut;
  private final Timer stateFanOut;
  private final ConcurrentMap<String, MemberStats> byTransport = new ConcurrentHashMap<>();

  /**
   * @param gestureFanOut records how long relaying one gesture to a group's members takes
   * @param stateFanOut records how long sending one roster or structure change to a group takes
   */
  public GroupStats(Timer gestureFanOut, Timer stateFanOut) {
    this.gestureFanOut = gestureFanOut;
    this.stateFanOut = stateFanOut;
  }

  /** The counts of the members reached over {@code transport}; created on first use. */
  public MemberStats members(String transport) {
    MemberStats stats = byTransport.get(transport);
    return stats != null ? stats : byTransport.computeIfAbsent(transport, MemberStats::new);
  }

  void recordFanOut(boolean state, long nanos) {
    (state ? stateFanOut : gestureFanOut).record(nanos, TimeUnit.NANOSECONDS);
  }
}
