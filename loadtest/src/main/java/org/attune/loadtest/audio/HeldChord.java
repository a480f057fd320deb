package org.attune.loadtest.audio;

import java.util.ArrayList;
import java.util.List;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.Preset;
import org.attune.audio.sf2.Region;
import org.attune.audio.sf2.SoundFont;

/**
 * The notes of a voices-per-core probe: looping instruments (strings, organs, pads, choirs) on
 * fifteen channels, spread outwards from middle C, until their looping regions make the wanted
 * number of voices.
 *
 * <p>Each (channel, key) is used once, because FluidSynth and Gervill end a channel's sounding note
 * when the same key starts again; so a font's presets give at most {@code 15 x 128 x layers} voices
 * ({@link #capacity}). Voices are counted from the font's regions (one voice per matching region,
 * as every SoundFont player starts them), counting only those whose sample loops, since the others
 * fall silent and free their voice.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class HeldChord {

  /** General MIDI programs whose samples loop: organs, strings, choirs, pads, winds, brass. */
  static final int[] PROGRAMS = {48, 19, 52, 89, 16, 49, 50, 91, 20, 88, 61, 42, 71, 94, 68};

  private static final int VELOCITY = 96;

  private HeldChord() {}

  /** Channels 0..15 without the drum channel. */
  static int channel(int index) {
    return index < MemberPart.DRUM_CHANNEL ? index : index + 1;
  }

  /**
   * Notes whose looping regions add up to at least {@code voices}, or every note there is if the
   * font has fewer ({@link #loopingVoices} tells).
   */
  public static List<HeldNote> forVoices(SoundFont font, int voices) {
    List<HeldNote> notes = new ArrayList<>();
    int counted = 0;
    Region[] layers = new Region[16];
    for (int k = 0; k < 128 && counted < voices; k++) {
      int key = 60 + ((k % 2 == 0) ? k / 2 : -(k + 1) / 2);
      if (key < 0 || key > 127) {
        continue;
      }
      for (int c = 0; c < PROGRAMS.length && counted < voices; c++) {
        int n = looping(font.presetOrFallback(0, PROGRAMS[c]), key, layers);
        if (n > 0) {
          notes.add(new HeldNote(channel(c), PROGRAMS[c], key, VELOCITY));
          counted += n;
        }
      }
    }
    return notes;
  }

  /** Voices the notes hold once their attacks are over. */
  public static int loopingVoices(SoundFont font, List<HeldNote> notes) {
    Region[] layers = new Region[16];
    int sum = 0;
    for (HeldNote note : notes) {
      sum += looping(font.presetOrFallback(0, note.program()), note.key(), layers);
    }
    return sum;
  }

  /** The most voices this font's held chords can make. */
  public static int capacity(SoundFont font) {
    return loopingVoices(font, forVoices(font, Integer.MAX_VALUE));
  }

  private static int looping(Preset preset, int key, Region[] layers) {
    int n = preset.regionsFor(key, VELOCITY, layers);
    int loops = 0;
    for (int i = 0; i < n; i++) {
      Region r = layers[i];
      if (r.loopMode() != LoopMode.NONE && r.loopEnd() - r.loopStart() >= 2) {
        loops++;
      }
    }
    return loops;
  }
}
