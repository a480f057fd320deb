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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attune.audio.SampleClock;
import org.attune.audio.bus.GroupBus;
import org.attune.audio.ogg.OggOpusReader;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordFormat;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real server with sound and a data directory, a facilitator and four members on real sockets,
 * one of whom joins while the recording runs: the facilitator records the master and a stem per
 * member, in Ogg Opus and in WAV. Independent tools (opusinfo, sox) read every file; each lasts as
 * long as the recording; the master holds every note where its played-at time puts it, and each
 * stem its own member's notes there and nobody else's.
 */
class StemRecordingOverSocketsTest {

  private static final int NOTE_MICROS = 150_000;

  @TempDir Path dir;
  private AttuneServer server;
  private Group group;
  private final List<TcpPeer> peers = new ArrayList<>();
  private TcpPeer facilitator;
  private String facilitatorId;

  /** Member id → peer, in the order they joined. */
  private final Map<String, TcpPeer> members = new LinkedHashMap<>();

  /** A note played: by whom, and when (server time). */
  private record Played(String member, long playedAt) {}

  private final List<Played> played = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withSound(SoundConfig.builtIn().withRenderDelay(Duration.ofMillis(50)))
                .withDataDirectory(new DataDirectory(dir)));
    group = server.groups().create("stems");
    facilitator = peer();
    facilitatorId =
        facilitator.join("Therapist", Role.FACILITATOR, group.facilitatorKey()).getParticipantId();
    for (String name : List.of("Sam", "Robin", "Alex")) {
      join(name);
    }
  }

  @AfterEach
  void stop() throws IOException {
    for (TcpPeer p : peers) {
      p.close();
    }
    server.close();
  }

  @ParameterizedTest
  @EnumSource(
      value = RecordFormat.class,
      names = {"OGG_OPUS", "WAV_PCM24"})
  void everyMembersStemHoldsOnlyTheirNotesAtTheirTimesAndLinesUpWithTheMaster(RecordFormat format)
      throws Exception {
    RecordingState started = record(format);
    assertThat(started.getFile()).endsWith(RecordingFile.extension(format));

    List<String> ids = new ArrayList<>(members.keySet());
    play(ids.get(0), 60);
    play(ids.get(1), 64);
    play(ids.get(2), 67);
    String late = join("Kim");
    play(late, 72);
    play(ids.get(0), 62);
    Thread.sleep(400);

    facilitator.send(
        ClientMessage.newBuilder().setRecord(RecordCommand.newBuilder().setStart(false)));
    assertThat(facilitator.await(m -> m.hasAccepted() || m.hasError()).hasAccepted()).isTrue();
    RecordingState done = facilitator.await(ServerMessage::hasRecording).getRecording();
    assertThat(done.getError()).isEmpty();
    assertThat(done.getRecording()).isFalse();
    assertThat(done.getFrames()).as("about 3 s").isBetween(2L * 48_000, 6L * 48_000);

    String base = done.getFile().substring(0, done.getFile().lastIndexOf('.'));
    String ext = RecordingFile.extension(format);
    List<String> everyone = new ArrayList<>(List.of(facilitatorId));
    everyone.addAll(members.keySet());
    assertThat(done.getStemFilesList())
        .containsExactlyInAnyOrderElementsOf(
            everyone.stream().map(id -> base + "-" + id + ext).toList());
    for (String name : done.getStemFilesList()) {
      assertThat(name).doesNotContain("Sam", "Robin", "Alex", "Kim", "Therapist");
    }

    Path recordings = new DataDirectory(dir).session(group.id()).resolve(SoundSystem.RECORDINGS);
    GroupBus bus = server.sound().orElseThrow().bus(group.id()).orElseThrow();
    long firstFrame = SampleClock.frameAt(done.getFirstSampleServerMicros());
    long latency = bus.mixer().master().latencyFrames();
    // The tolerance: 5 ms for WAV, 10 ms for Opus (its transients spread).
    int tolerance = format == RecordFormat.OGG_OPUS ? 480 : 240;

    float[] master = leftChannel(recordings.resolve(done.getFile()), format, done.getFrames());
    for (Played p : played) {
      int heard = heardAt(p, bus, firstFrame, latency);
      assertThat(onset(master, heard - 4_800, heard + 4_800))
          .as("%s's note at %d in the master", p.member(), heard)
          .isBetween(heard - tolerance, heard + tolerance);
    }

    for (String id : everyone) {
      float[] stem =
          leftChannel(recordings.resolve(base + "-" + id + ext), format, done.getFrames());
      double own = 0;
      for (Played p : played) {
        int heard = heardAt(p, bus, firstFrame, latency);
        if (p.member().equals(id)) {
          assertThat(onset(stem, heard - 4_800, heard + 4_800))
              .as("%s's note at %d in their stem", id, heard)
              .isBetween(heard - tolerance, heard + tolerance);
          own = Math.max(own, peak(stem, heard, heard + 4_800));
        }
      }
      for (Played p : played) {
        int heard = heardAt(p, bus, firstFrame, latency);
        if (!p.member().equals(id) && !rings(id, p)) {
          assertThat(peak(stem, heard, heard + 4_800))
              .as("%s's note in %s's stem", p.member(), id)
              .isLessThan(id.equals(facilitatorId) ? 0.001 : own * 0.02);
        }
      }
    }
    assertThat(
            peak(
                leftChannel(recordings.resolve(base + "-" + late + ext), format, done.getFrames()),
                0,
                heardAt(played.get(3), bus, firstFrame, latency) - tolerance))
        .as("the late member's stem is silent before they played")
        .isLessThan(0.001);
    assertThat(server.sound().orElseThrow().recordingStats().droppedFrames.sum()).isZero();
    assertThat(server.sound().orElseThrow().recordingStats().stems.sum()).isEqualTo(5);
  }

  /** Whether {@code member}'s own previous note may still ring under {@code p}'s. */
  private boolean rings(String member, Played p) {
    for (Played q : played) {
      if (q.member().equals(member)
          && q.playedAt() < p.playedAt()
          && p.playedAt() - q.playedAt() < 300_000) {
        return true;
      }
    }
    return false;
  }

  private static int heardAt(Played p, GroupBus bus, long firstFrame, long latency) {
    return (int) (SampleClock.frameAt(p.playedAt() + bus.delayMicros()) + latency - firstFrame);
  }

  private String join(String name) throws Exception {
    TcpPeer p = peer();
    String id = p.join(name, Role.PARTICIPANT, "").getParticipantId();
    members.put(id, p);
    facilitator.send(
        ClientMessage.newBuilder()
            .setMixer(
                MixerCommand.newBuilder()
                    .setStrip(SetStrip.newBuilder().setParticipantId(id).setInstrument("organ"))));
    facilitator.await(ServerMessage::hasMixerState);
    return id;
  }

  private void play(String member, int pitch) throws Exception {
    long at = server.clock().nowMicros() + 250_000;
    TcpPeer p = members.get(member);
    p.send(
        ClientMessage.newBuilder()
            .setGesture(
                Gesture.newBuilder()
                    .setNoteOn(NoteOn.newBuilder().setPitch(pitch))
                    .setVelocity(0.8f)
                    .setPlayedAtServerMicros(at)));
    p.send(
        ClientMessage.newBuilder()
            .setGesture(
                Gesture.newBuilder()
                    .setNoteOff(NoteOff.newBuilder().setPitch(pitch))
                    .setPlayedAtServerMicros(at + NOTE_MICROS)));
    played.add(new Played(member, at));
    Thread.sleep(500);
  }

  private RecordingState record(RecordFormat format) throws IOException {
    facilitator.send(
        ClientMessage.newBuilder()
            .setRecord(RecordCommand.newBuilder().setStart(true).setFormat(format).setStems(true)));
    ServerMessage answer = facilitator.await(m -> m.hasAccepted() || m.hasError());
    assertThat(answer.hasAccepted()).as("accepted, not %s", answer).isTrue();
    return facilitator.await(ServerMessage::hasRecording).getRecording();
  }

  private TcpPeer peer() throws IOException {
    TcpPeer p = new TcpPeer(server.tcpPort(), group.joinCode());
    peers.add(p);
    return p;
  }

  /**
   * The file's left channel, after an independent tool has checked it: opusinfo for Ogg Opus
   * (decoded then with {@link OggOpusReader}), sox for WAV (which also decodes it).
   */
  private float[] leftChannel(Path file, RecordFormat format, long frames) throws Exception {
    if (format == RecordFormat.OGG_OPUS) {
      String info = run("opusinfo", file.toString());
      assertThat(info).contains("Channels: 2").doesNotContain("WARNING").doesNotContain("ERROR");
      Matcher m = Pattern.compile("Playback length: (\\d+)m:([0-9.]+)s").matcher(info);
      assertThat(m.find()).as(info).isTrue();
      double seconds = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
      assertThat(seconds)
          .as(file + " plays as long as the master")
          .isBetween(frames / 48_000.0 - 0.001, frames / 48_000.0 + 0.001);
      OggOpusReader.Contents c = OggOpusReader.read(file);
      assertThat(c.frames()).isEqualTo(frames);
      float[] both = c.decode();
      float[] left = new float[both.length / 2];
      for (int i = 0; i < left.length; i++) {
        left[i] = both[2 * i];
      }
      return left;
    }
    String info = run("sox", "--i", file.toString());
    assertThat(info).contains("= " + frames + " samples").containsPattern("Channels\\s*: 2");
    Path raw = dir.resolve("left.f32");
    run(
        "sox",
        file.toString(),
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
    assertThat(out).hasSize((int) frames);
    return out;
  }

  private static double peak(float[] x, int from, int to) {
    double peak = 0;
    for (int i = Math.max(0, from); i < Math.min(x.length, to); i++) {
      peak = Math.max(peak, Math.abs(x[i]));
    }
    return peak;
  }

  /** The first sample in {@code [from, to)} above a tenth of that span's peak. */
  private static int onset(float[] x, int from, int to) {
    double peak = peak(x, from, to);
    assertThat(peak).as("sound near frame %d", (from + to) / 2).isGreaterThan(0.01);
    for (int i = Math.max(0, from); i < to; i++) {
      if (Math.abs(x[i]) >= peak / 10) {
        return i;
      }
    }
    return -1;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
    return out;
  }
}
