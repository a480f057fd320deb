package org.attune.server.metrics;

import static org.attune.server.metrics.MeterNames.REASON;
import static org.attune.server.metrics.MeterNames.ROLE;
import static org.attune.server.metrics.MeterNames.TRANSPORT;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.attune.protocol.v1.Role;
import org.attune.server.group.GroupStats;
import org.attune.server.group.MemberStats;

/**
 * Binds one transport's counters to a registry, one line a counter, each meter tagged with the
 * transport's name. A transport keeps its counts in {@link LongAdder}s that its handlers increment;
 * the meters read them only when scraped:
 *
 * <pre>{@code
 * TransportMeters.of(registry, "osc")
 *     .members(groupStats)
 *     .datagrams(oscStats.datagramsIn)
 *     .dropped(MeterNames.MALFORMED, oscStats.malformed)
 *     .dropped("unknown_endpoint", oscStats.unknownEndpoint);
 * }</pre>
 *
 * <p>Thread-safe: bind from one thread at start-up; the meters may then be read from any.
 */
public final class TransportMeters {

  private static final Role[] ROLES = {Role.PARTICIPANT, Role.FACILITATOR, Role.LISTENER};

  private final MeterRegistry registry;
  private final String transport;
  private final Tags tags;

  private TransportMeters(MeterRegistry registry, String transport) {
    this.registry = registry;
    this.transport = transport;
    this.tags = Tags.of(TRANSPORT, transport);
  }

  /** Starts binding the meters of {@code transport}, e.g. {@code "tcp"}. */
  public static TransportMeters of(MeterRegistry registry, String transport) {
    return new TransportMeters(registry, transport);
  }

  /** {@code attune_connections_opened_total}: connections accepted. */
  public TransportMeters connections(LongAdder opened) {
    return counter(MeterNames.CONNECTIONS_OPENED, "Connections accepted", opened);
  }

  /**
   * {@code attune_connections_read_pauses_total}: times a connection was not read for a while for
   * sending more than its message budget.
   */
  public TransportMeters readPauses(LongAdder pauses) {
    return counter(
        MeterNames.READ_PAUSES,
        "Times a connection stopped being read for sending past its message budget",
        pauses);
  }

  /** {@code attune_datagrams_received_total}: datagrams received, whatever became of them. */
  public TransportMeters datagrams(LongAdder received) {
    return counter(MeterNames.DATAGRAMS_RECEIVED, "Datagrams received", received);
  }

  /** {@code attune_clock_pings_total}: clock pings answered. */
  public TransportMeters clockPings(LongAdder answered) {
    return counter(MeterNames.CLOCK_PINGS, "Clock pings answered", answered);
  }

  /**
   * {@code attune_messages_dropped_total{reason}}: messages dropped or refused for {@code reason},
   * one of {@link MeterNames}' reasons or another short snake_case word.
   */
  public TransportMeters dropped(String reason, LongAdder count) {
    FunctionCounter.builder(MeterNames.MESSAGES_DROPPED, count, LongAdder::sum)
        .description("Messages dropped or refused, by reason")
        .tags(tags)
        .tag(REASON, reason)
        .register(registry);
    return this;
  }

  /**
   * The members this transport carries, from the groups' counts: {@code attune_members{role}},
   * {@code attune_members_lagging}, gestures received and sent, gestures dropped because the
   * receiver was lagging, and the snapshots that caught it up.
   */
  public TransportMeters members(GroupStats groups) {
    MemberStats members = groups.members(transport);
    for (Role role : ROLES) {
      Gauge.builder(MeterNames.MEMBERS, members, m -> m.connected(role))
          .description("Members connected now")
          .tags(tags)
          .tag(ROLE, role.name().toLowerCase(Locale.ROOT))
          .register(registry);
    }
    Gauge.builder(MeterNames.MEMBERS_LAGGING, members, MemberStats::lagging)
        .description("Connected members whose link is full; they get no gestures until it drains")
        .tags(tags)
        .register(registry);
    counter(MeterNames.GESTURES_RECEIVED, "Gestures accepted from members", members.gesturesIn);
    counter(MeterNames.GESTURES_SENT, "Gestures relayed to members", members.gesturesOut);
    counter(
        MeterNames.LAGGING_SNAPSHOTS,
        "Snapshots sent to members that caught up after lagging",
        members.snapshotsForLagging);
    dropped(MeterNames.GESTURE_RATE, members.gesturesRateLimited);
    return dropped(MeterNames.LAGGING, members.gesturesDroppedLagging);
  }

  /** Any other counter of this transport, tagged with its name. */
  public TransportMeters counter(String name, String description, LongAdder count) {
    FunctionCounter.builder(name, count, LongAdder::sum)
        .description(description)
        .tags(tags)
        .register(registry);
    return this;
  }
}
