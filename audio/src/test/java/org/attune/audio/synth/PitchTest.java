package org.attune.audio.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.attune.audio.sf2.Envelope;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.Region;
import org.attune.audio.sf2.SoundFont;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PitchTest {

  @ParameterizedTest(name = "root {0} at {1} Hz, key {2}")
  @CsvSource({
    "69, 48000, 69", "69, 48000, 57", "69, 48000, 81", "69, 48000, 74",
    "60, 44100, 60", "60, 44100, 48", "60, 44100, 67", "60, 44100, 84",
    "72, 22050, 72", "72, 22050, 61", "72, 22050, 79"
  })
  void aSineSampleSoundsAtTheKeysEqualTemperedPitch(int rootKey, int sampleRate, int key) {
    int frames = sampleRate * 3 / 2;
    short[] pcm = TestFonts.sine(Measure.keyHz(rootKey), sampleRate, frames);
    SoundFont font =
        TestFonts.font(
            pcm,
            TestFonts.region(
                0, frames, 0, frames, LoopMode.NONE, rootKey, sampleRate, TestFonts.ORGAN));

    float[] out = SynthRun.note(font, 0, 0, key, 100, -1, Measure.frames(0.7));

    double hz = Measure.pitchHz(out, Measure.frames(0.1), Measure.frames(0.7), 80, 2000);
    assertThat(Measure.cents(hz, Measure.keyHz(key))).isCloseTo(0, within(5.0));
  }

  // The reed organ (20), not the drawbar or church organ (16, 19): those samples carry a 16-foot
  // stop an octave below the key, whose period is the waveform's.
  @ParameterizedTest(name = "program {0}, key {1}")
  @CsvSource({"0, 60", "0, 69", "20, 60", "20, 69", "73, 72"})
  void timGm6mbsPianoOrganAndFluteSoundAtTheKeysPitch(int program, int key) {
    float[] out =
        SynthRun.note(RealFonts.timGm6mb(), 0, program, key, 100, -1, Measure.frames(0.5));

    double hz = Measure.pitchHz(out, Measure.frames(0.05), Measure.frames(0.5), 100, 1000);
    assertThat(Measure.cents(hz, Measure.keyHz(key))).isCloseTo(0, within(15.0));
  }

  @ParameterizedTest(name = "scale tuning {0}")
  @CsvSource({"0", "50"})
  void scaleTuningSetsTheCentsPerKey(int centsPerKey) {
    int frames = 48_000;
    short[] pcm = TestFonts.sine(Measure.keyHz(60), 48_000, frames);
    Envelope e = TestFonts.ORGAN;
    SoundFont font =
        TestFonts.font(
            pcm,
            new Region(
                0,
                127,
                0,
                127,
                0,
                frames,
                0,
                frames,
                LoopMode.NONE,
                60,
                0,
                centsPerKey,
                48_000,
                0f,
                0f,
                e,
                TestFonts.FILTER_OFF_HZ,
                0f,
                0,
                960f));

    float[] out = SynthRun.note(font, 0, 0, 72, 100, -1, Measure.frames(0.5));

    double hz = Measure.pitchHz(out, Measure.frames(0.1), Measure.frames(0.5), 80, 2000);
    assertThat(Measure.cents(hz, Measure.keyHz(60))).isCloseTo(12 * centsPerKey, within(5.0));
  }
}
