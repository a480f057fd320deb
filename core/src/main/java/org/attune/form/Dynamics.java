package org.attune.form;

import org.attune.protocol.v1.Dynamic;
import org.attune.protocol.v1.DynamicsRamp;

/**
 * Dynamics over the beat line: a level from ppp (1) to fff (8), ramped linearly in beats for a
 * crescendo or diminuendo.
 */
public final class Dynamics {

  private Dynamics() {}

  /** Level 1 (ppp) .. 8 (fff) at {@code beat}; fractional inside a ramp. */
  public static double levelAt(DynamicsRamp ramp, double beat) {
    double from = level(ramp.getFrom());
    double to = level(ramp.getTo());
    double into = beat - ramp.getStartBeat();
    if (ramp.getBeats() <= 0 || into >= ramp.getBeats()) {
      return to;
    }
    if (into <= 0) {
      return from;
    }
    return from + (to - from) * into / ramp.getBeats();
  }

  /** A gain factor for a level: 1 at fff, 6 dB quieter for each step below it. */
  public static double gain(double level) {
    return Math.pow(10, -6 * (8 - level) / 20.0);
  }

  /** The numeric level of a dynamic (mf when unspecified). */
  public static int level(Dynamic dynamic) {
    return dynamic == Dynamic.DYNAMIC_UNSPECIFIED || dynamic == Dynamic.UNRECOGNIZED
        ? Dynamic.MF.getNumber()
        : dynamic.getNumber();
  }

  /** Parses "pp", "mf", "fff" and the like. */
  public static Dynamic parse(String marking) {
    try {
      Dynamic d = Dynamic.valueOf(marking.trim().toUpperCase());
      if (d != Dynamic.DYNAMIC_UNSPECIFIED && d != Dynamic.UNRECOGNIZED) {
        return d;
      }
    } catch (IllegalArgumentException e) {
      // fall through to the readable error below
    }
    throw new IllegalArgumentException(
        "not a dynamic marking: \"" + marking + "\" (ppp, pp, p, mp, mf, f, ff, fff)");
  }
}
