package org.attune.server.journal.export;

import java.util.List;
import java.util.Optional;
import org.attune.clock.TempoMap;

/**
 * A session's music on one timeline, as its journal holds it: wall-clock microseconds since the
 * Unix epoch for time (every run of the server put on one line by the journal's clock anchors), the
 * group's beat line for musical time.
 *
 * <p>Immutable.
 *
 * @param groupId the group's id
 * @param name the group's name
 * @param startWallMicros when the group was created: beat 0 of its tempo map
 * @param endWallMicros the time of the journal's last valid record
 * @param tempo the group's tempo map over the whole session, on the wall clock
 * @param form the form in effect from the start, then after each change, in order of effect
 * @param parts every member who joined to play, in order of first joining
 * @param damage what the journal's reader cut from a damaged tail, if anything
 */
public record SessionScore(
    String groupId,
    String name,
    long startWallMicros,
    long endWallMicros,
    TempoMap tempo,
    List<FormChange> form,
    List<Part> parts,
    Optional<String> damage) {

  public SessionScore {
    form = List.copyOf(form);
    parts = List.copyOf(parts);
  }

  /** The beat the tempo map has reached at the session's end. */
  public double endBeat() {
    return tempo.beatAt(endWallMicros);
  }
}
