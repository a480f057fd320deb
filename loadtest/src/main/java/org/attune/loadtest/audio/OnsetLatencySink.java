package org.attune.loadtest.audio;

import org.HdrHistogram.Histogram;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.BusSink;
import org.attune.clock.ServerClock;

/**
 * Measures a bus's gesture-to-output latency: for every member note (played at server time {@code
 * t}), the server time at which the block holding its onset frame has been rendered and handed to
 * the sinks, less {@code t}; and where the onset was placed, the onset frame's server time less
 * {@code t} (the render delay, to the frame).
 *
 * <p>It knows the notes from the score, not from the bus, so it also sees a note whose block was
 * skipped (it lands in the next block rendered) or that arrived late.
 *
 * <p>Thread-safe: no; the bus's render thread calls {@link #block}, and the figures are read once
 * rendering has stopped. Realtime-safe: yes (the histogram is preallocated).
 */
final class OnsetLatencySink implements BusSink {

  private static final long HIGHEST_MICROS = 10_000_000;

  private final ServerClock clock;
  private final long[] onsets;
  private final long periodMicros;
  private final long startMicros;
  private final long delayMicros;
  private final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
  private long minPlacement = Long.MAX_VALUE;
  private long maxPlacement = Long.MIN_VALUE;
  private long loop;
  private int index;
  private volatile boolean recording = true;

  OnsetLatencySink(ServerClock clock, ScoreEvents events, long startMicros, long delayMicros) {
    this.clock = clock;
    this.onsets = events.onsetMicros();
    this.periodMicros = events.periodMicros();
    this.startMicros = startMicros;
    this.delayMicros = delayMicros;
  }

  @Override
  public void block(long frame, float[] left, float[] right, int frames) {
    if (onsets.length == 0 || !recording) {
      return;
    }
    long now = clock.nowMicros();
    long blockEnd = frame + frames;
    while (true) {
      long t = startMicros + loop * periodMicros + onsets[index];
      long onsetFrame = SampleClock.frameAt(t + delayMicros);
      if (onsetFrame >= blockEnd) {
        return;
      }
      latency.recordValue(Math.max(0, Math.min(HIGHEST_MICROS, now - t)));
      long placement = SampleClock.microsAt(onsetFrame) - t;
      minPlacement = Math.min(minPlacement, placement);
      maxPlacement = Math.max(maxPlacement, placement);
      if (++index == onsets.length) {
        index = 0;
        loop++;
      }
    }
  }

  /** Stops counting, so that the figures cover the measured window only. */
  void stop() {
    recording = false;
  }

  Histogram latency() {
    return latency;
  }

  long minPlacementMicros() {
    return minPlacement;
  }

  long maxPlacementMicros() {
    return maxPlacement;
  }
}
