package org.attune.loadtest.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.attune.loadtest.floor.FloorResult;
import org.attune.loadtest.measure.Percentiles;
import org.attune.loadtest.run.LoadResult;
import org.attune.loadtest.run.TimelineRow;
import org.attune.loadtest.run.Workload;

/**
 * The machine-readable result file: every figure of the report, latencies in microseconds, memory
 * in bytes, CPU in cores; snake_case keys.
 *
 * <p>Thread-safe: yes (stateless).
 */
public final class ResultJson {

  /** Percentiles of the CDF points kept in the file, for plotting again elsewhere. */
  static final double[] CDF_PERCENTILES = {
    0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999, 100
  };

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultJson() {}

  public static void write(LoadTestReport report, Path file) throws IOException {
    MAPPER.writeValue(file.toFile(), toJson(report));
  }

  static ObjectNode toJson(LoadTestReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("started", report.started().toString());
    root.put("command", report.command());
    root.put("machine", report.machine());
    if (report.floor() != null) {
      root.set("floor", floor(report.floor()));
    }
    ObjectNode runs = root.putObject("runs");
    Percentiles floor = report.floor() == null ? null : report.floor().latency();
    if (report.loopback() != null) {
      runs.set("loopback", run(report.loopback(), floor));
    }
    if (report.impaired() != null) {
      runs.set("impaired", run(report.impaired(), floor));
    }
    if (report.idle() != null) {
      runs.set("idle", run(report.idle(), null));
    }
    ArrayNode targets = root.putArray("targets");
    for (TargetCheck t : report.targets()) {
      ObjectNode n = targets.addObject();
      n.put("name", t.name());
      n.put("target", t.target());
      n.put("measured", t.measured());
      if (t.met() == null) {
        n.putNull("met");
      } else {
        n.put("met", t.met());
      }
    }
    return root;
  }

  private static ObjectNode floor(FloorResult f) {
    ObjectNode n = MAPPER.createObjectNode();
    n.set("latency_us", percentiles(f.latency()));
    n.set("latency_cdf_us", cdf(f.latencyNanos()));
    n.put("sent", f.sent());
    n.put("expected", f.expected());
    n.put("received", f.received());
    n.put("lost", f.lost());
    n.put("send_failures", f.sendFailures());
    n.put("relay_dropped", f.relayDropped());
    n.put("relay_cpu_cores", f.relayCores());
    n.put("load_generator_cpu_cores", f.loadGeneratorCores());
    return n;
  }

  private static ObjectNode run(LoadResult r, Percentiles floor) {
    ObjectNode n = MAPPER.createObjectNode();
    n.set("workload", workload(r.workload()));
    n.put("server", r.server());
    n.set("fan_out_us", percentiles(r.fanOut()));
    if (floor != null && r.fanOut().count() > 0) {
      n.set("fan_out_ratio_to_floor", percentiles(r.fanOut().ratioTo(floor)));
    }
    n.set("fan_out_cdf_us", cdf(r.fanOutNanos()));
    n.set("clock_sync_error_us", percentiles(r.syncError()));
    n.set("clock_sync_error_without_drift_us", percentiles(r.syncErrorWithoutDrift()));
    n.set("firing_spread_us", percentiles(r.spread()));
    n.set("firing_error_us", percentiles(r.firingError()));
    LoadResult.Delivery d = r.delivery();
    ObjectNode delivery = n.putObject("delivery");
    delivery.put("sent", d.sent());
    delivery.put("expected", d.expected());
    delivery.put("received", d.received());
    delivery.put("lost", d.lost());
    delivery.put("members_with_loss", d.membersWithLoss());
    delivery.put("send_failures", d.sendFailures());
    delivery.put("server_errors", d.serverErrors());
    delivery.put("lag_snapshots", d.lagSnapshots());
    delivery.put("connections_lost", d.connectionsLost());
    delivery.put("clock_samples", d.clockSamples());
    LoadResult.Changes c = r.changes();
    ObjectNode changes = n.putObject("structure_changes");
    changes.put("changes", c.changes());
    changes.put("firings", c.firings());
    changes.put("expected_firings", c.expectedFirings());
    changes.put("missed_firings", c.missedFirings());
    changes.put("firings_refused", c.firingsRefused());
    LoadResult.Resources res = r.resources();
    ObjectNode resources = n.putObject("server_resources");
    resources.put("server_cpu_cores", res.serverCores());
    resources.put("server_kernel_share", res.serverKernelShare());
    resources.put("load_generator_cpu_cores", res.loadGeneratorCores());
    resources.put("heap_after_gc_baseline_bytes", res.heapBaselineBytes());
    resources.put("heap_after_gc_with_members_bytes", res.heapWithMembersBytes());
    resources.put("heap_per_member_bytes", res.heapPerMemberBytes());
    resources.put("resident_bytes", res.residentBytes());
    resources.put("join_seconds", res.joinSeconds());
    if (!r.relay().isEmpty()) {
      ObjectNode relay = n.putObject("relay");
      for (Map.Entry<String, Long> e : r.relay().entrySet()) {
        relay.put(e.getKey(), e.getValue());
      }
    }
    ArrayNode timeline = n.putArray("timeline");
    for (TimelineRow row : r.timeline()) {
      ObjectNode t = timeline.addObject();
      t.put("second", row.second());
      t.put("measured", row.measured());
      t.put("sent_per_second", row.sentPerSecond());
      t.put("received_per_second", row.receivedPerSecond());
      t.put("fan_out_p99_us", row.fanOutP99Micros());
      t.put("server_cpu_cores", row.serverCores());
    }
    return n;
  }

  private static ObjectNode workload(Workload w) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("name", w.name());
    n.put("members", w.members());
    n.put("groups", w.groups());
    n.put("group_size", w.groupSize());
    n.put("gestures_per_second_each", w.gesturesPerSecond());
    n.put("warmup_seconds", w.warmup().toMillis() / 1000.0);
    n.put("duration_seconds", w.duration().toMillis() / 1000.0);
    n.put("change_interval_seconds", w.changeInterval().toMillis() / 1000.0);
    n.put("ping_interval_ms", w.pingInterval().toMillis());
    n.put("tcp_ping_interval_ms", w.tcpPingInterval().toMillis());
    n.put("udp_pings", w.udpPings());
    n.put("client_threads", w.clientThreads());
    if (w.impairment() != null) {
      ObjectNode i = n.putObject("impairment");
      i.put("mean_delay_ms", w.impairment().meanDelay().toNanos() / 1e6);
      i.put("jitter_ms", w.impairment().jitter().toNanos() / 1e6);
      i.put("datagram_loss", w.impairment().datagramLoss());
      i.put("seed", w.impairment().seed());
    }
    return n;
  }

  private static ObjectNode percentiles(Percentiles p) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("count", p.count());
    n.put("p50", p.p50());
    n.put("p90", p.p90());
    n.put("p99", p.p99());
    n.put("p99_9", p.p999());
    n.put("max", p.max());
    n.put("mean", p.mean());
    return n;
  }

  private static ArrayNode cdf(Histogram nanos) {
    ArrayNode points = MAPPER.createArrayNode();
    if (nanos.getTotalCount() == 0) {
      return points;
    }
    for (double p : CDF_PERCENTILES) {
      ArrayNode point = points.addArray();
      point.add(p);
      point.add(nanos.getValueAtPercentile(p) / 1_000.0);
    }
    return points;
  }
}
