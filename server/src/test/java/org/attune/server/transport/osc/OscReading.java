package org.attune.server.transport.osc;

import com.google.protobuf.Message;
import com.illposed.osc.OSCMessage;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * OSC messages read as the gateway reads them, for tests in other packages: encoded as a tool sends
 * them, decoded by the real codec, then read by {@link OscRequests#read}.
 */
public final class OscReading {

  /** The reader refused the message; the message is the sentence its sender gets. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private OscReading() {}

  /**
   * What {@code address} with {@code args} carries: a {@code FacilitatorCommand}, a {@code
   * MixerCommand} or a {@code Gesture}.
   *
   * @throws Refused if the reader refuses it
   * @throws IllegalStateException if it reads as something else (a join, a ping, ...)
   */
  public static Message read(String address, Object... args) throws Refused {
    OscCodec codec = new OscCodec();
    OscRequest request;
    try {
      byte[] bytes = codec.encode(new OSCMessage(address, List.of(args)));
      List<OSCMessage> decoded = OscCodec.messages(codec.decode(ByteBuffer.wrap(bytes)));
      if (decoded.size() != 1) {
        throw new IllegalStateException(address + " decoded as " + decoded.size() + " messages");
      }
      request = OscRequests.read(decoded.get(0), null);
    } catch (OscRequestException e) {
      throw new Refused(e.getMessage());
    } catch (Exception e) {
      throw new IllegalStateException(address + " did not go through the codec", e);
    }
    if (request instanceof OscRequest.Command c) {
      return c.command();
    }
    if (request instanceof OscRequest.Mix m) {
      return m.command();
    }
    if (request instanceof OscRequest.Play p) {
      return p.gesture();
    }
    throw new IllegalStateException(address + " read as " + request);
  }
}
