package org.attune.audio.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.attune.audio.SampleClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class MeterTest {

  private static final int BLOCK = SampleClock.BLOCK_FRAMES;

  private static void feed(Meter meter, float[] left, float[] right) {
    float[] blockLeft = new float[BLOCK];
    float[] blockRight = new float[BLOCK];
    for (int start = 0; start < left.length; start += BLOCK) {
      System.arraycopy(left, start, blockLeft, 0, BLOCK);
      System.arraycopy(right, start, blockRight, 0, BLOCK);
      meter.measure(blockLeft, blockRight, BLOCK);
    }
  }

  @Test
  void meterReportsPeakAndRmsOfASineWithinATenthOfADecibel() {
    Meter meter = new Meter();
    feed(meter, Signals.sine(0.5, 1000, 75 * BLOCK), Signals.sine(0.25, 1000, 75 * BLOCK));
    MeterReading reading = meter.readAndReset();

    assertThat(reading.frames()).isEqualTo(75 * BLOCK);
    assertThat(reading.peakLeftDb()).isCloseTo(-6.02, within(0.1));
    assertThat(reading.rmsLeftDb()).isCloseTo(-9.03, within(0.1));
    assertThat(reading.peakRightDb()).isCloseTo(-12.04, within(0.1));
    assertThat(reading.rmsRightDb()).isCloseTo(-15.05, within(0.1));
    assertThat(reading.peakDb()).isCloseTo(-6.02, within(0.1));
    double bothChannels = Decibels.fromGain(Math.sqrt((0.125 + 0.03125) / 2));
    assertThat(reading.rmsDb()).isCloseTo(bothChannels, within(0.1));
  }

  @Test
  void eachReadCoversOnlyTheFramesSinceThePreviousRead() {
    Meter meter = new Meter();
    float[] loud = Signals.sine(0.5, 1000, 75 * BLOCK);
    float[] quiet = Signals.sine(0.05, 1000, 150 * BLOCK);
    feed(meter, loud, loud);
    meter.readAndReset();
    feed(meter, quiet, quiet);
    MeterReading reading = meter.readAndReset();

    assertThat(reading.frames()).isEqualTo(150 * BLOCK);
    assertThat(reading.peakLeftDb()).isCloseTo(-26.02, within(0.1));
    assertThat(reading.rmsRightDb()).isCloseTo(-29.03, within(0.1));
  }

  @Test
  void readWithNothingRenderedSinceReportsSilenceOverNoFrames() {
    Meter meter = new Meter();
    float[] loud = Signals.sine(0.5, 1000, BLOCK);
    feed(meter, loud, loud);
    meter.readAndReset();
    MeterReading empty = meter.readAndReset();

    assertThat(empty.frames()).isZero();
    assertThat(empty.peakDb()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(empty.rmsDb()).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void peakIsHeldUntilTheNextReadWhileTheRmsAveragesTheWholeWindow() {
    Meter meter = new Meter();
    float[] click = new float[BLOCK];
    click[10] = -0.9f;
    float[] silence = new float[99 * BLOCK];
    feed(meter, click, click);
    feed(meter, silence, silence);
    MeterReading reading = meter.readAndReset();

    assertThat(reading.peakLeftDb()).isCloseTo(Decibels.fromGain(0.9), within(0.01));
    assertThat(reading.rmsLeftDb())
        .isCloseTo(Decibels.fromGain(Math.sqrt(0.81 / (100 * BLOCK))), within(0.01));
  }

  @Test
  void quietWindowAfterTenHoursOfLoudOnesIsStillMeasuredWithinATenthOfADecibel() {
    Meter meter = new Meter();
    // A sine of peak 1 (half a unit of energy per frame) for ten hours, read 20 times a second.
    long loudBlocks = 10L * 3600 * SampleClock.SAMPLE_RATE / BLOCK;
    int blocksPerRead = SampleClock.SAMPLE_RATE / BLOCK / 20;
    for (long b = 0; b < loudBlocks; b++) {
      meter.record(1f, 1f, 0.5 * BLOCK, 0.5 * BLOCK, BLOCK);
      if (b % blocksPerRead == 0) {
        meter.readAndReset();
      }
    }
    meter.readAndReset();
    // Then a sine of peak 1e-5: -100 dBFS peak, -103 dBFS RMS.
    double quietEnergy = 0.5e-10 * BLOCK;
    for (int b = 0; b < blocksPerRead; b++) {
      meter.record(1e-5f, 1e-5f, quietEnergy, quietEnergy, BLOCK);
    }
    MeterReading reading = meter.readAndReset();

    assertThat(reading.peakLeftDb()).isCloseTo(-100, within(0.1));
    assertThat(reading.rmsLeftDb()).isCloseTo(-103.01, within(0.1));
    assertThat(reading.rmsRightDb()).isCloseTo(-103.01, within(0.1));
  }

  @Test
  @Timeout(30)
  void readingFromAnotherThreadWhileRenderingLosesAndRepeatsNoFrame() throws Exception {
    Meter meter = new Meter();
    // One period per block, so that every window of whole blocks has the sine's exact RMS; at
    // -36 dBFS, because this renderer runs flat out (some 20 million blocks a second): at full
    // scale, a reader kept off the CPU for 13 ms would see a window of more than 2^18 blocks,
    // past what the meter's fixed-point totals hold (a limit its javadoc states for real time).
    double amplitude = 1.0 / 64;
    float[] loud = Signals.sine(amplitude, SampleClock.SAMPLE_RATE / (double) BLOCK, BLOCK);
    float[] quiet = new float[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      quiet[i] = loud[i] * 0.5f;
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong blocks = new AtomicLong();
    Thread render =
        new Thread(
            () -> {
              long rendered = 0;
              while (!stop.get()) {
                meter.measure(loud, quiet, BLOCK);
                rendered++;
              }
              blocks.set(rendered);
            });
    List<MeterReading> readings = new ArrayList<>();
    render.start();
    int covering = 0;
    while (covering < 1000) {
      MeterReading reading = meter.readAndReset();
      readings.add(reading);
      covering += reading.frames() > 0 ? 1 : 0;
    }
    stop.set(true);
    render.join();
    readings.add(meter.readAndReset());

    long frames = readings.stream().mapToLong(MeterReading::frames).sum();
    assertThat(frames).isEqualTo(blocks.get() * BLOCK);
    double peakDb = 20 * Math.log10(amplitude);
    for (MeterReading reading : readings.stream().filter(r -> r.frames() > 0).toList()) {
      assertThat(reading.rmsLeftDb()).isCloseTo(peakDb - 3.0103, within(0.01));
      assertThat(reading.rmsRightDb()).isCloseTo(peakDb - 9.0309, within(0.01));
      assertThat(reading.peakLeftDb()).isLessThanOrEqualTo(peakDb + 0.01);
    }
    double[] peaks = readings.stream().mapToDouble(MeterReading::peakLeftDb).toArray();
    assertThat(Arrays.stream(peaks).max().orElseThrow()).isCloseTo(peakDb, within(0.01));
  }
}
