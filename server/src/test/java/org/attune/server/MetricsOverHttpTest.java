package org.attune.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.ClockPing;
import org.attune.protocol.v1.ErrorCode;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.Leave;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Resume;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.SetTempo;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real server on ephemeral ports, members on real TCP sockets, and {@code /metrics} and {@code
 * /healthz} read over real HTTP.
 */
class MetricsOverHttpTest {

  private AttuneServer server;
  private Group group;
  private final List<TcpPeer> members = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("metrics");
  }

  @AfterEach
  void stop() throws Exception {
    for (TcpPeer m : members) {
      m.close();
    }
    server.close();
  }

  private TcpPeer member(String name, Role role) throws Exception {
    TcpPeer m = new TcpPeer(server.tcpPort());
    members.add(m);
    m.join(group.joinCode(), name, role, role == Role.FACILITATOR ? group.facilitatorKey() : "");
    return m;
  }

  private static ClientMessage.Builder pad(int degree) {
    return ClientMessage.newBuilder()
        .setGesture(Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(degree)));
  }

  /** Scrapes until the series has the value; gauges follow events on the groups' loops. */
  private void awaitValue(double expected, String name, String... labels) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    double value;
    do {
      value = Scrape.of(server).value(name, labels);
      if (value == expected) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() - deadline < 0);
    assertThat(value).as("%s%s", name, List.of(labels)).isEqualTo(expected);
  }

  @Test
  void membersAreCountedByTransportAndRoleWhileConnected() throws Exception {
    member("Therapist", Role.FACILITATOR);
    member("P1", Role.PARTICIPANT);
    TcpPeer leaving = new TcpPeer(server.tcpPort());
    members.add(leaving);
    String token = leaving.join(group.joinCode(), "P2", Role.PARTICIPANT, "").getSessionToken();
    member("Supervisor", Role.LISTENER);
    Scrape scrape = Scrape.of(server);
    assertThat(scrape.value("attune_groups")).isEqualTo(1);
    assertThat(scrape.value("attune_members", "transport", "tcp", "role", "facilitator"))
        .isEqualTo(1);
    assertThat(scrape.value("attune_members", "transport", "tcp", "role", "participant"))
        .isEqualTo(2);
    assertThat(scrape.value("attune_members", "transport", "tcp", "role", "listener")).isEqualTo(1);
    assertThat(scrape.value("attune_connections_opened_total", "transport", "tcp")).isEqualTo(4);
    leaving.close();
    awaitValue(1, "attune_members", "transport", "tcp", "role", "participant");
    assertThat(Scrape.of(server).value("attune_members", "transport", "tcp", "role", "facilitator"))
        .isEqualTo(1);
    TcpPeer back = new TcpPeer(server.tcpPort());
    members.add(back);
    back.send(ClientMessage.newBuilder().setResume(Resume.newBuilder().setSessionToken(token)));
    back.await(ServerMessage::hasWelcome);
    assertThat(Scrape.of(server).value("attune_members", "transport", "tcp", "role", "participant"))
        .isEqualTo(2);
    back.send(ClientMessage.newBuilder().setLeave(Leave.getDefaultInstance()));
    awaitValue(1, "attune_members", "transport", "tcp", "role", "participant");
  }

  @Test
  void gesturesInAndOutAndTheirFanOutsAreCountedExactly() throws Exception {
    TcpPeer player = member("P1", Role.PARTICIPANT);
    List<TcpPeer> others =
        List.of(
            member("Therapist", Role.FACILITATOR),
            member("P2", Role.PARTICIPANT),
            member("P3", Role.PARTICIPANT),
            member("Supervisor", Role.LISTENER));
    Scrape before = Scrape.of(server);
    int gestures = 5;
    for (int i = 0; i < gestures; i++) {
      player.send(pad(i + 1));
    }
    for (TcpPeer m : others) {
      for (int i = 0; i < gestures; i++) {
        m.await(ServerMessage::hasGesture);
      }
    }
    Scrape after = Scrape.of(server);
    assertThat(
            after.value("attune_gestures_received_total", "transport", "tcp")
                - before.value("attune_gestures_received_total", "transport", "tcp"))
        .isEqualTo(gestures);
    assertThat(
            after.value("attune_gestures_sent_total", "transport", "tcp")
                - before.value("attune_gestures_sent_total", "transport", "tcp"))
        .isEqualTo(gestures * others.size());
    assertThat(
            after.value("attune_fanout_seconds_count", "message", "gesture")
                - before.value("attune_fanout_seconds_count", "message", "gesture"))
        .isEqualTo(gestures);
    assertThat(after.value("attune_fanout_seconds_bucket", "message", "gesture", "le", "+Inf"))
        .isEqualTo(after.value("attune_fanout_seconds_count", "message", "gesture"));
    assertThat(after.value("attune_fanout_seconds_sum", "message", "gesture")).isPositive();
    assertThat(
            after.value("attune_messages_dropped_total", "transport", "tcp", "reason", "lagging"))
        .isZero();
  }

  @Test
  void refusalsAndStructureChangesAreCountedByReason() throws Exception {
    TcpPeer facilitator = member("Therapist", Role.FACILITATOR);
    TcpPeer player = member("P1", Role.PARTICIPANT);
    TcpPeer listener = member("Supervisor", Role.LISTENER);
    player.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder().setTempo(SetTempo.newBuilder().setBpm(200))));
    assertThat(player.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.FORBIDDEN);
    listener.send(pad(1));
    assertThat(listener.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.FORBIDDEN);
    TcpPeer stranger = new TcpPeer(server.tcpPort());
    members.add(stranger);
    stranger.send(pad(1));
    assertThat(stranger.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.NOT_JOINED);
    stranger.send(
        ClientMessage.newBuilder()
            .setJoin(org.attune.protocol.v1.Join.newBuilder().setGroupCode("NOPE").setName("X")));
    assertThat(stranger.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.UNKNOWN_GROUP);
    facilitator.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder().setSection(SetSection.newBuilder().setName("B"))));
    facilitator.await(ServerMessage::hasAccepted);

    Scrape scrape = Scrape.of(server);
    assertThat(
            scrape.value(
                "attune_messages_dropped_total", "transport", "tcp", "reason", "refused_command"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "attune_messages_dropped_total", "transport", "tcp", "reason", "refused_gesture"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "attune_messages_dropped_total", "transport", "tcp", "reason", "not_joined"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "attune_messages_dropped_total", "transport", "tcp", "reason", "join_refused"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "attune_messages_dropped_total", "transport", "tcp", "reason", "malformed"))
        .isZero();
    assertThat(scrape.value("attune_structure_changes_total")).isEqualTo(1);
    assertThat(scrape.value("attune_gestures_received_total", "transport", "tcp")).isZero();
  }

  @Test
  void badFramesAndClockPingsAreCountedPerTransport() throws Exception {
    TcpPeer player = member("P1", Role.PARTICIPANT);
    player.send(
        ClientMessage.newBuilder().setClockPing(ClockPing.newBuilder().setClientSendMicros(1)));
    player.await(ServerMessage::hasClockPong);
    player.out.write(new byte[] {3, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    player.out.flush();
    assertThat(player.await(ServerMessage::hasError).getError().getCode())
        .isEqualTo(ErrorCode.MALFORMED);
    try (DatagramSocket udp = new DatagramSocket()) {
      udp.setSoTimeout(5_000);
      byte[] ping =
          ClientMessage.newBuilder()
              .setClockPing(ClockPing.newBuilder().setClientSendMicros(System.nanoTime() / 1_000))
              .build()
              .toByteArray();
      InetAddress local = InetAddress.getLoopbackAddress();
      // The bad datagram first: it is dropped unanswered, so the pong says both were read.
      udp.send(new DatagramPacket(new byte[] {(byte) 0xff}, 1, local, server.udpPort()));
      udp.send(new DatagramPacket(ping, ping.length, local, server.udpPort()));
      byte[] buf = new byte[2048];
      DatagramPacket pong = new DatagramPacket(buf, buf.length);
      udp.receive(pong);
      assertThat(ServerMessage.parseFrom(Arrays.copyOf(buf, pong.getLength())).hasClockPong())
          .isTrue();
    }
    Scrape scrape = Scrape.of(server);
    assertThat(scrape.value("attune_clock_pings_total", "transport", "tcp")).isEqualTo(1);
    assertThat(scrape.value("attune_clock_pings_total", "transport", "udp")).isEqualTo(1);
    assertThat(scrape.value("attune_datagrams_received_total", "transport", "udp")).isEqualTo(2);
    assertThat(
            scrape.value(
                "attune_messages_dropped_total", "transport", "udp", "reason", "malformed"))
        .isEqualTo(1);
    assertThat(
            scrape.value(
                "attune_messages_dropped_total", "transport", "tcp", "reason", "malformed"))
        .isEqualTo(1);
  }

  @Test
  void aSlowReaderIsCountedLaggingUntilItsSnapshotCatchesItUp() throws Exception {
    List<TcpPeer> players = new java.util.ArrayList<>();
    for (int p = 0; p < 8; p++) {
      players.add(member("P" + p, Role.PARTICIPANT));
    }
    for (TcpPeer p : players) {
      // The players read what they are sent (each other's gestures), so that only the slow one
      // lags.
      Thread reader =
          new Thread(
              () -> {
                try {
                  p.in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              },
              "player reader");
      reader.setDaemon(true);
      reader.start();
    }
    TcpPeer slow = new TcpPeer(server.tcpPort(), null, 4096);
    members.add(slow);
    slow.join(group.joinCode(), "Slow", Role.PARTICIPANT, "");
    // The slow member reads nothing while gestures pile up for it. Each player keeps within its
    // gesture budget (50 a second of its 60); the eight of them fill the member's socket
    // buffers, then its queue, which lags once it has not drained for 2 s.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    int sent = 0;
    while (Scrape.of(server).value("attune_members_lagging", "transport", "tcp") < 1) {
      assertThat(System.nanoTime() - deadline).as("lagging within 60 s").isNegative();
      for (int round = 0; round < 5; round++) {
        for (TcpPeer p : players) {
          for (int i = 0; i < 5; i++) {
            pad(1 + i % 7).setRequestId(++sent).build().writeDelimitedTo(p.out);
          }
          p.out.flush();
        }
        Thread.sleep(100);
      }
    }
    // Once it reads again, its link drains and a snapshot supersedes what it missed.
    slow.await(ServerMessage::hasSnapshot);
    awaitValue(0, "attune_members_lagging", "transport", "tcp");
    Scrape scrape = Scrape.of(server);
    // At least one lagging spell, each ended by a snapshot: the kernel's send buffer grows while
    // the member reads nothing (TCP autotuning), so the server's buffer can drain, the member
    // catch up and lag again before it reads.
    assertThat(scrape.value("attune_lagging_snapshots_total", "transport", "tcp"))
        .isGreaterThanOrEqualTo(1);
    // The players' last gestures may still be in their sockets: wait until every gesture read
    // has been sent or dropped to each of the 8 others.
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    double dropped;
    double relayed;
    double received;
    do {
      Thread.sleep(100);
      scrape = Scrape.of(server);
      dropped =
          scrape.value("attune_messages_dropped_total", "transport", "tcp", "reason", "lagging");
      relayed = scrape.value("attune_gestures_sent_total", "transport", "tcp");
      received = scrape.value("attune_gestures_received_total", "transport", "tcp");
    } while (dropped + relayed != 8 * received && System.nanoTime() < settle);
    assertThat(dropped).isPositive();
    assertThat(dropped + relayed)
        .as("each gesture was sent or dropped, once, to each of the 8 others")
        .isEqualTo(8 * received);
  }

  @Test
  void metricsAreServedInPrometheusTextFormatWithRuntimeMeters() throws Exception {
    Scrape scrape = Scrape.of(server);
    assertThat(scrape.response.headers().firstValue("content-type"))
        .hasValue("text/plain; version=0.0.4; charset=utf-8");
    assertThat(scrape.text).contains("# TYPE attune_gestures_received_total counter");
    assertThat(scrape.text).contains("# TYPE attune_fanout_seconds histogram");
    assertThat(scrape.value("attune_fanout_seconds_bucket", "message", "gesture", "le", "0.002"))
        .isZero();
    for (String name :
        List.of(
            "jvm_memory_used_bytes",
            "jvm_gc_memory_allocated_bytes_total",
            "jvm_threads_live_threads",
            "jvm_classes_loaded_classes",
            "process_cpu_usage",
            "process_uptime_seconds",
            "process_cpu_seconds_total",
            "system_cpus_available",
            "netty_allocator_memory_used_bytes")) {
      assertThat(scrape.has(name)).as(name).isTrue();
    }
    assertThat(scrape.value("process_cpu_seconds_total")).isPositive();
    assertThat(scrape.has("process_cpu_time_ns_total")).isFalse();
  }

  @Test
  void healthIsUpWhileEveryLoopAnswersAndDownWhileOneIsStuck() throws Exception {
    HttpResponse<String> up = Scrape.get(server.httpPort(), "/healthz");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).contains("\"status\":\"up\"");
    assertThat(up.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
    CountDownLatch release = new CountDownLatch(1);
    group
        .executor()
        .execute(
            () -> {
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    try {
      HttpResponse<String> down = Scrape.get(server.httpPort(), "/healthz");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"status\":\"down\"").contains("did not run a task");
      // The scrape does not wait for the stuck loop.
      assertThat(Scrape.of(server).value("attune_groups")).isEqualTo(1);
    } finally {
      release.countDown();
    }
    assertThat(Scrape.get(server.httpPort(), "/healthz").statusCode()).isEqualTo(200);
  }

  @Test
  void unknownPathsAreNotFoundOtherMethodsNotAllowedAndBigBodiesRefused() throws Exception {
    assertThat(Scrape.get(server.httpPort(), "/nowhere").statusCode()).isEqualTo(404);
    // The root leads to the console (the web pages share this port).
    assertThat(Scrape.get(server.httpPort(), "/").statusCode()).isEqualTo(302);
    assertThat(Scrape.get(server.httpPort(), "/metrics/extra").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        Scrape.send(
            server.httpPort(),
            "/metrics",
            HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.ofString("x")));
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET");
    HttpResponse<String> delete =
        Scrape.send(server.httpPort(), "/healthz", HttpRequest.newBuilder().DELETE());
    assertThat(delete.statusCode()).isEqualTo(405);
    HttpResponse<String> big =
        Scrape.send(
            server.httpPort(),
            "/metrics",
            HttpRequest.newBuilder()
                .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(100_000))));
    assertThat(big.statusCode()).isEqualTo(413);
    HttpResponse<String> hugeHeader =
        Scrape.send(
            server.httpPort(),
            "/metrics",
            HttpRequest.newBuilder().GET().header("X-Padding", "x".repeat(10_000)));
    assertThat(hugeHeader.statusCode()).isEqualTo(400);
    assertThat(Scrape.get(server.httpPort(), "/metrics?name=x").statusCode()).isEqualTo(200);
  }
}
