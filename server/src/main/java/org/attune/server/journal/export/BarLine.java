package org.attune.server.journal.export;

import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.FormState;

/**
 * The session's bars on its beat line: each form in effect from its beat counts bars of its meter
 * from its bar origin, and the bars of all forms are numbered on from 0 at the session's start.
 *
 * <p>Immutable; thread-safe.
 */
final class BarLine {

  private record Stretch(double fromBeat, double origin, int beatsPerBar, int firstBar) {}

  private final List<Stretch> stretches = new ArrayList<>();

  BarLine(List<FormChange> form) {
    for (FormChange change : form) {
      FormState f = change.form();
      int perBar = f.getMeter().getBeatsPerBar() == 0 ? 4 : f.getMeter().getBeatsPerBar();
      int firstBar = 0;
      if (!stretches.isEmpty()) {
        Stretch previous = stretches.get(stretches.size() - 1);
        if (change.beat() <= previous.fromBeat) {
          // Two changes on one beat: the later one's form is what plays from there.
          stretches.remove(stretches.size() - 1);
          firstBar = previous.firstBar;
        } else {
          firstBar = barIn(previous, change.beat());
        }
      }
      stretches.add(new Stretch(change.beat(), f.getBarOriginBeat(), perBar, firstBar));
    }
    if (stretches.isEmpty()) {
      stretches.add(new Stretch(0, 0, 4, 0));
    }
  }

  /** The bar that {@code beat} falls in, 0 at the start. */
  int barAt(double beat) {
    Stretch in = stretches.get(0);
    for (Stretch s : stretches) {
      if (s.fromBeat <= beat) {
        in = s;
      }
    }
    return Math.max(0, barIn(in, beat));
  }

  private static int barIn(Stretch s, double beat) {
    long fromFirst =
        (long) Math.floor((beat - s.origin) / s.beatsPerBar)
            - (long) Math.floor((s.fromBeat - s.origin) / s.beatsPerBar);
    return (int) (s.firstBar + fromFirst);
  }
}
