package org.attune.cli;

import java.util.Optional;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Tap;

/**
 * The computer keyboard as an instrument: keys 1-9 are scale pads, q w e r the chord tones, space a
 * snare hit, t a tap on the beat.
 *
 * <p>Stateless; thread-safe.
 */
final class Keypad {

  /** General MIDI acoustic snare. */
  static final int SNARE = 38;

  static final char QUIT = 'x';

  static final String LEGEND =
      "keys: 1-9 scale pads, q w e r chord tones, space snare, t tap, x quit";

  private static final String CHORD_KEYS = "qwer";

  private Keypad() {}

  /** The gesture a key plays at dynamic level {@code level} (1..8), if it plays one. */
  static Optional<Gesture> gestureFor(char key, double level) {
    float velocity = velocity(level);
    char k = Character.toLowerCase(key);
    if (k >= '1' && k <= '9') {
      return Optional.of(pad(k - '0', PadLayer.SCALE, velocity));
    }
    int chordTone = CHORD_KEYS.indexOf(k);
    if (chordTone >= 0) {
      return Optional.of(pad(chordTone + 1, PadLayer.CHORD, velocity));
    }
    if (k == ' ') {
      return Optional.of(
          Gesture.newBuilder()
              .setHit(Hit.newBuilder().setInstrument(SNARE))
              .setVelocity(velocity)
              .build());
    }
    if (k == 't') {
      return Optional.of(Gesture.newBuilder().setTap(Tap.getDefaultInstance()).build());
    }
    return Optional.empty();
  }

  static Gesture pad(int degree, PadLayer layer, float velocity) {
    return Gesture.newBuilder()
        .setPad(Pad.newBuilder().setDegree(degree).setLayer(layer))
        .setVelocity(velocity)
        .build();
  }

  /** Velocity for a dynamic level: ppp (1) plays at 0.25, mf (5) at 0.65, fff (8) at 0.95. */
  static float velocity(double level) {
    return (float) Math.max(0.05, Math.min(1.0, 0.15 + 0.1 * level));
  }
}
