package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.attune.protocol.v1.ClockAnchor;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.GroupCreated;
import org.attune.protocol.v1.GroupEnded;
import org.attune.protocol.v1.JournalRecord;
import org.attune.protocol.v1.Member;
import org.attune.protocol.v1.MemberJoined;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.server.journal.DataDirectory;
import org.attune.server.journal.JournalFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code attune sessions} on a real data directory: the listing, an export that midicsv reads and
 * its re-render that sox reads and measures, and deletion, refused with a clear sentence where it
 * must be.
 */
class SessionsCommandTest {

  /** 2025-12-01 12:00 UTC in µs: the writing server's time 0. */
  private static final long ANCHOR = 1_764_590_400_000_000L;

  @TempDir Path root;

  private record Run(int exitCode, String out, String err) {}

  private Run attune(String... args) {
    CommandLine cli = new CommandLine(new AttuneCommand());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * A session's journal: Robin on marimba plays a C major scale, a note a beat at 120 BPM from
   * server time 1 s, each held for 0.4 s; the session ends if {@code ended}.
   */
  private void session(String id, String name, boolean ended) throws IOException {
    List<JournalRecord> records = new ArrayList<>();
    records.add(
        JournalRecord.newBuilder()
            .setServerMicros(1_000_000)
            .setClockAnchor(ClockAnchor.newBuilder().setEpochMicrosAtZero(ANCHOR))
            .build());
    records.add(
        JournalRecord.newBuilder()
            .setServerMicros(1_000_000)
            .setGroupCreated(
                GroupCreated.newBuilder()
                    .setGroupId(id)
                    .setName(name)
                    .setJoinCodeHash(ByteString.copyFrom(new byte[32]))
                    .setInitialBpm(120)
                    .setCreatedEpochMillis(ANCHOR / 1000 + 1000))
            .build());
    records.add(
        JournalRecord.newBuilder()
            .setServerMicros(1_000_000)
            .setMemberJoined(
                MemberJoined.newBuilder()
                    .setMember(
                        Member.newBuilder()
                            .setParticipantId("p1")
                            .setName("Robin")
                            .setInstrument("marimba")
                            .setRole(Role.PARTICIPANT)))
            .build());
    int[] scale = {60, 62, 64, 65, 67, 69, 71, 72};
    for (int k = 0; k < scale.length; k++) {
      long on = 1_000_000 + 500_000L * k;
      records.add(
          gesture(
              Gesture.newBuilder()
                  .setNoteOn(NoteOn.newBuilder().setPitch(scale[k]))
                  .setVelocity(0.8f)
                  .setPlayedAtServerMicros(on)
                  .build(),
              scale[k],
              k));
      records.add(
          gesture(
              Gesture.newBuilder()
                  .setNoteOff(NoteOff.newBuilder().setPitch(scale[k]))
                  .setPlayedAtServerMicros(on + 400_000)
                  .build(),
              scale[k],
              k + 0.8));
    }
    if (ended) {
      records.add(
          JournalRecord.newBuilder()
              .setServerMicros(5_500_000)
              .setGroupEnded(GroupEnded.newBuilder().setReason("facilitator"))
              .build());
    }
    Path journal = new DataDirectory(root).journal(id);
    Files.createDirectories(journal.getParent());
    for (JournalRecord r : records) {
      Files.write(
          journal,
          JournalFrames.encode(r).array(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
  }

  private static JournalRecord gesture(Gesture gesture, int pitch, double beat) {
    return JournalRecord.newBuilder()
        .setServerMicros(gesture.getPlayedAtServerMicros())
        .setGesture(
            GestureEvent.newBuilder()
                .setParticipantId("p1")
                .setGesture(gesture)
                .setServerReceiveMicros(gesture.getPlayedAtServerMicros())
                .setResolvedPitch(pitch)
                .setBeat(beat))
        .build();
  }

  @Test
  void listShowsEachSessionAndATornTail() throws IOException {
    session("g1", "Tuesday group", true);
    session("g2", "Telehealth", false);
    Path torn = new DataDirectory(root).journal("g2");
    byte[] whole = Files.readAllBytes(torn);
    Files.write(torn, java.util.Arrays.copyOf(whole, whole.length - 4));

    Run run = attune("sessions", "list", "--data-dir", root.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("g1 +Tuesday group +2025-12-01 12:00 +ended +1 +16 ")
        .containsPattern("g2 +Telehealth +2025-12-01 12:00 +not ended +1 +15 ")
        .contains("damaged tail:", "torn record");
  }

  @Test
  void exportWritesIntoTheSessionsDirectoryAndMidicsvReadsIt() throws Exception {
    session("g1", "Tuesday group", true);
    requireMidicsv();

    Run run = attune("sessions", "export", "g1", "--data-dir", root.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path midi = new DataDirectory(root).session("g1").resolve("export.mid");
    assertThat(run.out()).contains(midi.toString(), "2 tracks", "8 notes");
    String csv = midicsv(midi);
    assertThat(csv)
        .contains(
            "0, 0, Header, 1, 2, 480",
            "2, 0, Title_t, \"Robin\"",
            "2, 0, Program_c, 0, 12",
            "2, 0, Note_on_c, 0, 60, 102",
            "2, 3360, Note_on_c, 0, 72, 102",
            "2, 3744, Note_off_c, 0, 72, 0");
  }

  @Test
  void reportWritesThePageIntoTheSessionsDirectoryWithEachMembersFigures() throws Exception {
    session("g1", "Tuesday group", true);

    Run run = attune("sessions", "report", "g1", "--data-dir", root.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path page = new DataDirectory(root).session("g1").resolve("report.html");
    // Robin played a note on every beat, on the beat, at 120 BPM.
    assertThat(run.out())
        .contains(page.toString(), "1 member over", "Robin: 8 onsets", "asynchrony 0.0 ms")
        .contains("tempo 120.0 bpm");
    assertThat(Files.readString(page)).contains("<html", "Tuesday group", "Robin", "<svg");
  }

  @Test
  void aReportOfAnUnknownSessionIsRefusedAndWritesNothing() throws IOException {
    Run run = attune("sessions", "report", "nope", "--data-dir", root.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).startsWith("attune sessions report: ");
  }

  @Test
  void exportWithWavRendersTheSessionThroughTheEngine() throws Exception {
    session("g1", "Tuesday group", true);
    assumeTrue(sox("--version").startsWith("sox"), "sox is installed (.ci/run installs it)");
    Path wav = root.resolve("again.wav");
    Path midi = root.resolve("again.mid");

    Run run =
        attune(
            "sessions",
            "export",
            "g1",
            "--data-dir",
            root.toString(),
            "--midi",
            midi.toString(),
            "--wav",
            wav.toString(),
            "--soundfont",
            "builtin");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(midi).exists();
    assertThat(sox("--i", wav.toString())).contains("Channels       : 2", "Sample Rate    : 48000");
    // Eight notes a beat apart at 120 BPM: 3.9 s of them, then the renderer's 2 s tail.
    assertThat(number(sox("--i", "-D", wav.toString()), "([\\d.]+)")).isBetween(5.5, 6.5);
    assertThat(
            number(
                sox(wav.toString(), "-n", "trim", "0", "3.5", "stat"),
                "RMS     amplitude:\\s+([\\d.]+)"))
        .as("the notes are heard")
        .isGreaterThan(0.01);
  }

  @Test
  void deleteRemovesTheSessionWithItsExports() throws IOException {
    session("g1", "Tuesday group", true);
    session("g2", "Telehealth", true);
    assertThat(attune("sessions", "export", "g1", "--data-dir", root.toString()).exitCode())
        .isZero();

    Run run = attune("sessions", "delete", "g1", "--data-dir", root.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Deleted session g1 (Tuesday group)");
    try (Stream<Path> left = Files.walk(root)) {
      assertThat(left.map(Path::toString).filter(p -> p.contains("g1"))).isEmpty();
    }
    assertThat(new DataDirectory(root).journal("g2")).exists();
  }

  @Test
  void aSessionNotEndedIsKeptWithAClearSentenceUnlessForced() throws IOException {
    session("g1", "Tuesday group", false);
    Path journal = new DataDirectory(root).journal("g1");

    Run refused = attune("sessions", "delete", "g1", "--data-dir", root.toString());

    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.err()).contains("has not ended", "--force").doesNotContain("Exception");
    assertThat(journal).exists();
    assertThat(
            attune("sessions", "delete", "g1", "--force", "--data-dir", root.toString()).exitCode())
        .isZero();
    assertThat(journal.getParent()).doesNotExist();
  }

  @Test
  void anUnknownIdSaysHowToSeeTheIds() throws IOException {
    session("g1", "Tuesday group", true);

    for (String command : List.of("export", "delete")) {
      Run run = attune("sessions", command, "nope", "--data-dir", root.toString());
      assertThat(run.exitCode()).isNotZero();
      assertThat(run.err())
          .contains("No session \"nope\"", "attune sessions list")
          .doesNotContain("Exception", "\tat ");
    }
  }

  @Test
  void anExportIntoADirectoryThatDoesNotExistIsRefusedAndWritesNothing() throws IOException {
    session("g1", "Tuesday group", true);
    Path nowhere = root.resolve("no-such-dir").resolve("x.mid");

    Run run =
        attune(
            "sessions",
            "export",
            "g1",
            "--data-dir",
            root.toString(),
            "--midi",
            nowhere.toString());

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("x.mid: its directory does not exist").doesNotContain("\tat ");
    assertThat(nowhere.getParent()).doesNotExist();
    assertThat(new DataDirectory(root).session("g1").resolve("export.mid")).doesNotExist();
  }

  private static void requireMidicsv() {
    boolean installed;
    try {
      Process p = new ProcessBuilder("midicsv", "-u").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      installed = p.waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      installed = false;
    }
    if (!installed && "true".equals(System.getenv("CI"))) {
      fail("midicsv is not installed, and CI must run this test (.ci/run installs it)");
    }
    assumeTrue(installed, "midicsv is not installed (apt-get install midicsv; .ci/run does)");
  }

  private static String midicsv(Path midi) throws IOException, InterruptedException {
    return run("midicsv", midi.toString());
  }

  private static String sox(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sox"));
    command.addAll(List.of(args));
    try {
      return run(command.toArray(new String[0]));
    } catch (IOException e) {
      return "";
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s said:%n%s", command[0], out).isZero();
    return out;
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in:%n%s", regex, text).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
