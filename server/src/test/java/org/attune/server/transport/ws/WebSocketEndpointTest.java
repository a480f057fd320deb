package org.attune.server.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.group.Group;
import org.attune.server.transport.ChannelMove;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket endpoint on {@link EmbeddedChannel}: the handshake and its subprotocols, the origin
 * check, both wire formats, clock pings, joins, and what bad frames get: an {@code Error}, with the
 * connection kept for a message that does not parse and closed for one too large.
 */
class WebSocketEndpointTest {

  private static final int MAX = 1024;
  private static final String HOST = "attune.example:7480";
  private final EmbeddedWebSocket ws = new EmbeddedWebSocket(MAX);

  @AfterEach
  void close() {
    ws.close();
  }

  private static ClientMessage ping(long t0) {
    return ClientMessage.newBuilder()
        .setRequestId(3)
        .setClockPing(ClockPing.newBuilder().setClientSendMicros(t0))
        .build();
  }

  /** The server's messages among {@code frames}, read in the format of each frame. */
  private static List<ServerMessage> messages(List<WebSocketFrame> frames) throws Exception {
    List<ServerMessage> messages = new ArrayList<>();
    for (WebSocketFrame frame : frames) {
      try {
        if (frame instanceof TextWebSocketFrame text) {
          ServerMessage.Builder b = ServerMessage.newBuilder();
          JsonFormat.parser().merge(text.text(), b);
          messages.add(b.build());
        } else if (frame instanceof BinaryWebSocketFrame binary) {
          byte[] bytes = new byte[binary.content().readableBytes()];
          binary.content().readBytes(bytes);
          messages.add(ServerMessage.parseFrom(bytes));
        }
      } finally {
        ReferenceCountUtil.release(frame);
      }
    }
    return messages;
  }

  private static void releaseAll(List<WebSocketFrame> frames) {
    frames.forEach(ReferenceCountUtil::release);
  }

  @Test
  void theJsonSubprotocolIsChosenAndAClockPingIsAnsweredInJson() throws Exception {
    String head = ws.handshake(WireFormat.JSON_SUBPROTOCOL, "http://" + HOST, HOST);
    assertThat(head)
        .startsWith("HTTP/1.1 101")
        .containsIgnoringCase("sec-websocket-protocol: " + WireFormat.JSON_SUBPROTOCOL);

    ws.send(
        new TextWebSocketFrame(
            "{\"requestId\":\"3\",\"clockPing\":{\"clientSendMicros\":\"12345\"}}"));
    List<WebSocketFrame> frames = ws.received();
    assertThat(frames).hasSize(1).first().isInstanceOf(TextWebSocketFrame.class);
    String json = ((TextWebSocketFrame) frames.get(0)).text();
    assertThat(json).contains("\"clockPong\"").contains("\"clientSendMicros\":\"12345\"");
    ServerMessage pong = messages(frames).get(0);
    assertThat(pong.getClockPong().getServerSendMicros())
        .isGreaterThanOrEqualTo(pong.getClockPong().getServerReceiveMicros());
    assertThat(ws.stats.clockPings.sum()).isEqualTo(1);
    assertThat(ws.server.isOpen()).isTrue();
  }

  @Test
  void withoutASubprotocolMessagesAreBinaryProtobuf() throws Exception {
    assertThat(ws.handshake(null, null, HOST)).startsWith("HTTP/1.1 101");
    ws.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(ping(777).toByteArray())));
    List<WebSocketFrame> frames = ws.received();
    assertThat(frames).hasSize(1).first().isInstanceOf(BinaryWebSocketFrame.class);
    assertThat(messages(frames).get(0).getClockPong().getClientSendMicros()).isEqualTo(777);
  }

  @Test
  void aMessageInSeveralFramesIsReadAsOne() throws Exception {
    ws.handshake(WireFormat.PROTOBUF_SUBPROTOCOL, null, HOST);
    byte[] bytes = ping(42).toByteArray();
    ws.send(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(bytes, 0, 2)));
    ws.send(
        new ContinuationWebSocketFrame(
            true, 0, Unpooled.wrappedBuffer(bytes, 2, bytes.length - 2)));
    assertThat(messages(ws.received()))
        .singleElement()
        .satisfies(m -> assertThat(m.getClockPong().getClientSendMicros()).isEqualTo(42));
  }

  @Test
  void malformedJsonIsAnsweredWithAnErrorAndTheConnectionStays() throws Exception {
    ws.handshake(WireFormat.JSON_SUBPROTOCOL, null, HOST);
    ws.send(new TextWebSocketFrame("{\"clockPing\": {\"clientSendMicros\": "));
    ws.send(new TextWebSocketFrame("{\"noSuchField\": 1}"));
    List<ServerMessage> replies = messages(ws.received());
    assertThat(replies)
        .hasSize(2)
        .allSatisfy(m -> assertThat(m.getError().getCode()).isEqualTo(ErrorCode.MALFORMED));
    assertThat(replies.get(0).getError().getMessage()).startsWith("Could not read that message");
    assertThat(ws.stats.malformedFrames.sum()).isEqualTo(2);

    ws.send(new TextWebSocketFrame("{\"clockPing\":{\"clientSendMicros\":\"5\"}}"));
    assertThat(messages(ws.received()))
        .singleElement()
        .satisfies(m -> assertThat(m.hasClockPong()).isTrue());
    assertThat(ws.server.isOpen()).isTrue();
  }

  @Test
  void malformedProtobufIsAnsweredWithAnErrorAndTheConnectionStays() throws Exception {
    ws.handshake(null, null, HOST);
    ws.send(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, 0x01, 0x02})));
    assertThat(messages(ws.received()))
        .singleElement()
        .satisfies(m -> assertThat(m.getError().getCode()).isEqualTo(ErrorCode.MALFORMED));
    assertThat(ws.server.isOpen()).isTrue();
  }

  @Test
  void anOversizedFrameIsAnsweredWithAnErrorAndACloseOfStatus1009() throws Exception {
    ws.handshake(WireFormat.JSON_SUBPROTOCOL, null, HOST);
    ws.send(
        new TextWebSocketFrame(
            "{\"clockPing\":{\"clientSendMicros\":\"" + "1".repeat(MAX) + "\"}}"));
    List<WebSocketFrame> frames = ws.received();
    assertThat(frames).hasSize(2);
    assertThat(frames.get(1)).isInstanceOf(CloseWebSocketFrame.class);
    assertThat(((CloseWebSocketFrame) frames.get(1)).statusCode())
        .isEqualTo(WebSocketCloseStatus.MESSAGE_TOO_BIG.code());
    ServerMessage error = messages(frames).get(0);
    assertThat(error.getError().getCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
    assertThat(error.getError().getMessage()).contains("closing the connection");
    assertThat(ws.stats.oversizedFrames.sum()).isEqualTo(1);
    assertThat(ws.server.isOpen()).isFalse();
  }

  @Test
  void fragmentsThatAddUpPastTheMaximumCloseTheConnection() throws Exception {
    ws.handshake(null, null, HOST);
    ws.send(new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(new byte[MAX - 10])));
    ws.send(new ContinuationWebSocketFrame(true, 0, Unpooled.wrappedBuffer(new byte[20])));
    List<ServerMessage> replies = messages(ws.received());
    assertThat(replies)
        .singleElement()
        .satisfies(m -> assertThat(m.getError().getCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE));
    assertThat(ws.server.isOpen()).isFalse();
  }

  @Test
  void aPageOfAnotherSiteMayNotUpgrade() {
    String head = ws.handshake(WireFormat.JSON_SUBPROTOCOL, "https://evil.example", HOST);
    assertThat(head).startsWith("HTTP/1.1 403");
    assertThat(ws.stats.refusedOrigins.sum()).isEqualTo(1);
    assertThat(ws.server.isOpen()).isFalse();
  }

  @Test
  void theOriginMustMatchHostAndPort() {
    assertThat(OriginCheck.allowed("http://attune.example:7480", "attune.example:7480")).isTrue();
    assertThat(OriginCheck.allowed("http://ATTUNE.example:7480", "attune.example:7480")).isTrue();
    assertThat(OriginCheck.allowed("http://attune.example", "attune.example")).isTrue();
    assertThat(OriginCheck.allowed("https://attune.example", "attune.example:443")).isTrue();
    assertThat(OriginCheck.allowed(null, "attune.example")).isTrue();
    assertThat(OriginCheck.allowed("http://attune.example:7481", "attune.example:7480")).isFalse();
    assertThat(OriginCheck.allowed("http://attune.example.evil", "attune.example")).isFalse();
    assertThat(OriginCheck.allowed("null", "attune.example")).isFalse();
    assertThat(OriginCheck.allowed("file:///tmp/x.html", "attune.example")).isFalse();
    assertThat(OriginCheck.allowed("http://attune.example", null)).isFalse();
  }

  @Test
  void aGestureBeforeJoiningIsRefusedAndNothingElseHappens() throws Exception {
    ws.handshake(WireFormat.JSON_SUBPROTOCOL, null, HOST);
    ws.send(new TextWebSocketFrame("{\"requestId\":\"9\",\"gesture\":{\"pad\":{\"degree\":1}}}"));
    assertThat(messages(ws.received()))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getError().getCode()).isEqualTo(ErrorCode.NOT_JOINED);
              assertThat(m.getError().getRequestId()).isEqualTo(9);
            });
    assertThat(ws.stats.notJoined.sum()).isEqualTo(1);
  }

  @Test
  void aJsonMemberJoinsIsWelcomedAndGetsGesturesOfOthersAsJson() throws Exception {
    Group group = ws.groups.create("ws test");
    ws.handshake(WireFormat.JSON_SUBPROTOCOL, "http://" + HOST, HOST);
    ws.send(
        new TextWebSocketFrame(
            JsonFormat.printer()
                .print(
                    ClientMessage.newBuilder()
                        .setRequestId(1)
                        .setJoin(
                            Join.newBuilder()
                                .setGroupCode(group.joinCode().toLowerCase())
                                .setName("Robin")
                                .setInstrument("marimba")
                                .setRole(Role.PARTICIPANT))
                        .build())));
    List<ServerMessage> joined = messages(ws.received());
    assertThat(joined)
        .anySatisfy(
            m -> {
              assertThat(m.getWelcome().getRole()).isEqualTo(Role.PARTICIPANT);
              assertThat(m.getWelcome().getSnapshot().getRoster().getMembersList())
                  .anySatisfy(member -> assertThat(member.getName()).isEqualTo("Robin"));
            });
    assertThat(group.roster().getMembersList()).hasSize(1);
    assertThat(ws.server.pipeline().get(ChannelMove.IDLE)).isInstanceOf(WebSocketIdleHandler.class);

    // Another member, reached by a link of its own, plays a pad: the JSON member hears it.
    var other = new org.attune.server.group.LinkForTests();
    var drummer =
        group.join(
            org.attune.server.group.JoinRequest.of("Sam", "drums", Role.PARTICIPANT, ""),
            other,
            m -> {});
    group.gesture(
        drummer.id(),
        Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(3)).setVelocity(0.8f).build(),
        group.snapshot().getServerNowMicros());
    List<ServerMessage> heard = messages(ws.received());
    assertThat(heard)
        .anySatisfy(
            m -> {
              assertThat(m.getGesture().getParticipantId()).isEqualTo(drummer.id());
              assertThat(m.getGesture().getGesture().getPad().getDegree()).isEqualTo(3);
              assertThat(m.getGesture().getResolvedPitch()).isPositive();
            });
  }

  @Test
  void aPingIsAnsweredWithAPongAndAQuietConnectionIsPinged() throws Exception {
    ws.handshake(null, null, HOST);
    ws.send(new PingWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1, 2})));
    List<WebSocketFrame> frames = ws.received();
    assertThat(frames).singleElement().isInstanceOf(PongWebSocketFrame.class);
    releaseAll(frames);

    WebSocketIdleHandler idle = (WebSocketIdleHandler) ws.server.pipeline().get(ChannelMove.IDLE);
    ws.server
        .pipeline()
        .replace(
            idle,
            ChannelMove.IDLE,
            new WebSocketIdleHandler(60_000, 1, java.util.concurrent.TimeUnit.MILLISECONDS));
    ws.server.advanceTimeBy(5, java.util.concurrent.TimeUnit.MILLISECONDS);
    ws.server.runScheduledPendingTasks();
    frames = ws.received();
    assertThat(frames).isNotEmpty().allMatch(f -> f instanceof PingWebSocketFrame);
    releaseAll(frames);
    assertThat(ws.server.isOpen()).isTrue();
  }

  @Test
  void aConnectionSilentPastTheReaderTimeoutIsClosed() {
    ws.handshake(null, null, HOST);
    ws.server
        .pipeline()
        .replace(
            ChannelMove.IDLE,
            ChannelMove.IDLE,
            new WebSocketIdleHandler(10, 60_000, java.util.concurrent.TimeUnit.MILLISECONDS));
    ws.server.advanceTimeBy(20, java.util.concurrent.TimeUnit.MILLISECONDS);
    ws.server.runScheduledPendingTasks();
    assertThat(ws.server.isOpen()).isFalse();
  }

  @Test
  void aBroadcastsSharedEncodingGoesOutWithoutItsLengthPrefix() {
    ServerMessage message =
        ping(1).hasClockPing()
            ? ServerMessage.newBuilder()
                .setError(org.attune.protocol.v1.Error.newBuilder().setMessage("x".repeat(300)))
                .build()
            : null;
    ByteBuf framed =
        org.attune.protocol.codec.VarintFramePrepender.frame(
            io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, message);
    WebSocketMessageEncoder.skipLengthPrefix(framed);
    byte[] rest = new byte[framed.readableBytes()];
    framed.readBytes(rest);
    framed.release();
    assertThat(rest).isEqualTo(message.toByteArray());
  }
}
