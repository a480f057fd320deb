package org.attune.protocol.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.util.List;

/**
 * Parses one frame into a protobuf message.
 *
 * <p>A frame that does not parse raises a {@link CorruptedFrameException}; the stream itself is
 * still in step (the frame had a valid length), so the connection can stay open and the handler
 * answers with an error.
 */
public final class ProtobufMessageDecoder<T extends MessageLite>
    extends MessageToMessageDecoder<ByteBuf> {

  private final Parser<T> parser;

  public ProtobufMessageDecoder(Parser<T> parser) {
    super(ByteBuf.class);
    this.parser = parser;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
    try {
      out.add(parse(parser, frame));
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptedFrameException("frame is not a valid message: " + e.getMessage(), e);
    }
  }

  /** Parses the readable bytes of {@code buf} (without releasing it). */
  public static <T> T parse(Parser<T> parser, ByteBuf buf) throws InvalidProtocolBufferException {
    if (buf.hasArray()) {
      return parser.parseFrom(
          buf.array(), buf.arrayOffset() + buf.readerIndex(), buf.readableBytes());
    }
    if (buf.nioBufferCount() == 1) {
      // A direct buffer (what socket reads give): parse it in place. The stream path below
      // allocates a 4 KiB buffer for every message, which under load costs more than the parse.
      return parser.parseFrom(buf.nioBuffer(buf.readerIndex(), buf.readableBytes()));
    }
    try (ByteBufInputStream in = new ByteBufInputStream(buf.duplicate())) {
      return parser.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
  }
}
