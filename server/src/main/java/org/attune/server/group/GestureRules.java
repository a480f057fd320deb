package org.attune.server.group;

import org.attune.audio.bus.MemberStrips;
import org.attune.form.PadMapping;
import org.attune.gesture.GestureLimits;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FormState;
import org.attune.protocol.v1.Gesture;

/**
 * Validates gestures and resolves the pitch each one sounds (by the rule the sound shares with
 * clients that render the group locally, {@link MemberStrips#soundingPitch}).
 *
 * <p>Pure; thread-safe.
 */
final class GestureRules {

  /** The velocity a gesture gets when it gives none (0 on the wire). */
  static final float DEFAULT_VELOCITY = MemberStrips.DEFAULT_VELOCITY;

  /** How far from the receive time a played-at estimate may be before it is ignored. */
  static final long MAX_PLAYED_AT_SKEW_MICROS = 2_000_000;

  private GestureRules() {}

  /**
   * The gesture as it will be relayed: velocity defaulted, played-at time within reason.
   *
   * @throws Refusal if a value is out of range
   */
  static Gesture normalize(Gesture gesture, long receivedMicros) throws Refusal {
    float velocity = gesture.getVelocity();
    if (!(velocity >= 0 && velocity <= 1)) {
      throw invalid("Velocity must be between 0 and 1.");
    }
    switch (gesture.getKindCase()) {
      case NOTE_ON -> checkMidi(gesture.getNoteOn().getPitch(), "A note's pitch");
      case NOTE_OFF -> checkMidi(gesture.getNoteOff().getPitch(), "A note's pitch");
      case HIT -> checkMidi(gesture.getHit().getInstrument(), "A hit's instrument");
      case PAD -> {
        int degree = gesture.getPad().getDegree();
        if (degree < PadMapping.MIN_DEGREE || degree > PadMapping.MAX_DEGREE) {
          throw invalid(
              "A pad's degree must be between "
                  + PadMapping.MIN_DEGREE
                  + " and "
                  + PadMapping.MAX_DEGREE
                  + ".");
        }
      }
      case CONTROL -> {
        float value = gesture.getControl().getValue();
        if (!(value >= 0 && value <= 1)) {
          throw invalid("A control value must be between 0 and 1.");
        }
      }
      case TAP -> {}
      case KIND_NOT_SET -> throw invalid("The gesture is empty: say what was played.");
    }
    Gesture.Builder normal = gesture.toBuilder();
    if (velocity == 0) {
      normal.setVelocity(DEFAULT_VELOCITY);
    }
    long playedAt = gesture.getPlayedAtServerMicros();
    if (playedAt == 0 || Math.abs(playedAt - receivedMicros) > MAX_PLAYED_AT_SKEW_MICROS) {
      normal.setPlayedAtServerMicros(receivedMicros);
    }
    return normal.build();
  }

  /** The pitch a gesture sounds in {@code form} at {@code beat}; 0 for control and tap. */
  static int resolvePitch(Gesture gesture, FormState form, double beat) {
    return MemberStrips.soundingPitch(gesture, form, beat);
  }

  private static void checkMidi(int value, String what) throws Refusal {
    if (!GestureLimits.isPitch(value)) {
      throw invalid(
          what
              + " must be between "
              + GestureLimits.MIN_PITCH
              + " and "
              + GestureLimits.MAX_PITCH
              + ".");
    }
  }

  private static Refusal invalid(String message) {
    return new Refusal(ErrorCode.INVALID_ARGUMENT, message);
  }
}
