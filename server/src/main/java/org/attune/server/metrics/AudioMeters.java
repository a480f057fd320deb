package org.attune.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.attune.audio.bus.BusStats;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.bus.RenderObserver;
import org.attune.server.mixer.RecordingStats;
import org.attune.server.mixer.SoundSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The meters of the render path: time per block, underruns, voices, render load and the events the
 * buses' queues refused. Summed over groups, like every Attune meter.
 *
 * <p>It is also the render threads' {@link RenderObserver}: {@link #rendered} runs on a render
 * thread once per block and only adds to a timer and a counter.
 *
 * <p>Thread-safe: yes.
 */
public final class AudioMeters implements RenderObserver {

  private static final Logger log = LoggerFactory.getLogger(AudioMeters.class);

  /** Around a 64-frame block's budget of 1.33 ms. */
  private static final Duration[] RENDER_BUCKETS = {
    Duration.ofNanos(10_000), Duration.ofNanos(25_000), Duration.ofNanos(50_000),
    Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
    Duration.ofMillis(1), Duration.ofNanos(1_333_333), Duration.ofMillis(2),
    Duration.ofMillis(5)
  };

  private final Timer renderTime;
  private final LongAdder renderNanos = new LongAdder();
  private final LongAdder budgetNanos = new LongAdder();
  private final LongAdder failures = new LongAdder();

  public AudioMeters(MeterRegistry registry) {
    this.renderTime =
        Timer.builder(MeterNames.RENDER_TIME)
            .description("Time a render thread takes to render one block of a group's bus")
            .serviceLevelObjectives(RENDER_BUCKETS)
            .register(registry);
    FunctionCounter.builder(MeterNames.RENDER_BUSY, renderNanos, n -> n.sum() / 1e9)
        .description(
            "Render threads' busy time: its rate over the rate of "
                + "attune_render_budget_seconds_total is the render load")
        .register(registry);
    FunctionCounter.builder(MeterNames.RENDER_BUDGET, budgetNanos, n -> n.sum() / 1e9)
        .description("Audio rendered, in seconds of it: the budget the busy time was spent from")
        .register(registry);
    FunctionCounter.builder(MeterNames.RENDER_FAILURES, failures, LongAdder::sum)
        .description("Buses that threw while rendering and were stopped")
        .register(registry);
  }

  /** Binds the counters of a running sound system. */
  public void bind(MeterRegistry registry, SoundSystem sound) {
    BusStats stats = sound.stats();
    counter(
        registry,
        MeterNames.RENDER_UNDERRUNS,
        stats.underruns,
        "Blocks rendered after their first frame was due out, or skipped");
    counter(
        registry,
        MeterNames.BUS_QUEUE_DROPS,
        stats.queueDrops,
        "Events a group's bus queue refused because it was full");
    counter(
        registry,
        MeterNames.BUS_LATE_NOTES,
        stats.lateEvents,
        "Notes that arrived after their frame was rendered (played at the next block)");
    counter(registry, MeterNames.RENDER_BLOCKS, stats.blocks, "Blocks rendered");
    Gauge.builder(MeterNames.VOICES_ACTIVE, sound, SoundSystem::voicesActive)
        .description("Voices sounding now over all groups")
        .register(registry);
    RecordingStats recordings = sound.recordingStats();
    counter(registry, MeterNames.RECORDINGS_STARTED, recordings.started, "Recordings started");
    counter(
        registry,
        MeterNames.RECORDINGS_FAILED,
        recordings.failed,
        "Recordings stopped by a failed write (e.g. a full disk)");
    counter(
        registry,
        MeterNames.RECORDING_BYTES,
        recordings.bytes,
        "Bytes of audio written to recordings");
    counter(
        registry,
        MeterNames.RECORDING_DROPPED_FRAMES,
        recordings.droppedFrames,
        "Frames a recording's writer fell too far behind to keep (written as silence)");
    counter(
        registry,
        MeterNames.RECORDING_STEMS,
        recordings.stems,
        "Stem files started (one per member heard in a recording with stems)");
    counter(
        registry,
        MeterNames.RECORDING_DROPPED_STEM_FRAMES,
        recordings.droppedStemFrames,
        "Stem frames lost to a full block pool (written as silence)");
    Gauge.builder(MeterNames.RECORDINGS_ACTIVE, recordings.active, LongAdder::sum)
        .description("Recordings running now")
        .register(registry);
    Gauge.builder(MeterNames.RENDER_LOAD, this, AudioMeters::load)
        .description("Share of the rendered audio's duration spent rendering it, since start")
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry, String name, LongAdder adder, String description) {
    FunctionCounter.builder(name, adder, LongAdder::sum)
        .description(description)
        .register(registry);
  }

  private double load() {
    long budget = budgetNanos.sum();
    return budget == 0 ? 0 : renderNanos.sum() / (double) budget;
  }

  @Override
  public void rendered(GroupBus bus, long renderNanos, long budgetNanos, boolean late) {
    renderTime.record(renderNanos, TimeUnit.NANOSECONDS);
    this.renderNanos.add(renderNanos);
    this.budgetNanos.add(budgetNanos);
  }

  @Override
  public void failed(GroupBus bus, Throwable error) {
    failures.increment();
    log.error("bus {} failed and was stopped; the group plays on silent", bus.name(), error);
  }
}
