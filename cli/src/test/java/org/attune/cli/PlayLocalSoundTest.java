package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.SourceDataLine;
import org.attune.audio.SampleClock;
import org.attune.audio.mix.MasterBus;
import org.attune.client.AttuneClient;
import org.attune.client.ClockSync;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.NoteOff;
import org.attune.protocol.v1.NoteOn;
import org.attune.protocol.v1.Role;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code attune play --sound local}: another member's note, played on a real server over 127.0.0.1,
 * is rendered by the command into a WAV file that sox opens, at the server time it was played plus
 * the render delay.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlayLocalSoundTest {

  @TempDir Path dir;
  private AttuneServer server;
  private Group group;
  private AttuneClient ana;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("local sound");
    ana = AttuneClient.connect("127.0.0.1", server.tcpPort());
    ana.join(group.joinCode(), "Ana", "organ", Role.PARTICIPANT, null).get(10, TimeUnit.SECONDS);
    ana.awaitClockSync(ClockSync.MIN_SYNC_SAMPLES).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    ana.close();
    server.close();
  }

  /** Runs {@code attune play} on a thread of its own, its keys from {@code keys}. */
  private CompletableFuture<Integer> play(InputStream keys, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("--port", Integer.toString(server.tcpPort()), "--code", group.joinCode()));
    args.addAll(List.of(options));
    CommandLine line = new CommandLine(new PlayCommand(() -> keys));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return CompletableFuture.supplyAsync(() -> line.execute(args.toArray(String[]::new)));
  }

  private void awaitOut(String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!out.toString().contains(text)) {
      assertThat(System.nanoTime() - deadline)
          .as("\"%s\" printed; out: %s; err: %s", text, out, err)
          .isNegative();
      Thread.sleep(20);
    }
  }

  @Test
  void anotherMembersNoteIsInTheWavAtItsServerTimePlusTheDelay() throws Exception {
    assumeTrue(sox("--version").exitCode == 0, "sox is installed (.ci/run installs it)");
    Path wav = dir.resolve("heard.wav");
    PipedOutputStream keys = new PipedOutputStream();
    CompletableFuture<Integer> status =
        play(
            new PipedInputStream(keys),
            "--name",
            "Remote",
            "--sound",
            "local",
            "--sound-out",
            wav.toString(),
            "--soundfont",
            "builtin",
            "--render-delay-ms",
            "50");
    awaitOut("Hearing the group here");
    Thread.sleep(200); // the renderer's first blocks: it hears Ana from the roster

    long at = ana.clockSync().nowServerMicros() + 300_000;
    ana.sendGesture(
        Gesture.newBuilder()
            .setNoteOn(NoteOn.newBuilder().setPitch(69))
            .setVelocity(0.8f)
            .setPlayedAtServerMicros(at)
            .build());
    ana.sendGesture(
        Gesture.newBuilder()
            .setNoteOff(NoteOff.newBuilder().setPitch(69))
            .setPlayedAtServerMicros(at + 300_000)
            .build());
    Thread.sleep(1_200);
    keys.write('x');
    keys.close();

    assertThat(status.get(20, TimeUnit.SECONDS)).as(err.toString()).isZero();
    awaitOut("Rendered the group to " + wav);
    Matcher first = Pattern.compile("heard at server time (\\d+) µs").matcher(out.toString());
    assertThat(first.find()).as(out.toString()).isTrue();
    long firstFrame = SampleClock.frameAt(Long.parseLong(first.group(1)));

    Sox info = sox("--i", wav.toString());
    assertThat(info.output).contains("Channels       : 2", "Sample Rate    : 48000");
    long noteFrame =
        SampleClock.frameAt(at + 50_000) + new MasterBus().latencyFrames() - firstFrame;
    double noteSeconds = noteFrame / (double) SampleClock.SAMPLE_RATE;
    // 2 ms either side of the frame: the file is the bus's output, sample for sample.
    assertThat(rms(wav, noteSeconds - 0.030, 0.028)).as("silence before the note").isLessThan(1e-3);
    assertThat(rms(wav, noteSeconds + 0.002, 0.050)).as("the note").isGreaterThan(0.01);
  }

  @Test
  void withoutASoundDeviceItSaysSoAndPlaysOn() throws Exception {
    AudioFormat format = new AudioFormat(SampleClock.SAMPLE_RATE, 16, 2, true, false);
    assumeFalse(
        AudioSystem.isLineSupported(new DataLine.Info(SourceDataLine.class, format)),
        "this machine has a sound device");
    PipedOutputStream keys = new PipedOutputStream();
    CompletableFuture<Integer> status =
        play(new PipedInputStream(keys), "--sound", "local", "--soundfont", "builtin");
    awaitOut("Joined as player");
    keys.write('1');
    keys.write('x');
    keys.close();

    assertThat(status.get(20, TimeUnit.SECONDS)).isZero();
    assertThat(err.toString())
        .contains("No local sound: This machine has no sound output", "--sound-out FILE.wav")
        .contains("Playing on without it.");
    assertThat(out.toString()).doesNotContain("Hearing the group here");
  }

  @Test
  void anUnreadableSoundFontIsRefusedWithItsName() throws Exception {
    Path bad = dir.resolve("broken.sf2");
    java.nio.file.Files.writeString(bad, "not a SoundFont");
    CompletableFuture<Integer> status =
        play(
            InputStream.nullInputStream(),
            "--sound-out",
            dir.resolve("x.wav").toString(),
            "--soundfont",
            bad.toString());
    assertThat(status.get(20, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(err.toString()).contains("cannot play the group here", "broken.sf2");
  }

  private static double rms(Path wav, double fromSeconds, double seconds) throws Exception {
    String stat =
        sox(
                wav.toString(),
                "-n",
                "trim",
                String.format(Locale.ROOT, "%.4f", fromSeconds),
                String.format(Locale.ROOT, "%.4f", seconds),
                "stat")
            .output;
    Matcher m = Pattern.compile("RMS     amplitude:\\s+([\\d.]+)").matcher(stat);
    assertThat(m.find()).as(stat).isTrue();
    return Double.parseDouble(m.group(1));
  }

  private record Sox(int exitCode, String output) {}

  private static Sox sox(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sox"));
    command.addAll(List.of(args));
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      return new Sox(-1, e.getMessage());
    }
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new Sox(p.exitValue(), text);
  }
}
