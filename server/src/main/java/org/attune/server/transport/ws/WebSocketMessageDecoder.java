package org.attune.server.transport.ws;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.v1.ClientMessage;

/**
 * Reads one {@code ClientMessage} from each whole data frame: a binary frame is its protobuf
 * encoding, a text frame its proto3 JSON mapping (whatever subprotocol was chosen: the frame's type
 * says which it is).
 *
 * <p>A frame that does not parse raises a {@link CorruptedFrameException} whose cause is the {@link
 * InvalidProtocolBufferException}; the connection is still in step, so the member handler answers
 * with a {@code MALFORMED} error and stays open, as on TCP. JSON with fields this protocol does not
 * have is refused the same way, not silently half-read.
 *
 * <p>Thread-safe: no state; one instance per connection, on its loop.
 */
public final class WebSocketMessageDecoder extends MessageToMessageDecoder<WebSocketFrame> {

  private static final JsonFormat.Parser JSON = JsonFormat.parser();

  public WebSocketMessageDecoder() {
    super(WebSocketFrame.class);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
    try {
      if (frame instanceof BinaryWebSocketFrame) {
        out.add(ProtobufMessageDecoder.parse(ClientMessage.parser(), frame.content()));
      } else if (frame instanceof TextWebSocketFrame text) {
        out.add(parseJson(text.text()));
      } else {
        throw new CorruptedFrameException("unexpected " + frame.getClass().getSimpleName());
      }
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptedFrameException("frame is not a valid message: " + e.getMessage(), e);
    }
  }

  /** The message a text frame holds in the proto3 JSON mapping. */
  static ClientMessage parseJson(String json) throws InvalidProtocolBufferException {
    ClientMessage.Builder message = ClientMessage.newBuilder();
    try {
      JSON.merge(json, message);
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (RuntimeException e) {
      // JsonFormat reports some malformed input (a number out of range, a bad enum) this way.
      throw new InvalidProtocolBufferException(e.getMessage());
    }
    return message.build();
  }
}
