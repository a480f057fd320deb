package org.attune.server.group;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import org.attune.protocol.codec.VarintFramePrepender;
import org.attune.protocol.v1.ServerMessage;

/**
 * A message for many members: framed once, on first use, and sent to each as a retained duplicate
 * of the same buffer.
 *
 * <p>Thread-safe: no; created, used and {@linkplain #release released} on the group's event loop
 * during one fan-out.
 */
public final class Broadcast {

  private final ServerMessage message;
  private final ByteBufAllocator alloc;
  private ByteBuf framed;

  public Broadcast(ServerMessage message, ByteBufAllocator alloc) {
    this.message = message;
    this.alloc = alloc;
  }

  public ServerMessage message() {
    return message;
  }

  /** The varint-framed encoding, as a new reference the caller must write or release. */
  public ByteBuf retainedFrame() {
    if (framed == null) {
      framed = VarintFramePrepender.frame(alloc, message);
    }
    return framed.retainedDuplicate();
  }

  /** Releases the shared encoding once every member has been given its duplicate. */
  public void release() {
    if (framed != null) {
      framed.release();
      framed = null;
    }
  }
}
