package org.attune.audio.builtin;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.attune.audio.sf2.Envelope;
import org.attune.audio.sf2.LoopMode;
import org.attune.audio.sf2.Preset;
import org.attune.audio.sf2.Region;
import org.attune.audio.sf2.SoundFont;

/**
 * The sounds Attune plays when no SoundFont is installed: synthesized once at startup into sample
 * frames and presented as a SoundFont, so that the one sample player renders them like any other.
 *
 * <p>Every General MIDI program of bank 0 is present under its General MIDI name, played by the
 * nearest of a few timbres (plucked string, mallet, electric piano, bass, pad, organ, lead), and
 * kit 0 of bank 128 sounds every percussion key 35..81. Each sample is peak-normalized and its
 * regions attenuated by its measured loudness, so instruments balance without a mixer.
 *
 * <p>The font is deterministic: noise comes from seeded generators and functions from {@link
 * StrictMath}, so that recordings rendered twice are the same bytes.
 *
 * <p>Thread-safe: yes ({@link #create} builds a new immutable font on the calling thread).
 */
public final class BuiltinSoundFont {

  /** The font's name. */
  public static final String NAME = "Attune built-in";

  /** The SoundFont default: full velocity-to-attenuation modulation. */
  private static final float VELOCITY_ATTENUATION_CB = 960;

  /** A cutoff at which the player's low-pass is off. */
  private static final float FILTER_OFF_HZ = 20_000;

  private BuiltinSoundFont() {}

  /**
   * Synthesizes the built-in font: about 17 MB of frames, a quarter second of one core once warm
   * (under half a second cold). Call it once at startup, off any event loop, and share the font.
   */
  public static SoundFont create() {
    SamplePool pool = new SamplePool();
    Map<Timbre, List<Timbre.Note>> timbres = new EnumMap<>(Timbre.class);
    for (Timbre t : Timbre.values()) {
      timbres.put(t, t.sample(pool));
    }
    List<Preset> presets = new ArrayList<>();
    for (int program = 0; program < 128; program++) {
      Voicing v = Voicing.forProgram(program);
      List<Region> regions = new ArrayList<>();
      for (Timbre.Note n : timbres.get(v.timbre())) {
        regions.add(region(n, v.timbre().loopMode(), v.envelope(), 100, 0));
      }
      presets.add(new Preset(GeneralMidi.programName(program), 0, program, regions));
    }
    presets.add(kit(pool));
    return new SoundFont(NAME, pool.toArray(), presets);
  }

  private static Preset kit(SamplePool pool) {
    List<Region> regions = new ArrayList<>();
    for (int key = GeneralMidi.FIRST_PERCUSSION_KEY;
        key <= GeneralMidi.LAST_PERCUSSION_KEY;
        key++) {
      float[] frames = DrumKit.sound(key);
      int start = pool.add(frames);
      double seconds = (double) frames.length / Synthesis.RATE;
      // Hits are released at once; a long release lets each ring out rather than be cut.
      Envelope ringOut = new Envelope(0, 0.001, 0, 0.001, 1.0, Math.max(0.5, 5 * seconds), 0, 0);
      Timbre.Note note =
          new Timbre.Note(
              key,
              key,
              key,
              0,
              start,
              start + frames.length,
              start,
              start,
              Loudness.attenuationDb(frames, 0, 0));
      regions.add(region(note, LoopMode.NONE, ringOut, 0, DrumKit.exclusiveClass(key)));
    }
    return new Preset(GeneralMidi.STANDARD_KIT, SoundFont.PERCUSSION_BANK, 0, regions);
  }

  private static Region region(
      Timbre.Note n,
      LoopMode loopMode,
      Envelope envelope,
      int scaleTuningCents,
      int exclusiveClass) {
    return new Region(
        n.loKey(),
        n.hiKey(),
        0,
        127,
        n.start(),
        n.end(),
        n.loopStart(),
        n.loopEnd(),
        loopMode,
        n.rootKey(),
        n.tuneCents(),
        scaleTuningCents,
        Synthesis.RATE,
        n.attenuationDb(),
        0f,
        envelope,
        FILTER_OFF_HZ,
        0f,
        exclusiveClass,
        VELOCITY_ATTENUATION_CB);
  }
}
