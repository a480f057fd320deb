package org.attune.audio.sf2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sound.midi.Instrument;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Soundbank;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The installed Debian fonts: TimGM6mb (what CI installs) and FluidR3 (skipped when absent),
 * checked by measuring their samples and against the JDK's own SoundFont reader.
 */
class InstalledSoundFontTest {

  private static final Path TIM = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");
  private static final Path FLUID = Path.of("/usr/share/sounds/sf2/FluidR3_GM.sf2");
  private static final double MIDDLE_C_HZ = 261.6256;

  /** The longest attack or release SoundFont allows, 8000 timecents. */
  private static final double MAX_STAGE_SECONDS = Math.pow(2, 8000 / 1200.0);

  private static SoundFont tim;

  @BeforeAll
  static void readTim() throws SoundFontException {
    Assumptions.assumeTrue(Files.isRegularFile(TIM), "timgm6mb-soundfont is not installed");
    tim = SoundFontParser.read(TIM);
  }

  private static List<Region> regions(SoundFont font, int bank, int program, int key, int vel) {
    Region[] out = new Region[32];
    int n = font.preset(bank, program).orElseThrow().regionsFor(key, vel, out);
    return List.copyOf(Arrays.asList(out).subList(0, n));
  }

  @Test
  void timGm6mbHasEveryGeneralMidiProgramAndADrumKit() {
    Set<Integer> programs =
        tim.presets().stream()
            .filter(p -> p.bank() == 0)
            .map(Preset::program)
            .collect(Collectors.toSet());
    assertThat(programs).hasSize(128).allMatch(p -> p >= 0 && p < 128);
    assertThat(tim.preset(SoundFont.PERCUSSION_BANK, 0)).isPresent();
    assertThat(tim.name()).isEqualTo("TimGM6mb1.sf2");
  }

  @Test
  void presetsMatchTheJdksReadingOfTheFile() throws Exception {
    Soundbank jdk = MidiSystem.getSoundbank(new File(TIM.toString()));
    Set<String> theirs = new TreeSet<>();
    for (Instrument i : jdk.getInstruments()) {
      boolean drums = i.toString().startsWith("Drumkit");
      theirs.add(
          (drums ? 128 : i.getPatch().getBank())
              + ":"
              + i.getPatch().getProgram()
              + " "
              + i.getName());
    }
    Set<String> ours =
        tim.presets().stream()
            .map(p -> p.bank() + ":" + p.program() + " " + p.name())
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(ours).hasSize(tim.presets().size()).isEqualTo(theirs);
  }

  @Test
  void pianoMiddleCSoundsAtMiddleC() {
    List<Region> piano = regions(tim, 0, 0, 60, 100);
    assertThat(piano).isNotEmpty();
    for (Region r : piano) {
      assertThat(centsFromMiddleC(tim, r, 60)).isCloseTo(0, within(15.0));
    }
  }

  @Test
  void stringsMiddleCSoundsAtMiddleCAndLoopsInsideItsSample() {
    List<Region> strings = regions(tim, 0, 48, 60, 100);
    assertThat(strings).isNotEmpty();
    for (Region r : strings) {
      assertThat(r.loopMode()).isNotEqualTo(LoopMode.NONE);
      assertThat(r.loopStart()).isGreaterThanOrEqualTo(r.start()).isLessThan(r.loopEnd());
      assertThat(r.loopEnd()).isLessThanOrEqualTo(r.end());
      double periodFrames = r.sampleRate() / sampleHz(tim, r);
      assertThat(r.loopEnd() - r.loopStart()).isGreaterThan((int) (4 * periodFrames));
      assertThat(centsFromMiddleC(tim, r, 60)).isCloseTo(0, within(15.0));
    }
  }

  @Test
  void closedHiHatChokesOpenHiHat() {
    List<Region> closed = regions(tim, 128, 0, 42, 100);
    List<Region> open = regions(tim, 128, 0, 46, 100);
    assertThat(closed).isNotEmpty();
    assertThat(open).isNotEmpty();
    int exclusive = closed.get(0).exclusiveClass();
    assertThat(exclusive).isNotZero();
    assertThat(closed).extracting(Region::exclusiveClass).containsOnly(exclusive);
    assertThat(open).extracting(Region::exclusiveClass).containsOnly(exclusive);
    assertThat(regions(tim, 128, 0, 36, 100))
        .extracting(Region::exclusiveClass)
        .doesNotContain(exclusive);
  }

  @Test
  void everyRegionLiesInThePoolWithAPlausibleEnvelope() {
    assertPlausible(tim);
  }

  @Test
  void fluidR3LoadsQuicklyAndItsPianoSoundsAtMiddleC() throws SoundFontException {
    Assumptions.assumeTrue(Files.isRegularFile(FLUID), "fluid-soundfont-gm is not installed");
    long t0 = System.nanoTime();
    SoundFont fluid = SoundFontParser.read(FLUID);
    double seconds = (System.nanoTime() - t0) / 1e9;

    assertThat(seconds).isLessThan(5.0);
    assertThat(fluid.pcm().length).isEqualTo(74_098_056);
    assertThat(fluid.presets().stream().filter(p -> p.bank() == 0).count()).isEqualTo(128);
    for (int vel : new int[] {30, 100, 127}) {
      List<Region> piano = regions(fluid, 0, 0, 60, vel);
      assertThat(piano).hasSize(2); // a stereo pair
      assertThat(piano).extracting(Region::pan).containsExactlyInAnyOrder(-1f, 1f);
      for (Region r : piano) {
        assertThat(centsFromMiddleC(fluid, r, 60)).isCloseTo(0, within(20.0));
      }
    }
    assertThat(regions(fluid, 128, 0, 42, 100).get(0).exclusiveClass())
        .isNotZero()
        .isEqualTo(regions(fluid, 128, 0, 46, 100).get(0).exclusiveClass());
    assertPlausible(fluid);
  }

  private static void assertPlausible(SoundFont font) {
    List<String> bad = new ArrayList<>();
    for (Preset p : font.presets()) {
      for (Region r : p.regions()) {
        Envelope e = r.volume();
        boolean ok =
            r.start() >= 0
                && r.start() < r.end()
                && r.end() <= font.pcm().length
                && r.start() <= r.loopStart()
                && r.loopStart() <= r.loopEnd()
                && r.loopEnd() <= r.end()
                && (r.loopMode() == LoopMode.NONE || r.loopStart() < r.loopEnd())
                && r.loKey() <= r.hiKey()
                && r.loVel() <= r.hiVel()
                && e.releaseSeconds() > 0
                && e.releaseSeconds() <= MAX_STAGE_SECONDS
                && e.attackSeconds() > 0
                && e.attackSeconds() <= MAX_STAGE_SECONDS
                && e.sustainLevel() >= 0
                && e.sustainLevel() <= 1
                && r.sampleRate() >= 4000
                && r.sampleRate() <= 96000
                && r.attenuationDb() >= 0
                && r.attenuationDb() <= 144
                && r.pan() >= -1
                && r.pan() <= 1
                && r.filterCutoffHz() > 0;
        if (!ok) {
          bad.add(p.name() + " " + r);
        }
      }
    }
    assertThat(bad).isEmpty();
  }

  /**
   * How far {@code key} played on {@code r} is from middle C: the sample's fundamental, measured
   * from its frames, shifted by the region's pitch from its root key and tune.
   */
  private static double centsFromMiddleC(SoundFont font, Region r, int key) {
    double cents = (key - r.rootKey()) * r.scaleTuningCents() + r.tuneCents();
    double playbackRatio = Math.pow(2, cents / 1200);
    double hz = sampleHz(font, r) * playbackRatio;
    return 1200 * Math.log(hz / MIDDLE_C_HZ) / Math.log(2);
  }

  /**
   * The fundamental of a region's sample at its own rate, by normalised autocorrelation over its
   * loop (or its middle), searching lags within half an octave of its root key's pitch.
   */
  private static double sampleHz(SoundFont font, Region r) {
    float[] pcm = font.pcm();
    double guess = 440 * Math.pow(2, (r.rootKey() - 69) / 12.0);
    int from =
        r.loopMode() != LoopMode.NONE && r.loopEnd() - r.loopStart() > 3000
            ? r.loopStart()
            : r.start() + (r.end() - r.start()) / 4;
    int to =
        r.loopMode() != LoopMode.NONE && r.loopEnd() - r.loopStart() > 3000 ? r.loopEnd() : r.end();
    int minLag = (int) Math.floor(r.sampleRate() / (guess * Math.sqrt(2)));
    int maxLag = (int) Math.ceil(r.sampleRate() / (guess / Math.sqrt(2)));
    int n = Math.min(to - from - maxLag - 1, 8192);
    assertThat(n).as("frames to measure").isGreaterThan(4 * maxLag);
    double[] c = new double[maxLag + 2];
    for (int lag = minLag - 1; lag <= maxLag + 1; lag++) {
      double s = 0;
      double e1 = 0;
      double e2 = 0;
      for (int i = 0; i < n; i++) {
        double a = pcm[from + i];
        double b = pcm[from + i + lag];
        s += a * b;
        e1 += a * a;
        e2 += b * b;
      }
      c[lag] = s / Math.sqrt(e1 * e2 + 1e-9);
    }
    int best = minLag;
    for (int lag = minLag; lag <= maxLag; lag++) {
      if (c[lag] > c[best]) {
        best = lag;
      }
    }
    double shift = 0.5 * (c[best - 1] - c[best + 1]) / (c[best - 1] - 2 * c[best] + c[best + 1]);
    return r.sampleRate() / (best + shift);
  }
}
