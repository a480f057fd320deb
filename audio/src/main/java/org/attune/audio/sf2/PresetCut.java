package org.attune.audio.sf2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of a SoundFont one preset plays at one velocity, cut out so that another player (a
 * browser's Web Audio) can sound the preset as this engine does: its regions with their generators,
 * and the sample frames they read, as 16-bit values.
 *
 * <p>A sample that does not loop is cut after {@code maxFramesPerSample} (a note that long has
 * faded on any instrument a group plays); a looped one keeps its loop whole. Regions whose samples
 * would carry the cut past {@code maxTotalFrames} are left out and counted in {@link #skipped}.
 *
 * <p>Positions in {@link CutRegion} count from the first frame of its {@link CutSample}.
 *
 * @param font the SoundFont's name
 * @param preset the preset cut
 * @param velocity the velocity whose layer was cut
 * @param regions the regions of that layer, in the preset's order
 * @param samples the distinct samples they read
 * @param pcm every sample's frames, one after the other ({@link CutSample#offset})
 * @param skipped regions left out to keep within the frame budget
 */
public record PresetCut(
    String font,
    Preset preset,
    int velocity,
    List<CutRegion> regions,
    List<CutSample> samples,
    short[] pcm,
    int skipped) {

  /** One sample of the cut: where its frames lie in {@link #pcm}, how many, and at what rate. */
  public record CutSample(int offset, int frames, int sampleRate) {}

  /** One region of the cut, reading sample {@code sample} at positions relative to its start. */
  public record CutRegion(
      Region region, int sample, int start, int end, int loopStart, int loopEnd, LoopMode loop) {}

  /**
   * Cuts {@code preset} of {@code font} at {@code velocity}.
   *
   * @throws IllegalArgumentException if a bound is not positive
   */
  public static PresetCut of(
      SoundFont font, Preset preset, int velocity, int maxFramesPerSample, int maxTotalFrames) {
    if (maxFramesPerSample < 1 || maxTotalFrames < 1) {
      throw new IllegalArgumentException("the cut's bounds must be positive");
    }
    float[] pool = font.pcm();
    List<CutRegion> regions = new ArrayList<>();
    List<CutSample> samples = new ArrayList<>();
    Map<Long, Integer> sampleBySpan = new LinkedHashMap<>();
    List<int[]> spans = new ArrayList<>();
    int total = 0;
    int skipped = 0;
    for (Region r : preset.regions()) {
      if (velocity < r.loVel() || velocity > r.hiVel()) {
        continue;
      }
      boolean loops = r.loopMode() != LoopMode.NONE && r.loopEnd() - r.loopStart() >= 2;
      int end = r.end();
      if (!loops) {
        end = Math.min(end, r.start() + maxFramesPerSample);
      } else if (r.loopMode() == LoopMode.CONTINUOUS) {
        // Nothing after the loop is ever heard.
        end = Math.min(end, r.loopEnd() + 1);
      }
      end = Math.min(Math.max(end, r.start() + 1), pool.length);
      long span = ((long) r.start() << 32) | end;
      Integer index = sampleBySpan.get(span);
      if (index == null) {
        int frames = end - r.start();
        if (total + frames > maxTotalFrames) {
          skipped++;
          continue;
        }
        index = samples.size();
        sampleBySpan.put(span, index);
        samples.add(new CutSample(total, frames, r.sampleRate()));
        spans.add(new int[] {r.start(), end});
        total += frames;
      }
      int base = r.start();
      regions.add(
          new CutRegion(
              r,
              index,
              0,
              end - base,
              loops ? r.loopStart() - base : 0,
              loops ? r.loopEnd() - base : 0,
              loops ? r.loopMode() : LoopMode.NONE));
    }
    short[] pcm = new short[total];
    int at = 0;
    for (int[] span : spans) {
      for (int i = span[0]; i < span[1]; i++) {
        pcm[at++] = (short) Math.max(-32768, Math.min(32767, Math.round(pool[i])));
      }
    }
    return new PresetCut(
        font.name(), preset, velocity, List.copyOf(regions), List.copyOf(samples), pcm, skipped);
  }
}
