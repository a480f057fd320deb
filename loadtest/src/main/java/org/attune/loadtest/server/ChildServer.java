package org.attune.loadtest.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code attune serve} jar, run as a child process with the groups the run needs, its
 * output going to a log file. The run knows the server's clock origin from the groups file it
 * writes.
 *
 * <p>Thread-safe: yes.
 */
public final class ChildServer extends ProbedServer {

  private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Process process;
  private final String description;

  private ChildServer(Process process, GroupsFile groups, String description) {
    super(groups, process.pid());
    this.process = process;
    this.description = description;
  }

  /**
   * Starts {@code java <jvmArgs> -jar <jar> serve} on 127.0.0.1, any free port, with {@code
   * groupCount} groups and {@code ioThreads} event loops (0 = the server's default), and waits for
   * its groups file.
   *
   * @param workDir where the groups file and the server's log go
   */
  public static ChildServer start(
      Path jar, List<String> jvmArgs, int groupCount, int ioThreads, Path workDir)
      throws IOException, InterruptedException {
    // Every simulated member connects from 127.0.0.1: the per-address cap would refuse most.
    return start(jar, jvmArgs, groupCount, ioThreads, workDir, 65536, 65536);
  }

  /**
   * As {@link #start(Path, List, int, int, Path)}, with the server's connection caps in all and per
   * address (the abuse phase runs the server with caps an attacker meets).
   */
  public static ChildServer start(
      Path jar,
      List<String> jvmArgs,
      int groupCount,
      int ioThreads,
      Path workDir,
      int maxConnections,
      int maxConnectionsPerAddress)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path groupsFile = workDir.resolve("groups.tsv");
    Files.deleteIfExists(groupsFile);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--http-port",
            "0",
            "--osc-port",
            "0",
            "--group-name",
            "load",
            "--groups",
            Integer.toString(groupCount),
            "--groups-file",
            groupsFile.toString(),
            "--io-threads",
            Integer.toString(ioThreads),
            "--max-connections",
            Integer.toString(maxConnections),
            "--max-connections-per-address",
            Integer.toString(maxConnectionsPerAddress),
            // A fresh data directory: the journal is part of the server's work, and no earlier
            // run's
            // groups come back.
            "--data-dir",
            Files.createTempDirectory(workDir, "data").toString(),
            // The relay is measured here; the render path has its own benchmark (render-bench).
            "--no-sound"));
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("server.log").toFile())
            .start();
    // If the load test is interrupted (Ctrl-C), the server it started goes with it.
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "stop-child-server"));
    long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
    while (!Files.exists(groupsFile)) {
      if (!process.isAlive()) {
        throw new IOException(
            "the server exited with "
                + process.exitValue()
                + "; see "
                + workDir.resolve("server.log"));
      }
      if (System.nanoTime() - deadline > 0) {
        process.destroyForcibly();
        throw new IOException("the server did not write its groups file within 60 s");
      }
      Thread.sleep(50);
    }
    return new ChildServer(process, GroupsFile.read(groupsFile), String.join(" ", command));
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
