package org.attune.audio.backing;

/**
 * The backing band of a group's bus: turns a {@link FormTimeline} into the note-ons and note-offs
 * of its parts, one block of server time after another.
 *
 * <p>Every event sits on a tick of the beat line, placed in server time by the tempo map, so that
 * the band follows accelerando, ritardando and fermata exactly as the members' clients do. It keeps
 * one cursor, the next tick it has to play, and the notes it has started; a block plays what falls
 * inside it and nothing else, which is why the events do not depend on how time is cut into blocks.
 * Drum and click hits end after a fixed time, so a fermata silences them; pitched notes end at a
 * tick, so the chord sounding when the beat is held rings until the fermata is released. A note is
 * always released by the key it was struck with, so that no change of key, chord, groove, timeline
 * or parts leaves a note hanging.
 *
 * <p>Thread-safe: no; owned by the render thread, which also hands it new timelines and parts
 * between blocks. Realtime-safe: yes, all methods but the constructor.
 */
public final class BackingBand {

  private static final BackingPart[] PARTS = BackingPart.values();
  private static final int NOTES_PER_PART = 16;
  private static final long DRUM_MICROS = 80_000;
  private static final long CLICK_MICROS = 50_000;
  private static final int PAD_VELOCITY = 64;
  private static final int ACCENT_CRASH_VELOCITY = 120;
  private static final double ACCENT_GAIN = 1.25;

  /** Beats at which two tempo maps agree: anything closer is the same rounded microsecond. */
  private static final double SAME_BEAT = 1e-6;

  private final HeldNotes held = new HeldNotes(PARTS.length, NOTES_PER_PART);
  private FormTimeline timeline;
  private int partsOn;
  private boolean started;
  private long lastTo;

  /** The last tick played (or passed over): ticks after it are still to come. */
  private long doneTick;

  private long nextTick;
  private long nextTickMicros;

  /**
   * Follows {@code next} from the next block on. A map that agrees with the old one where the band
   * is now (as an announced change's map does) keeps the cursor and shortens held notes to the new
   * chord boundaries; any other map starts afresh where it is now, releasing pitched notes.
   */
  public void timeline(FormTimeline next) {
    if (next == null) {
      throw new NullPointerException("a backing band needs a timeline");
    }
    FormTimeline previous = timeline;
    timeline = next;
    if (!started) {
      return;
    }
    boolean agrees = Math.abs(previous.beatAt(lastTo) - next.beatAt(lastTo)) < SAME_BEAT;
    if (!agrees) {
      doneTick = FormTimeline.tickAtOrAfter(next.beatAt(lastTo)) - 1;
    }
    for (int slot = 0; slot < held.slots(); slot++) {
      if (!held.isHeld(slot) || held.endTick(slot) == HeldNotes.NO_TICK) {
        continue;
      }
      if (agrees) {
        long end = Math.min(held.endTick(slot), next.chordEnd(held.startTick(slot)));
        held.end(slot, end, next.timeAt(end));
      } else {
        held.end(slot, HeldNotes.NO_TICK, lastTo);
      }
    }
    nextTick = next.nextEventAtOrAfter(doneTick + 1);
    nextTickMicros = next.timeAt(nextTick);
  }

  /**
   * The parts to play, as a mask of {@link BackingPart#bit()}s; the notes of parts switched off are
   * released at the start of the next block.
   */
  public void parts(int mask) {
    partsOn = mask & BackingPart.ALL;
  }

  public int parts() {
    return partsOn;
  }

  /**
   * Emits, in time order, every note-on and note-off of server time in [{@code fromMicros}, {@code
   * toMicros}). Blocks are expected to follow each other; a note-off that a new timeline or a part
   * switched off has moved into the past is emitted at {@code fromMicros}.
   */
  public void render(long fromMicros, long toMicros, NoteSink sink) {
    releaseSilenced(fromMicros, sink);
    if (timeline == null) {
      return;
    }
    if (!started) {
      started = true;
      doneTick = FormTimeline.tickAtOrAfter(timeline.beatAt(fromMicros)) - 1;
      nextTick = timeline.nextEventAtOrAfter(doneTick + 1);
      nextTickMicros = timeline.timeAt(nextTick);
    }
    // Server times are positive microseconds since start and Long.MAX_VALUE means "held", so they
    // compare directly: a subtraction would overflow on the fermata's sentinel.
    while (true) {
      int slot = held.earliest();
      long endMicros = slot == HeldNotes.FREE ? Long.MAX_VALUE : held.endMicros(slot);
      if (endMicros <= nextTickMicros) {
        if (endMicros >= toMicros) {
          break;
        }
        sink.noteOff(PARTS[held.partOf(slot)], Math.max(endMicros, fromMicros), held.key(slot));
        held.release(slot);
      } else {
        if (nextTickMicros >= toMicros) {
          break;
        }
        if (nextTickMicros >= fromMicros) {
          play(nextTick, nextTickMicros, sink);
        }
        doneTick = nextTick;
        nextTick = timeline.nextEventAtOrAfter(nextTick + 1);
        nextTickMicros = timeline.timeAt(nextTick);
      }
    }
    lastTo = toMicros;
  }

  private void releaseSilenced(long micros, NoteSink sink) {
    for (int slot = 0; slot < held.slots(); slot++) {
      if (held.isHeld(slot) && (partsOn & (1 << held.partOf(slot))) == 0) {
        sink.noteOff(PARTS[held.partOf(slot)], micros, held.key(slot));
        held.release(slot);
      }
    }
  }

  private void play(long tick, long micros, NoteSink sink) {
    FormEntry entry = timeline.entryAt(tick);
    boolean accent = timeline.isAccent(tick);
    double gain = (entry.levelAt(tick) + 2) / 10 * (accent ? ACCENT_GAIN : 1);
    ChordTones chord = entry.chordAt(tick);
    GroovePattern pattern = entry.pattern;
    int slot = (int) Math.floorMod(entry.sinceOrigin(tick), entry.barTicks);
    for (int e = pattern.first(slot); e < pattern.first(slot + 1); e++) {
      BackingPart part = pattern.part(e);
      if (!isOn(part)) {
        continue;
      }
      int note = pattern.note(e);
      if (part.isPercussion()) {
        int humanize = part == BackingPart.DRUMS ? humanize(tick, note) : 0;
        long length = part == BackingPart.CLICK ? CLICK_MICROS : DRUM_MICROS;
        strike(
            part,
            note,
            velocity(pattern.velocity(e), gain, humanize),
            tick,
            HeldNotes.NO_TICK,
            micros + length,
            micros,
            sink);
        continue;
      }
      int duration = pattern.durationTicks(e);
      long end = timeline.chordEnd(tick);
      if (duration > 0) {
        end = Math.min(end, tick + duration);
      }
      long endMicros = timeline.timeAt(end);
      int velocity = velocity(pattern.velocity(e), gain, 0);
      if (note == GroovePattern.CHORD) {
        for (int i = 0; i < chord.voicingSize(); i++) {
          strike(part, chord.voicing(i), velocity, tick, end, endMicros, micros, sink);
        }
      } else {
        strike(part, chord.bass(note), velocity, tick, end, endMicros, micros, sink);
      }
    }
    if (accent && isOn(BackingPart.DRUMS)) {
      strike(
          BackingPart.DRUMS,
          Groove.CRASH,
          velocity(ACCENT_CRASH_VELOCITY, gain, 0),
          tick,
          HeldNotes.NO_TICK,
          micros + DRUM_MICROS,
          micros,
          sink);
    }
    if (isOn(BackingPart.PAD) && timeline.isChordStart(tick)) {
      long end = timeline.chordEnd(tick);
      long endMicros = timeline.timeAt(end);
      int velocity = velocity(PAD_VELOCITY, gain, 0);
      for (int i = 0; i < chord.voicingSize(); i++) {
        strike(BackingPart.PAD, chord.voicing(i), velocity, tick, end, endMicros, micros, sink);
      }
    }
  }

  private boolean isOn(BackingPart part) {
    return (partsOn & part.bit()) != 0;
  }

  /**
   * Starts {@code key}, first releasing it if it still sounds (a part never strikes a key twice
   * without a release between) or releasing the part's oldest note if all its slots are taken.
   */
  private void strike(
      BackingPart part,
      int key,
      int velocity,
      long tick,
      long endTick,
      long endMicros,
      long micros,
      NoteSink sink) {
    int p = part.ordinal();
    int slot = held.find(p, key);
    if (slot == HeldNotes.FREE) {
      slot = held.free(p);
    }
    if (slot == HeldNotes.FREE) {
      slot = held.oldest(p);
    }
    if (held.isHeld(slot)) {
      sink.noteOff(part, micros, held.key(slot));
      held.release(slot);
    }
    held.hold(slot, key, tick, endTick, endMicros);
    sink.noteOn(part, micros, key, velocity);
  }

  private static int velocity(int base, double gain, int humanize) {
    return Math.max(1, Math.min(127, (int) Math.round(base * gain) + humanize));
  }

  /**
   * A drummer's small unevenness, -3..3, from a hash of the tick and key: never a running random
   * generator, so that the same timeline always gives the same velocities.
   */
  private static int humanize(long tick, int key) {
    long h = tick * 0x9E3779B97F4A7C15L + key;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (int) Math.floorMod(h, 7L) - 3;
  }
}
