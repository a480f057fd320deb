package org.attune.server.transport.osc;

import com.illposed.osc.BufferBytesReceiver;
import com.illposed.osc.OSCBundle;
import com.illposed.osc.OSCMessage;
import com.illposed.osc.OSCPacket;
import com.illposed.osc.OSCParseException;
import com.illposed.osc.OSCParser;
import com.illposed.osc.OSCSerializeException;
import com.illposed.osc.OSCSerializer;
import com.illposed.osc.OSCSerializerAndParserBuilder;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * OSC 1.0 packets to bytes and back, with JavaOSC's parser and serializer (its ports and dispatcher
 * are not used).
 *
 * <p>Thread-safe: no; each pipeline (the datagram channel, each TCP connection) and each encoding
 * thread has its own.
 */
public final class OscCodec {

  /** The largest OSC packet read or written: datagrams and stream frames alike. */
  public static final int MAX_PACKET_BYTES = 8 * 1024;

  /** Nesting of bundles within bundles accepted on input. */
  private static final int MAX_BUNDLE_DEPTH = 4;

  private static final ThreadLocal<OscCodec> PER_THREAD = ThreadLocal.withInitial(OscCodec::new);

  private final OSCParser parser;
  private final ByteBuffer out = ByteBuffer.allocate(MAX_PACKET_BYTES);
  private final OSCSerializer serializer;

  public OscCodec() {
    OSCSerializerAndParserBuilder builder = new OSCSerializerAndParserBuilder();
    this.parser = builder.buildParser();
    this.serializer = builder.buildSerializer(new BufferBytesReceiver(out));
  }

  /** The codec of the calling thread, for encoding on group loops. */
  public static OscCodec forThisThread() {
    return PER_THREAD.get();
  }

  /**
   * Reads one packet (a message or a bundle).
   *
   * @throws OscFormatException if the bytes are not a well-formed OSC packet
   */
  public OSCPacket decode(ByteBuffer bytes) throws OscFormatException {
    OSCPacket packet;
    try {
      packet = parser.convert(bytes);
    } catch (OSCParseException e) {
      throw new OscFormatException("not an OSC packet: " + e.getMessage());
    } catch (RuntimeException e) {
      // JavaOSC signals truncated or inconsistent input with unchecked exceptions too.
      throw new OscFormatException("not an OSC packet (" + e.getClass().getSimpleName() + ")");
    }
    if (packet == null) {
      throw new OscFormatException("not an OSC packet");
    }
    return packet;
  }

  /** Writes one packet; the array is the caller's. */
  public byte[] encode(OSCPacket packet) {
    out.clear();
    try {
      serializer.write(packet);
    } catch (OSCSerializeException | BufferOverflowException e) {
      throw new IllegalArgumentException("cannot encode OSC packet: " + e, e);
    }
    byte[] bytes = new byte[out.position()];
    out.flip().get(bytes);
    return bytes;
  }

  /**
   * The messages of a packet in order, bundles opened (their time tags ignored: a gesture counts
   * when it arrives).
   *
   * @throws OscFormatException if bundles nest deeper than four levels
   */
  public static List<OSCMessage> messages(OSCPacket packet) throws OscFormatException {
    List<OSCMessage> messages = new ArrayList<>();
    collect(packet, messages, 0);
    return messages;
  }

  private static void collect(OSCPacket packet, List<OSCMessage> into, int depth)
      throws OscFormatException {
    if (packet instanceof OSCMessage message) {
      into.add(message);
    } else if (packet instanceof OSCBundle bundle) {
      if (depth >= MAX_BUNDLE_DEPTH) {
        throw new OscFormatException("bundles nested more than " + MAX_BUNDLE_DEPTH + " deep");
      }
      for (OSCPacket inner : bundle.getPackets()) {
        collect(inner, into, depth + 1);
      }
    }
  }
}
