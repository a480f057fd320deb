package org.attune.loadtest.server;

import java.util.OptionalLong;

/**
 * The Attune server a run measures: where it listens, its groups and clock origin, and what it
 * costs in CPU and memory.
 *
 * <p>Thread-safe: yes.
 */
public interface ServerUnderTest extends AutoCloseable {

  /** The groups, port and clock origin. */
  GroupsFile groups();

  /** CPU time the server process has used so far (user + system), in nanoseconds. */
  long cpuNanos();

  /** The part of {@link #cpuNanos} spent in the kernel (system time), in nanoseconds. */
  long systemCpuNanos();

  /** Heap in use right after a full collection, in bytes, if it can be measured. */
  OptionalLong heapAfterGcBytes();

  /** Resident set size of the server process, in bytes, if known. */
  OptionalLong residentBytes();

  /** A short description for the report (e.g. the command line). */
  String description();

  /** Stops the server if this run started it; leaves a server it was given alone. */
  @Override
  void close();
}
