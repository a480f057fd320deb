package org.attune.audio.synth;

import java.util.Arrays;
import org.attune.audio.SampleClock;
import org.attune.audio.sf2.Preset;
import org.attune.audio.sf2.Region;
import org.attune.audio.sf2.SoundFont;

/**
 * Attune's SoundFont 2 player: notes on numbered strips (one per member or backing part), each
 * strip playing one preset, rendered block by block into one stereo buffer pair per strip.
 *
 * <p>Voices come from a pool allocated up front. When every voice sounds, a new note takes the
 * oldest released voice, else the oldest held one that is not percussion, else the oldest; the
 * taken voice fades out within a block on a spare slot of its own, so that stealing does not click.
 * Voices end early once their release has fallen below audibility.
 *
 * <p>Thread-safe: no. One render thread owns it and calls every method; control changes reach that
 * thread as events. Realtime-safe: every method but the constructor.
 */
public final class Synthesizer {

  /** Most regions one note may start (layers, stereo pairs). */
  private static final int MAX_LAYERS = 8;

  private final SoundFont font;
  private final int maxVoices;
  private final Voice[] voices;

  /** Indices of active voices in {@link #voices}, in no particular order. */
  private final int[] active;

  private int activeCount;

  /** Indices of idle voices, used as a stack. */
  private final int[] free;

  private int freeCount;

  /** Active voices not fading out after a steal: those that count against {@link #maxVoices}. */
  private int sounding;

  private final Preset[] stripPresets;
  private final boolean[] stripPercussion;

  /** Strips that the last block rendered into (the others hold zeros). */
  private final boolean[] stripSounding;

  private final StripFilters filters;
  private final Region[] layers = new Region[MAX_LAYERS];
  private final Preset kit;
  private long serial;
  private long voicesStolen;

  /**
   * @param font the sounds
   * @param strips how many strips (strip numbers are {@code 0..strips-1})
   * @param maxVoices polyphony: voices sounding at once before stealing begins
   */
  public Synthesizer(SoundFont font, int strips, int maxVoices) {
    this(font, strips, maxVoices, SampleClock.BLOCK_FRAMES);
  }

  /**
   * @param maxBlockFrames the most frames {@link #render} is asked for at once
   */
  public Synthesizer(SoundFont font, int strips, int maxVoices, int maxBlockFrames) {
    if (strips < 1 || maxVoices < 1) {
      throw new IllegalArgumentException("need at least one strip and one voice");
    }
    this.font = font;
    this.maxVoices = maxVoices;
    int slots = maxVoices + Math.max(8, maxVoices / 8);
    this.voices = new Voice[slots];
    this.free = new int[slots];
    for (int i = 0; i < slots; i++) {
      voices[i] = new Voice(i);
      free[freeCount++] = slots - 1 - i;
    }
    this.active = new int[slots];
    this.stripPresets = new Preset[strips];
    this.stripPercussion = new boolean[strips];
    this.stripSounding = new boolean[strips];
    this.filters = new StripFilters(strips, maxBlockFrames);
    Arrays.fill(stripPresets, font.presetOrFallback(0, 0));
    this.kit = font.presetOrFallback(SoundFont.PERCUSSION_BANK, 0);
  }

  public SoundFont font() {
    return font;
  }

  public int strips() {
    return stripPresets.length;
  }

  /** Sets the strip's instrument: a General MIDI program, or a kit in bank 128. */
  public void program(int strip, int bank, int program) {
    stripPresets[strip] = font.presetOrFallback(bank, program);
    stripPercussion[strip] = bank == SoundFont.PERCUSSION_BANK;
  }

  public Preset preset(int strip) {
    return stripPresets[strip];
  }

  /**
   * Starts a note at frame {@code offset} of the next block rendered.
   *
   * @param velocity 1..127 (0 is a note-off, as in MIDI)
   */
  public void noteOn(int strip, int key, int velocity, int offset) {
    if (velocity <= 0) {
      noteOff(strip, key, offset);
      return;
    }
    start(strip, stripPresets[strip], stripPercussion[strip], key, velocity, offset);
  }

  /**
   * Plays a percussion hit on the strip from the General MIDI kit, whatever the strip's own
   * instrument: a tablet's drum pad on a marimba strip still sounds a drum. It ends by itself.
   *
   * @param key General MIDI percussion key (35..81)
   */
  public void hit(int strip, int key, int velocity, int offset) {
    if (velocity > 0) {
      start(strip, kit, true, key, velocity, offset);
    }
  }

  private void start(
      int strip, Preset preset, boolean percussion, int key, int velocity, int offset) {
    int n = preset.regionsFor(key, velocity, layers);
    for (int l = 0; l < n; l++) {
      int cls = layers[l].exclusiveClass();
      if (cls != 0) {
        choke(strip, cls);
      }
    }
    for (int l = 0; l < n; l++) {
      Voice v = allocate();
      if (v == null) {
        return;
      }
      v.start(font.pcm(), layers[l], strip, key, velocity, percussion, offset, ++serial);
      if (v.wantsFilter()) {
        int f = filters.acquire(strip, layers[l].filterCutoffHz(), layers[l].filterQDb());
        if (f >= 0) {
          v.playThrough(f);
        }
      }
    }
  }

  /** Releases the strip's held notes of {@code key} at frame {@code offset} of the next block. */
  public void noteOff(int strip, int key, int offset) {
    for (int a = 0; a < activeCount; a++) {
      Voice v = voices[active[a]];
      if (v.strip == strip && v.key == key && !v.isReleased()) {
        v.release(offset);
      }
    }
  }

  /** Releases every held note of the strip. */
  public void allNotesOff(int strip) {
    for (int a = 0; a < activeCount; a++) {
      Voice v = voices[active[a]];
      if (v.strip == strip) {
        v.release(0);
      }
    }
  }

  /**
   * Ends every voice of the strip within a block, releases and all, as a steal does: for a strip
   * that leaves the bus or is given to someone else, whose old notes must not ring on into it.
   */
  public void silence(int strip) {
    for (int a = 0; a < activeCount; a++) {
      Voice v = voices[active[a]];
      if (v.strip == strip && !v.stolen) {
        v.fadeQuickly();
        v.stolen = true;
        sounding--;
      }
    }
  }

  /**
   * Ends every voice of the strip at once, without a fade: only for a strip no one hears (off the
   * bus), where a fade would only let old notes into its first block.
   */
  public void cut(int strip) {
    filters.reset(strip);
    for (int a = 0; a < activeCount; a++) {
      Voice v = voices[active[a]];
      if (v.strip == strip) {
        v.stop();
        if (!v.stolen) {
          v.stolen = true;
          sounding--;
        }
      }
    }
  }

  /**
   * Renders the next block: clears the strips' buffers and adds every voice into its strip's.
   *
   * @param left per strip, at least {@code frames} long
   * @param right likewise
   */
  public void render(float[][] left, float[][] right, int frames) {
    for (int s = 0; s < stripPresets.length; s++) {
      if (stripSounding[s]) {
        Arrays.fill(left[s], 0, frames, 0f);
        Arrays.fill(right[s], 0, frames, 0f);
        stripSounding[s] = false;
      }
    }
    filters.beginBlock(frames);
    int kept = 0;
    int stillSounding = 0;
    for (int a = 0; a < activeCount; a++) {
      int slot = active[a];
      Voice v = voices[slot];
      boolean on;
      if (v.sharedFilter >= 0) {
        on =
            v.render(filters.inputLeft(v.sharedFilter), filters.inputRight(v.sharedFilter), frames);
      } else {
        stripSounding[v.strip] = true;
        on = v.render(left[v.strip], right[v.strip], frames);
      }
      if (on) {
        active[kept++] = slot;
        if (!v.stolen) {
          stillSounding++;
        }
      } else {
        if (v.sharedFilter >= 0) {
          filters.release(v.sharedFilter);
          v.sharedFilter = -1;
        }
        free[freeCount++] = slot;
      }
    }
    activeCount = kept;
    sounding = stillSounding;
    filters.endBlock(left, right, stripSounding, frames);
  }

  /**
   * Per strip, whether the last block rendered anything into it; a strip that is false holds zeros.
   * Read-only for callers; valid until the next {@link #render}.
   */
  public boolean[] sounding() {
    return stripSounding;
  }

  /** Voices sounding or fading now. */
  public int activeVoices() {
    return activeCount;
  }

  /** Notes that took a voice from another since this synthesizer started. */
  public long voicesStolen() {
    return voicesStolen;
  }

  private void choke(int strip, int exclusiveClass) {
    for (int a = 0; a < activeCount; a++) {
      Voice v = voices[active[a]];
      if (v.strip == strip && v.exclusiveClass == exclusiveClass && !v.stolen) {
        v.fadeQuickly();
        v.stolen = true;
        sounding--;
      }
    }
  }

  private Voice allocate() {
    if (sounding >= maxVoices) {
      Voice victim = victim();
      if (victim == null) {
        return null;
      }
      victim.fadeQuickly();
      victim.stolen = true;
      sounding--;
      voicesStolen++;
    }
    Voice voice = freeCount > 0 ? voices[free[--freeCount]] : null;
    if (voice == null) {
      // Even the spare slots are fading: cut the oldest fading voice outright. A held note older
      // than it must not be cut; there is a fading one, as fewer than maxVoices slots sound.
      int oldest = oldestActive(true);
      if (oldest < 0) {
        oldest = oldestActive(false);
      }
      voice = voices[active[oldest]];
      active[oldest] = active[--activeCount];
      if (!voice.stolen) {
        sounding--;
      }
    }
    voice.stolen = false;
    active[activeCount++] = voice.slot;
    sounding++;
    return voice;
  }

  /** The index in {@link #active} of the oldest voice, of the fading ones only if asked; or -1. */
  private int oldestActive(boolean fadingOnly) {
    int oldest = -1;
    for (int a = 0; a < activeCount; a++) {
      Voice v = voices[active[a]];
      if ((v.stolen || !fadingOnly) && (oldest < 0 || v.serial < voices[active[oldest]].serial)) {
        oldest = a;
      }
    }
    return oldest;
  }

  /** Oldest released voice, else the oldest held melodic one, else the oldest of all. */
  private Voice victim() {
    Voice released = null;
    Voice melodic = null;
    Voice any = null;
    for (int a = 0; a < activeCount; a++) {
      Voice v = voices[active[a]];
      if (v.stolen) {
        continue;
      }
      if (v.isReleased() && (released == null || v.serial < released.serial)) {
        released = v;
      }
      if (!v.percussion && (melodic == null || v.serial < melodic.serial)) {
        melodic = v;
      }
      if (any == null || v.serial < any.serial) {
        any = v;
      }
    }
    return released != null ? released : melodic != null ? melodic : any;
  }
}
