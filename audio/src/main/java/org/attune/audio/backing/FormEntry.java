package org.attune.audio.backing;

import org.attune.form.Dynamics;
import org.attune.form.FormStates;
import org.attune.form.RomanChord;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Progression;

/**
 * A form state from the tick it takes effect, prepared for the render thread: its groove compiled
 * for its meter, its bar and progression grids in ticks and each chord of its progression resolved
 * in its key.
 *
 * <p>Thread-safe: yes (immutable after construction). Realtime-safe: yes, all methods.
 */
final class FormEntry {

  private static final int T = GroovePattern.TICKS_PER_BEAT;

  final long startTick;
  final FormState form;
  final GroovePattern pattern;
  final int beatsPerBar;
  final long barTicks;
  final long originTick;
  private final long progressionStartTick;

  /** The progression's chords in order, then the key's home chord for before it starts. */
  private final ChordTones[] chords;

  FormEntry(long startTick, FormState form) {
    this.startTick = startTick;
    this.form = form;
    beatsPerBar = FormStates.beatsPerBar(form);
    barTicks = (long) beatsPerBar * T;
    originTick = FormTimeline.nearestTick(form.getBarOriginBeat());
    pattern = GroovePattern.of(Groove.named(form.getGroove()), beatsPerBar);
    Progression progression = form.getProgression();
    progressionStartTick = FormTimeline.nearestTick(progression.getStartBeat());
    chords = new ChordTones[progression.getChordsCount() + 1];
    RomanChord tonic = RomanChord.tonic(form.getKey());
    for (int i = 0; i < progression.getChordsCount(); i++) {
      chords[i] = ChordTones.of(parseOr(progression.getChords(i), tonic), form.getKey());
    }
    chords[chords.length - 1] = ChordTones.of(tonic, form.getKey());
  }

  /** A chord the server let through but that does not parse is played as the home chord. */
  private static RomanChord parseOr(String symbol, RomanChord fallback) {
    try {
      return RomanChord.parse(symbol);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  /** The chord at {@code tick}: one per bar of the progression from its start, looping. */
  ChordTones chordAt(long tick) {
    int count = chords.length - 1;
    if (count == 0 || tick < progressionStartTick) {
      return chords[count];
    }
    return chords[Math.floorMod(Math.floorDiv(tick - progressionStartTick, barTicks), count)];
  }

  /** Ticks since the bar line grid's origin. */
  long sinceOrigin(long tick) {
    return tick - originTick;
  }

  boolean isBarLine(long tick) {
    return Math.floorMod(tick - originTick, barTicks) == 0;
  }

  /** The first bar line after {@code tick}. */
  long nextBarLine(long tick) {
    return originTick + (Math.floorDiv(tick - originTick, barTicks) + 1) * barTicks;
  }

  boolean isChordLine(long tick) {
    return chords.length > 1
        && tick >= progressionStartTick
        && Math.floorMod(tick - progressionStartTick, barTicks) == 0;
  }

  /** The first tick after {@code tick} where the progression moves on; never without one. */
  long nextChordLine(long tick) {
    if (chords.length == 1) {
      return Long.MAX_VALUE;
    }
    if (tick < progressionStartTick) {
      return progressionStartTick;
    }
    return progressionStartTick
        + (Math.floorDiv(tick - progressionStartTick, barTicks) + 1) * barTicks;
  }

  /** The dynamic level 1 (ppp) .. 8 (fff) at {@code tick}. */
  double levelAt(long tick) {
    return Dynamics.levelAt(form.getDynamics(), tick / (double) T);
  }
}
