package org.attune.audio.wav;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs sox, an independent reader of WAVE files, and picks numbers out of what it prints. */
final class Sox {

  private Sox() {}

  /** Whether {@code sox} is on PATH and runs. */
  static boolean installed() {
    try {
      return run("--version").contains("SoX");
    } catch (IOException e) {
      return false;
    }
  }

  /** Skips the calling test unless {@code sox} runs. */
  static void assumeInstalled() {
    assumeTrue(installed(), "sox is not on PATH");
  }

  /** What {@code sox --i file} prints. */
  static String info(Path file) throws IOException {
    return run("--i", file.toString());
  }

  /** What the {@code stat} effect prints for channel {@code channel} (1 = left) of the file. */
  static String stat(Path file, int channel) throws IOException {
    return run(file.toString(), "-n", "remix", Integer.toString(channel), "stat");
  }

  /** The number after {@code label} and a colon in sox's output, e.g. "RMS amplitude". */
  static double number(String output, String label) {
    Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*:\\s*(-?[0-9.]+)").matcher(output);
    if (!m.find()) {
      throw new AssertionError("no '" + label + "' in sox output:\n" + output);
    }
    return Double.parseDouble(m.group(1));
  }

  /** The text after {@code label} and a colon on its line of sox's output. */
  static String field(String output, String label) {
    Matcher m = Pattern.compile(Pattern.quote(label) + "\\s*:\\s*(.*)").matcher(output);
    if (!m.find()) {
      throw new AssertionError("no '" + label + "' in sox output:\n" + output);
    }
    return m.group(1).trim();
  }

  private static String run(String... arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add("sox");
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("sox " + String.join(" ", arguments) + " failed:\n" + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for sox", e);
    }
    return output;
  }
}
