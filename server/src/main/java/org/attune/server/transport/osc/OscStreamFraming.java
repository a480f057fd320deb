package org.attune.server.transport.osc;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageCodec;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * OSC over TCP in both framings that tools use: OSC 1.0's 32-bit big-endian length prefix (liblo,
 * SuperCollider) and OSC 1.1's SLIP (Open Stage Control, TouchOSC, osc.js). A connection's first
 * byte tells which: SLIP frames begin with END (0xC0); a length prefix of at most {@link
 * OscCodec#MAX_PACKET_BYTES} begins with 0x00. Replies use the framing the client chose (a length
 * prefix until it has sent anything).
 *
 * <p>A stream that begins with {@code /} or {@code #} carries OSC packets with no frame at all, as
 * Pure Data's {@code [netsend -b]} sends them over TCP: packet boundaries cannot be found in it, so
 * it is read as one {@link OscStreamFrame.Unframed} and replies to it go unframed too, which is
 * what such a client can read.
 *
 * <p>Reads {@link OscStreamFrame}s and writes {@code byte[]} OSC packets. Thread-safe: no; one per
 * connection.
 */
public final class OscStreamFraming extends ByteToMessageCodec<byte[]> {

  static final int SLIP_END = 0xC0;
  static final int SLIP_ESC = 0xDB;
  static final int SLIP_ESC_END = 0xDC;
  static final int SLIP_ESC_ESC = 0xDD;

  private enum Kind {
    UNKNOWN,
    LENGTH_PREFIXED,
    SLIP,
    UNFRAMED
  }

  private Kind kind = Kind.UNKNOWN;
  private final ByteArrayOutputStream slipFrame = new ByteArrayOutputStream();
  private boolean slipEscape;
  private boolean slipOversized;

  /** After a fatal frame nothing more can be followed: the rest is discarded, not misread. */
  private boolean lost;

  public OscStreamFraming() {
    super(byte[].class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (lost) {
      in.skipBytes(in.readableBytes());
      return;
    }
    if (kind == Kind.UNKNOWN && in.isReadable()) {
      int first = in.getUnsignedByte(in.readerIndex());
      kind =
          first == SLIP_END
              ? Kind.SLIP
              : first == '/' || first == '#' ? Kind.UNFRAMED : Kind.LENGTH_PREFIXED;
      if (kind == Kind.UNFRAMED) {
        out.add(new OscStreamFrame.Unframed());
      }
    }
    if (kind == Kind.LENGTH_PREFIXED) {
      decodeLengthPrefixed(in, out);
    } else if (kind == Kind.SLIP) {
      decodeSlip(in, out);
    } else if (kind == Kind.UNFRAMED) {
      in.skipBytes(in.readableBytes());
    }
  }

  private void decodeLengthPrefixed(ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 4) {
      long length = in.getUnsignedInt(in.readerIndex());
      if (length > OscCodec.MAX_PACKET_BYTES) {
        in.skipBytes(in.readableBytes());
        out.add(new OscStreamFrame.Oversized(true));
        lost = true;
        return;
      }
      if (in.readableBytes() < 4 + length) {
        return;
      }
      in.skipBytes(4);
      byte[] bytes = new byte[(int) length];
      in.readBytes(bytes);
      out.add(new OscStreamFrame.Packet(bytes));
    }
  }

  private void decodeSlip(ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int b = in.readUnsignedByte();
      if (b == SLIP_END) {
        if (slipOversized) {
          out.add(new OscStreamFrame.Oversized(false));
        } else if (slipFrame.size() > 0) {
          out.add(new OscStreamFrame.Packet(slipFrame.toByteArray()));
        }
        slipFrame.reset();
        slipOversized = false;
        slipEscape = false;
        continue;
      }
      if (slipEscape) {
        b = b == SLIP_ESC_END ? SLIP_END : b == SLIP_ESC_ESC ? SLIP_ESC : b;
        slipEscape = false;
      } else if (b == SLIP_ESC) {
        slipEscape = true;
        continue;
      }
      if (slipFrame.size() >= OscCodec.MAX_PACKET_BYTES) {
        slipOversized = true;
      } else {
        slipFrame.write(b);
      }
    }
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, byte[] packet, ByteBuf out) {
    if (kind == Kind.SLIP) {
      out.writeByte(SLIP_END);
      for (byte value : packet) {
        int b = value & 0xFF;
        if (b == SLIP_END) {
          out.writeByte(SLIP_ESC).writeByte(SLIP_ESC_END);
        } else if (b == SLIP_ESC) {
          out.writeByte(SLIP_ESC).writeByte(SLIP_ESC_ESC);
        } else {
          out.writeByte(b);
        }
      }
      out.writeByte(SLIP_END);
    } else if (kind == Kind.UNFRAMED) {
      out.writeBytes(packet);
    } else {
      out.writeInt(packet.length).writeBytes(packet);
    }
  }
}
