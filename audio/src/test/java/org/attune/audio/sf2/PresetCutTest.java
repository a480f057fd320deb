package org.attune.audio.sf2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.attune.audio.builtin.BuiltinSoundFont;
import org.junit.jupiter.api.Test;

class PresetCutTest {

  private final SoundFont font = BuiltinSoundFont.create();

  @Test
  void theCutHoldsEveryRegionOfTheLayerWithItsFramesExactly() {
    Preset preset = font.presetOrFallback(0, 0);
    PresetCut cut = PresetCut.of(font, preset, 100, Integer.MAX_VALUE, Integer.MAX_VALUE);
    long layer =
        preset.regions().stream().filter(r -> r.loVel() <= 100 && r.hiVel() >= 100).count();
    assertThat(cut.regions()).hasSize((int) layer).isNotEmpty();
    assertThat(cut.skipped()).isZero();
    for (PresetCut.CutRegion c : cut.regions()) {
      Region r = c.region();
      PresetCut.CutSample s = cut.samples().get(c.sample());
      assertThat(c.end()).isLessThanOrEqualTo(s.frames());
      for (int i = 0; i < c.end(); i += 97) {
        assertThat((float) cut.pcm()[s.offset() + i]).isEqualTo(font.pcm()[r.start() + i]);
      }
      if (c.loop() != LoopMode.NONE) {
        assertThat(c.loopEnd() - c.loopStart()).isEqualTo(r.loopEnd() - r.loopStart());
        assertThat(c.loopEnd()).isLessThanOrEqualTo(c.end());
      }
    }
  }

  @Test
  void longSamplesAreCutAndRegionsPastTheBudgetAreLeftOutAndCounted() {
    Preset preset = font.presetOrFallback(0, 0);
    PresetCut small = PresetCut.of(font, preset, 100, 1000, Integer.MAX_VALUE);
    for (PresetCut.CutRegion c : small.regions()) {
      if (c.loop() == LoopMode.NONE) {
        assertThat(c.end()).isLessThanOrEqualTo(1000);
      }
    }
    PresetCut tight = PresetCut.of(font, preset, 100, 1000, 1500);
    assertThat(tight.pcm().length).isLessThanOrEqualTo(1500);
    assertThat(tight.regions().size() + tight.skipped()).isEqualTo(small.regions().size());
    assertThatThrownBy(() -> PresetCut.of(font, preset, 100, 0, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
