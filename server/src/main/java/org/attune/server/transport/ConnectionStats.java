package org.attune.server.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import org.attune.server.metrics.MeterNames;
import org.attune.server.metrics.TransportMeters;

/**
 * Counters of one connection transport's members (TCP, WebSocket): connections, clock pings, and
 * the requests it dropped or refused, by reason; what {@link MemberConnectionHandler} counts.
 *
 * <p>Thread-safe: incremented by the connections' event loops, read from any thread.
 */
public class ConnectionStats implements MeterBinder {

  private final String transport;

  public final LongAdder connections = new LongAdder();
  public final LongAdder clockPings = new LongAdder();

  /** Frames that could not be read (a broken length prefix or a message that does not parse). */
  public final LongAdder malformedFrames = new LongAdder();

  /** Frames longer than the maximum; each closes its connection. */
  public final LongAdder oversizedFrames = new LongAdder();

  /** Messages with no body this server knows. */
  public final LongAdder unsupportedMessages = new LongAdder();

  /** Joins and resumes refused: unknown code or session, wrong key, full group, joined already. */
  public final LongAdder refusedJoins = new LongAdder();

  /** Joins and resumes refused because their address failed too often. */
  public final LongAdder rateLimitedJoins = new LongAdder();

  /** Gestures, commands and leaves from a connection that has not joined. */
  public final LongAdder notJoined = new LongAdder();

  /** Connections closed for not joining within the join timeout. */
  public final LongAdder joinTimeouts = new LongAdder();

  /** Connections closed because their peer let more than the cap queue up unread. */
  public final LongAdder outboundOverflows = new LongAdder();

  /** Clock pongs not sent because the connection was not writable (its peer does not read). */
  public final LongAdder unreadPongs = new LongAdder();

  /** Messages dropped unread because their connection sent more than its message budget. */
  public final LongAdder overBudgetMessages = new LongAdder();

  /** Times a connection stopped being read for a while for passing its message budget. */
  public final LongAdder budgetPauses = new LongAdder();

  public final LongAdder refusedGestures = new LongAdder();
  public final LongAdder refusedCommands = new LongAdder();

  /** Counters of the transport named {@code transport} in logs and metrics. */
  protected ConnectionStats(String transport) {
    this.transport = transport;
  }

  /** The transport's name in logs and metrics, e.g. {@code tcp}. */
  public final String transport() {
    return transport;
  }

  /** Binds these counters as {@code transport="<name>"} meters. */
  @Override
  public void bindTo(MeterRegistry registry) {
    meters(registry)
        .connections(connections)
        .clockPings(clockPings)
        .dropped(MeterNames.MALFORMED, malformedFrames)
        .dropped(MeterNames.OVERSIZED, oversizedFrames)
        .dropped(MeterNames.UNSUPPORTED, unsupportedMessages)
        .dropped(MeterNames.JOIN_REFUSED, refusedJoins)
        .dropped(MeterNames.RATE_LIMITED, rateLimitedJoins)
        .dropped(MeterNames.NOT_JOINED, notJoined)
        .dropped(MeterNames.JOIN_TIMEOUT, joinTimeouts)
        .dropped(MeterNames.OUTBOUND_OVERFLOW, outboundOverflows)
        .dropped(MeterNames.PONG_UNREAD, unreadPongs)
        .dropped(MeterNames.MESSAGE_RATE, overBudgetMessages)
        .readPauses(budgetPauses)
        .dropped(MeterNames.REFUSED_GESTURE, refusedGestures)
        .dropped(MeterNames.REFUSED_COMMAND, refusedCommands);
  }

  /** This transport's meters in {@code registry}, for a subclass's own counters. */
  protected final TransportMeters meters(MeterRegistry registry) {
    return TransportMeters.of(registry, transport);
  }
}
