package org.attune.audio.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.attune.audio.SampleClock;
import org.attune.audio.builtin.BuiltinSoundFont;
import org.attune.audio.sf2.Envelope;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.synth.Measure;
import org.attune.audio.synth.RealFonts;
import org.attune.audio.synth.TestFonts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupBusTest {

  private static final long DELAY = 20_000;
  private static final int BLOCK = SampleClock.BLOCK_FRAMES;

  /** A 480 Hz cosine, looped: a note of it starts at full amplitude, on its first frame. */
  private static final SoundFont COSINE = cosineFont();

  private final BusStats stats = new BusStats();
  private final BusCapture capture = new BusCapture();

  private static SoundFont cosineFont() {
    int frames = 100 * 480;
    return TestFonts.font(
        TestFonts.cosine(480, 48_000, frames),
        TestFonts.region(0, frames, 0, frames, LoopMode.CONTINUOUS, 69, 48_000, TestFonts.ORGAN));
  }

  private GroupBus bus(SoundFont font) {
    GroupBus bus = new GroupBus("test", font, 4, 32, DELAY, 0, stats);
    bus.addSink(capture);
    bus.offer(new BusEvent.StripAdded(0, 0, 0));
    return bus;
  }

  private static void render(GroupBus bus, double seconds) {
    for (int b = 0; b < Measure.frames(seconds) / BLOCK; b++) {
      bus.renderNext();
    }
  }

  /** Where in the capture the sound of a note at server time {@code micros} should begin. */
  private int expectedOnset(GroupBus bus, long micros) {
    return (int) (SampleClock.frameAt(micros + DELAY) - capture.firstFrame())
        + bus.mixer().master().latencyFrames();
  }

  @ParameterizedTest(name = "at {0} µs")
  @ValueSource(longs = {100_107, 123_457, 250_013, 333_333, 401_399})
  void aNoteSoundsAtItsServerTimePlusTheDelayToTheSample(long micros) {
    GroupBus bus = bus(COSINE);
    bus.offer(new BusEvent.NoteOn(0, micros, 69, 127));

    render(bus, 0.5);

    int onset = Measure.onset(capture.left(), 0, 0.02);
    assertThat(SampleClock.frameAt(micros + DELAY) % BLOCK).isNotZero();
    assertThat(onset - expectedOnset(bus, micros)).isBetween(0, 2);
    assertThat(stats.lateEvents.sum()).isZero();
  }

  @Test
  void aBusWithAShortLeadIsDueThatLongBeforeItsBlockIsHeardNotTheDelay() {
    GroupBus atOnce = new GroupBus("server", COSINE, 4, 32, DELAY, 0, stats);
    GroupBus overANetwork = new GroupBus("client", COSINE, 4, 32, DELAY, 5_000, 0, stats);

    assertThat(atOnce.nextFrame()).isEqualTo(overANetwork.nextFrame());
    long heard = SampleClock.microsAt(atOnce.nextFrame() + BLOCK);
    assertThat(atOnce.dueMicros()).isEqualTo(heard - DELAY);
    assertThat(overANetwork.dueMicros()).isEqualTo(heard - 5_000);
    assertThat(overANetwork.deadlineMicros()).isEqualTo(atOnce.deadlineMicros());
    assertThatThrownBy(() -> new GroupBus("x", COSINE, 4, 32, DELAY, DELAY + 1, 0, stats))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lead");
  }

  @Test
  void aNoteThatArrivesWithinTheDelayLessTheLeadIsStillPlacedToTheSample() {
    GroupBus bus = new GroupBus("client", COSINE, 4, 32, DELAY, 5_000, 0, stats);
    bus.addSink(capture);
    bus.offer(new BusEvent.StripAdded(0, 0, 0));
    long played = 100_107;
    // Render what is due by 12 ms after the note was played, as a render thread would.
    while (bus.dueMicros() <= played + 12_000) {
      bus.renderNext();
    }
    bus.offer(new BusEvent.NoteOn(0, played, 69, 127));
    render(bus, 0.3);

    int onset = Measure.onset(capture.left(), 0, 0.02);
    assertThat(onset - expectedOnset(bus, played)).isBetween(0, 2);
    assertThat(stats.lateEvents.sum()).isZero();
  }

  @Test
  void aStripSinkGetsEachStripBeforeTheFaderAheadOfTheMasterByTheLimitersLookAhead() {
    GroupBus bus = bus(COSINE);
    bus.offer(new BusEvent.StripAdded(1, 0, 0));
    bus.offer(new BusEvent.StripMute(0, true));
    int frames = Measure.frames(0.5);
    float[][] taps = new float[2][frames];
    long[] first = {-1};
    boolean[] silentWhenQuiet = {true};
    bus.addStripSink(
        (frame, left, right, sounding, n) -> {
          if (first[0] < 0) {
            first[0] = frame;
          }
          for (int s = 0; s < 2; s++) {
            int at = (int) (frame - first[0]);
            if (at + n <= frames) {
              System.arraycopy(left[s], 0, taps[s], at, n);
            }
            if (!sounding[s] && Measure.peak(left[s], 0, n) != 0) {
              silentWhenQuiet[0] = false;
            }
          }
        });
    bus.offer(new BusEvent.NoteOn(0, 100_107, 69, 127));
    bus.offer(new BusEvent.NoteOn(1, 300_011, 69, 127));

    render(bus, 0.5);

    assertThat(first[0]).isEqualTo(capture.firstFrame());
    int strip0 = (int) (SampleClock.frameAt(100_107 + DELAY) - first[0]);
    int strip1 = (int) (SampleClock.frameAt(300_011 + DELAY) - first[0]);
    // Strip 0 is muted: heard on its tap, not in the master.
    assertThat(Measure.onset(taps[0], 0, 0.02) - strip0).isBetween(0, 2);
    assertThat(Measure.peak(taps[1], 0, strip1)).isZero();
    assertThat(Measure.onset(taps[1], 0, 0.02) - strip1).isBetween(0, 2);
    int master = Measure.onset(capture.left(), 0, 0.02);
    assertThat(master - strip1).isBetween(0, 2 + bus.mixer().master().latencyFrames());
    assertThat(master - strip1).isGreaterThanOrEqualTo(bus.mixer().master().latencyFrames());
    assertThat(silentWhenQuiet[0]).as("a strip not sounding holds zeros").isTrue();
  }

  @Test
  void eventsOfferedOutOfTimeOrderArePlacedByTheirTimes() {
    GroupBus bus = bus(COSINE);
    bus.offer(new BusEvent.NoteOn(0, 300_000, 69, 127));
    bus.offer(new BusEvent.NoteOn(0, 150_000, 81, 127));
    bus.offer(new BusEvent.NoteOff(0, 250_000, 81));

    render(bus, 0.5);

    float[] out = capture.left();
    int first = expectedOnset(bus, 150_000);
    int second = expectedOnset(bus, 300_000);
    assertThat(Measure.onset(out, 0, 0.02) - first).isBetween(0, 2);
    assertThat(Measure.pitchHz(out, first + 100, first + 4000, 200, 2000))
        .isCloseTo(960, within(1.0));
    assertThat(Measure.peak(out, expectedOnset(bus, 250_000) + 1000, second)).isZero();
    assertThat(Measure.onset(out, second - 100, 0.02) - second).isBetween(0, 2);
    assertThat(stats.lateEvents.sum()).isZero();
  }

  @Test
  void aFullQueueRefusesEventsAndCountsThemWithoutBlocking() {
    GroupBus bus = new GroupBus("small", COSINE, 4, 32, DELAY, 0, stats, BLOCK, 8);
    int accepted = 0;
    for (int n = 0; n < 20; n++) {
      if (bus.offer(new BusEvent.NoteOn(0, 1000L * n, 60 + n, 100))) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(8);
    assertThat(stats.queueDrops.sum()).isEqualTo(12);

    bus.renderNext();
    assertThat(bus.offer(new BusEvent.NoteOn(0, 50_000, 60, 100))).isTrue();
  }

  @Test
  void aLateNoteSoundsAtTheStartOfTheNextBlockAndIsCounted() {
    GroupBus bus = bus(COSINE);
    render(bus, 0.2);
    long nextFrame = bus.nextFrame();

    bus.offer(new BusEvent.NoteOn(0, 50_000, 69, 127));
    render(bus, 0.1);

    int expected = (int) (nextFrame - capture.firstFrame()) + bus.mixer().master().latencyFrames();
    assertThat(Measure.onset(capture.left(), 0, 0.02) - expected).isBetween(0, 2);
    assertThat(stats.lateEvents.sum()).isEqualTo(1);
  }

  @Test
  void skippingToNowCountsEachSkippedBlockAsAnUnderrun() {
    GroupBus bus = bus(COSINE);
    long before = bus.nextFrame();
    long now = 500_000;

    long skipped = bus.skipTo(now);

    assertThat(skipped).isEqualTo((bus.nextFrame() - before) / BLOCK).isGreaterThan(300);
    assertThat(stats.underruns.sum()).isEqualTo(skipped);
    assertThat(now - bus.dueMicros()).isBetween(0L, SampleClock.microsAt(BLOCK));
    assertThat(bus.skipTo(now)).isZero();
  }

  @Test
  void aStripSoundsOnlyWhileItIsOnTheBus() {
    GroupBus bus = bus(COSINE);
    bus.offer(new BusEvent.NoteOn(1, 10_000, 69, 127));
    render(bus, 0.2);
    float[] before = capture.left();
    assertThat(Measure.peak(before, 0, before.length)).as("strip 1 not yet added").isZero();

    bus.offer(new BusEvent.StripAdded(1, 0, 0));
    bus.offer(new BusEvent.NoteOn(1, 250_000, 69, 127));
    render(bus, 0.3);
    int on = expectedOnset(bus, 250_000);
    assertThat(Measure.onset(capture.left(), before.length, 0.02) - on).isBetween(0, 2);

    int removedAt = capture.left().length;
    bus.offer(new BusEvent.StripRemoved(1));
    render(bus, 0.1);
    float[] out = capture.left();
    int silentFrom = removedAt + BLOCK + bus.mixer().master().latencyFrames();
    assertThat(Measure.peak(out, silentFrom, out.length)).isZero();
    assertThat(Measure.maxStep(out, removedAt - 960, silentFrom))
        .isLessThan(2 * Measure.sineStep(Measure.peak(out, on, removedAt), 480));
  }

  @Test
  void aStripGivenToSomeoneElseDoesNotReplayTheLastOnesReleases() {
    SoundFont font = TestFonts.sines(new Envelope(0, 0, 0, 0.001, 1.0, 2.0, 0, 0), 480);
    GroupBus bus = bus(font);
    bus.offer(new BusEvent.NoteOn(0, 10_000, 69, 127));
    bus.offer(new BusEvent.NoteOff(0, 100_000, 69));
    render(bus, 0.2);
    bus.offer(new BusEvent.StripRemoved(0));
    render(bus, 0.1);
    bus.offer(new BusEvent.StripAdded(0, 0, 0));
    int addedAt = capture.left().length;
    render(bus, 0.2);

    float[] out = capture.left();
    assertThat(Measure.peak(out, addedAt - 2400, out.length)).isZero();
    assertThat(bus.voicesActive()).isZero();
  }

  @Test
  void aProgramChangeGivesTheStripAnotherInstrument() {
    GroupBus bus = bus(TestFonts.sines(TestFonts.ORGAN, 480, 960));
    bus.offer(new BusEvent.NoteOn(0, 10_000, 69, 127));
    bus.offer(new BusEvent.NoteOff(0, 150_000, 69));
    render(bus, 0.2);
    bus.offer(new BusEvent.Program(0, 0, 1));
    bus.offer(new BusEvent.NoteOn(0, 250_000, 69, 127));
    render(bus, 0.3);

    float[] out = capture.left();
    int first = expectedOnset(bus, 10_000);
    int second = expectedOnset(bus, 250_000);
    assertThat(Measure.pitchHz(out, first + 500, first + 5000, 200, 2000))
        .isCloseTo(480, within(1.0));
    assertThat(Measure.pitchHz(out, second + 500, second + 5000, 200, 2000))
        .isCloseTo(960, within(1.0));
  }

  @Test
  void gainMuteAndMasterGainChangeTheMeasuredLevel() {
    GroupBus bus = bus(COSINE);
    bus.offer(new BusEvent.NoteOn(0, 0, 69, 127));
    render(bus, 0.2);
    double full = levelOfNext(bus);
    bus.offer(new BusEvent.StripGain(0, -6f));
    double lowered = levelOfNext(bus);
    bus.offer(new BusEvent.StripMute(0, true));
    double muted = levelOfNext(bus);
    bus.offer(new BusEvent.StripMute(0, false));
    double unmuted = levelOfNext(bus);
    bus.offer(new BusEvent.MasterGain(-10f));
    double master = levelOfNext(bus);

    assertThat(full).isCloseTo(20 * Math.log10(0.25 / Math.sqrt(2)), within(0.1));
    assertThat(lowered - full).isCloseTo(-6, within(0.05));
    assertThat(muted).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(unmuted - full).isCloseTo(-6, within(0.05));
    assertThat(master - full).isCloseTo(-16, within(0.05));
  }

  /** Renders 0.1 s and returns the level of its last 50 ms, after every ramp has settled. */
  private double levelOfNext(GroupBus bus) {
    render(bus, 0.1);
    float[] out = capture.left();
    return Measure.rmsDb(out, out.length - 2400, out.length);
  }

  @Test
  void everySinkGetsEveryBlockWithConsecutiveFrameNumbers() {
    GroupBus bus = bus(COSINE);
    BusCapture second = new BusCapture();
    bus.addSink(second);
    long first = bus.nextFrame();

    render(bus, 0.1);
    bus.removeSink(second);
    render(bus, 0.1);

    assertThat(capture.frames).hasSize(2 * (Measure.frames(0.1) / BLOCK));
    for (int b = 0; b < capture.frames.size(); b++) {
      assertThat(capture.frames.get(b)).isEqualTo(first + (long) b * BLOCK);
    }
    assertThat(second.frames).isEqualTo(capture.frames.subList(0, second.frames.size()));
    assertThat(second.frames).hasSize(Measure.frames(0.1) / BLOCK);
    assertThat(first).isEqualTo(SampleClock.frameAt(DELAY));
    assertThat(stats.blocks.sum()).isEqualTo(capture.frames.size());
  }

  @Test
  void anEventForAStripTheBusLacksIsRefusedOnTheCallersThread() {
    GroupBus bus = bus(COSINE);
    assertThatThrownBy(() -> bus.offer(new BusEvent.NoteOn(bus.strips(), 0, 60, 100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no strip");
    assertThatThrownBy(() -> bus.offer(new BusEvent.StripGain(-1, 0f)))
        .isInstanceOf(IllegalArgumentException.class);
    render(bus, 0.01);
    assertThat(stats.blocks.sum()).isPositive();
  }

  private float[] session(SoundFont font) {
    BusCapture out = new BusCapture();
    GroupBus bus = new GroupBus("det", font, 3, 16, DELAY, 0, new BusStats());
    bus.addSink(out);
    bus.offer(new BusEvent.StripAdded(0, 0, 0));
    bus.offer(new BusEvent.StripAdded(1, 0, 48));
    bus.offer(new BusEvent.StripAdded(2, SoundFont.PERCUSSION_BANK, 0));
    for (int n = 0; n < 30; n++) {
      long t = 33_331L * n;
      bus.offer(new BusEvent.NoteOn(0, t, 48 + (n * 7) % 24, 30 + (n * 11) % 97));
      bus.offer(new BusEvent.NoteOff(0, t + 90_000, 48 + (n * 7) % 24));
      bus.offer(new BusEvent.NoteOn(1, t + 7_000, 60 + n % 12, 80));
      bus.offer(new BusEvent.Hit(2, t + 13_000, 36 + n % 10, 120));
    }
    for (int b = 0; b < Measure.frames(1.5) / BLOCK; b++) {
      bus.renderNext();
    }
    return out.left();
  }

  @Test
  void theSameEventsThroughTwoFreshBusesGiveBitIdenticalSamples() {
    for (SoundFont font : new SoundFont[] {BuiltinSoundFont.create(), RealFonts.timGm6mb()}) {
      float[] first = session(font);
      assertThat(Measure.rmsDb(first, 0, first.length)).as(font.name()).isGreaterThan(-50);
      assertThat(session(font)).as(font.name()).isEqualTo(first);
    }
  }
}
