package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

  @TempDir Path dir;

  @Test
  void groupsFileListsEveryGroupWithTheClockOriginAndPort() throws Exception {
    Path file = dir.resolve("groups.tsv");
    long before = System.nanoTime();
    int exit =
        new CommandLine(new ServeCommand())
            .execute(
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--groups",
                "3",
                "--groups-file",
                file.toString(),
                "--duration",
                "0",
                "--data-dir",
                dir.resolve("data").toString());
    long after = System.nanoTime();

    assertThat(exit).isZero();
    List<String> lines = Files.readAllLines(file);
    long origin = Long.parseLong(field(lines, "origin_nanos")[1]);
    assertThat(origin - before).isNotNegative();
    assertThat(after - origin).isNotNegative();
    assertThat(Integer.parseInt(field(lines, "port")[1])).isPositive();
    assertThat(Long.parseLong(field(lines, "pid")[1])).isEqualTo(ProcessHandle.current().pid());
    List<String[]> groups =
        lines.stream().filter(l -> l.startsWith("group\t")).map(l -> l.split("\t")).toList();
    assertThat(groups).hasSize(3);
    assertThat(groups).extracting(g -> g[1]).containsExactly("demo-1", "demo-2", "demo-3");
    assertThat(groups)
        .allSatisfy(
            g -> {
              assertThat(g).hasSize(4);
              assertThat(g[2]).isNotBlank();
              assertThat(g[3]).isNotBlank();
            });
    assertThat(groups).extracting(g -> g[2]).doesNotHaveDuplicates();
  }

  @Test
  void theRoomsSpeakersPlayTheGroupOrTheServerSaysWhyNotAndServesOn() throws Exception {
    boolean device =
        javax.sound.sampled.AudioSystem.isLineSupported(
            new javax.sound.sampled.DataLine.Info(
                javax.sound.sampled.SourceDataLine.class,
                new javax.sound.sampled.AudioFormat(48_000, 16, 2, true, false)));
    String printed = serveAndPrint("--speakers");
    assertThat(printed)
        .contains(
            device
                ? "Speakers: playing group \"demo\""
                : "Speakers: This"
                    + " machine has no sound output that plays 48 kHz 16-bit stereo");
    assertThat(printed).contains("join code:");
    assertThat(serveAndPrint("--speakers", "no-such-device-xyz"))
        .contains("Speakers: No sound device named like \"no-such-device-xyz\"")
        .contains("join code:");
  }

  /** Runs serve for no time with {@code more} options and returns what it printed. */
  private String serveAndPrint(String... more) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.PrintStream was = System.out;
    System.setOut(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      List<String> args =
          new java.util.ArrayList<>(
              List.of(
                  "--host",
                  "127.0.0.1",
                  "--port",
                  "0",
                  "--http-port",
                  "0",
                  "--osc-port",
                  "-1",
                  "--duration",
                  "0",
                  "--no-journal",
                  "--soundfont",
                  "builtin"));
      args.addAll(List.of(more));
      assertThat(new CommandLine(new ServeCommand()).execute(args.toArray(String[]::new))).isZero();
    } finally {
      System.setOut(was);
    }
    return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void oneGroupKeepsItsName() throws Exception {
    Path file = dir.resolve("groups.tsv");
    int exit =
        new CommandLine(new ServeCommand())
            .execute(
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--join-code",
                "K7QHM-3ZPX2",
                "--facilitator-key",
                "Tuesday-Group-42x",
                "--groups-file",
                file.toString(),
                "--duration",
                "0",
                "--no-journal");
    assertThat(exit).isZero();
    assertThat(Files.readAllLines(file)).contains("group\tdemo\tK7QHM-3ZPX2\tTuesday-Group-42x");
  }

  @Test
  void aFourDigitFacilitatorKeyIsRefusedWithAClearErrorBeforeTheServerStarts() {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine line = new CommandLine(new ServeCommand());
    line.setErr(new java.io.PrintWriter(err));
    int exit =
        line.execute(
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--http-port",
            "0",
            "--osc-port",
            "-1",
            "--no-journal",
            "--facilitator-key",
            "4711",
            "--duration",
            "0");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--facilitator-key: a facilitator key needs 12 to 128 characters, not 4")
        .contains("--insecure-demo-secrets");
  }

  @Test
  void aShortOrMisreadableJoinCodeIsRefused() {
    for (String code : new String[] {"AB-CD", "DEMO1-DEMO2", "AAAA-AAAA"}) {
      java.io.StringWriter err = new java.io.StringWriter();
      CommandLine line = new CommandLine(new ServeCommand());
      line.setErr(new java.io.PrintWriter(err));
      int exit =
          line.execute(
              "--host",
              "127.0.0.1",
              "--port",
              "0",
              "--http-port",
              "0",
              "--osc-port",
              "-1",
              "--no-journal",
              "--duration",
              "0",
              "--join-code",
              code);
      assertThat(exit).as(code).isEqualTo(2);
      assertThat(err.toString()).as(code).contains("--join-code: a join code ");
    }
  }

  @Test
  void weakDemoSecretsServeOnlyWhenAskedForAndSayItLoudly() throws Exception {
    Path file = dir.resolve("groups.tsv");
    String out =
        serveAndPrint(
            "--insecure-demo-secrets",
            "--join-code",
            "DEMO-2345",
            "--facilitator-key",
            "1234",
            "--groups-file",
            file.toString());
    assertThat(out).contains("WARNING: INSECURE DEMO SECRETS");
    assertThat(Files.readAllLines(file)).contains("group\tdemo\tDEMO-2345\t1234");
  }

  private static String[] field(List<String> lines, String name) {
    return lines.stream()
        .filter(l -> l.startsWith(name + "\t"))
        .findFirst()
        .orElseThrow()
        .split("\t");
  }

  @Test
  void aMillionGroupsAreRefusedWithAClearErrorBeforeTheServerStarts() {
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine line = new CommandLine(new ServeCommand());
    line.setErr(new java.io.PrintWriter(err));
    long start = System.nanoTime();
    int exit =
        line.execute("--host", "127.0.0.1", "--port", "0", "--groups", "1000000", "--no-journal");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--groups must be from 1 to 10000, not 1000000");
    assertThat(System.nanoTime() - start)
        .isLessThan(java.util.concurrent.TimeUnit.SECONDS.toNanos(20));
  }
}
