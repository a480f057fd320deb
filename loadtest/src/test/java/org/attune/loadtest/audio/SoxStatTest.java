package org.attune.loadtest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SoxStatTest {

  @Test
  void soxStatReportIsReadForLengthRmsAndPeak() {
    String report =
        "Samples read:           2880000\n"
            + "Length (seconds):     30.000000\n"
            + "Scaled by:         2147483647.0\n"
            + "Maximum amplitude:     0.891235\n"
            + "Minimum amplitude:    -0.874512\n"
            + "Midline amplitude:     0.008362\n"
            + "Mean    norm:          0.152314\n"
            + "Mean    amplitude:     0.000102\n"
            + "RMS     amplitude:     0.231250\n";

    SoxStat stat = SoxStat.parse(report).orElseThrow();

    assertThat(stat.lengthSeconds()).isEqualTo(30.0);
    assertThat(stat.maximumAmplitude()).isEqualTo(0.891235);
    assertThat(stat.rmsDbfs()).isCloseTo(-12.72, within(0.01));
  }

  @Test
  void aReportWithoutLevelsIsNotRead() {
    assertThat(SoxStat.parse("sox FAIL formats: can't open input file")).isEmpty();
  }
}
