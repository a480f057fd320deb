package org.attune.server.transport.osc;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OSC packet as Pure Data's {@code [oscparse]} (Pd vanilla 0.53, x_misc.c) does, and
 * refuses everything for which it would print an error: a bundle ({@code #bundle}, a time tag that
 * it ignores, elements of a positive size that is a multiple of four, nested or not) or a message
 * whose address begins with {@code /}, with a type string and only the tags {@code i f s b}. It is
 * stricter than Pd in one way: what a packet declares must fill it exactly, padding included.
 *
 * <p>Stateless; thread-safe.
 */
final class PdOscparse {

  /** One message as {@code [oscparse]} would output it. */
  record Message(String address, String tags, List<Object> args) {}

  /** What {@code [oscparse]} would refuse, with the reason in its words where it has them. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;

    Refused(String message) {
      super(message);
    }
  }

  private PdOscparse() {}

  static List<Message> read(byte[] packet) throws Refused {
    List<Message> out = new ArrayList<>();
    read(ByteBuffer.wrap(packet), out);
    return out;
  }

  private static void read(ByteBuffer packet, List<Message> out) throws Refused {
    if (!packet.hasRemaining()) {
      throw new Refused("empty packet");
    }
    int start = packet.position();
    if (packet.get(start) == '#') {
      if (packet.remaining() < 16 || !"#bundle".equals(string(packet))) {
        throw new Refused("oscparse: malformed bundle");
      }
      packet.position(start + 16);
      while (packet.hasRemaining()) {
        if (packet.remaining() < 4) {
          throw new Refused("bundle ends inside an element's size");
        }
        int size = packet.getInt();
        if (size <= 0 || (size & 3) != 0 || size > packet.remaining()) {
          throw new Refused("oscparse: bad bundle element size " + size);
        }
        ByteBuffer element = packet.slice(packet.position(), size);
        packet.position(packet.position() + size);
        read(element, out);
      }
      return;
    }
    if (packet.get(start) != '/') {
      throw new Refused("oscparse: not an OSC message (no leading slash)");
    }
    String address = string(packet);
    if (!packet.hasRemaining() || packet.get(packet.position()) != ',') {
      throw new Refused("oscparse: malformed type string in " + address);
    }
    String tags = string(packet).substring(1);
    List<Object> args = new ArrayList<>();
    for (char tag : tags.toCharArray()) {
      switch (tag) {
        case 'i' -> args.add(int32(packet, address));
        case 'f' -> {
          need(packet, 4, address);
          args.add(packet.getFloat());
        }
        case 's' -> args.add(string(packet));
        case 'b' -> {
          int size = int32(packet, address);
          if (size < 0 || size > packet.remaining()) {
            throw new Refused("oscparse: OSC message ended prematurely (" + address + ")");
          }
          byte[] blob = new byte[size];
          packet.get(blob);
          skipPadding(packet, size);
          args.add(blob);
        }
        default ->
            throw new Refused(
                "oscparse: unknown tag '" + tag + "' (" + (int) tag + ") in " + address);
      }
    }
    if (packet.hasRemaining()) {
      throw new Refused(packet.remaining() + " bytes after the arguments of " + address);
    }
    out.add(new Message(address, tags, args));
  }

  private static int int32(ByteBuffer packet, String address) throws Refused {
    need(packet, 4, address);
    return packet.getInt();
  }

  private static void need(ByteBuffer packet, int bytes, String address) throws Refused {
    if (packet.remaining() < bytes) {
      throw new Refused("oscparse: OSC message ended prematurely (" + address + ")");
    }
  }

  /** An OSC string: bytes up to a zero, then zeros to a multiple of four. */
  private static String string(ByteBuffer packet) throws Refused {
    int start = packet.position();
    int end = start;
    while (end < packet.limit() && packet.get(end) != 0) {
      end++;
    }
    if (end == packet.limit()) {
      throw new Refused("a string without its terminating zero");
    }
    byte[] bytes = new byte[end - start];
    packet.get(bytes);
    packet.get();
    skipPadding(packet, bytes.length + 1);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void skipPadding(ByteBuffer packet, int written) throws Refused {
    for (int n = written; (n & 3) != 0; n++) {
      if (!packet.hasRemaining() || packet.get() != 0) {
        throw new Refused("padding missing or not zero");
      }
    }
  }
}
