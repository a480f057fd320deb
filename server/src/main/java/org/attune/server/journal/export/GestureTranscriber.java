package org.attune.server.journal.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attune.audio.builtin.InstrumentChoice;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.PadLayer;

/**
 * One member's heard events, transcribed from its journaled gestures the way the group's mixer
 * sounds them: a note on or off at its sounding pitch; a pad press starts the pitch it maps to and
 * its release ends that same pitch, even if the key or chord changed meanwhile; a hit is a
 * one-shot; a control or a tap is relayed to the others but not heard, so it is left out.
 *
 * <p>Thread-safe: no; one reader's.
 */
final class GestureTranscriber {

  private final String participantId;
  private final String name;
  private final InstrumentChoice instrument;
  private final List<PartEvent> events = new ArrayList<>();

  /** The pitch each held pad sounds, by layer and degree. */
  private final Map<Long, Integer> heldPads = new HashMap<>();

  GestureTranscriber(String participantId, String name, InstrumentChoice instrument) {
    this.participantId = participantId;
    this.name = name;
    this.instrument = instrument;
  }

  /** Adds what {@code event}, played at {@code wallMicros}, sounds. */
  void played(GestureEvent event, long wallMicros) {
    Gesture gesture = event.getGesture();
    int pitch = Math.max(0, Math.min(127, event.getResolvedPitch()));
    int velocity = Math.max(1, Math.min(127, Math.round(gesture.getVelocity() * 127)));
    double beat = event.getBeat();
    switch (gesture.getKindCase()) {
      case NOTE_ON -> events.add(new PartEvent.NoteOn(wallMicros, beat, pitch, velocity));
      case NOTE_OFF -> events.add(new PartEvent.NoteOff(wallMicros, beat, pitch));
      case PAD -> {
        long pad =
            (gesture.getPad().getLayer() == PadLayer.CHORD ? 1L << 32 : 0)
                + gesture.getPad().getDegree();
        if (gesture.getPad().getRelease()) {
          Integer pressed = heldPads.remove(pad);
          events.add(new PartEvent.NoteOff(wallMicros, beat, pressed != null ? pressed : pitch));
        } else {
          heldPads.put(pad, pitch);
          events.add(new PartEvent.NoteOn(wallMicros, beat, pitch, velocity));
        }
      }
      case HIT -> events.add(new PartEvent.Hit(wallMicros, beat, pitch, velocity));
      case CONTROL, TAP, KIND_NOT_SET -> {}
    }
  }

  /** The member's strip plays {@code choice} from {@code wallMicros} on. */
  void instrument(InstrumentChoice choice, long wallMicros, double beat) {
    events.add(new PartEvent.Program(wallMicros, beat, choice));
  }

  /** The member joins, or comes back, at {@code wallMicros}. */
  void joined(long wallMicros, double beat) {
    events.add(new PartEvent.Joined(wallMicros, beat));
  }

  /** The member's strip stops sounding at {@code wallMicros}: it left, or its server stopped. */
  void silenced(long wallMicros, double beat) {
    heldPads.clear();
    events.add(new PartEvent.Silenced(wallMicros, beat));
  }

  Part part() {
    return new Part(participantId, name, instrument, events);
  }
}
