package org.attune.server.mixer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.GroupBus;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordingState;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetStrip;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.JournalReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real server with sound and a data directory, a facilitator and a member on real sockets: the
 * facilitator records the session, and the WAV file, read by sox, holds the member's notes where
 * their played-at times put them.
 */
class RecordingOverSocketsTest {

  @TempDir Path dir;
  private AttuneServer server;
  private Group group;
  private final List<TcpPeer> peers = new ArrayList<>();
  private TcpPeer facilitator;
  private TcpPeer member;
  private String memberId;

  @BeforeEach
  void start() throws Exception {
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withSound(SoundConfig.builtIn().withRenderDelay(Duration.ofMillis(50)))
                .withDataDirectory(new DataDirectory(dir)));
    group = server.groups().create("recorded");
    facilitator = peer();
    facilitator.join("Therapist", Role.FACILITATOR, group.facilitatorKey());
    member = peer();
    memberId = member.join("Sam", Role.PARTICIPANT, "").getParticipantId();
  }

  @AfterEach
  void stop() throws IOException {
    for (TcpPeer p : peers) {
      p.close();
    }
    server.close();
  }

  @Test
  void theRecordingHoldsEveryNoteAtItsPlayedAtTimeAndSoxReadsIt() throws Exception {
    facilitator.send(
        ClientMessage.newBuilder()
            .setMixer(
                MixerCommand.newBuilder()
                    .setStrip(
                        SetStrip.newBuilder().setParticipantId(memberId).setInstrument("organ"))));
    facilitator.await(ServerMessage::hasMixerState);
    RecordingState started = record(true);
    assertThat(started.getRecording()).isTrue();
    assertThat(started.getFile())
        .startsWith(group.id() + "-")
        .endsWith(".wav")
        .doesNotContain("Sam");

    long[] playedAt = new long[3];
    for (int i = 0; i < 3; i++) {
      playedAt[i] = server.clock().nowMicros() + 300_000;
      play(
          Gesture.newBuilder()
              .setNoteOn(NoteOn.newBuilder().setPitch(60 + 4 * i))
              .setVelocity(0.8f)
              .setPlayedAtServerMicros(playedAt[i]));
      play(
          Gesture.newBuilder()
              .setNoteOff(NoteOff.newBuilder().setPitch(60 + 4 * i))
              .setPlayedAtServerMicros(playedAt[i] + 200_000));
      Thread.sleep(600);
    }
    Thread.sleep(500);
    facilitator.send(
        ClientMessage.newBuilder().setRecord(RecordCommand.newBuilder().setStart(false)));
    assertThat(facilitator.await(m -> m.hasAccepted() || m.hasError()).hasAccepted()).isTrue();
    RecordingState done = facilitator.await(ServerMessage::hasRecording).getRecording();
    assertThat(done.getRecording()).isFalse();
    assertThat(done.getError()).isEmpty();
    assertThat(done.getFile()).isEqualTo(started.getFile());
    assertThat(done.getFrames()).as("about 2.6 s").isBetween(2L * 48_000, 4L * 48_000);

    Path file =
        new DataDirectory(dir)
            .session(group.id())
            .resolve(SoundSystem.RECORDINGS)
            .resolve(done.getFile());
    String info = sox("--i", file.toString());
    assertThat(info)
        .containsPattern("Channels\\s*: 2")
        .containsPattern("Sample Rate\\s*: 48000")
        .containsPattern("Precision\\s*: 24-bit")
        .contains("= " + done.getFrames() + " samples");
    float[] left = leftChannel(file);
    assertThat(left).hasSize((int) done.getFrames());
    GroupBus bus = server.sound().orElseThrow().bus(group.id()).orElseThrow();
    long firstFrame = SampleClock.frameAt(done.getFirstSampleServerMicros());
    for (int i = 0; i < 3; i++) {
      long heard =
          SampleClock.frameAt(playedAt[i] + bus.delayMicros())
              + bus.mixer().master().latencyFrames()
              - firstFrame;
      int onset = onset(left, (int) heard - 2_400, (int) heard + 2_400);
      // The issue asks for 5 ms (240 samples); one block is what the engine places to.
      assertThat(onset).as("note %d in the file", i).isBetween((int) heard - 48, (int) heard + 48);
    }
    assertThat(sox(file.toString(), "-n", "stat"))
        .containsPattern("Maximum amplitude:\\s+0\\.[0-9]");
    List<JournalRecord> journal =
        JournalReader.read(new DataDirectory(dir).journal(group.id())).records();
    assertThat(journal)
        .filteredOn(JournalRecord::hasRecording)
        .extracting(r -> r.getRecording().getRecording())
        .containsExactly(true, false);
  }

  @Test
  void aParticipantCannotRecordAndAFileThatCannotBeMadeIsRefusedAndTheSessionPlaysOn()
      throws Exception {
    member.send(ClientMessage.newBuilder().setRecord(RecordCommand.newBuilder().setStart(true)));
    assertThat(member.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.FORBIDDEN);

    Files.createDirectories(new DataDirectory(dir).session(group.id()));
    Files.writeString(
        new DataDirectory(dir).session(group.id()).resolve(SoundSystem.RECORDINGS),
        "a file where the recordings' directory should be");
    facilitator.send(
        ClientMessage.newBuilder().setRecord(RecordCommand.newBuilder().setStart(true)));
    ServerMessage refused = facilitator.await(m -> m.hasAccepted() || m.hasError());
    assertThat(refused.hasError()).isTrue();
    assertThat(refused.getError().getMessage()).contains("could not be started");

    member.send(
        ClientMessage.newBuilder()
            .setGesture(
                Gesture.newBuilder()
                    .setNoteOn(NoteOn.newBuilder().setPitch(64))
                    .setVelocity(0.5f)));
    assertThat(facilitator.await(ServerMessage::hasGesture).getGesture().getParticipantId())
        .isEqualTo(memberId);
  }

  private RecordingState record(boolean start) throws IOException {
    facilitator.send(
        ClientMessage.newBuilder().setRecord(RecordCommand.newBuilder().setStart(start)));
    ServerMessage answer = facilitator.await(m -> m.hasAccepted() || m.hasError());
    assertThat(answer.hasAccepted()).as("accepted, not %s", answer).isTrue();
    return facilitator.await(ServerMessage::hasRecording).getRecording();
  }

  private void play(Gesture.Builder gesture) throws IOException {
    member.send(ClientMessage.newBuilder().setGesture(gesture));
  }

  private TcpPeer peer() throws IOException {
    TcpPeer p = new TcpPeer(server.tcpPort(), group.joinCode());
    peers.add(p);
    return p;
  }

  /** The first sample in {@code [from, to)} above a hundredth of that span's peak. */
  private static int onset(float[] x, int from, int to) {
    double peak = 0;
    for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
      peak = Math.max(peak, Math.abs(x[i]));
    }
    assertThat(peak).as("sound near frame %d", (from + to) / 2).isGreaterThan(0.01);
    for (int i = Math.max(0, from); i < to; i++) {
      if (Math.abs(x[i]) >= peak / 100) {
        return i;
      }
    }
    return -1;
  }

  /** The file's left channel as sox decodes it: raw 32-bit little-endian floats. */
  private float[] leftChannel(Path wav) throws Exception {
    Path raw = dir.resolve("left.f32");
    sox(
        wav.toString(),
        "-t",
        "raw",
        "-e",
        "floating-point",
        "-b",
        "32",
        "-L",
        raw.toString(),
        "remix",
        "1");
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
    float[] out = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(out);
    return out;
  }

  private static String sox(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sox"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("sox %s: %s", command, out).isZero();
    return out;
  }
}
