package org.attune.loadtest.server;

import java.util.OptionalLong;

/**
 * A server under test measured from outside through its process: CPU and memory from {@code /proc}
 * and {@code jcmd} ({@link ProcessProbe}); subclasses say how it starts and stops.
 *
 * <p>Thread-safe: yes.
 */
abstract class ProbedServer implements ServerUnderTest {

  private final GroupsFile groups;
  private final ProcessProbe probe;

  ProbedServer(GroupsFile groups, long pid) {
    this.groups = groups;
    this.probe = new ProcessProbe(pid);
  }

  final ProcessProbe probe() {
    return probe;
  }

  @Override
  public final GroupsFile groups() {
    return groups;
  }

  @Override
  public final long cpuNanos() {
    return probe.cpuNanos();
  }

  @Override
  public final long systemCpuNanos() {
    return probe.systemCpuNanos();
  }

  @Override
  public OptionalLong heapAfterGcBytes() {
    return probe.heapAfterGcBytes();
  }

  @Override
  public final OptionalLong residentBytes() {
    return probe.residentBytes();
  }
}
