package org.attune.loadtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.attune.loadtest.floor.FloorResult;
import org.attune.loadtest.impair.LinkImpairment;
import org.attune.loadtest.measure.Percentiles;
import org.attune.loadtest.run.LoadResult;
import org.attune.loadtest.run.TimelineRow;
import org.attune.loadtest.run.Workload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWritingTest {

  @TempDir Path dir;

  /** 1..1000 µs, one of each. */
  private static Histogram uniformMicros() {
    Histogram h = new Histogram(3);
    for (int us = 1; us <= 1_000; us++) {
      h.recordValue(us * 1_000L);
    }
    return h;
  }

  @Test
  void percentilesAreInMicrosecondsWithinTheHistogramsPrecision() {
    Percentiles p = Percentiles.ofNanos(uniformMicros());
    assertThat(p.count()).isEqualTo(1_000);
    assertThat(p.p50()).isCloseTo(500, org.assertj.core.data.Offset.offset(1.0));
    assertThat(p.p99()).isCloseTo(990, org.assertj.core.data.Offset.offset(1.0));
    assertThat(p.p999()).isCloseTo(999, org.assertj.core.data.Offset.offset(1.0));
    assertThat(p.max()).isCloseTo(1_000, org.assertj.core.data.Offset.offset(1.0));
    assertThat(p.mean()).isCloseTo(500.5, org.assertj.core.data.Offset.offset(1.0));
  }

  @Test
  void anEmptyHistogramGivesZeros() {
    assertThat(Percentiles.ofNanos(new Histogram(3))).isEqualTo(Percentiles.EMPTY);
  }

  @Test
  void ratiosDivideFigureByFigure() {
    Percentiles a = new Percentiles(10, 2, 4, 6, 8, 10, 3);
    Percentiles floor = new Percentiles(10, 1, 2, 3, 4, 5, 0);
    Percentiles r = a.ratioTo(floor);
    assertThat(r.p50()).isEqualTo(2);
    assertThat(r.p999()).isEqualTo(2);
    assertThat(r.mean()).isNaN();
  }

  @Test
  void resultFileParsesAndCarriesEveryFigure() throws Exception {
    LoadTestReport report = sampleReport();
    ResultJson.write(report, dir.resolve("result.json"));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());

    JsonNode loop = json.at("/runs/loopback");
    assertThat(loop.at("/workload/members").asInt()).isEqualTo(16);
    assertThat(loop.at("/fan_out_us/p99").asDouble()).isCloseTo(990, within(1));
    assertThat(loop.at("/fan_out_ratio_to_floor/p50").asDouble()).isCloseTo(5, within(0.1));
    assertThat(loop.at("/delivery/lost").asLong()).isZero();
    assertThat(loop.at("/structure_changes/missed_firings").asLong()).isZero();
    assertThat(loop.at("/server_resources/heap_per_member_bytes").asLong()).isEqualTo(1_000);
    assertThat(loop.at("/timeline")).hasSize(2);
    assertThat(loop.at("/fan_out_cdf_us")).hasSize(ResultJson.CDF_PERCENTILES.length);
    assertThat(json.at("/runs/impaired/workload/impairment/mean_delay_ms").asDouble())
        .isEqualTo(20);
    assertThat(json.at("/runs/impaired/relay/datagrams_lost").asLong()).isEqualTo(3);
    assertThat(json.at("/floor/latency_us/p50").asDouble()).isCloseTo(100, within(1));
    assertThat(json.get("targets")).isNotEmpty();
    for (JsonNode t : json.get("targets")) {
      assertThat(t.get("name").asText()).isNotBlank();
      assertThat(t.has("met")).isTrue();
    }
  }

  @Test
  void targetsSayWhichBoundsAreMet() {
    List<TargetCheck> checks = sampleReport().targets();
    assertThat(checks)
        .filteredOn(c -> c.name().startsWith("fan-out p99 ("))
        .singleElement()
        .extracting(TargetCheck::met)
        .isEqualTo(true);
    assertThat(checks)
        .filteredOn(c -> c.name().startsWith("clock-sync error p99, loopback"))
        .singleElement()
        .extracting(TargetCheck::met)
        .isEqualTo(false);
  }

  @Test
  void reportAndPlotsAreWritten() throws Exception {
    LoadTestReport report = sampleReport();
    Map<String, String> charts = Charts.write(report, dir);
    MarkdownReport.write(report, charts, dir.resolve("report.md"));
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md).contains("## Targets", "| loopback ÷ floor |", "latency-cdf.svg", "impaired");
    assertThat(charts).containsValue("latency-cdf.svg").containsValue("throughput-loopback.svg");
    for (String file : charts.values()) {
      String svg = Files.readString(dir.resolve(file));
      assertThat(svg).startsWith("<svg").endsWith("</svg>\n").contains("<path d=\"M");
    }
  }

  private static org.assertj.core.data.Offset<Double> within(double v) {
    return org.assertj.core.data.Offset.offset(v);
  }

  static LoadTestReport sampleReport() {
    Histogram floorLatency = new Histogram(3);
    for (int i = 0; i < 100; i++) {
      floorLatency.recordValue(100_000 + i * 10);
    }
    Histogram sync = new Histogram(3);
    sync.recordValue(400_000);
    FloorResult floor =
        new FloorResult(
            floorLatency, Percentiles.ofNanos(floorLatency), 10, 70, 70, 0, -1, 0.3, 0.4);
    LoadResult loop = run("loopback", null, uniformMicros(), sync, Map.of());
    LoadResult impaired =
        run(
            "impaired",
            LinkImpairment.telehealth(1),
            uniformMicros(),
            sync,
            Map.of("datagrams_lost", 3L));
    return new LoadTestReport(
        Instant.EPOCH, "./loadtest/run", "test machine", floor, loop, impaired, null);
  }

  private static LoadResult run(
      String name, LinkImpairment link, Histogram fanOut, Histogram sync, Map<String, Long> relay) {
    Workload w =
        new Workload(
            name,
            16,
            8,
            10,
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(200),
            Duration.ofSeconds(1),
            true,
            2,
            link,
            true);
    return new LoadResult(
        w,
        "test server",
        fanOut,
        sync,
        sync,
        uniformMicros(),
        uniformMicros(),
        new LoadResult.Delivery(100, 700, 700, 0, 0, 0, 0, 0, 0, 50),
        new LoadResult.Changes(2, 16, 16, 0, 0),
        new LoadResult.Resources(0.5, 0.3, 0.4, 1_000_000, 1_016_000, 1_000, 50_000_000, 0.5),
        List.of(
            new TimelineRow(1, false, 160, 1120, 900, 0.4),
            new TimelineRow(2, true, 160, 1120, 950, 0.5)),
        relay);
  }
}
