package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attune.form.FormStates;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetSection;
import org.attune.protocol.v1.StructureChange;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.SoundConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interop with OSC tools Attune did not write: liblo's {@code oscsend} joins and plays, and {@code
 * oscdump} listens to what the gateway sends (Debian package liblo-tools, installed by .ci/run).
 */
class OscInteropTest {

  private static final OscUdpRules UDP_FACILITATORS = OscUdpRules.defaults().withFacilitators(true);

  /** One line printed by oscdump: "SECONDS.FRACTION /address types args...". */
  private record Dumped(long ntpTime, String address, String rest, long arrivedNanos) {
    Instant taggedAt() {
      return OscTimeTags.toInstant(com.illposed.osc.argument.OSCTimeTag64.valueOf(ntpTime));
    }
  }

  private static final Pattern LINE = Pattern.compile("([0-9a-f]{8})\\.([0-9a-f]{8}) (\\S+) ?(.*)");

  private AttuneServer server;
  private Group group;
  private Process oscdump;
  private final BlockingQueue<Dumped> dumped = new LinkedBlockingQueue<>();
  private final List<String> dumpedLines = new ArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void toolsAreInstalled() {
    for (String tool : List.of("oscsend", "oscdump")) {
      assertThat(onPath(tool))
          .as("%s is missing: install Debian's liblo-tools (.ci/run does)", tool)
          .isTrue();
    }
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  @BeforeEach
  void start() throws Exception {
    // oscsend's facilitator joins go over UDP, which the server allows only when told to.
    server = AttuneServer.start(ServerConfig.onFreePorts().withOscUdp(UDP_FACILITATORS));
    group = server.groups().create("interop");
  }

  @AfterEach
  void stop() throws Exception {
    if (oscdump != null) {
      oscdump.destroy();
      oscdump.waitFor(5, TimeUnit.SECONDS);
    }
    for (AutoCloseable c : open) {
      c.close();
    }
    server.close();
  }

  /** Starts {@code oscdump -L PORT} and reads its lines as they come; returns the port. */
  private int startOscdump() throws Exception {
    int port;
    try (DatagramSocket probe =
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      port = probe.getLocalPort();
    }
    oscdump =
        new ProcessBuilder("oscdump", "-L", Integer.toString(port))
            .redirectErrorStream(true)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(oscdump.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  long now = System.nanoTime();
                  synchronized (dumpedLines) {
                    dumpedLines.add(line);
                  }
                  Matcher m = LINE.matcher(line);
                  if (m.matches()) {
                    long ntp =
                        (Long.parseLong(m.group(1), 16) << 32) | Long.parseLong(m.group(2), 16);
                    dumped.add(new Dumped(ntp, m.group(3), m.group(4), now));
                  }
                }
              } catch (IOException e) {
                // oscdump was stopped
              }
            },
            "oscdump-reader");
    reader.setDaemon(true);
    reader.start();
    awaitBound(port);
    return port;
  }

  /** Waits until oscdump has bound {@code port}: until this process can no longer bind it. */
  private static void awaitBound(int port) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (DatagramSocket probe = new DatagramSocket(null)) {
        probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (java.net.BindException bound) {
        return;
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
    throw new AssertionError("oscdump did not bind port " + port + " within 10 s");
  }

  private Dumped awaitDumped(Predicate<Dumped> wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Dumped d = dumped.poll(100, TimeUnit.MILLISECONDS);
      if (d != null && wanted.test(d)) {
        return d;
      }
    }
    synchronized (dumpedLines) {
      throw new AssertionError("oscdump printed no such line in 10 s; it printed " + dumpedLines);
    }
  }

  private Dumped awaitDumped(String address) throws Exception {
    return awaitDumped(d -> d.address().equals(address));
  }

  private void oscsend(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("oscsend", "127.0.0.1", Integer.toString(server.oscPort())));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("oscsend finished").isTrue();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("oscsend %s: %s", command, output).isZero();
  }

  private TcpPeer tcp(String name, Role role, String key) throws Exception {
    TcpPeer peer = new TcpPeer(server.tcpPort(), group.joinCode());
    open.add(peer);
    peer.join(name, role, key);
    return peer;
  }

  @Test
  void oscsendJoinsAndPlaysAProtobufMemberHearsItAndOscdumpHearsBeatsAndAChange() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    TcpPeer therapist = tcp("Therapist", Role.FACILITATOR, group.facilitatorKey());
    int dumpPort = startOscdump();

    oscsend("/attune/join", "sssi", group.joinCode(), "Sam", "oscsend", Integer.toString(dumpPort));
    Dumped joined = awaitDumped("/attune/joined");
    Matcher reply =
        Pattern.compile(
                "ssss \"(\\w+)\" \"participant\" \"" + group.id() + "\" \"([A-Za-z0-9_-]+)\"")
            .matcher(joined.rest());
    assertThat(reply.matches()).as("joined reply: %s", joined.rest()).isTrue();
    String memberId = reply.group(1);
    String token = reply.group(2);

    // Each oscsend sends from a new port: it plays through its session token.
    oscsend("/attune/session/" + token + "/pad", "if", "3", "0.8");
    GestureEvent pad = keyboard.await(ServerMessage::hasGesture).getGesture();
    assertThat(pad.getParticipantId()).isEqualTo(memberId);
    assertThat(pad.getResolvedPitch()).as("degree 3 of C major").isEqualTo(64);
    oscsend("/attune/session/" + token + "/note/on", "ii", "67", "100");
    GestureEvent note = keyboard.await(ServerMessage::hasGesture).getGesture();
    assertThat(note.getGesture().getNoteOn().getPitch()).isEqualTo(67);
    assertThat(note.getGesture().getVelocity()).isEqualTo(100 / 127f);

    Dumped beat = awaitDumped("/attune/beat");
    Dumped next = awaitDumped("/attune/beat");
    assertThat(beat.rest()).startsWith("ii ");
    assertThat(next.arrivedNanos() - beat.arrivedNanos())
        .as("one beat at 90 BPM, in ns")
        .isBetween(500_000_000L, 850_000_000L);

    therapist.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder()
                    .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                    .setSection(SetSection.newBuilder().setName("B"))));
    StructureChange change = keyboard.await(ServerMessage::hasStructureChange).getStructureChange();
    long bar = FormStates.barAt(FormStates.initial(), change.getEffectiveBeat());
    Instant effective =
        Instant.now()
            .plusNanos((change.getEffectiveServerMicros() - server.clock().nowMicros()) * 1_000);

    Dumped announced = awaitDumped("/attune/change");
    assertThat(announced.rest())
        .isEqualTo("iiis " + change.getSequence() + " " + bar + " 1 \"section B at next bar\"");
    assertThat(server.clock().microsAtNanoTime(announced.arrivedNanos()))
        .as("announced before it takes effect")
        .isLessThan(change.getEffectiveServerMicros());
    assertThat(Duration.between(effective, announced.taggedAt()).abs())
        .as("oscdump shows the bundle's time tag: the moment the change takes effect")
        .isLessThan(Duration.ofMillis(20));

    Dumped section =
        awaitDumped(d -> d.address().equals("/attune/section") && d.rest().equals("s \"B\""));
    long lateMicros =
        server.clock().microsAtNanoTime(section.arrivedNanos()) - change.getEffectiveServerMicros();
    assertThat(lateMicros)
        .as("the new section is printed when it takes effect (µs)")
        .isBetween(-1_000L, 100_000L);
    assertThat(awaitDumped("/attune/beat").rest()).isEqualTo("ii " + bar + " 1");
  }

  @Test
  void oscsendAsFacilitatorChangesTheKeyForAProtobufMember() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    int dumpPort = startOscdump();
    oscsend(
        "/attune/join/facilitator",
        "ssssi",
        group.joinCode(),
        group.facilitatorKey(),
        "Therapist",
        "oscsend",
        Integer.toString(dumpPort));
    Matcher reply =
        Pattern.compile(".* \"([A-Za-z0-9_-]+)\"").matcher(awaitDumped("/attune/joined").rest());
    assertThat(reply.matches()).isTrue();
    oscsend("/attune/session/" + reply.group(1) + "/key", "ss", "D", "dorian");
    StructureChange change = keyboard.await(ServerMessage::hasStructureChange).getStructureChange();
    assertThat(change.getForm().getKey().getTonic()).isEqualTo(2);
    assertThat(change.getForm().getKey().getMode().name()).isEqualTo("DORIAN");
    assertThat(awaitDumped("/attune/accepted").rest())
        .startsWith("iii " + change.getSequence() + " ");
    // The session message proved oscdump's address, so the whole state may come first (C major).
    awaitDumped(d -> d.address().equals("/attune/key") && d.rest().equals("ss \"D\" \"dorian\""));
  }

  @Test
  void oscsendAsFacilitatorMutesAStripAndOscdumpReadsTheMixAndTheLevelBundles() throws Exception {
    server.close();
    server =
        AttuneServer.start(
            ServerConfig.onFreePorts()
                .withSound(SoundConfig.builtIn())
                .withOscUdp(UDP_FACILITATORS));
    group = server.groups().create("interop");
    int dumpPort = startOscdump();
    oscsend(
        "/attune/join/facilitator",
        "ssssi",
        group.joinCode(),
        group.facilitatorKey(),
        "Therapist",
        "marimba",
        Integer.toString(dumpPort));
    Matcher reply =
        Pattern.compile("ssss \"(\\w+)\" .* \"([A-Za-z0-9_-]+)\"")
            .matcher(awaitDumped("/attune/joined").rest());
    assertThat(reply.matches()).isTrue();
    String me = reply.group(1);

    oscsend("/attune/session/" + reply.group(2) + "/mixer/mute/" + me);
    assertThat(awaitDumped("/attune/accepted").rest()).isEqualTo("iii 0 0 0");
    assertThat(awaitDumped("/attune/mixer").rest()).isEqualTo("ifs 1 0.000000 \"off\"");
    assertThat(
            awaitDumped(d -> d.address().equals("/attune/strip") && d.rest().endsWith(" 1 0"))
                .rest())
        .isEqualTo("ssffii \"" + me + "\" \"Marimba\" 0.000000 0.000000 1 0");

    Dumped level = awaitDumped("/attune/level");
    assertThat(level.rest())
        .as("oscdump reads the levels as a string and two floats")
        .matches("sff \"[\\w:]+\" -?\\d+\\.\\d+ -?\\d+\\.\\d+");
    Dumped master =
        awaitDumped(
            d -> d.address().equals("/attune/level") && d.rest().startsWith("sff \"master\""));
    assertThat(master.arrivedNanos() - level.arrivedNanos())
        .as("a level and the master of the same reading are printed together, in ns")
        .isLessThan(20_000_000L);
  }
}
