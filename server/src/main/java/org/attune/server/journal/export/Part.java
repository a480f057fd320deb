package org.attune.server.journal.export;

import java.util.List;
import org.attune.audio.builtin.InstrumentChoice;

/**
 * What one member played in a session: its pseudonym, the instrument it joined with and every heard
 * event of its strip in journal order.
 *
 * <p>Immutable.
 *
 * @param participantId the member's id in the group
 * @param name the member's name as it joined (a pseudonym)
 * @param instrument the General MIDI sound it started with
 * @param events its notes, hits and instrument changes
 */
public record Part(
    String participantId, String name, InstrumentChoice instrument, List<PartEvent> events) {

  public Part {
    events = List.copyOf(events);
  }

  /** True if the member sounded anything (a note or a hit), not only changed instrument. */
  public boolean played() {
    for (PartEvent e : events) {
      if (e instanceof PartEvent.NoteOn || e instanceof PartEvent.Hit) {
        return true;
      }
    }
    return false;
  }

  /** True if the member played a melodic instrument at some time (not only the drum kit). */
  public boolean melodic() {
    if (!instrument.isPercussion()) {
      return true;
    }
    for (PartEvent e : events) {
      if (e instanceof PartEvent.Program p && !p.instrument().isPercussion()) {
        return true;
      }
    }
    return false;
  }
}
