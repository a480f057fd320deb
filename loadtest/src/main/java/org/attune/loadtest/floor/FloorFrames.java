package org.attune.loadtest.floor;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The floor's frames: a varint32 length (as Attune's) and a payload that starts with the sender's
 * {@link System#nanoTime()} and is padded to the size of a typical gesture event.
 *
 * <p>Pure; thread-safe.
 */
final class FloorFrames {

  private FloorFrames() {}

  /** A framed copy of {@code payload}, the payload's reader index unchanged. */
  static ByteBuf frame(ByteBufAllocator alloc, ByteBuf payload) {
    int length = payload.readableBytes();
    ByteBuf frame = alloc.buffer(5 + length);
    writeVarint32(frame, length);
    frame.writeBytes(payload, payload.readerIndex(), length);
    return frame;
  }

  /** A framed payload of {@code payloadBytes} (at least 8) starting with {@code sendNanos}. */
  static ByteBuf timestamped(ByteBufAllocator alloc, long sendNanos, int payloadBytes) {
    ByteBuf frame = alloc.buffer(5 + payloadBytes);
    writeVarint32(frame, payloadBytes);
    frame.writeLong(sendNanos);
    frame.writeZero(payloadBytes - Long.BYTES);
    return frame;
  }

  static void writeVarint32(ByteBuf out, int value) {
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }
}
