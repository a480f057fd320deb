package org.attune.loadtest.floor;

import org.HdrHistogram.Histogram;
import org.attune.loadtest.measure.Percentiles;

/**
 * What the floor run measured.
 *
 * <p>Immutable once made; thread-safe to read.
 *
 * @param latencyNanos send-to-arrival latency of every relayed frame after the warm-up
 * @param latency its summary, microseconds
 * @param sent frames sent
 * @param received frames that arrived
 * @param expected frames that should have arrived (each sent frame times the others of its group)
 * @param sendFailures frames not sent (connection not writable) or whose write failed
 * @param relayDropped frames the relay did not send because a receiver was not writable (-1 if the
 *     relay runs in another process)
 * @param relayCores mean CPU of the relay's process over the measured window, in cores (-1 if not
 *     measured)
 * @param loadGeneratorCores mean CPU of the load generator's process over the measured window
 */
public record FloorResult(
    Histogram latencyNanos,
    Percentiles latency,
    long sent,
    long received,
    long expected,
    long sendFailures,
    long relayDropped,
    double relayCores,
    double loadGeneratorCores) {

  public long lost() {
    return Math.max(0, expected - received);
  }
}
