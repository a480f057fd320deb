package org.attune.form;

import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Quantize;

/**
 * Picks the beat at which a structure change takes effect: the first beat, bar line or phrase
 * boundary at or after the earliest beat the look-ahead allows.
 */
public final class Quantizer {

  /** Beats closer than this count as the same beat (guards against rounding in the tempo map). */
  private static final double EPSILON = 1e-9;

  private Quantizer() {}

  /** Thrown when an explicit beat is sooner than the look-ahead allows. */
  public static final class TooSoonException extends Exception {
    private static final long serialVersionUID = 1L;

    public TooSoonException(String message) {
      super(message);
    }
  }

  /**
   * The effective beat for {@code quantize}.
   *
   * @param form the form in effect at {@code earliestBeat} (its meter and bar origin count bars)
   * @param earliestBeat the beat at now plus the look-ahead
   */
  public static double effectiveBeat(Quantize quantize, FormState form, double earliestBeat)
      throws TooSoonException {
    double origin = form.getBarOriginBeat();
    int beatsPerBar = FormStates.beatsPerBar(form);
    return switch (quantize.getBoundary()) {
      case NEXT_BEAT -> ceil(earliestBeat, 0, 1);
      case NEXT_BAR -> ceil(earliestBeat, origin, beatsPerBar);
      case NEXT_PHRASE -> {
        int bars = quantize.getPhraseBars() > 0 ? quantize.getPhraseBars() : form.getPhraseBars();
        yield ceil(earliestBeat, origin, (double) beatsPerBar * Math.max(1, bars));
      }
      case AT_BEAT -> {
        if (quantize.getAtBeat() < earliestBeat - EPSILON) {
          throw new TooSoonException(
              String.format(
                  "beat %.2f is too soon: the earliest beat every member can prepare for is %.2f",
                  quantize.getAtBeat(), earliestBeat));
        }
        yield quantize.getAtBeat();
      }
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown quantization");
    };
  }

  /** The smallest {@code origin + k·step} (integer k) that is not below {@code beat}. */
  static double ceil(double beat, double origin, double step) {
    return origin + Math.ceil((beat - origin) / step - EPSILON) * step;
  }
}
