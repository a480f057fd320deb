package org.attune.cli;

import java.io.PrintWriter;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.form.Scales;
import org.attune.protocol.v1.Error;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.StructureChange;

/**
 * Prints what the group does, one short line each: structure changes as they take effect ("bar 5:
 * section B"), other members' gestures if asked, errors nobody waits for, a lost connection.
 *
 * <p>Thread: called on the client's timeline thread; prints through a {@link PrintWriter}, whose
 * methods are synchronized.
 */
final class GroupPrinter implements ClientListener {

  private final AttuneClient client;
  private final PrintWriter out;
  private final boolean gestures;

  GroupPrinter(AttuneClient client, PrintWriter out, boolean gestures) {
    this.client = client;
    this.out = out;
    this.gestures = gestures;
  }

  @Override
  public void onStructureChangeFired(StructureChange change, long firedLocalNanos) {
    BarBeat at = BarBeat.of(client.timeline().form(), change.getEffectiveBeat());
    String words =
        change.getDescription().isEmpty()
            ? "change " + change.getSequence()
            : change.getDescription();
    out.println("bar " + at.bar() + ": " + words);
    out.flush();
  }

  @Override
  public void onGesture(GestureEvent event) {
    if (!gestures) {
      return;
    }
    out.println("  [" + nameOf(event.getParticipantId()) + "] " + describe(event));
    out.flush();
  }

  @Override
  public void onError(Error error) {
    if (error.getRequestId() == 0) {
      out.println("server: " + error.getMessage());
      out.flush();
    }
  }

  @Override
  public void onDisconnected() {
    out.println("disconnected from the server");
    out.flush();
  }

  private String nameOf(String participantId) {
    for (Member member : client.roster().getMembersList()) {
      if (member.getParticipantId().equals(participantId)) {
        return member.getName();
      }
    }
    return participantId;
  }

  /** "pad 3 (E4)", "hit 38", "tap", ... */
  static String describe(GestureEvent event) {
    var g = event.getGesture();
    String what =
        switch (g.getKindCase()) {
          case NOTE_ON -> "note on";
          case NOTE_OFF -> "note off";
          case PAD ->
              (g.getPad().getLayer() == org.attune.protocol.v1.PadLayer.CHORD
                      ? "chord tone "
                      : "pad ")
                  + g.getPad().getDegree()
                  + (g.getPad().getRelease() ? " released" : "");
          case HIT -> "hit " + g.getHit().getInstrument();
          case CONTROL ->
              String.format(java.util.Locale.ROOT, "control %.2f", g.getControl().getValue());
          case TAP -> "tap";
          case KIND_NOT_SET -> "gesture";
        };
    return switch (g.getKindCase()) {
      case NOTE_ON, NOTE_OFF, PAD -> what + " (" + pitchName(event.getResolvedPitch()) + ")";
      default -> what;
    };
  }

  /** MIDI pitch as a name with octave: 60 is C4. */
  static String pitchName(int pitch) {
    return Scales.noteName(pitch % 12) + (pitch / 12 - 1);
  }
}
