package org.attune.server.transport.osc;

/**
 * One frame read from an OSC stream: a packet's bytes, or what went wrong with a frame.
 *
 * <p>Immutable.
 */
public sealed interface OscStreamFrame {

  /** The bytes of one OSC packet. */
  record Packet(byte[] bytes) implements OscStreamFrame {}

  /** A frame over the maximum size; with {@code fatal}, the stream cannot be followed after it. */
  record Oversized(boolean fatal) implements OscStreamFrame {}

  /**
   * A stream that began with an OSC packet itself, not a frame (Pure Data's {@code [netsend -b]}
   * over TCP sends that): it cannot be followed.
   */
  record Unframed() implements OscStreamFrame {}
}
