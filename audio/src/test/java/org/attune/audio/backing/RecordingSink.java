package org.attune.audio.backing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.attune.audio.SampleClock;

/** A note sink for tests: keeps every event, and plays a band through blocks of time. */
final class RecordingSink implements NoteSink {

  /** One event; velocity 0 for a note-off. */
  record Note(BackingPart part, long micros, int key, int velocity, boolean on) {}

  final List<Note> notes = new ArrayList<>();

  @Override
  public void noteOn(BackingPart part, long serverMicros, int key, int velocity) {
    notes.add(new Note(part, serverMicros, key, velocity, true));
  }

  @Override
  public void noteOff(BackingPart part, long serverMicros, int key) {
    notes.add(new Note(part, serverMicros, key, 0, false));
  }

  /** Renders [from, to) in blocks of {@code frames} frames on the 48 kHz grid. */
  void renderFrames(BackingBand band, long from, long to, long frames) {
    for (long frame = SampleClock.frameAt(from);
        SampleClock.microsAt(frame) < to;
        frame += frames) {
      band.render(
          Math.max(from, SampleClock.microsAt(frame)),
          Math.min(to, SampleClock.microsAt(frame + frames)),
          this);
    }
  }

  List<Note> ons(BackingPart part) {
    return select(n -> n.on() && n.part() == part);
  }

  List<Note> offs(BackingPart part) {
    return select(n -> !n.on() && n.part() == part);
  }

  List<Note> select(Predicate<Note> which) {
    return notes.stream().filter(which).toList();
  }

  /** Every note-on released once, by the same part and key, in time order, nothing left. */
  void assertEveryNoteReleased() {
    Map<String, Integer> sounding = new HashMap<>();
    long last = Long.MIN_VALUE;
    for (Note n : notes) {
      assertThat(n.micros()).as("events in time order: %s", n).isGreaterThanOrEqualTo(last);
      last = n.micros();
      String id = n.part() + "/" + n.key();
      int now = sounding.getOrDefault(id, 0);
      if (n.on() && now != 0) {
        fail("struck again while sounding: " + n);
      }
      if (!n.on() && now != 1) {
        fail("released without being struck: " + n);
      }
      sounding.put(id, n.on() ? 1 : 0);
    }
    assertThat(sounding.values()).as("notes left sounding").allMatch(v -> v == 0);
  }
}
