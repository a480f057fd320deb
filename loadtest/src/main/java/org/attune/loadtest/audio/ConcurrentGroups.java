package org.attune.loadtest.audio;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.attune.audio.backing.BackingPart;
import org.attune.audio.backing.FormTimeline;
import org.attune.audio.backing.Groove;
import org.attune.audio.bus.BusEvent;
import org.attune.audio.bus.BusStats;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.bus.RenderObserver;
import org.attune.audio.bus.RenderScheduler;
import org.attune.audio.sf2.SoundFont;
import org.attune.clock.ServerClock;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.FormState;

/**
 * Renders many 8-member groups at once in real time, as a server would: a {@link RenderScheduler}
 * on the server clock, one {@link GroupBus} per group with its backing band (drums, bass, pad) on a
 * steady form, and a feeder thread offering each group's notes slightly ahead of their times.
 * Counts underruns and late notes, and measures the render load, the voices and each note's
 * gesture-to-output latency ({@link OnsetLatencySink}).
 *
 * <p>Thread-safe: no; one step at a time.
 */
public final class ConcurrentGroups {

  /** Members per group. */
  public static final int MEMBERS = 8;

  /** Each member's notes a second. */
  public static final double NOTES_PER_SECOND = 4;

  /** The server's default render delay (SoundConfig.defaults()). */
  public static final long RENDER_DELAY_MICROS = 8_000;

  /** The server's default polyphony per group. */
  public static final int MAX_VOICES = 256;

  /** How far ahead of its time the feeder offers a note. */
  static final long LEAD_MICROS = 2_000;

  private static final int SCORE_SECONDS = 60;
  private static final long SETTLE_MICROS = 300_000;
  private static final int BACKING =
      BackingPart.mask(BackingPart.DRUMS, BackingPart.BASS, BackingPart.PAD);

  /** What one step measured. */
  public record Step(
      int groups,
      double seconds,
      long underruns,
      long lateNotes,
      long queueDrops,
      long scheduleDrops,
      long blocks,
      double renderLoad,
      double maxBlockMillis,
      double voicesMean,
      int voicesMax,
      long notes,
      double latencyP50Millis,
      double latencyP99Millis,
      double latencyMaxMillis,
      double placementMinMillis,
      double placementMaxMillis,
      double machineLoadAverage) {}

  private final SoundFont font;
  private final int threads;
  private final long seed;

  public ConcurrentGroups(SoundFont font, int threads, long seed) {
    this.font = font;
    this.threads = threads;
    this.seed = seed;
  }

  /** Renders {@code groups} groups for {@code duration} and reports what happened. */
  public Step run(int groups, Duration duration) throws InterruptedException {
    ServerClock clock = ServerClock.startingNow();
    BusStats stats = new BusStats();
    LongAdder renderNanos = new LongAdder();
    AtomicLong maxBlockNanos = new AtomicLong();
    RenderObserver observer =
        new RenderObserver() {
          @Override
          public void rendered(GroupBus bus, long nanos, long budgetNanos, boolean late) {
            renderNanos.add(nanos);
            maxBlockNanos.accumulateAndGet(nanos, Math::max);
          }

          @Override
          public void failed(GroupBus bus, Throwable error) {
            System.err.println("render-bench: " + bus.name() + " failed: " + error);
          }
        };
    List<GroupBus> buses = new ArrayList<>();
    List<OnsetLatencySink> sinks = new ArrayList<>();
    List<GroupFeeder.Fed> fed = new ArrayList<>();
    Groove[] grooves = Groove.values();
    try (RenderScheduler scheduler = new RenderScheduler(clock, threads, observer)) {
      long now = clock.nowMicros();
      long scoreStart = now + SETTLE_MICROS;
      for (int g = 0; g < groups; g++) {
        GroupScore score = GroupScore.generate(MEMBERS, NOTES_PER_SECOND, SCORE_SECONDS, seed + g);
        ScoreEvents events = new ScoreEvents(score);
        GroupBus bus =
            new GroupBus("group-" + g, font, MEMBERS, MAX_VOICES, RENDER_DELAY_MICROS, now, stats);
        for (MemberPart part : score.members()) {
          bus.offer(
              part.drums()
                  ? new BusEvent.StripAdded(part.member(), SoundFont.PERCUSSION_BANK, 0)
                  : new BusEvent.StripAdded(part.member(), 0, part.program()));
        }
        FormState form =
            FormStates.initial().toBuilder().setGroove(grooves[g % grooves.length].name()).build();
        bus.offer(
            new BusEvent.Timeline(
                FormTimeline.steady(form, TempoMap.steady(scoreStart, 90 + 6 * (g % 6)))));
        bus.offer(new BusEvent.BackingParts(BACKING));
        OnsetLatencySink sink =
            new OnsetLatencySink(clock, events, scoreStart, RENDER_DELAY_MICROS);
        bus.addSink(sink);
        buses.add(bus);
        sinks.add(sink);
        fed.add(new GroupFeeder.Fed(bus, events, scoreStart));
      }
      GroupFeeder feeder = new GroupFeeder(clock, fed, LEAD_MICROS);
      Thread feederThread = new Thread(feeder, "render-bench-feeder");
      feederThread.setDaemon(true);
      for (GroupBus bus : buses) {
        scheduler.add(bus);
      }
      feederThread.start();
      Thread.sleep(SETTLE_MICROS / 1000);
      long underruns0 = stats.underruns.sum();
      long late0 = stats.lateEvents.sum();
      long blocks0 = stats.blocks.sum();
      long render0 = renderNanos.sum();
      maxBlockNanos.set(0);
      long start = System.nanoTime();
      long end = start + duration.toNanos();
      long voiceSamples = 0;
      double voiceSum = 0;
      int voiceMax = 0;
      while (System.nanoTime() - end < 0) {
        Thread.sleep(Math.max(1, Math.min(250, (end - System.nanoTime()) / 1_000_000)));
        int v = 0;
        for (GroupBus bus : buses) {
          v += bus.voicesActive();
        }
        voiceSamples++;
        voiceSum += v;
        voiceMax = Math.max(voiceMax, v);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      for (OnsetLatencySink sink : sinks) {
        sink.stop();
      }
      long underruns = stats.underruns.sum() - underruns0;
      long late = stats.lateEvents.sum() - late0;
      long blocks = stats.blocks.sum() - blocks0;
      double load = (renderNanos.sum() - render0) / (seconds * 1e9 * threads);
      feeder.stop();
      feederThread.join(2_000);
      Histogram latency = new Histogram(3);
      double placementMin = Double.MAX_VALUE;
      double placementMax = -Double.MAX_VALUE;
      for (OnsetLatencySink sink : sinks) {
        latency.add(sink.latency());
        if (sink.latency().getTotalCount() > 0) {
          placementMin = Math.min(placementMin, sink.minPlacementMicros() / 1000.0);
          placementMax = Math.max(placementMax, sink.maxPlacementMicros() / 1000.0);
        }
      }
      return new Step(
          groups,
          seconds,
          underruns,
          late,
          stats.queueDrops.sum(),
          stats.scheduleDrops.sum(),
          blocks,
          load,
          maxBlockNanos.get() / 1e6,
          voiceSum / Math.max(1, voiceSamples),
          voiceMax,
          latency.getTotalCount(),
          latency.getValueAtPercentile(50) / 1000.0,
          latency.getValueAtPercentile(99) / 1000.0,
          latency.getMaxValue() / 1000.0,
          placementMin,
          placementMax,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }
}
