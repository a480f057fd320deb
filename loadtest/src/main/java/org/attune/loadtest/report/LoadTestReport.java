package org.attune.loadtest.report;

import java.time.Instant;
import java.util.List;
import org.attune.loadtest.floor.FloorResult;
import org.attune.loadtest.run.LoadResult;

/**
 * Everything one invocation of the load test measured, for the result file and the report. A run
 * that was not asked for is null.
 *
 * @param started when the load test started (wall clock, for the record only)
 * @param command the command line that reproduces it
 * @param machine the machine it ran on, in words (cores, JVM, OS)
 * @param floor the floor run
 * @param loopback the load run over plain loopback
 * @param impaired the load run through the emulated telehealth link
 * @param idle the idle-members run
 */
public record LoadTestReport(
    Instant started,
    String command,
    String machine,
    FloorResult floor,
    LoadResult loopback,
    LoadResult impaired,
    LoadResult idle) {

  public List<TargetCheck> targets() {
    return Targets.check(this);
  }
}
