package org.attune.server.transport.osc;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.atomic.LongAdder;
import org.attune.server.metrics.MeterNames;
import org.attune.server.metrics.TransportMeters;

/**
 * Counters of the OSC gateway, UDP and TCP together: packets read, and the messages it dropped or
 * refused, by reason.
 *
 * <p>Thread-safe: incremented by the gateway's and the groups' event loops, read from any thread.
 */
public final class OscStats implements MeterBinder {

  /**
   * The gateway's name in metrics; its members are counted as {@code osc-udp} and {@code osc-tcp}.
   */
  public static final String TRANSPORT = "osc";

  /** Reason: a reply not sent to a UDP endpoint silent past the stream's freshness. */
  public static final String STALE = "stale";

  /** Reason: a facilitator join over plain UDP, refused unless the server allows them. */
  public static final String UDP_FACILITATOR = "udp_facilitator";

  /** OSC packets read: datagrams and stream frames. */
  public final LongAdder packets = new LongAdder();

  /** TCP connections opened to the gateway. */
  public final LongAdder connections = new LongAdder();

  /** Packets that were not OSC. */
  public final LongAdder malformed = new LongAdder();

  /** Packets over {@link OscCodec#MAX_PACKET_BYTES}. */
  public final LongAdder oversized = new LongAdder();

  /** Messages to an address Attune does not know. */
  public final LongAdder unknownAddress = new LongAdder();

  /** Messages whose arguments do not fit their address. */
  public final LongAdder badArguments = new LongAdder();

  /** Messages that need a joined sender, from one that has not joined (or an unknown token). */
  public final LongAdder notJoined = new LongAdder();

  /** Joins refused: unknown code, wrong key, full group, joined elsewhere already. */
  public final LongAdder refusedJoins = new LongAdder();

  /** Joins refused because their address failed too often. */
  public final LongAdder rateLimitedJoins = new LongAdder();

  public final LongAdder refusedGestures = new LongAdder();
  public final LongAdder refusedCommands = new LongAdder();

  /** Error replies not sent to unjoined senders because their budget was spent. */
  public final LongAdder repliesSuppressed = new LongAdder();

  /** Endpoints that left their group after staying silent for the idle timeout. */
  public final LongAdder idleExpired = new LongAdder();

  /** OSC connections closed because more than the cap was queued to them unread. */
  public final LongAdder outboundOverflows = new LongAdder();

  /** Replies not sent over UDP because the shared socket's buffer was full. */
  public final LongAdder repliesDroppedUnwritable = new LongAdder();

  /**
   * Replies over UDP held back by the anti-amplification rule: to an endpoint that has not proven
   * its address, past three times the bytes it sent.
   */
  public final LongAdder repliesUnproven = new LongAdder();

  /** Replies over UDP not sent to a proven endpoint that has been silent past the freshness. */
  public final LongAdder repliesStale = new LongAdder();

  /** UDP endpoints that missed replies and were brought up to date (snapshot or state again). */
  public final LongAdder catchUps = new LongAdder();

  /** Facilitator joins refused because they came over plain UDP. */
  public final LongAdder udpFacilitatorJoins = new LongAdder();

  /** Endpoints forgotten after a failed join or a silence without joining. */
  public final LongAdder unjoinedExpired = new LongAdder();

  /** Binds these counters as {@code transport="osc"} meters. */
  @Override
  public void bindTo(MeterRegistry registry) {
    TransportMeters.of(registry, TRANSPORT)
        .datagrams(packets)
        .connections(connections)
        .dropped(MeterNames.MALFORMED, malformed)
        .dropped(MeterNames.OVERSIZED, oversized)
        .dropped(MeterNames.UNKNOWN_ADDRESS, unknownAddress)
        .dropped(MeterNames.BAD_ARGUMENTS, badArguments)
        .dropped(MeterNames.NOT_JOINED, notJoined)
        .dropped(MeterNames.JOIN_REFUSED, refusedJoins)
        .dropped(MeterNames.RATE_LIMITED, rateLimitedJoins)
        .dropped(MeterNames.REFUSED_GESTURE, refusedGestures)
        .dropped(MeterNames.REFUSED_COMMAND, refusedCommands)
        .dropped(MeterNames.OUTBOUND_OVERFLOW, outboundOverflows)
        .dropped(MeterNames.AMPLIFICATION, repliesUnproven)
        .dropped(STALE, repliesStale)
        .dropped(UDP_FACILITATOR, udpFacilitatorJoins)
        .counter(
            "attune.osc.replies.dropped.unwritable",
            "OSC replies over UDP not sent because the socket's send buffer was full",
            repliesDroppedUnwritable)
        .counter(
            "attune.osc.error.replies.suppressed",
            "Error replies not sent to OSC senders that have not joined (reflection budget spent)",
            repliesSuppressed)
        .counter(
            "attune.osc.endpoints.expired",
            "OSC senders that left their group after staying silent for the idle timeout",
            idleExpired)
        .counter(
            "attune.osc.catchups",
            "OSC senders over UDP brought up to date after missing replies",
            catchUps);
  }
}
