package org.attune.server.journal.export;

import java.util.Optional;
import org.attune.audio.builtin.GeneralMidi;
import org.attune.audio.builtin.InstrumentChoice;

/**
 * The sound a journaled mixer command's instrument text selects, read as the group's mixer reads
 * it when it accepts the command: a General MIDI program number 1..128 as text, else a known
 * instrument word.
 *
 * <p>Thread-safe: yes (stateless).
 */
final class InstrumentNames {

  private InstrumentNames() {}

  /** The sound {@code text} names, or empty if the mixer would have refused it. */
  static Optional<InstrumentChoice> choice(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return Optional.empty();
    }
    if (t.chars().allMatch(Character::isDigit)) {
      int program = t.length() > 3 ? 0 : Integer.parseInt(t);
      return program < 1 || program > 128
          ? Optional.empty()
          : Optional.of(new InstrumentChoice(0, program - 1, GeneralMidi.programName(program - 1)));
    }
    return GeneralMidi.match(t);
  }
}
