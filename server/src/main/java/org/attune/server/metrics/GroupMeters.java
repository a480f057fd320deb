package org.attune.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.attune.server.group.GroupRegistry;
import org.attune.server.group.GroupStats;

/**
 * The server-wide meters of the groups: how many there are, the structure changes they scheduled,
 * and the fan-out timers ({@link #newStats}). Members are counted per transport, by {@link
 * TransportMeters#members}.
 *
 * <p>No meter is tagged with a group: groups come and go, and each would leave series behind.
 *
 * <p>Thread-safe: bind from one thread at start-up.
 */
public final class GroupMeters implements MeterBinder {

  /**
   * Bucket bounds of the fan-out histogram, around the targets (p99 at most 2 ms, p99.9 at most 5
   * ms) so that {@code histogram_quantile} is exact where it matters.
   */
  private static final Duration[] FAN_OUT_BUCKETS = {
    Duration.ofNanos(10_000),
    Duration.ofNanos(25_000),
    Duration.ofNanos(50_000),
    Duration.ofNanos(100_000),
    Duration.ofNanos(250_000),
    Duration.ofNanos(500_000),
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(100)
  };

  private final GroupRegistry groups;

  public GroupMeters(GroupRegistry groups) {
    this.groups = groups;
  }

  /** Counters for a new group registry, with its fan-out timers registered in {@code registry}. */
  public static GroupStats newStats(MeterRegistry registry) {
    return new GroupStats(fanOutTimer(registry, "gesture"), fanOutTimer(registry, "state"));
  }

  private static Timer fanOutTimer(MeterRegistry registry, String message) {
    return Timer.builder(MeterNames.FAN_OUT)
        .description("Time a group's event loop takes to hand one message to all its members")
        .tag(MeterNames.MESSAGE, message)
        .serviceLevelObjectives(FAN_OUT_BUCKETS)
        .register(registry);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder(MeterNames.GROUPS, groups, GroupRegistry::count)
        .description("Groups that exist now")
        .register(registry);
    FunctionCounter.builder(
            MeterNames.STRUCTURE_CHANGES, groups.stats().structureChanges, LongAdder::sum)
        .description("Structure changes scheduled by facilitators")
        .register(registry);
    FunctionCounter.builder(
            MeterNames.SPOTLIGHT_TURNS, groups.stats().spotlightTurns, LongAdder::sum)
        .description("Times the spotlight moved by itself to the next turn")
        .register(registry);
    FunctionCounter.builder(MeterNames.TEMPO_FOLLOWED, groups.stats().tempoFollowed, LongAdder::sum)
        .description("Tempo steps groups took towards the member whose tempo they follow")
        .register(registry);
    FunctionCounter.builder(
            MeterNames.PLACES_RECLAIMED, groups.stats().placesReclaimed, LongAdder::sum)
        .description("Places of dropped members given to new ones because the group was full")
        .register(registry);
  }
}
