package org.attune.server.transport.osc;

import java.util.concurrent.atomic.LongAdder;

/** Counters of the OSC gateway (UDP and TCP together); thread-safe. */
public final class OscStats {
  /** OSC packets read, datagrams and stream frames. */
  public final LongAdder packets = new LongAdder();
  /** Messages handed to a group (gestures, commands, joins, leaves). */
  public final LongAdder messages = new LongAdder();
  /** Packets that were not OSC. */
  public final LongAdder malformed = new LongAdder();
  /** Packets over {@link OscCodec#MAX_PACKET_BYTES}. */
  public final LongAdder oversized = new LongAdder();
  /** Messages to an address Attune does not know. */
  public final LongAdder unknownAddress = new LongAdder();
  /** Messages whose arguments do not fit their address. */
  public final LongAdder badArguments = new LongAdder();
  /** Messages that need a joined sender, from one that has not joined. */
  public final LongAdder unknownEndpoint = new LongAdder();
  /** Requests the group refused (wrong key, a participant's command, a bad gesture, ...). */
  public final LongAdder refused = new LongAdder();
  /** Error replies not sent to unjoined senders because their budget was spent. */
  public final LongAdder repliesSuppressed = new LongAdder();
  /** Endpoints removed after staying silent for the idle timeout. */
  public final LongAdder idleExpired = new LongAdder();
}
