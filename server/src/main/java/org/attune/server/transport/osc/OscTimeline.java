package org.attune.server.transport.osc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.form.FormStates;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StructureChange;

/**
 * The group's timeline as one OSC member's link follows it: the tempo map, the form in effect and
 * the changes announced but not yet in effect, built only from what the group sends the member.
 *
 * <p>Thread-safe: no; confined to its link's event loop.
 */
final class OscTimeline {

  private TempoMap tempoMap;
  private FormState form;
  private final List<StructureChange> pending = new ArrayList<>();

  OscTimeline(Snapshot snapshot) {
    adopt(snapshot);
  }

  /** Takes the whole state from a snapshot (on joining, resuming or after lagging). */
  void adopt(Snapshot snapshot) {
    tempoMap = TempoMap.fromProto(snapshot.getTempoMap());
    form = snapshot.getForm();
    pending.clear();
    pending.addAll(snapshot.getPendingList());
    pending.sort(Comparator.comparingLong(StructureChange::getEffectiveServerMicros));
  }

  /** Adds an announced change; its tempo map agrees with the old one until it takes effect. */
  void announce(StructureChange change) {
    tempoMap = TempoMap.fromProto(change.getTempoMap());
    pending.removeIf(p -> p.getSequence() == change.getSequence());
    pending.add(change);
    pending.sort(Comparator.comparingLong(StructureChange::getEffectiveServerMicros));
  }

  /** Puts every change due by {@code nowMicros} in effect; returns them in order. */
  List<StructureChange> advanceTo(long nowMicros) {
    List<StructureChange> applied = new ArrayList<>();
    while (!pending.isEmpty() && pending.get(0).getEffectiveServerMicros() <= nowMicros) {
      StructureChange change = pending.remove(0);
      form = FormStates.apply(form, change.getForm());
      applied.add(change);
    }
    return applied;
  }

  /** The whole beat reached at {@code nowMicros}. */
  long beatReachedAt(long nowMicros) {
    return (long) Math.floor(tempoMap.beatAt(nowMicros));
  }

  /**
   * When something next happens after {@code nowMicros}: the next whole beat or the next change;
   * {@link Long#MAX_VALUE} during a fermata with nothing pending.
   */
  long nextEventMicros(long nowMicros) {
    long next = tempoMap.timeAt(beatReachedAt(nowMicros) + 1);
    if (!pending.isEmpty()) {
      next = Math.min(next, pending.get(0).getEffectiveServerMicros());
    }
    return next;
  }

  /** The changes announced and not yet in effect, in the order they take effect. */
  List<StructureChange> pending() {
    return List.copyOf(pending);
  }

  TempoMap tempoMap() {
    return tempoMap;
  }

  FormState form() {
    return form;
  }

  /** The form in effect just before {@code micros}, counting the pending changes due by then. */
  FormState formBefore(long micros) {
    FormState f = form;
    for (StructureChange change : pending) {
      if (change.getEffectiveServerMicros() < micros) {
        f = FormStates.apply(f, change.getForm());
      }
    }
    return f;
  }
}
