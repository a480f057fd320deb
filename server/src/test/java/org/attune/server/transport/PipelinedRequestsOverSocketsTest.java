package org.attune.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that sends its requests right behind its Join, in one write, without waiting for the
 * Welcome: they are carried out once the join is, in order, instead of being refused as "not
 * joined" while the connection moves to its group's loop.
 */
class PipelinedRequestsOverSocketsTest {

  private AttuneServer server;

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void overTheWebSocketGesturesSentBehindTheJoinAreRelayedAndNothingIsRefused() throws Exception {
    Group group = server.groups().create("pipelined ws");
    java.util.concurrent.BlockingQueue<ServerMessage> got =
        new java.util.concurrent.LinkedBlockingQueue<>();
    try (TcpPeer ear = new TcpPeer(server.tcpPort(), group.joinCode())) {
      ear.join("Ear", Role.PARTICIPANT, "");
      java.net.http.WebSocket ws =
          java.net.http.HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .subprotocols(org.attune.server.transport.ws.WireFormat.PROTOBUF_SUBPROTOCOL)
              .buildAsync(
                  java.net.URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws"),
                  new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onBinary(
                        java.net.http.WebSocket w, java.nio.ByteBuffer data, boolean last) {
                      byte[] b = new byte[data.remaining()];
                      data.get(b);
                      try {
                        got.add(ServerMessage.parseFrom(b));
                      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        throw new IllegalStateException(e);
                      }
                      w.request(1);
                      return null;
                    }
                  })
              .get(10, java.util.concurrent.TimeUnit.SECONDS);
      ws.sendBinary(join(group, "Eager").toByteString().asReadOnlyByteBuffer(), true).get();
      for (int pitch = 60; pitch < 63; pitch++) {
        ws.sendBinary(note(pitch).toByteString().asReadOnlyByteBuffer(), true).get();
      }
      for (int pitch = 60; pitch < 63; pitch++) {
        GestureEvent heard = ear.await(ServerMessage::hasGesture).getGesture();
        assertThat(heard.getGesture().getNoteOn().getPitch()).isEqualTo(pitch);
      }
      ServerMessage m;
      while ((m = got.poll(300, java.util.concurrent.TimeUnit.MILLISECONDS)) != null) {
        assertThat(m.hasError()).as("an error: %s", m).isFalse();
      }
      ws.abort();
    }
  }

  private static ClientMessage join(Group group, String name) {
    return ClientMessage.newBuilder()
        .setRequestId(1)
        .setJoin(
            Join.newBuilder()
                .setGroupCode(group.joinCode())
                .setName(name)
                .setInstrument("marimba")
                .setRole(Role.PARTICIPANT))
        .build();
  }

  private static ClientMessage note(int pitch) {
    return ClientMessage.newBuilder()
        .setRequestId(pitch)
        .setGesture(Gesture.newBuilder().setNoteOn(NoteOn.newBuilder().setPitch(pitch)))
        .build();
  }

  @Test
  void aGestureSentBehindTheJoinInOneWriteIsRelayedAfterTheWelcome() throws Exception {
    Group group = server.groups().create("pipelined");
    try (TcpPeer ear = new TcpPeer(server.tcpPort(), group.joinCode());
        Socket eager = new Socket("127.0.0.1", server.tcpPort())) {
      ear.join("Ear", Role.PARTICIPANT, "");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ClientMessage.newBuilder()
          .setRequestId(1)
          .setJoin(
              Join.newBuilder()
                  .setGroupCode(group.joinCode())
                  .setName("Eager")
                  .setInstrument("marimba")
                  .setRole(Role.PARTICIPANT))
          .build()
          .writeDelimitedTo(bytes);
      for (int pitch = 60; pitch < 63; pitch++) {
        ClientMessage.newBuilder()
            .setRequestId(pitch)
            .setGesture(Gesture.newBuilder().setNoteOn(NoteOn.newBuilder().setPitch(pitch)))
            .build()
            .writeDelimitedTo(bytes);
      }
      eager.getOutputStream().write(bytes.toByteArray());

      InputStream in = eager.getInputStream();
      eager.setSoTimeout(10_000);
      ServerMessage first = ServerMessage.parseDelimitedFrom(in);
      assertThat(first.hasWelcome()).as("the first answer, not %s", first).isTrue();
      for (int pitch = 60; pitch < 63; pitch++) {
        GestureEvent heard = ear.await(ServerMessage::hasGesture).getGesture();
        assertThat(heard.getGesture().getNoteOn().getPitch()).isEqualTo(pitch);
        assertThat(heard.getParticipantId()).isEqualTo(first.getWelcome().getParticipantId());
      }
      // Nothing refused: what follows the Welcome on the eager connection is no Error.
      eager.setSoTimeout(500);
      try {
        while (true) {
          ServerMessage m = ServerMessage.parseDelimitedFrom(in);
          if (m == null) {
            break;
          }
          assertThat(m.hasError()).as("an error: %s", m).isFalse();
        }
      } catch (java.net.SocketTimeoutException e) {
        // Quiet: nothing more came.
      }
    }
  }
}
