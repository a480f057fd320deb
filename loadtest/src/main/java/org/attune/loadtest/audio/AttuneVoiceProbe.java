package org.attune.loadtest.audio;

import java.util.List;
import org.attune.audio.SampleClock;
import org.attune.audio.mix.MasterBus;
import org.attune.audio.mix.Mixer;
import org.attune.audio.sf2.SoundFont;
import org.attune.audio.synth.Synthesizer;

/**
 * Holds a {@link HeldChord} on Attune's {@link Synthesizer} and a {@link Mixer}, on the calling
 * thread, and times rendering it after the attacks.
 *
 * <p>A probe gives up as soon as it has taken longer than the audio it was to render, so that a
 * too-slow count costs no more than the audio's length.
 *
 * <p>Thread-safe: no.
 */
public final class AttuneVoiceProbe implements VoiceProbe {

  private static final int STRIPS = 16;

  private final SoundFont font;
  private final long attackFrames;
  private final long heldFrames;

  /**
   * @param attackSeconds rendered first, untimed, for the attacks and decays to pass
   * @param heldSeconds rendered and timed
   */
  public AttuneVoiceProbe(SoundFont font, double attackSeconds, double heldSeconds) {
    this.font = font;
    this.attackFrames = Math.round(attackSeconds * SampleClock.SAMPLE_RATE);
    this.heldFrames = Math.round(heldSeconds * SampleClock.SAMPLE_RATE);
  }

  @Override
  public Result probe(int voices) {
    int block = SampleClock.BLOCK_FRAMES;
    Synthesizer synth = new Synthesizer(font, STRIPS, voices);
    Mixer mixer = new Mixer(STRIPS, block, new MasterBus());
    for (int s = 0; s < STRIPS; s++) {
      mixer.addStrip(s);
    }
    List<HeldNote> notes = HeldChord.forVoices(font, voices);
    for (HeldNote note : notes) {
      synth.program(note.channel(), 0, note.program());
    }
    int loops = HeldChord.loopingVoices(font, notes);
    for (int round = 0; round * loops < voices; round++) {
      for (HeldNote note : notes) {
        synth.noteOn(note.channel(), note.key(), note.velocity() - round % 8, 0);
      }
    }
    float[][] left = new float[STRIPS][block];
    float[][] right = new float[STRIPS][block];
    float[] outLeft = new float[block];
    float[] outRight = new float[block];
    for (long f = 0; f < attackFrames; f += block) {
      synth.render(left, right, block);
      mixer.mix(left, right, block, outLeft, outRight);
    }
    int sounding = synth.activeVoices();
    long budget = heldFrames * 1_000_000_000L / SampleClock.SAMPLE_RATE;
    long start = System.nanoTime();
    long rendered = 0;
    long took = 0;
    while (rendered < heldFrames && took <= budget) {
      for (int i = 0; i < 16; i++) {
        synth.render(left, right, block);
        mixer.mix(left, right, block, outLeft, outRight);
      }
      rendered += 16L * block;
      took = System.nanoTime() - start;
    }
    sounding = Math.min(sounding, synth.activeVoices());
    double factor = rendered / (double) SampleClock.SAMPLE_RATE / (took / 1e9);
    return new Result(voices, sounding, factor);
  }
}
