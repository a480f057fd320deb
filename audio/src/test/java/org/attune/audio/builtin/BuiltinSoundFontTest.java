package org.attune.audio.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import org.attune.audio.SampleClock;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.Preset;
import org.attune.audio.sf2.Region;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuiltinSoundFontTest {

  private static SoundFont font;

  @BeforeAll
  static void build() {
    font = BuiltinSoundFont.create();
  }

  @Test
  void twoFontsAreTheSameBytesAndRegions() {
    SoundFont again = BuiltinSoundFont.create();

    assertThat(again.pcm()).isEqualTo(font.pcm());
    assertThat(again.presets()).isEqualTo(font.presets());
  }

  @Test
  void fontIsNamedAtTheBusRateAndUnderTwentyMegabytes() {
    assertThat(font.name()).isEqualTo("Attune built-in");
    assertThat(font.pcm().length * 2L).isLessThan(20_000_000L);
    for (Preset p : font.presets()) {
      for (Region r : p.regions()) {
        assertThat(r.sampleRate()).isEqualTo(SampleClock.SAMPLE_RATE);
      }
    }
  }

  @Test
  void fontIsBuiltInUnderASecondOfProcessorTimeOnceWarm() {
    // Processor time of this thread, not wall time, so that other work on the machine cannot fail
    // it.
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      long t0 = threads.getCurrentThreadCpuTime();
      BuiltinSoundFont.create();
      best = Math.min(best, threads.getCurrentThreadCpuTime() - t0);
    }
    assertThat(best / 1e9).isLessThan(1.0);
  }

  @Test
  void everyGeneralMidiProgramHasItsNameAndSoundsEveryKey() {
    Region[] out = new Region[4];
    for (int program = 0; program < 128; program++) {
      Preset p = font.preset(0, program).orElseThrow();
      assertThat(p.name()).isEqualTo(GeneralMidi.programName(program));
      for (int key = 0; key <= 127; key++) {
        assertThat(p.regionsFor(key, 100, out)).as("program %d key %d", program, key).isOne();
        if (key >= 36 && key <= 96) {
          double[] sound =
              RegionPlayback.play(font.pcm(), out[0], key, SampleClock.SAMPLE_RATE / 4);
          assertThat(RegionPlayback.rmsDb(sound, 0, sound.length))
              .as("program %d key %d", program, key)
              .isGreaterThan(-24);
        }
      }
    }
  }

  @Test
  void noNoteIsShiftedMoreThanHalfAnOctaveFromItsSample() {
    for (Preset p : font.presets()) {
      for (Region r : p.regions()) {
        for (int key = Math.max(r.loKey(), 21); key <= Math.min(r.hiKey(), 108); key++) {
          assertThat(Math.abs(key - r.rootKey()))
              .as("%s key %d", p.name(), key)
              .isLessThanOrEqualTo(6);
        }
      }
    }
  }

  @Test
  void everyPercussionKeySoundsItsOwnDrum() {
    Preset kit = font.preset(SoundFont.PERCUSSION_BANK, 0).orElseThrow();
    Region[] out = new Region[4];
    List<Integer> starts = new ArrayList<>();
    for (int key = 35; key <= 81; key++) {
      assertThat(kit.regionsFor(key, 100, out)).as("key %d", key).isOne();
      double[] sound = RegionPlayback.play(font.pcm(), out[0], key, SampleClock.SAMPLE_RATE);
      assertThat(peak(sound)).as("key %d", key).isGreaterThan(0.8);
      assertThat(out[0].end() - out[0].start())
          .as("key %d", key)
          .isGreaterThan(SampleClock.SAMPLE_RATE / 100);
      starts.add(out[0].start());
    }
    assertThat(starts).doesNotHaveDuplicates();
  }

  @Test
  void closedPedalAndOpenHiHatShareAChokeClassNoOtherDrumHas() {
    Preset kit = font.preset(SoundFont.PERCUSSION_BANK, 0).orElseThrow();
    int hats = region(kit, 42).exclusiveClass();

    assertThat(hats).isNotZero();
    assertThat(region(kit, 44).exclusiveClass()).isEqualTo(hats);
    assertThat(region(kit, 46).exclusiveClass()).isEqualTo(hats);
    for (int key = 35; key <= 81; key++) {
      if (key != 42 && key != 44 && key != 46) {
        assertThat(region(kit, key).exclusiveClass()).as("key %d", key).isNotEqualTo(hats);
      }
    }
  }

  @Test
  void closedHiHatIsShortAndOpenHiHatRings() {
    Preset kit = font.preset(SoundFont.PERCUSSION_BANK, 0).orElseThrow();

    assertThat(secondsToFall(kit, 42, 40)).isLessThan(0.15);
    assertThat(secondsToFall(kit, 46, 40)).isGreaterThan(0.5);
  }

  @Test
  void kickIsLowAndHiHatIsHigh() {
    Preset kit = font.preset(SoundFont.PERCUSSION_BANK, 0).orElseThrow();

    assertThat(zeroCrossingRate(RegionPlayback.sample(font.pcm(), region(kit, 36))))
        .isLessThan(300);
    assertThat(zeroCrossingRate(RegionPlayback.sample(font.pcm(), region(kit, 42))))
        .isGreaterThan(5000);
  }

  @Test
  void woodBlocksAreClicksWithAnInstantOnset() {
    Preset kit = font.preset(SoundFont.PERCUSSION_BANK, 0).orElseThrow();
    for (int key : new int[] {76, 77}) {
      double[] x = RegionPlayback.sample(font.pcm(), region(kit, key));
      int onset = 0;
      while (Math.abs(x[onset]) < 0.5 * peak(x)) {
        onset++;
      }
      // The metronome's click: half its peak within a quarter millisecond of the note's frame.
      assertThat(onset).as("key %d", key).isLessThan(SampleClock.SAMPLE_RATE / 4000);
      assertThat(secondsToFall(kit, key, 40)).as("key %d", key).isLessThan(0.15);
    }
  }

  @ParameterizedTest(name = "{0} plays key {1} in tune")
  @CsvSource({
    "0, 45", "0, 62", "0, 81", "24, 40", "24, 62", "24, 93", "33, 28", "33, 40", "33, 52", "12, 57",
    "12, 74", "16, 50", "16, 69", "48, 55", "48, 62", "48, 79", "81, 62", "81, 76"
  })
  void programSoundsAtTheKeysPitch(int program, int key) {
    Region[] out = new Region[1];
    font.preset(0, program).orElseThrow().regionsFor(key, 100, out);
    boolean loops = out[0].loopMode() != LoopMode.NONE;
    double[] sound = RegionPlayback.play(font.pcm(), out[0], key, SampleClock.SAMPLE_RATE * 5 / 2);
    int from = SampleClock.SAMPLE_RATE / 20;
    // Two seconds resolve a pad's detuned oscillators into separate lines; a high pluck is gone
    // after a quarter second.
    int length =
        loops
            ? 2 * SampleClock.SAMPLE_RATE
            : key > 80 ? SampleClock.SAMPLE_RATE / 4 : SampleClock.SAMPLE_RATE;

    double hz = Fundamental.of(sound, from, length);

    double expected = 440 * Math.pow(2, (key - 69) / 12.0);
    // The samples are tuned to half a cent; the lead's second oscillator, a few cents sharp, pulls
    // the measured peak by about one more.
    assertThat(Fundamental.cents(hz, expected)).isCloseTo(0, within(2.0));
  }

  @Test
  void loopsJumpNoFurtherThanTheirOwnSteps() {
    float[] pcm = font.pcm();
    int loops = 0;
    for (Preset p : font.presets()) {
      for (Region r : p.regions()) {
        if (r.loopMode() == LoopMode.NONE) {
          continue;
        }
        loops++;
        float largestStep = 0;
        for (int i = r.loopStart(); i + 1 < r.loopEnd(); i++) {
          largestStep = Math.max(largestStep, Math.abs(pcm[i + 1] - pcm[i]));
        }
        float jump = Math.abs(pcm[r.loopStart()] - pcm[r.loopEnd() - 1]);
        assertThat(jump).as("%s root %d", p.name(), r.rootKey()).isLessThanOrEqualTo(largestStep);
        assertThat(r.loopEnd() - r.loopStart()).isGreaterThanOrEqualTo(SampleClock.SAMPLE_RATE / 2);
        assertThat(r.end()).isGreaterThanOrEqualTo(r.loopEnd() + 8);
        for (int i = 0; i < 8; i++) {
          assertThat(pcm[r.loopEnd() + i]).isEqualTo(pcm[r.loopStart() + i]);
        }
      }
    }
    assertThat(loops).isGreaterThan(100);
  }

  @Test
  void padsSwellInAndFadeOutSlowly() {
    Region pad = font.preset(0, 89).orElseThrow().regions().get(0);

    assertThat(pad.loopMode()).isEqualTo(LoopMode.CONTINUOUS);
    assertThat(pad.volume().attackSeconds()).isGreaterThanOrEqualTo(0.3);
    assertThat(pad.volume().releaseSeconds()).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void pluckedStringDiesAwayWithoutALoop() {
    Region[] out = new Region[1];
    font.preset(0, 25).orElseThrow().regionsFor(60, 100, out);
    double[] x = RegionPlayback.sample(font.pcm(), out[0]);
    int tenth = SampleClock.SAMPLE_RATE / 10;

    assertThat(out[0].loopMode()).isEqualTo(LoopMode.NONE);
    assertThat(
            RegionPlayback.rmsDb(x, 0, tenth) - RegionPlayback.rmsDb(x, x.length - tenth, x.length))
        .isGreaterThan(40);
  }

  @Test
  void instrumentsAreWithinSixDecibelsOfEachOtherAtMiddleD() {
    int[] programs = {0, 12, 16, 24, 33, 48, 56, 73, 81, 89};
    double loudest = -1e9;
    double softest = 1e9;
    Region[] out = new Region[1];
    for (int program : programs) {
      font.preset(0, program).orElseThrow().regionsFor(62, 100, out);
      double[] x = RegionPlayback.play(font.pcm(), out[0], 62, SampleClock.SAMPLE_RATE * 3 / 10);
      double db = RegionPlayback.rmsDb(x, 0, x.length) - out[0].attenuationDb();
      loudest = Math.max(loudest, db);
      softest = Math.min(softest, db);
    }
    assertThat(loudest - softest).isLessThan(6);
  }

  private static Region region(Preset kit, int key) {
    Region[] out = new Region[1];
    kit.regionsFor(key, 100, out);
    return out[0];
  }

  /** Seconds until the 10 ms RMS falls {@code db} below its loudest. */
  private static double secondsToFall(Preset kit, int key, double db) {
    double[] x = RegionPlayback.sample(font.pcm(), region(kit, key));
    int block = SampleClock.SAMPLE_RATE / 100;
    double loudest = -1e9;
    int i = 0;
    for (; i + block <= x.length; i += block) {
      double level = RegionPlayback.rmsDb(x, i, i + block);
      loudest = Math.max(loudest, level);
      if (level < loudest - db) {
        break;
      }
    }
    return (double) i / SampleClock.SAMPLE_RATE;
  }

  private static double zeroCrossingRate(double[] x) {
    int crossings = 0;
    int n = Math.min(x.length, SampleClock.SAMPLE_RATE / 20);
    for (int i = 1; i < n; i++) {
      if ((x[i - 1] < 0) != (x[i] < 0)) {
        crossings++;
      }
    }
    return crossings / 2.0 / n * SampleClock.SAMPLE_RATE;
  }

  private static double peak(double[] x) {
    double p = 0;
    for (double v : x) {
      p = Math.max(p, Math.abs(v));
    }
    return p;
  }
}
