package org.attune.cli;

import org.attune.form.FormStates;
import org.attune.protocol.v1.FormState;

/**
 * Where a beat falls in the form, as musicians count it: bar 5, beat 1.
 *
 * <p>Immutable.
 *
 * @param bar bar number, from 1 at the meter's origin
 * @param beatInBar beat within the bar, from 1 (fractional between beats)
 */
record BarBeat(long bar, double beatInBar) {

  static BarBeat of(FormState form, double beat) {
    return new BarBeat(FormStates.barAt(form, beat), FormStates.beatInBar(form, beat));
  }

  @Override
  public String toString() {
    double whole = Math.rint(beatInBar);
    String beat =
        Math.abs(beatInBar - whole) < 1e-6
            ? Long.toString((long) whole)
            : String.format(java.util.Locale.ROOT, "%.2f", beatInBar);
    return "bar " + bar + " beat " + beat;
  }
}
