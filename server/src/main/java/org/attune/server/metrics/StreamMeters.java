package org.attune.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.attune.server.stream.StreamStats;

/**
 * The meters of the live streams: listeners, frames encoded, sent and dropped, and the time an
 * encode takes (a timer whose mean is the encode time per frame). Summed over groups.
 *
 * <p>Thread-safe: yes (reads adders).
 */
public final class StreamMeters {

  private StreamMeters() {}

  public static void bind(MeterRegistry registry, StreamStats stats) {
    Gauge.builder(MeterNames.STREAM_LISTENERS, stats.listeners, LongAdder::sum)
        .description("Members listening to a group's live stream now")
        .register(registry);
    counter(
        registry,
        MeterNames.STREAM_FRAMES_ENCODED,
        stats.framesEncoded,
        "Opus frames of the live streams encoded, once per group and frame duration");
    FunctionTimer.builder(
            MeterNames.STREAM_ENCODE_TIME,
            stats,
            s -> s.framesEncoded.sum(),
            s -> s.encodeNanos.sum(),
            TimeUnit.NANOSECONDS)
        .description("Time to encode one Opus frame of a group's live stream")
        .register(registry);
    FunctionCounter.builder(MeterNames.STREAM_FRAMES_SENT, stats.framesSent, LongAdder::sum)
        .description("Live-stream frames sent to listeners")
        .tag("path", "connection")
        .register(registry);
    FunctionCounter.builder(MeterNames.STREAM_FRAMES_SENT, stats.datagramsSent, LongAdder::sum)
        .description("Live-stream frames sent to listeners")
        .tag("path", "udp")
        .register(registry);
    counter(
        registry,
        MeterNames.STREAM_FRAMES_DROPPED,
        stats.framesDropped,
        "Live-stream frames a slow listener missed: its connection could not take more");
    counter(
        registry,
        MeterNames.STREAM_BLOCKS_DROPPED,
        stats.blocksDropped,
        "Rendered blocks the stream encoder fell too far behind to take (encoded as silence)");
  }

  private static void counter(
      MeterRegistry registry, String name, LongAdder adder, String description) {
    FunctionCounter.builder(name, adder, LongAdder::sum)
        .description(description)
        .register(registry);
  }
}
