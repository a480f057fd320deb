package org.attune.audio.builtin;

import org.attune.audio.sf2.Envelope;

/**
 * How a family of General MIDI programs is played by the built-in timbres: which timbre, and the
 * volume envelope that makes it a bowed string rather than a pad, or brass rather than a lead.
 *
 * <p>Thread-safe: yes (immutable constants).
 */
enum Voicing {
  PIANO(Timbre.KEYS, struck(0.5)),
  PLUCKED(Timbre.PLUCK, struck(0.25)),
  MALLET(Timbre.MALLET, struck(0.8)),
  BASS(Timbre.BASS, struck(0.12)),
  STRINGS(Timbre.PAD, sustained(0.15, 0.6)),
  CHOIR(Timbre.PAD, sustained(0.3, 1.2)),
  SYNTH_PAD(Timbre.PAD, sustained(0.6, 2.5)),
  ORGAN(Timbre.ORGAN, sustained(0.005, 0.1)),
  BRASS(Timbre.LEAD, new Envelope(0, 0.04, 0.02, 0.4, 0.8, 0.25, 0, 0)),
  REED(Timbre.LEAD, sustained(0.03, 0.2)),
  PIPE(Timbre.LEAD, sustained(0.06, 0.3)),
  SYNTH_LEAD(Timbre.LEAD, sustained(0.005, 0.15));

  private final Timbre timbre;
  private final Envelope envelope;

  Voicing(Timbre timbre, Envelope envelope) {
    this.timbre = timbre;
    this.envelope = envelope;
  }

  Timbre timbre() {
    return timbre;
  }

  Envelope envelope() {
    return envelope;
  }

  /** The voicing of General MIDI {@code program} 0..127, family by family. */
  static Voicing forProgram(int program) {
    if (program < 0 || program > 127) {
      throw new IllegalArgumentException("program " + program + " is outside 0..127");
    }
    return switch (program) {
      case 6, 7, 15 -> PLUCKED;
      case 45, 46, 104, 105, 106, 107, 120 -> PLUCKED;
      case 47, 108, 112, 113, 114, 115, 124, 127 -> MALLET;
      case 110 -> STRINGS;
      case 109, 111 -> REED;
      case 116, 117, 118 -> BASS;
      case 119, 121, 122, 125, 126 -> SYNTH_PAD;
      case 123 -> PIPE;
      case 29, 30 -> SYNTH_LEAD;
      case 52, 53, 54 -> CHOIR;
      case 55 -> BRASS;
      default ->
          switch (program / 8) {
            case 0 -> PIANO;
            case 1 -> MALLET;
            case 2 -> ORGAN;
            case 3 -> PLUCKED;
            case 4 -> BASS;
            case 5, 6 -> STRINGS;
            case 7 -> BRASS;
            case 8 -> REED;
            case 9 -> PIPE;
            case 10 -> SYNTH_LEAD;
            default -> SYNTH_PAD;
          };
    };
  }

  /** A struck or plucked note: instant, at full level until the sample itself dies away. */
  private static Envelope struck(double releaseSeconds) {
    return new Envelope(0, 0.001, 0, 0.001, 1.0, releaseSeconds, 0, 0);
  }

  private static Envelope sustained(double attackSeconds, double releaseSeconds) {
    return new Envelope(0, attackSeconds, 0, 0.001, 1.0, releaseSeconds, 0, 0);
  }
}
