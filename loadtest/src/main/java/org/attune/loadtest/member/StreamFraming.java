package org.attune.loadtest.member;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import org.attune.protocol.codec.ProtobufMessageDecoder;
import org.attune.protocol.codec.VarintFrameDecoder;
import org.attune.protocol.codec.VarintFramePrepender;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ServerMessage;

/**
 * How a {@link TcpMember}'s protobuf messages travel: varint-framed on the server's TCP port, or
 * one binary frame each on the WebSocket of its HTTP port ({@code /ws}), as a browser member's
 * would (browsers use the JSON subprotocol; the binary one costs the server the same framing work
 * and lets the member measure exactly as a TCP member does).
 *
 * <p>Immutable; thread-safe.
 */
public enum StreamFraming {
  TCP,
  WEBSOCKET;

  static final int MAX_FRAME_BYTES = 64 * 1024;
  private static final VarintFramePrepender FRAME_PREPENDER = new VarintFramePrepender();

  /** Where a member of this framing connects. */
  InetSocketAddress address(MemberEnvironment env) {
    InetSocketAddress address = this == TCP ? env.tcpAddress() : env.webSocketAddress();
    if (address == null) {
      throw new IllegalStateException("the server's HTTP port is unknown: no WebSocket members");
    }
    return address;
  }

  /** True if the member may send its join once connected; false if after the handshake. */
  boolean joinsOnConnect() {
    return this == TCP;
  }

  /** Adds the decoders and encoders before the member's handler. */
  void addCodecs(ChannelPipeline p, InetSocketAddress address) {
    if (this == TCP) {
      p.addLast("frameDecoder", new VarintFrameDecoder(MAX_FRAME_BYTES))
          .addLast("messageDecoder", new ProtobufMessageDecoder<>(ServerMessage.parser()))
          .addLast("frameEncoder", FRAME_PREPENDER);
      return;
    }
    URI uri = URI.create("ws://" + address.getHostString() + ":" + address.getPort() + "/ws");
    p.addLast("http", new HttpClientCodec())
        .addLast("httpAggregator", new HttpObjectAggregator(8192))
        .addLast(
            "ws",
            new WebSocketClientProtocolHandler(
                WebSocketClientProtocolConfig.newBuilder()
                    .webSocketUri(uri)
                    .version(WebSocketVersion.V13)
                    .customHeaders(new DefaultHttpHeaders())
                    .maxFramePayloadLength(MAX_FRAME_BYTES)
                    .handleCloseFrames(true)
                    .build()))
        .addLast("messages", new BinaryFrames());
  }

  /** One protobuf message a binary frame, both ways. */
  private static final class BinaryFrames
      extends MessageToMessageCodec<BinaryWebSocketFrame, ClientMessage> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ClientMessage message, List<Object> out) {
      out.add(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(message.toByteArray())));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, BinaryWebSocketFrame frame, List<Object> out)
        throws Exception {
      ByteBuf content = frame.content();
      out.add(ProtobufMessageDecoder.parse(ServerMessage.parser(), content));
    }
  }
}
