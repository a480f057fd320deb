package org.attune.loadtest.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.attune.loadtest.floor.FloorRelayServer;
import org.attune.loadtest.floor.FloorResult;
import org.attune.loadtest.floor.FloorRun;
import org.attune.loadtest.impair.LinkImpairment;
import org.attune.loadtest.member.MemberFactory;
import org.attune.loadtest.report.LoadTestReport;
import org.attune.loadtest.report.ResultJson;
import org.attune.loadtest.server.InProcessServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A tiny load run against an in-process server: 16 members in 2 groups, 1 s + 3 s. */
@Timeout(120)
class LoadRunEndToEndTest {

  @TempDir Path dir;

  private static Workload workload(String name, int members, LinkImpairment link) {
    return new Workload(
        name,
        members,
        8,
        10,
        Duration.ofSeconds(1),
        Duration.ofSeconds(3),
        Duration.ofSeconds(1),
        Duration.ofMillis(200),
        Duration.ofSeconds(1),
        true,
        2,
        link,
        true);
  }

  @Test
  void sixteenMembersLoseNothingAndTheResultFileIsSane() throws Exception {
    LoadResult loop;
    try (InProcessServer server = InProcessServer.start(2)) {
      loop = new LoadRun(workload("loopback", 16, null), server).run();
    }
    FloorResult floor;
    try (FloorRelayServer relay = FloorRelayServer.start(0, 0)) {
      floor =
          new FloorRun(16, 8, 10, Duration.ofSeconds(1), Duration.ofSeconds(2), 2)
              .run(new InetSocketAddress("127.0.0.1", relay.port()), relay::dropped, () -> -1);
    }

    LoadResult.Delivery d = loop.delivery();
    // 16 members, 10/s, at least 3 s: each gesture reaches the 7 others of its group.
    assertThat(d.sent()).isGreaterThanOrEqualTo(16 * 10 * 3);
    assertThat(d.expected()).isEqualTo(7 * d.sent());
    assertThat(d.received()).isEqualTo(d.expected());
    assertThat(d.lost()).isZero();
    assertThat(d.sendFailures()).isZero();
    assertThat(d.serverErrors()).isZero();
    assertThat(d.connectionsLost()).isZero();
    assertThat(loop.fanOut().count()).isGreaterThan(0);
    assertThat(loop.fanOut().p50()).isPositive();
    assertThat(loop.syncError().count()).isEqualTo(16 * 3);
    assertThat(loop.changes().changes()).isGreaterThanOrEqualTo(2);
    assertThat(loop.changes().missedFirings()).isZero();
    assertThat(loop.spread().count()).isEqualTo(loop.changes().changes());
    assertThat(loop.timeline()).hasSize(4);
    assertThat(floor.lost()).isZero();
    assertThat(floor.relayDropped()).isZero();
    assertThat(floor.latency().count()).isPositive();

    ResultJson.write(
        new LoadTestReport(Instant.now(), "test", "test", floor, loop, null, null),
        dir.resolve("result.json"));
    JsonNode json = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
    assertThat(json.at("/runs/loopback/delivery/lost").asLong()).isZero();
    assertThat(json.at("/runs/loopback/fan_out_us/p50").asDouble()).isPositive();
    assertThat(json.at("/runs/loopback/fan_out_us/p99").asDouble())
        .isGreaterThanOrEqualTo(json.at("/runs/loopback/fan_out_us/p50").asDouble());
    assertThat(json.at("/runs/loopback/clock_sync_error_us/count").asLong()).isEqualTo(48);
    assertThat(json.at("/floor/latency_us/p50").asDouble()).isPositive();
  }

  @Test
  void oscTabletsAndTcpMembersInTheSameGroupsLoseNothingAndFireEveryChange() throws Exception {
    LoadResult mixed;
    try (InProcessServer server = InProcessServer.start(2)) {
      mixed = new LoadRun(workload("loopback", 16, null), server, MemberFactory.mixedOsc(2)).run();
    }
    LoadResult.Delivery d = mixed.delivery();
    assertThat(d.sent()).isGreaterThanOrEqualTo(16 * 10 * 3);
    assertThat(d.expected()).isEqualTo(7 * d.sent());
    assertThat(d.received()).as("OSC and TCP members hear each other").isEqualTo(d.expected());
    assertThat(d.serverErrors()).isZero();
    // Members 2, 4 and 6 of each group are on OSC: they keep no clock to sample.
    assertThat(mixed.syncError().count()).isEqualTo(10 * 3);
    assertThat(mixed.changes().changes()).isGreaterThanOrEqualTo(2);
    assertThat(mixed.changes().missedFirings()).as("the tablets fire each change too").isZero();
  }

  @Test
  void webSocketAndTcpMembersInTheSameGroupsLoseNothingAndStayInSync() throws Exception {
    LoadResult mixed;
    try (InProcessServer server = InProcessServer.start(2)) {
      mixed = new LoadRun(workload("loopback", 16, null), server, MemberFactory.mixed(0, 2)).run();
      assertThat(server.server().wsStats().connections.sum())
          .as("members 2, 4 and 6 of each group joined over the WebSocket")
          .isEqualTo(6);
    }
    LoadResult.Delivery d = mixed.delivery();
    assertThat(d.sent()).isGreaterThanOrEqualTo(16 * 10 * 3);
    assertThat(d.received())
        .as("WebSocket and TCP members hear each other")
        .isEqualTo(d.expected());
    assertThat(d.lost()).isZero();
    assertThat(d.serverErrors()).isZero();
    assertThat(d.connectionsLost()).isZero();
    // Every member keeps a clock; the WebSocket members ping over their socket alone.
    assertThat(mixed.syncError().count()).isEqualTo(16 * 3);
    assertThat(mixed.changes().missedFirings()).isZero();
  }

  @Test
  void eightMembersThroughTheImpairmentRelayStayInSyncAndLoseNoGestures() throws Exception {
    LoadResult impaired;
    try (InProcessServer server = InProcessServer.start(1)) {
      impaired = new LoadRun(workload("impaired", 8, LinkImpairment.telehealth(1)), server).run();
    }
    assertThat(impaired.delivery().lost()).isZero();
    assertThat(impaired.delivery().received()).isEqualTo(impaired.delivery().expected());
    // One-way delay of at least 15 ms each way through server and back out.
    assertThat(impaired.fanOut().p50()).isGreaterThan(30_000);
    assertThat(impaired.syncError().count()).isEqualTo(8 * 3);
    assertThat(impaired.relay()).containsKey("datagrams_lost");
    assertThat(impaired.changes().missedFirings()).isZero();
  }
}
