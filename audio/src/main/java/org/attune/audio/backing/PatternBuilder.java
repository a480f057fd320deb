package org.attune.audio.backing;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the events a {@link Groove} writes for one beat, placed at the beat being written.
 *
 * <p>Thread-safe: no; used only while a {@link GroovePattern} is built, off the render thread.
 */
final class PatternBuilder {

  /** One event: slot (beat in bar × ticks + tick), part, key or role, velocity, duration. */
  record Event(int slot, BackingPart part, int note, int velocity, int durationTicks, int order) {}

  private final List<Event> events = new ArrayList<>();
  private int beat;

  void startBeat(int beatInBar) {
    beat = beatInBar;
  }

  List<Event> events() {
    return events;
  }

  /** A drum-kit hit of {@code key} at {@code tick} into the beat. */
  void drum(int tick, int key, int velocity) {
    add(tick, BackingPart.DRUMS, key, velocity, 0);
  }

  /** A metronome hit. */
  void click(int key, int velocity) {
    add(0, BackingPart.CLICK, key, velocity, 0);
  }

  /** A bass note playing {@code role} of the chord ({@link GroovePattern#ROOT} etc.). */
  void bass(int tick, int role, int velocity, int durationTicks) {
    add(tick, BackingPart.BASS, role, velocity, durationTicks);
  }

  /** The chord on the comping instrument. */
  void comp(int tick, int velocity, int durationTicks) {
    add(tick, BackingPart.COMPING, GroovePattern.CHORD, velocity, durationTicks);
  }

  private void add(int tick, BackingPart part, int note, int velocity, int durationTicks) {
    if (tick < 0 || tick >= GroovePattern.TICKS_PER_BEAT) {
      throw new IllegalArgumentException("tick " + tick + " is outside the beat");
    }
    events.add(
        new Event(
            beat * GroovePattern.TICKS_PER_BEAT + tick,
            part,
            note,
            velocity,
            durationTicks,
            events.size()));
  }
}
