package org.attune.loadtest.abuse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Role;

/**
 * The attackers' TCP frames, as a client would send them: each a varint length and a {@code
 * ClientMessage}.
 *
 * <p>Thread-safe: yes (stateless).
 */
final class Frames {

  private Frames() {}

  static byte[] join(String code, String name) {
    return frame(
        ClientMessage.newBuilder()
            .setRequestId(1)
            .setJoin(
                Join.newBuilder()
                    .setGroupCode(code)
                    .setName(name)
                    .setInstrument("marimba")
                    .setRole(Role.PARTICIPANT))
            .build());
  }

  static byte[] gesture(int degree) {
    return frame(
        ClientMessage.newBuilder()
            .setGesture(
                Gesture.newBuilder()
                    .setPad(Pad.newBuilder().setDegree(degree).setLayer(PadLayer.SCALE))
                    .setVelocity(0.5f))
            .build());
  }

  static byte[] ping(long t0) {
    return frame(
        ClientMessage.newBuilder()
            .setClockPing(ClockPing.newBuilder().setClientSendMicros(t0))
            .build());
  }

  /** {@code count} copies of {@code frame} end to end, to write in one go. */
  static byte[] repeated(byte[] frame, int count) {
    byte[] out = new byte[frame.length * count];
    for (int i = 0; i < count; i++) {
      System.arraycopy(frame, 0, out, i * frame.length, frame.length);
    }
    return out;
  }

  private static byte[] frame(ClientMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      m.writeDelimitedTo(out);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }
}
