package org.attune.loadtest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FluidSynthRunnerTest {

  private static final Path TIM = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");

  @TempDir Path dir;

  @Test
  void aRunIsParsedForItsOutputFileAndItsErrors() {
    String output =
        "FluidSynth runtime version 2.3.1\n"
            + "fluidsynth: error: Unable to open file 'nope.sf2'\n"
            + "Rendering audio to file 'out.wav'..\n";

    FluidSynthRunner.Run run = FluidSynthRunner.parse(5, 0, output);

    assertThat(run.renderedTo()).contains("out.wav");
    assertThat(run.problems()).containsExactly("Unable to open file 'nope.sf2'");
    assertThat(run.succeeded()).isFalse();
  }

  @Test
  void fluidSynthRendersAHeldChordToAFileOfItsLengthWithSound() throws Exception {
    assumeTrue(FluidSynthRunner.installed("fluidsynth"), "fluidsynth is not installed");
    assumeTrue(Files.exists(TIM), "TimGM6mb.sf2 is not installed");
    Path midi = dir.resolve("chord.mid");
    BenchmarkMidi.writeHeld(
        List.of(new HeldNote(0, 48, 60, 100), new HeldNote(0, 48, 67, 100)), 1_000, midi);
    Path wav = dir.resolve("chord.wav");
    FluidSynthRunner runner = new FluidSynthRunner("fluidsynth", dir);

    FluidSynthRunner.Run run =
        runner.render(
            TIM,
            midi,
            wav,
            FluidSynthRunner.Settings.DEFAULT.withInterpolation(
                FluidSynthRunner.Interpolation.LINEAR));

    assertThat(run.succeeded()).as(run.output()).isTrue();
    assertThat(run.renderedTo()).contains(wav.toString());
    assertThat(run.wallNanos()).isPositive();
    SoxStat stat = SoxStat.of(wav).orElseThrow();
    assertThat(stat.lengthSeconds()).isGreaterThanOrEqualTo(1.0);
    assertThat(stat.rmsDbfs()).isGreaterThan(-40);
  }
}
