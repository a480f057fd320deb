package org.attune.form;

import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;
import org.attune.protocol.v1.FormPatch;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Key;
import org.attune.protocol.v1.Meter;
import org.attune.protocol.v1.Mode;
import org.attune.protocol.v1.Progression;

/** The form state's defaults, its changes, and where a beat falls in it (bar, chord). */
public final class FormStates {

  private FormStates() {}

  /** Where a new group starts: section A, 4/4 in four-bar phrases, C major, straight, mf. */
  public static FormState initial() {
    return FormState.newBuilder()
        .setSection("A")
        .setMeter(Meter.newBuilder().setBeatsPerBar(4).setBeatUnit(4))
        .setBarOriginBeat(0)
        .setPhraseBars(4)
        .setKey(Key.newBuilder().setTonic(0).setMode(Mode.MAJOR))
        .setGroove("straight")
        .setDynamics(DynamicsRamp.newBuilder().setFrom(Dynamic.MF).setTo(Dynamic.MF))
        .setProgression(Progression.getDefaultInstance())
        .build();
  }

  /** {@code form} with the parts that {@code patch} sets replaced. */
  public static FormState apply(FormState form, FormPatch patch) {
    FormState.Builder next = form.toBuilder();
    if (patch.hasSection()) {
      next.setSection(patch.getSection());
    }
    if (patch.hasMeter()) {
      next.setMeter(patch.getMeter());
    }
    if (patch.hasBarOriginBeat()) {
      next.setBarOriginBeat(patch.getBarOriginBeat());
    }
    if (patch.hasPhraseBars()) {
      next.setPhraseBars(patch.getPhraseBars());
    }
    if (patch.hasKey()) {
      next.setKey(patch.getKey());
    }
    if (patch.hasGroove()) {
      next.setGroove(patch.getGroove());
    }
    if (patch.hasDynamics()) {
      next.setDynamics(patch.getDynamics());
    }
    if (patch.hasProgression()) {
      next.setProgression(patch.getProgression());
    }
    return next.build();
  }

  /** Beats per bar of the form's meter. */
  public static int beatsPerBar(FormState form) {
    return Math.max(1, form.getMeter().getBeatsPerBar());
  }

  /** Bar number at {@code beat}, counted from 1 at the meter's origin. */
  public static long barAt(FormState form, double beat) {
    return (long) Math.floor((beat - form.getBarOriginBeat()) / beatsPerBar(form)) + 1;
  }

  /** Beat within the bar at {@code beat}, counted from 1 (fractional between beats). */
  public static double beatInBar(FormState form, double beat) {
    double sinceOrigin = beat - form.getBarOriginBeat();
    double whole = Math.floor(sinceOrigin);
    return Math.floorMod((long) whole, beatsPerBar(form)) + 1 + (sinceOrigin - whole);
  }

  /**
   * The chord sounding at {@code beat}: the progression advances one chord per bar from its start
   * and loops; with no progression, the key's home chord.
   */
  public static RomanChord chordAt(FormState form, double beat) {
    Progression progression = form.getProgression();
    if (progression.getChordsCount() == 0 || beat < progression.getStartBeat()) {
      return RomanChord.tonic(form.getKey());
    }
    long bar = (long) Math.floor((beat - progression.getStartBeat()) / beatsPerBar(form));
    return RomanChord.parse(
        progression.getChords((int) Math.floorMod(bar, (long) progression.getChordsCount())));
  }

  /** One line for people: "section B, D dorian, 3/4, swing, mf". */
  public static String describe(FormState form) {
    return "section "
        + form.getSection()
        + ", "
        + Scales.noteName(form.getKey().getTonic())
        + " "
        + form.getKey().getMode().name().toLowerCase().replace('_', ' ')
        + ", "
        + form.getMeter().getBeatsPerBar()
        + "/"
        + form.getMeter().getBeatUnit()
        + ", "
        + form.getGroove()
        + ", "
        + form.getDynamics().getTo().name().toLowerCase();
  }
}
