package org.attune.audio.backing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A groove compiled for one meter: every event of a bar in flat arrays, indexed by slot (beat in
 * bar × {@link #TICKS_PER_BEAT} + tick), with a bit mask per beat of the ticks that have events, so
 * that the render thread finds the next event and its notes by arithmetic alone.
 *
 * <p>Pitched events store a role ({@link #ROOT}, {@link #FIFTH}, ... or {@link #CHORD}) rather than
 * a key: the key comes from the chord sounding when the event plays.
 *
 * <p>Thread-safe: yes (immutable after construction). Realtime-safe: yes, all methods but {@link
 * #of}.
 */
final class GroovePattern {

  /**
   * Ticks per beat: 24 holds eighths (12), sixteenths (6) and triplets (8, 16), so that straight,
   * swung and syncopated patterns share one grid.
   */
  static final int TICKS_PER_BEAT = 24;

  static final int ROOT = 0;
  static final int THIRD = 1;
  static final int FIFTH = 2;
  static final int SIXTH = 3;
  static final int SEVENTH = 4;
  static final int OCTAVE = 5;

  /** Every tone of the chord's voicing. */
  static final int CHORD = 6;

  static final int DOWNBEAT_CLICK = 76;
  static final int BEAT_CLICK = 77;

  final Groove groove;
  final int beatsPerBar;
  private final long[] beatMasks;
  private final int[] firstEvent;
  private final BackingPart[] parts;
  private final int[] notes;
  private final int[] velocities;
  private final int[] durations;

  private GroovePattern(Groove groove, int beatsPerBar, List<PatternBuilder.Event> events) {
    this.groove = groove;
    this.beatsPerBar = beatsPerBar;
    int slots = beatsPerBar * TICKS_PER_BEAT;
    beatMasks = new long[beatsPerBar];
    firstEvent = new int[slots + 1];
    parts = new BackingPart[events.size()];
    notes = new int[events.size()];
    velocities = new int[events.size()];
    durations = new int[events.size()];
    for (int e = 0; e < events.size(); e++) {
      PatternBuilder.Event event = events.get(e);
      parts[e] = event.part();
      notes[e] = event.note();
      velocities[e] = event.velocity();
      durations[e] = event.durationTicks();
      firstEvent[event.slot() + 1]++;
      beatMasks[event.slot() / TICKS_PER_BEAT] |= 1L << (event.slot() % TICKS_PER_BEAT);
    }
    for (int s = 0; s < slots; s++) {
      firstEvent[s + 1] += firstEvent[s];
    }
  }

  /** {@code groove} for bars of {@code beatsPerBar} beats, with the click on every beat. */
  static GroovePattern of(Groove groove, int beatsPerBar) {
    PatternBuilder builder = new PatternBuilder();
    for (int i = 0; i < beatsPerBar; i++) {
      builder.startBeat(i);
      builder.click(i == 0 ? DOWNBEAT_CLICK : BEAT_CLICK, i == 0 ? 112 : 84);
      groove.beat(i, beatsPerBar, builder);
    }
    List<PatternBuilder.Event> events = new ArrayList<>(builder.events());
    events.sort(
        Comparator.comparingInt(PatternBuilder.Event::slot)
            .thenComparing(PatternBuilder.Event::part)
            .thenComparingInt(PatternBuilder.Event::order));
    return new GroovePattern(groove, beatsPerBar, events);
  }

  /**
   * The first tick at or after {@code tick} (counted from a bar line) that has an event; every beat
   * has its click, so the answer is at most a beat away.
   */
  long nextEventAtOrAfter(long tick) {
    long beat = Math.floorDiv(tick, TICKS_PER_BEAT);
    int sub = Math.floorMod(tick, TICKS_PER_BEAT);
    for (int k = 0; k <= beatsPerBar; k++) {
      long mask = beatMasks[Math.floorMod(beat + k, beatsPerBar)];
      if (k == 0) {
        mask &= -1L << sub;
      }
      if (mask != 0) {
        return (beat + k) * TICKS_PER_BEAT + Long.numberOfTrailingZeros(mask);
      }
    }
    return Long.MAX_VALUE;
  }

  /** Index of the first event in {@code slot}; the slot's events end at {@code first(slot + 1)}. */
  int first(int slot) {
    return firstEvent[slot];
  }

  BackingPart part(int event) {
    return parts[event];
  }

  /** The drum key, or the role of a pitched event. */
  int note(int event) {
    return notes[event];
  }

  int velocity(int event) {
    return velocities[event];
  }

  int durationTicks(int event) {
    return durations[event];
  }
}
