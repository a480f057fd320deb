package org.attune.loadtest.audio;

import java.util.Arrays;
import org.attune.audio.bus.BusEvent;

/**
 * A group score as one loop of bus events in time order, members on strips by member index: what
 * {@link GroupFeeder} walks through.
 *
 * <p>Thread-safe: yes (immutable after construction).
 */
final class ScoreEvents {

  private final long[] micros;
  private final int[] strip;
  private final int[] key;
  private final int[] velocity;
  private final long periodMicros;
  private final long[] onsetMicros;

  ScoreEvents(GroupScore score) {
    int n = score.notes().size();
    long[][] rows = new long[2 * n][];
    int i = 0;
    for (ScoreNote note : score.notes()) {
      rows[i++] = new long[] {note.startMicros(), 1, note.member(), note.key(), note.velocity()};
      rows[i++] = new long[] {note.endMicros(), 0, note.member(), note.key(), 0};
    }
    Arrays.sort(rows, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    micros = new long[rows.length];
    strip = new int[rows.length];
    key = new int[rows.length];
    velocity = new int[rows.length];
    for (int r = 0; r < rows.length; r++) {
      micros[r] = rows[r][0];
      strip[r] = (int) rows[r][2];
      key[r] = (int) rows[r][3];
      velocity[r] = (int) rows[r][4];
    }
    onsetMicros = score.notes().stream().mapToLong(ScoreNote::startMicros).toArray();
    periodMicros = score.lengthMicros() + 1_000;
  }

  int size() {
    return micros.length;
  }

  /** When event {@code i} falls in one loop, from the loop's start. */
  long micros(int i) {
    return micros[i];
  }

  /** Event {@code i} at server time {@code at}: a note-off if its velocity is 0. */
  BusEvent event(int i, long at) {
    return velocity[i] > 0
        ? new BusEvent.NoteOn(strip[i], at, key[i], velocity[i])
        : new BusEvent.NoteOff(strip[i], at, key[i]);
  }

  /** Every note's onset in one loop, in order. */
  long[] onsetMicros() {
    return onsetMicros.clone();
  }

  /** One loop's length: the score's, and a millisecond so that loops never overlap. */
  long periodMicros() {
    return periodMicros;
  }
}
