package org.attune.loadtest.run;

import java.time.Duration;
import org.attune.loadtest.impair.LinkImpairment;

/**
 * What one load run does: how many members in groups of what size, how often each plays and each
 * facilitator changes the structure, how they probe the clock, for how long, and over what link.
 *
 * <p>Immutable; thread-safe.
 *
 * @param name the run's name in the report, e.g. "loopback"
 * @param members simulated members in all
 * @param groupSize members per group; the first of each group is its facilitator
 * @param gesturesPerSecond gestures each member sends a second (0 = idle)
 * @param warmup time after the start of playing that is not measured (JIT, sync settling)
 * @param duration measured time
 * @param changeInterval time between one facilitator's structure changes (zero = none)
 * @param pingInterval time between a member's UDP clock pings
 * @param tcpPingInterval time between a member's TCP clock pings
 * @param udpPings whether members ping over UDP (else only over TCP)
 * @param clientThreads event-loop threads of the load generator's members
 * @param impairment the emulated link between members and server, or null for plain loopback
 * @param measureMemory whether to read the server's heap after GC before and after members join
 */
public record Workload(
    String name,
    int members,
    int groupSize,
    double gesturesPerSecond,
    Duration warmup,
    Duration duration,
    Duration changeInterval,
    Duration pingInterval,
    Duration tcpPingInterval,
    boolean udpPings,
    int clientThreads,
    LinkImpairment impairment,
    boolean measureMemory) {

  public Workload {
    if (members < 1 || groupSize < 1) {
      throw new IllegalArgumentException("members and group size must be positive");
    }
  }

  /** Groups needed: members divided by group size, rounded up. */
  public int groups() {
    return (members + groupSize - 1) / groupSize;
  }

  /** Members of group {@code group} (the last one may be smaller). */
  public int sizeOf(int group) {
    return Math.min(groupSize, members - group * groupSize);
  }
}
