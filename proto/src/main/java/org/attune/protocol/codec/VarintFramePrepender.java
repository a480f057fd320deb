package org.attune.protocol.codec;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes protobuf messages as varint32-length-prefixed frames.
 *
 * <p>Already-framed {@link ByteBuf}s (see {@link #frame}) pass through untouched, which is how
 * fan-out sends one encoding to many members.
 */
@ChannelHandler.Sharable
public final class VarintFramePrepender extends MessageToByteEncoder<MessageLite> {

  public VarintFramePrepender() {
    super(MessageLite.class);
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, MessageLite message, ByteBuf out) {
    writeFrame(message, out);
  }

  @Override
  protected ByteBuf allocateBuffer(
      ChannelHandlerContext ctx, MessageLite message, boolean preferDirect) {
    int size = message.getSerializedSize();
    int capacity = CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    return preferDirect ? ctx.alloc().ioBuffer(capacity) : ctx.alloc().heapBuffer(capacity);
  }

  /**
   * Encodes {@code message} once as a frame, for sending to many channels with retained duplicates.
   */
  public static ByteBuf frame(ByteBufAllocator alloc, MessageLite message) {
    int size = message.getSerializedSize();
    ByteBuf buf = alloc.buffer(CodedOutputStream.computeUInt32SizeNoTag(size) + size);
    try {
      writeFrame(message, buf);
      return buf;
    } catch (RuntimeException e) {
      buf.release();
      throw e;
    }
  }

  /**
   * Writes the frame straight into the buffer's memory: the stream path ({@code writeDelimitedTo}
   * an {@code OutputStream}) allocates a byte array, a stream and an encoder for every message and
   * then copies; here only a small encoder is allocated. A composite buffer takes the stream path.
   */
  private static void writeFrame(MessageLite message, ByteBuf out) {
    int size = message.getSerializedSize();
    int length = CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    out.ensureWritable(length);
    int at = out.writerIndex();
    CodedOutputStream coded =
        out.hasArray()
            ? CodedOutputStream.newInstance(out.array(), out.arrayOffset() + at, length)
            : out.nioBufferCount() == 1
                ? CodedOutputStream.newInstance(out.internalNioBuffer(at, length))
                : null;
    if (coded == null) {
      writeThroughStream(message, out);
      return;
    }
    try {
      coded.writeUInt32NoTag(size);
      message.writeTo(coded);
      coded.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.writerIndex(at + length);
  }

  private static void writeThroughStream(MessageLite message, ByteBuf out) {
    try (ByteBufOutputStream stream = new ByteBufOutputStream(out)) {
      message.writeDelimitedTo(stream);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
