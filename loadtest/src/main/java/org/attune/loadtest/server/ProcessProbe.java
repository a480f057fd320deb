package org.attune.loadtest.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another process's CPU time and memory from outside: {@code /proc/<pid>/stat} and {@code
 * /proc/<pid>/status}, and the heap after a full collection through {@code jcmd <pid> GC.run} and
 * {@code GC.heap_info}.
 *
 * <p>Thread-safe: yes (stateless but for the pid).
 */
public final class ProcessProbe {

  /** Clock ticks per second of {@code /proc/<pid>/stat} times; 100 on Linux. */
  static final long CLOCK_TICKS_PER_SECOND = 100;

  private static final Pattern HEAP_USED =
      Pattern.compile("(?m)^\\s*\\S.*? heap\\s+total (\\d+)K, used (\\d+)K");

  private final long pid;

  public ProcessProbe(long pid) {
    this.pid = pid;
  }

  public long pid() {
    return pid;
  }

  /** User plus system CPU time, in nanoseconds; -1 if the process is gone. */
  public long cpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return parseCpuTicks(stat) * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    } catch (IOException e) {
      return -1;
    }
  }

  /** System (kernel) CPU time alone, in nanoseconds; -1 if the process is gone. */
  public long systemCpuNanos() {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return statFields(stat)[12] * (1_000_000_000L / CLOCK_TICKS_PER_SECOND);
    } catch (IOException e) {
      return -1;
    }
  }

  /** Ticks of utime + stime in a {@code /proc/<pid>/stat} line (fields 14 and 15). */
  static long parseCpuTicks(String stat) {
    long[] f = statFields(stat);
    return f[11] + f[12];
  }

  /** The numeric fields after the command name: index 11 is utime, 12 stime. */
  private static long[] statFields(String stat) {
    // The command name (field 2) may hold spaces; fields are counted after its closing paren.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long[] n = new long[13];
    for (int i = 1; i < n.length; i++) {
      n[i] = Long.parseLong(f[i]);
    }
    return n;
  }

  /** VmRSS of the process, in bytes. */
  public OptionalLong residentBytes() {
    try {
      for (String line :
          Files.readAllLines(
              Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
        }
      }
    } catch (IOException e) {
      // gone
    }
    return OptionalLong.empty();
  }

  /** Runs a full collection in the process and reads its heap use after it, in bytes. */
  public OptionalLong heapAfterGcBytes() {
    try {
      jcmd("GC.run");
      return parseHeapUsed(jcmd("GC.heap_info"));
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /** The used heap of a {@code GC.heap_info} answer (e.g. G1's "garbage-first heap total ..."). */
  static OptionalLong parseHeapUsed(String heapInfo) {
    Matcher m = HEAP_USED.matcher(heapInfo);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(2)) * 1024) : OptionalLong.empty();
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(
                Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + command + " did not finish");
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
