package org.attune.server.transport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiSystem;
import javax.sound.midi.Sequence;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Track;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.EndSession;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.OperatorKey;
import org.attune.server.journal.DataDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with sound and a data directory, over real HTTP: a browser's "New group" with the
 * operator key makes a group that members join over TCP; its facilitator records, plays and ends
 * the session, and downloads the recording (the file's bytes) and the MIDI export (its notes) with
 * the facilitator key, also after the session has ended. Wrong keys, bad names and paths outside
 * the session are refused and change nothing.
 */
class WebApiOverHttpTest {

  private static final String OPERATOR_KEY = "operator-key-for-tests-1234";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private AttuneServer server;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeEach
  void start() throws Exception {
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withSound(SoundConfig.builtIn())
                .withDataDirectory(new DataDirectory(dir))
                .withOperatorKey(OperatorKey.of(OPERATOR_KEY)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void anOperatorMakesAGroupAndItsFacilitatorDownloadsItsRecordingAndMidiExport() throws Exception {
    HttpResponse<String> created = createGroup(OPERATOR_KEY, "{\"name\": \"  Tuesday group \"}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode group = JSON.readTree(created.body());
    String id = group.get("id").asText();
    String code = group.get("joinCode").asText();
    String key = group.get("facilitatorKey").asText();
    assertThat(group.get("name").asText()).isEqualTo("Tuesday group");
    assertThat(server.groups().findByCode(code)).isPresent();

    try (TcpPeer facilitator = new TcpPeer(server.tcpPort(), code);
        TcpPeer member = new TcpPeer(server.tcpPort(), code)) {
      assertThat(facilitator.join("Therapist", Role.FACILITATOR, key).getGroupId()).isEqualTo(id);
      member.join("Sam", Role.PARTICIPANT, "");
      facilitator.send(
          ClientMessage.newBuilder().setRecord(RecordCommand.newBuilder().setStart(true)));
      facilitator.await(ServerMessage::hasRecording);
      for (int pitch : new int[] {60, 64, 67}) {
        member.send(
            ClientMessage.newBuilder()
                .setGesture(
                    Gesture.newBuilder()
                        .setNoteOn(NoteOn.newBuilder().setPitch(pitch))
                        .setVelocity(0.8f)));
        Thread.sleep(150);
        member.send(
            ClientMessage.newBuilder()
                .setGesture(Gesture.newBuilder().setNoteOff(NoteOff.newBuilder().setPitch(pitch))));
      }
      Thread.sleep(300);
      facilitator.send(
          ClientMessage.newBuilder().setRecord(RecordCommand.newBuilder().setStart(false)));
      String file = "";
      while (file.isEmpty()) {
        ServerMessage m = facilitator.await(ServerMessage::hasRecording);
        file = m.getRecording().getRecording() ? "" : m.getRecording().getFile();
      }

      JsonNode files = JSON.readTree(get("/api/groups/" + id + "/files", key).body());
      assertThat(files.get("recordings")).hasSize(1);
      JsonNode recording = files.get("recordings").get(0);
      assertThat(recording.get("name").asText()).isEqualTo(file);
      Path onDisk = new DataDirectory(dir).recordings(id).resolve(file);
      assertThat(recording.get("bytes").asLong()).isEqualTo(Files.size(onDisk));

      HttpResponse<byte[]> wav = getBytes(recording.get("href").asText(), key);
      assertThat(wav.statusCode()).isEqualTo(200);
      assertThat(wav.headers().firstValue("content-disposition"))
          .hasValue("attachment; filename=\"" + file + "\"");
      assertThat(wav.body()).isEqualTo(Files.readAllBytes(onDisk));

      assertThat(notesIn(getBytes("/api/groups/" + id + "/export.mid", key)))
          .as("the export holds the three notes played")
          .isEqualTo(3);

      facilitator.send(ClientMessage.newBuilder().setEndSession(EndSession.getDefaultInstance()));
      facilitator.await(ServerMessage::hasSessionEnded);
    }
    // The session has ended and left the server; its files still open with its key.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (server.groups().findByCode(code).isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(server.groups().findByCode(code)).isEmpty();
    assertThat(notesIn(getBytes("/api/groups/" + id + "/export.mid", key))).isEqualTo(3);
    assertThat(get("/api/groups/" + id + "/files", key).statusCode()).isEqualTo(200);
  }

  @Test
  void wrongKeysBadNamesAndForeignPathsAreRefusedAndChangeNothing() throws Exception {
    int before = server.groups().count();
    assertThat(createGroup(null, "{\"name\": \"x\"}").statusCode()).isEqualTo(401);
    HttpResponse<String> bad = createGroup(OPERATOR_KEY, "{\"title\": \"x\"}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).get("error").asText()).contains("name");
    assertThat(createGroup(OPERATOR_KEY, "{\"name\": \"" + "n".repeat(65) + "\"}").statusCode())
        .isEqualTo(400);
    assertThat(createGroup(OPERATOR_KEY, "not json").statusCode()).isEqualTo(400);
    assertThat(
            http.send(
                    HttpRequest.newBuilder(uri("/api/groups"))
                        .header("Authorization", "Bearer " + OPERATOR_KEY)
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(405);
    assertThat(server.groups().count()).isEqualTo(before);

    JsonNode group = JSON.readTree(createGroup(OPERATOR_KEY, "{\"name\": \"real\"}").body());
    String id = group.get("id").asText();
    String key = group.get("facilitatorKey").asText();
    assertThat(get("/api/groups/" + id + "/files", null).statusCode()).isEqualTo(401);
    HttpResponse<String> wrong = get("/api/groups/" + id + "/files", OPERATOR_KEY);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("No session " + id + " opens with that key");
    assertThat(get("/api/groups/" + id + "/recordings/journal", key).statusCode()).isEqualTo(404);
    assertThat(get("/api/groups/" + id + "/recordings/..%2Fjournal", key).statusCode())
        .isEqualTo(404);
    assertThat(get("/api/groups/" + id + "/recordings/missing.wav", key).statusCode())
        .isEqualTo(404);
    assertThat(get("/api/groups/..%2F..%2Fsalt/files", key).statusCode()).isEqualTo(404);

    // Wrong keys count against the address, as failed joins do: then even the right key waits.
    for (int i = 0; i < 10; i++) {
      createGroup("wrong-operator-key-" + i, "{\"name\": \"x\"}");
    }
    assertThat(createGroup(OPERATOR_KEY, "{\"name\": \"x\"}").statusCode()).isEqualTo(429);
    assertThat(server.groups().count()).isEqualTo(before + 1);
  }

  @Test
  void aServerWithoutAnOperatorKeyMakesNoGroupsFromTheWeb() throws Exception {
    server.close();
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts().withSound(SoundConfig.defaults().withEnabled(false)));
    HttpResponse<String> refused = createGroup(OPERATOR_KEY, "{\"name\": \"x\"}");
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("without an operator key");
    assertThat(server.groups().count()).isZero();
    assertThat(get("/api/groups/g1/files", "whatever").body()).contains("no data directory");
  }

  private HttpResponse<String> createGroup(String operatorKey, String body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri("/api/groups"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (operatorKey != null) {
      request.header("Authorization", "Bearer " + operatorKey);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, String key) throws Exception {
    return http.send(getRequest(path, key), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> getBytes(String path, String key) throws Exception {
    return http.send(getRequest(path, key), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest getRequest(String path, String key) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return request.build();
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.httpPort() + path);
  }

  private static int notesIn(HttpResponse<byte[]> midi) throws Exception {
    assertThat(midi.statusCode()).isEqualTo(200);
    Sequence sequence = MidiSystem.getSequence(new ByteArrayInputStream(midi.body()));
    int notes = 0;
    for (Track track : sequence.getTracks()) {
      for (int i = 0; i < track.size(); i++) {
        if (track.get(i).getMessage() instanceof ShortMessage m
            && m.getCommand() == ShortMessage.NOTE_ON
            && m.getData2() > 0) {
          notes++;
        }
      }
    }
    return notes;
  }
}
