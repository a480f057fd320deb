package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.attune.audio.ogg.OggOpusReader;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.clock.TempoMap;
import org.attune.protocol.v1.Accepted;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.MixerCommand;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.RecordCommand;
import org.attune.protocol.v1.RecordFormat;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetStrip;
import org.attune.protocol.v1.SetTempo;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.Welcome;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.JournalContents;
import org.attune.server.journal.JournalReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attune serve} in a child process, killed with SIGKILL in the middle of a session and
 * started again on the same data directory: the group, its codes, tempo (the beat going on), form
 * and mix come back, its members resume with their tokens, and every gesture the server accepted
 * before the kill is in the journal.
 */
class ServerKilledMidSessionTest {

  private static final String CODE = "KXQDT-ESTSW";
  private static final String KEY = "facilitator-key-of-the-test";
  private static final int PLAYERS = 3;
  private static final int GESTURES_EACH = 40;

  @TempDir Path dir;
  private final List<Process> servers = new ArrayList<>();
  private final List<AttuneClient> clients = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    clients.forEach(AttuneClient::close);
    for (Process p : servers) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKilledServerStartedAgainBringsTheSessionBack() throws Exception {
    ChildServer first = serve("first");
    AttuneClient facilitator = client(first);
    AtomicInteger heard = new AtomicInteger();
    facilitator.addListener(
        new ClientListener() {
          @Override
          public void onGesture(GestureEvent gesture) {
            heard.incrementAndGet();
          }
        });
    String facilitatorToken =
        facilitator
            .join(CODE, "Therapist", "console", Role.FACILITATOR, KEY)
            .get(10, TimeUnit.SECONDS)
            .getSessionToken();
    List<Welcome> players = new ArrayList<>();
    List<AttuneClient> playerClients = new ArrayList<>();
    for (int i = 0; i < PLAYERS; i++) {
      AttuneClient c = client(first);
      players.add(
          c.join(CODE, "P" + i, "tablet", Role.PARTICIPANT, null).get(10, TimeUnit.SECONDS));
      playerClients.add(c);
    }
    facilitator
        .record(
            RecordCommand.newBuilder()
                .setStart(true)
                .setFormat(RecordFormat.OGG_OPUS)
                .setStems(true)
                .build())
        .get(10, TimeUnit.SECONDS);
    long recordingSince = System.nanoTime();
    Accepted tempo =
        facilitator
            .command(
                FacilitatorCommand.newBuilder()
                    .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BEAT))
                    .setTempo(SetTempo.newBuilder().setBpm(100))
                    .build())
            .get(10, TimeUnit.SECONDS);
    facilitator
        .command(
            FacilitatorCommand.newBuilder()
                .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                .setSection(SetSection.newBuilder().setName("Chorus"))
                .build())
        .get(10, TimeUnit.SECONDS);
    String softened = players.get(0).getParticipantId();
    facilitator
        .mix(
            MixerCommand.newBuilder()
                .setStrip(
                    SetStrip.newBuilder()
                        .setParticipantId(softened)
                        .setGainDb(-6)
                        .setInstrument("marimba"))
                .build())
        .get(10, TimeUnit.SECONDS);
    for (int n = 0; n < GESTURES_EACH; n++) {
      for (AttuneClient c : playerClients) {
        c.sendGesture(
            org.attune.protocol.v1.Gesture.newBuilder()
                .setVelocity(0.7f)
                .setPad(Pad.newBuilder().setDegree(1 + n % 7))
                .build());
      }
      Thread.sleep(5);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (heard.get() < PLAYERS * GESTURES_EACH && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(heard.get()).as("gestures relayed, so accepted").isEqualTo(PLAYERS * GESTURES_EACH);
    // Past the tempo change, and past a journal sync (every 100 ms).
    Thread.sleep(1_000);

    double recordedSeconds = (System.nanoTime() - recordingSince) / 1e9;
    first.process.destroyForcibly();
    assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(first.process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    clients.forEach(AttuneClient::close);
    clients.clear();

    Path journal =
        Files.list(new DataDirectory(dir.resolve("data")).sessions())
            .map(p -> p.resolve("journal"))
            .findFirst()
            .orElseThrow();
    JournalContents contents = JournalReader.read(journal);
    assertThat(contents.records().stream().filter(JournalRecord::hasGesture).count())
        .as("every accepted gesture is in the journal")
        .isEqualTo(PLAYERS * GESTURES_EACH);

    // The recording was never stopped: its Ogg Opus files (the master and a stem per member) open,
    // up to their last page, a second at most before the kill. (WavWriterTest covers a WAV file
    // left open.)
    List<Path> recorded;
    try (var files = Files.walk(journal.getParent().resolve("recordings"))) {
      recorded = files.filter(p -> p.toString().endsWith(".opus")).sorted().toList();
    }
    Path master =
        recorded.stream()
            .filter(p -> !p.getFileName().toString().matches(".*-m[0-9]+\\.opus"))
            .findFirst()
            .orElseThrow();
    assertThat(recorded)
        .as("the master and a stem for the facilitator and each player")
        .hasSize(1 + 1 + PLAYERS);
    Process opusinfo =
        new ProcessBuilder("opusinfo", master.toString()).redirectErrorStream(true).start();
    String info = new String(opusinfo.getInputStream().readAllBytes());
    assertThat(opusinfo.waitFor(30, TimeUnit.SECONDS)).isTrue();
    // opusinfo exits 1 over the missing end-of-stream flag, and reads the stream all the same.
    assertThat(info)
        .as("after %.2f s of recording", recordedSeconds)
        .contains("EOS not set")
        .contains("Playback length")
        .doesNotContain("ERROR");
    OggOpusReader.Contents opus = OggOpusReader.read(master);
    double seconds = opus.frames() / 48_000.0;
    assertThat(seconds)
        .as("seconds in the recording")
        .isBetween(recordedSeconds - 1.5, recordedSeconds);
    assertThat(opus.decode().length / 2).isEqualTo((int) opus.frames());
    for (Path stem : recorded) {
      assertThat(OggOpusReader.read(stem).frames() / 48_000.0)
          .as("seconds in %s", stem.getFileName())
          .isBetween(seconds - 1.0, seconds + 1.0);
    }

    ChildServer second = serve("second");
    assertThat(Files.readString(second.log)).contains("brought back from the journal");
    AttuneClient facilitatorAgain = client(second);
    List<MixerState> mixes = new ArrayList<>();
    facilitatorAgain.addListener(
        new ClientListener() {
          @Override
          public void onMixerState(MixerState state) {
            synchronized (mixes) {
              mixes.add(state);
            }
          }
        });
    Welcome back = facilitatorAgain.resume(facilitatorToken).get(10, TimeUnit.SECONDS);
    long nanosAtSnapshot = second.originNanos + back.getSnapshot().getServerNowMicros() * 1_000;
    Snapshot snapshot = back.getSnapshot();
    assertThat(back.getRole()).isEqualTo(Role.FACILITATOR);
    assertThat(snapshot.getForm().getSection()).isEqualTo("Chorus");
    TempoMap map = TempoMap.fromProto(snapshot.getTempoMap());
    assertThat(map.bpmAt(snapshot.getServerNowMicros())).isEqualTo(100.0);
    // The beat went on through the kill and the restart as if the server had kept running. Both
    // servers' clocks count from System.nanoTime origins, the same clock on this machine.
    long nanosAtTempo = first.originNanos + tempo.getEffectiveServerMicros() * 1_000;
    double expected = tempo.getEffectiveBeat() + (nanosAtSnapshot - nanosAtTempo) / 1e9 * 100 / 60;
    assertThat(map.beatAt(snapshot.getServerNowMicros())).isCloseTo(expected, within(0.1));
    assertThat(snapshot.getRoster().getMembersCount()).isEqualTo(PLAYERS + 1);

    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      synchronized (mixes) {
        if (!mixes.isEmpty()) {
          break;
        }
      }
      Thread.sleep(10);
    }
    synchronized (mixes) {
      assertThat(mixes).isNotEmpty();
      assertThat(mixes.get(0).getStripsList())
          .filteredOn(s -> s.getParticipantId().equals(softened))
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.getGainDb()).isEqualTo(-6f);
                assertThat(s.getInstrument()).isEqualToIgnoringCase("marimba");
              });
    }
    for (Welcome player : players) {
      assertThat(
              client(second)
                  .resume(player.getSessionToken())
                  .get(10, TimeUnit.SECONDS)
                  .getParticipantId())
          .isEqualTo(player.getParticipantId());
    }
    assertThat(
            client(second)
                .join(CODE, "Late", "tablet", Role.PARTICIPANT, null)
                .get(10, TimeUnit.SECONDS)
                .getParticipantId())
        .isEqualTo("m" + (PLAYERS + 2));
  }

  private AttuneClient client(ChildServer server) throws IOException {
    AttuneClient c = AttuneClient.connect("127.0.0.1", server.port);
    clients.add(c);
    return c;
  }

  private record ChildServer(Process process, int port, long originNanos, Path log) {}

  /** Starts {@code attune serve} in a new JVM on the test's data directory. */
  private ChildServer serve(String name) throws IOException, InterruptedException {
    Path groups = dir.resolve(name + ".groups");
    Path log = dir.resolve(name + ".log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:+ExitOnOutOfMemoryError",
            "-cp",
            System.getProperty("java.class.path"),
            AttuneCommand.class.getName(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--http-port",
            "0",
            "--osc-port",
            "-1",
            "--warm-up-ms",
            "0",
            "--soundfont",
            "builtin",
            "--render-threads",
            "1",
            "--data-dir",
            dir.resolve("data").toString(),
            "--join-code",
            CODE,
            "--facilitator-key",
            KEY,
            "--groups-file",
            groups.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    servers.add(process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(groups)) {
      assertThat(process.isAlive()).as("server running; its log: %s", log).isTrue();
      assertThat(System.nanoTime() - deadline).as("server started within 60 s").isNegative();
      Thread.sleep(20);
    }
    long origin = 0;
    int port = 0;
    for (String line : Files.readAllLines(groups)) {
      String[] f = line.split("\t");
      if (f[0].equals("origin_nanos")) {
        origin = Long.parseLong(f[1]);
      } else if (f[0].equals("port")) {
        port = Integer.parseInt(f[1]);
      }
    }
    // The banner is printed right after the groups file is written.
    Thread.sleep(200);
    return new ChildServer(process, port, origin, log);
  }
}
