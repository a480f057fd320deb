package org.attune.protocol.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.util.List;

/**
 * Splits a byte stream into frames that each start with their length as a varint32 (protobuf's
 * delimited form), refusing frames longer than a maximum.
 *
 * <p>Unlike Netty's {@code ProtobufVarint32FrameDecoder}, it fails fast on an oversized or
 * malformed length with a typed exception (compare {@code HAProxyMessageDecoder.fail}); after that
 * the stream cannot be resynchronised, so the decoder discards everything that follows and the
 * handler downstream is expected to answer and close the connection.
 */
public final class VarintFrameDecoder extends ByteToMessageDecoder {

  private final int maxFrameBytes;
  private boolean failed;

  public VarintFrameDecoder(int maxFrameBytes) {
    if (maxFrameBytes <= 0) {
      throw new IllegalArgumentException("maxFrameBytes must be positive");
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    in.markReaderIndex();
    int length = 0;
    int shift = 0;
    while (true) {
      if (!in.isReadable()) {
        in.resetReaderIndex();
        return;
      }
      byte b = in.readByte();
      length |= (b & 0x7F) << shift;
      if (b >= 0) {
        break;
      }
      shift += 7;
      if (shift >= 35) {
        fail(in, new CorruptedFrameException("frame length is not a valid varint32"));
      }
    }
    // A five-byte length may exceed Integer.MAX_VALUE and come out negative: also too long.
    if (length < 0 || length > maxFrameBytes) {
      fail(
          in,
          new TooLongFrameException(
              "frame of "
                  + Integer.toUnsignedString(length)
                  + " bytes exceeds the maximum of "
                  + maxFrameBytes));
    }
    if (in.readableBytes() < length) {
      in.resetReaderIndex();
      return;
    }
    out.add(in.readRetainedSlice(length));
  }

  private void fail(ByteBuf in, RuntimeException e) {
    failed = true;
    in.skipBytes(in.readableBytes());
    throw e;
  }
}
