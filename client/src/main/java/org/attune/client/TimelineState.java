package org.attune.client;

import java.util.List;
import org.attune.clock.TempoMap;
import org.attune.form.Dynamics;
import org.attune.form.FormStates;
import org.attune.form.RomanChord;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.StructureChange;

/**
 * One consistent view of the group's timeline as this client knows it: the tempo map, the form in
 * effect, and the structure changes received but not yet in effect.
 *
 * <p>Questions about a time ask "at server time t"; they hold for now and for the future as far as
 * the pending changes reach (a change the facilitator has not yet given cannot be foreseen). They
 * do not hold for the past before the last change in effect, whose earlier form is gone.
 *
 * <p>Immutable; thread-safe.
 *
 * @param known false until the first snapshot arrives (the map and form are then placeholders)
 * @param tempoMap the group's tempo map (already including every pending change's tempo)
 * @param form the form in effect now
 * @param pending changes not yet in effect, by effective time and then sequence
 * @param lastSequence the highest change sequence this client has seen
 * @param lookaheadMicros the group's look-ahead for structure changes, from the last snapshot
 */
public record TimelineState(
    boolean known,
    TempoMap tempoMap,
    FormState form,
    List<StructureChange> pending,
    long lastSequence,
    long lookaheadMicros) {

  /** Before any snapshot: 120 BPM from server time 0, the initial form. */
  static final TimelineState UNKNOWN =
      new TimelineState(false, TempoMap.steady(0, 120), FormStates.initial(), List.of(), 0, 0);

  public TimelineState {
    pending = List.copyOf(pending);
  }

  /** Beat of the tempo map at server time {@code serverMicros}. */
  public double beatAt(long serverMicros) {
    return tempoMap.beatAt(serverMicros);
  }

  /** Server time at which the map reaches {@code beat}; {@link Long#MAX_VALUE} during a fermata. */
  public long timeAt(double beat) {
    return tempoMap.timeAt(beat);
  }

  /** Tempo at {@code serverMicros}, BPM; 0 during a fermata. */
  public double bpmAt(long serverMicros) {
    return tempoMap.bpmAt(serverMicros);
  }

  /** The form at {@code serverMicros}: the form now with every pending change due by then. */
  public FormState formAt(long serverMicros) {
    FormState at = form;
    for (StructureChange change : pending) {
      if (change.getEffectiveServerMicros() - serverMicros > 0) {
        break;
      }
      at = FormStates.apply(at, change.getForm());
    }
    return at;
  }

  /** Bar number at {@code serverMicros}, from 1 at the meter's origin. */
  public long barAt(long serverMicros) {
    return FormStates.barAt(formAt(serverMicros), beatAt(serverMicros));
  }

  /** Beat within the bar at {@code serverMicros}, from 1 (fractional between beats). */
  public double beatInBarAt(long serverMicros) {
    return FormStates.beatInBar(formAt(serverMicros), beatAt(serverMicros));
  }

  /** The chord sounding at {@code serverMicros}. */
  public RomanChord chordAt(long serverMicros) {
    return FormStates.chordAt(formAt(serverMicros), beatAt(serverMicros));
  }

  /** Dynamic level 1 (ppp) .. 8 (fff) at {@code serverMicros}, fractional inside a ramp. */
  public double dynamicsLevelAt(long serverMicros) {
    return Dynamics.levelAt(formAt(serverMicros).getDynamics(), beatAt(serverMicros));
  }
}
