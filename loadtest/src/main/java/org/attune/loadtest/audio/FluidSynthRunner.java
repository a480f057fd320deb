package org.attune.loadtest.audio;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs FluidSynth's fast render ({@code fluidsynth -ni -F out.wav ...}) as a whole process and
 * times it from start to exit: startup and SoundFont loading included, which {@link #loadNanos}
 * estimates apart by rendering an almost empty one-second file.
 *
 * <p>FluidSynth 2.3 has no setting for the interpolation; its shell command {@code interp} sets it,
 * and {@code -f} runs shell commands before the render, so linear interpolation is a command file
 * holding {@code interp 1}.
 *
 * <p>Thread-safe: yes (each call runs its own process).
 */
public final class FluidSynthRunner {

  private static final Pattern RENDERING = Pattern.compile("Rendering audio to file '([^']*)'");
  private static final Pattern PROBLEM = Pattern.compile("(?m)^fluidsynth: (?:error|panic): (.*)$");

  /** FluidSynth's interpolation orders, as its {@code interp} command numbers them. */
  public enum Interpolation {
    /** FluidSynth's default: 4th-order (cubic) interpolation. */
    FOURTH_ORDER(4),
    LINEAR(1);

    final int fluidNumber;

    Interpolation(int fluidNumber) {
      this.fluidNumber = fluidNumber;
    }
  }

  /** How FluidSynth is set up for a run. */
  public record Settings(Interpolation interpolation, int cpuCores, int polyphony) {
    public static final Settings DEFAULT = new Settings(Interpolation.FOURTH_ORDER, 1, 256);

    public Settings withInterpolation(Interpolation i) {
      return new Settings(i, cpuCores, polyphony);
    }

    public Settings withCpuCores(int cores) {
      return new Settings(interpolation, cores, polyphony);
    }

    public Settings withPolyphony(int voices) {
      return new Settings(interpolation, cpuCores, voices);
    }

    public String label() {
      return "FluidSynth "
          + (interpolation == Interpolation.LINEAR ? "linear" : "4th-order")
          + ", "
          + cpuCores
          + (cpuCores == 1 ? " core" : " cores");
    }
  }

  /**
   * One process run.
   *
   * @param wallNanos from start to exit
   * @param renderedTo the file FluidSynth said it rendered to, if it said
   * @param problems its error lines
   */
  public record Run(
      long wallNanos,
      int exitCode,
      Optional<String> renderedTo,
      List<String> problems,
      String output) {
    public boolean succeeded() {
      return exitCode == 0 && problems.isEmpty() && renderedTo.isPresent();
    }
  }

  private final String executable;
  private final Path workDirectory;

  /**
   * @param executable {@code fluidsynth}, or a path to it
   * @param workDirectory where command files and the load-time probe go
   */
  public FluidSynthRunner(String executable, Path workDirectory) {
    this.executable = executable;
    this.workDirectory = workDirectory;
  }

  /** Whether the executable runs here ({@code fluidsynth --version}). */
  public static boolean installed(String executable) {
    try {
      Process p = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The command line for one render. */
  List<String> command(Path soundFont, Path midi, Path wav, Settings settings) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                executable,
                "-ni",
                "-F",
                wav.toString(),
                "-r",
                "48000",
                "-R",
                "0",
                "-C",
                "0",
                "-g",
                "0.5",
                "-o",
                "synth.cpu-cores=" + settings.cpuCores(),
                "-o",
                "synth.polyphony=" + settings.polyphony()));
    if (settings.interpolation() != Interpolation.FOURTH_ORDER) {
      Files.createDirectories(workDirectory);
      Path commands =
          workDirectory.resolve("interp-" + settings.interpolation().fluidNumber + ".fluid");
      Files.writeString(commands, "interp " + settings.interpolation().fluidNumber + "\n");
      cmd.add("-f");
      cmd.add(commands.toString());
    }
    cmd.add(soundFont.toString());
    cmd.add(midi.toString());
    return cmd;
  }

  /** Renders {@code midi} with {@code soundFont} into {@code wav}, timing the whole process. */
  public Run render(Path soundFont, Path midi, Path wav, Settings settings) throws IOException {
    List<String> cmd = command(soundFont, midi, wav, settings);
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit;
    try {
      if (!p.waitFor(10, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("fluidsynth did not finish within 10 minutes: " + cmd);
      }
      exit = p.exitValue();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for fluidsynth", e);
    }
    long wall = System.nanoTime() - start;
    return parse(wall, exit, output);
  }

  /** Reads what FluidSynth printed. */
  static Run parse(long wallNanos, int exitCode, String output) {
    Matcher rendering = RENDERING.matcher(output);
    Optional<String> to = rendering.find() ? Optional.of(rendering.group(1)) : Optional.empty();
    List<String> problems = new ArrayList<>();
    Matcher problem = PROBLEM.matcher(output);
    while (problem.find()) {
      problems.add(problem.group(1).trim());
    }
    return new Run(wallNanos, exitCode, to, problems, output);
  }

  /**
   * Startup and SoundFont loading: the wall time of rendering a one-second file with a single short
   * note, best of {@code runs}.
   */
  public long loadNanos(Path soundFont, Settings settings, int runs) throws IOException {
    Path midi = workDirectory.resolve("one-second.mid");
    if (!Files.exists(midi)) {
      BenchmarkMidi.writeHeld(List.of(new HeldNote(0, 0, 60, 1)), 999, midi);
    }
    long best = Long.MAX_VALUE;
    for (int i = 0; i < runs; i++) {
      Run run = render(soundFont, midi, workDirectory.resolve("one-second.wav"), settings);
      if (!run.succeeded()) {
        throw new IOException("fluidsynth failed on the load probe: " + run.output());
      }
      best = Math.min(best, run.wallNanos());
    }
    return best;
  }
}
