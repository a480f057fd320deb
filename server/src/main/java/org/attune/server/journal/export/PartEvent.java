package org.attune.server.journal.export;

import org.attune.audio.builtin.InstrumentChoice;

/**
 * Something a member's channel strip did that is heard: a note started or ended, a one-shot hit,
 * another instrument from then on, or the strip gone silent. Each carries its wall-clock time (µs
 * since the Unix epoch, the journal's anchors applied) and the beat of the group's tempo map then.
 *
 * <p>Immutable.
 */
public sealed interface PartEvent
    permits PartEvent.NoteOn,
        PartEvent.NoteOff,
        PartEvent.Hit,
        PartEvent.Program,
        PartEvent.Joined,
        PartEvent.Silenced {

  long wallMicros();

  double beat();

  /** A note starts sounding: MIDI {@code pitch} 0..127 at {@code velocity} 1..127. */
  record NoteOn(long wallMicros, double beat, int pitch, int velocity) implements PartEvent {}

  /** The note of {@code pitch} the member holds ends. */
  record NoteOff(long wallMicros, double beat, int pitch) implements PartEvent {}

  /** A one-shot (a percussion hit): it starts and is never held. */
  record Hit(long wallMicros, double beat, int pitch, int velocity) implements PartEvent {}

  /** The member's strip plays {@code instrument} from now on. */
  record Program(long wallMicros, double beat, InstrumentChoice instrument) implements PartEvent {}

  /** The member joined (or came back): it is in the group from now on, playing or not. */
  record Joined(long wallMicros, double beat) implements PartEvent {}

  /** The member left, or its server stopped: every note its strip holds ends. */
  record Silenced(long wallMicros, double beat) implements PartEvent {}
}
