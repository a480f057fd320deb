package org.attune.loadtest.audio;

/**
 * One note of a benchmark score, timed in microseconds from the score's start (whole milliseconds,
 * so that a MIDI file at one tick per millisecond holds it exactly).
 *
 * <p>Thread-safe: yes (immutable).
 */
public record ScoreNote(
    int member, int channel, long startMicros, long durationMicros, int key, int velocity) {

  public long endMicros() {
    return startMicros + durationMicros;
  }
}
