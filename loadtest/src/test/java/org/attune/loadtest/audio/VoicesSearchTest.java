package org.attune.loadtest.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.sf2.SoundFontParser;
import org.junit.jupiter.api.Test;

class VoicesSearchTest {

  private static final Path TIM = Path.of("/usr/share/sounds/sf2/TimGM6mb.sf2");

  @Test
  void searchBracketsTheLargestCountThatKeepsUpToTheResolution() throws Exception {
    VoiceProbe threshold = n -> new VoiceProbe.Result(n, n, n <= 2_700 ? 1.5 : 0.8);

    VoicesSearch.Outcome outcome = VoicesSearch.largest(threshold, 500, 65_535, 64);

    assertThat(outcome.voices()).isBetween(2_700 - 64, 2_700);
    assertThat(outcome.capped()).isFalse();
    assertThat(outcome.probes())
        .extracting(VoiceProbe.Result::voices)
        .startsWith(500, 1_000, 2_000, 4_000);
  }

  @Test
  void searchReportsACapWhenEvenTheMostKeepsUp() throws Exception {
    VoicesSearch.Outcome outcome =
        VoicesSearch.largest(n -> new VoiceProbe.Result(n, n, 3), 500, 1_500, 64);

    assertThat(outcome.voices()).isEqualTo(1_500);
    assertThat(outcome.capped()).isTrue();
  }

  @Test
  void tinyAttuneSearchHoldsTheVoicesItReports() throws Exception {
    assumeTrue(Files.exists(TIM), "TimGM6mb.sf2 is not installed");
    SoundFont font = SoundFontParser.read(TIM);
    AttuneVoiceProbe probe = new AttuneVoiceProbe(font, 0.05, 0.1);

    VoicesSearch.Outcome outcome = VoicesSearch.largest(probe, 8, 64, 8);
    VoiceProbe.Result held = probe.probe(48);

    assertThat(outcome.voices()).isBetween(1, 64);
    assertThat(held.sounding()).isEqualTo(48);
    assertThat(HeldChord.loopingVoices(font, HeldChord.forVoices(font, 48)))
        .isGreaterThanOrEqualTo(48);
  }
}
