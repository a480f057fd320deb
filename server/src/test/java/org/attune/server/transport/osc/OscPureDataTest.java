package org.attune.server.transport.osc;

import static org.assertj.core.api.Assertions.assertThat;

import com.illposed.osc.OSCMessage;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.FacilitatorCommand;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Pad;
import org.attune.protocol.v1.Quantize;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.protocol.v1.SetSection;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.TcpPeer;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Pure Data (Debian's puredata-core, installed by .ci/run), headless, runs the patch that
 * docs/osc-pd-max.md gives Pd users, as that page tells them to: it joins, plays, hears the beats,
 * the others' gestures and a section change, and leaves, and its console shows not one error.
 * {@code player.pd} (a test resource) does what a person would click, through the names the page
 * documents, and prints everything the patch hears.
 */
class OscPureDataTest {

  private static final Path GUIDE = Path.of("..", "docs", "osc-pd-max.md");
  private static final Pattern PATCH = Pattern.compile("```\\n(#N canvas .*?)```", Pattern.DOTALL);

  /** Where the page's patch sends; the test's server listens on a free port instead. */
  private static final String CONNECT = "connect 127.0.0.1 8000;";

  private static final String JOIN_CODE = "K7QHM-3ZPX2";

  /** What Pd prints when something went wrong, in its console's words. */
  private static final Pattern TROUBLE =
      Pattern.compile("(?i)error|couldn't create|unknown|bad |not connected|warning");

  private AttuneServer server;
  private Group group;
  private Process pd;
  private final List<String> console = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  @TempDir Path dir;

  @BeforeAll
  static void pdIsInstalled() {
    boolean found = false;
    for (String path : System.getenv("PATH").split(File.pathSeparator)) {
      found |= new File(path, "pd").canExecute();
    }
    assertThat(found).as("pd is missing: install Debian's puredata-core (.ci/run does)").isTrue();
  }

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("pd", JOIN_CODE, "pd-secret-key-2026");
  }

  @AfterEach
  void stop() throws Exception {
    if (pd != null && pd.isAlive()) {
      pd.destroy();
      pd.waitFor(5, TimeUnit.SECONDS);
    }
    for (AutoCloseable c : open) {
      c.close();
    }
    server.close();
  }

  /** The one patch on the page, as a user would save it. */
  static String guidePatch() throws IOException {
    Matcher m = PATCH.matcher(Files.readString(GUIDE));
    assertThat(m.find()).as("a patch (#N canvas ...) in %s", GUIDE).isTrue();
    String patch = m.group(1);
    assertThat(m.find()).as("one patch only in %s", GUIDE).isFalse();
    return patch;
  }

  /** {@code patch} with its server port set to the test server's. */
  private String toThisServer(String patch) {
    assertThat(patch.split(Pattern.quote(CONNECT), -1))
        .as("one %s in the patch", CONNECT)
        .hasSize(2);
    return patch.replace(CONNECT, "connect 127.0.0.1 " + server.oscPort() + ";");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = OscPureDataTest.class.getResourceAsStream("/pd/" + name)) {
      assertThat(in).as("test resource pd/%s", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Starts pd as the page says, bounded by {@code timeout}, its console read line by line. */
  private void startPd(Path... patches) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of("timeout", "60", "pd", "-nogui", "-noaudio", "-nomidi", "-noprefs", "-stderr"));
    for (Path patch : patches) {
      command.add("-open");
      command.add(patch.toString());
    }
    pd = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(pd.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  console.add(line);
                }
              } catch (IOException e) {
                // pd has ended
              }
            },
            "pd-console");
    reader.setDaemon(true);
    reader.start();
  }

  private void awaitPdQuits() throws InterruptedException {
    assertThat(pd.waitFor(45, TimeUnit.SECONDS))
        .as("pd quit by itself; console: %s", console)
        .isTrue();
    assertThat(pd.exitValue())
        .as("pd's exit (124: timeout stopped it); console: %s", console)
        .isZero();
  }

  private TcpPeer tcp(String name, Role role, String key) throws Exception {
    TcpPeer peer = new TcpPeer(server.tcpPort(), JOIN_CODE);
    open.add(peer);
    peer.join(name, role, key);
    return peer;
  }

  private static GestureEvent nextGesture(TcpPeer peer) throws Exception {
    return peer.await(ServerMessage::hasGesture).getGesture();
  }

  private static GestureEvent only(List<GestureEvent> events, Predicate<GestureEvent> which) {
    List<GestureEvent> found = events.stream().filter(which).toList();
    assertThat(found).as("one such gesture in %s", events).hasSize(1);
    return found.get(0);
  }

  /** The console's lines {@code heard: ...} (printed by player.pd), without that prefix. */
  private List<String> heard() {
    return console.stream()
        .filter(l -> l.startsWith("heard: "))
        .map(l -> l.substring("heard: ".length()))
        .toList();
  }

  @Test
  void theGuidesPatchJoinsPlaysHearsTheGroupAndLeavesWithoutOneConsoleError() throws Exception {
    TcpPeer keyboard = tcp("Keys", Role.PARTICIPANT, "");
    TcpPeer therapist = tcp("Therapist", Role.FACILITATOR, group.facilitatorKey());
    startPd(
        write("attune.pd", toThisServer(guidePatch())), write("player.pd", resource("player.pd")));

    List<GestureEvent> fromPd = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      fromPd.add(nextGesture(keyboard));
    }
    String pdMember = fromPd.get(0).getParticipantId();
    assertThat(fromPd).extracting(GestureEvent::getParticipantId).containsOnly(pdMember);
    GestureEvent pad =
        only(fromPd, g -> g.getGesture().hasPad() && !g.getGesture().getPad().getRelease());
    assertThat(pad.getGesture().getPad().getDegree()).isEqualTo(3);
    assertThat(pad.getGesture().getVelocity())
        .as("the pad box's MIDI velocity 100")
        .isEqualTo(100 / 127f);
    GestureEvent note = only(fromPd, g -> g.getGesture().hasNoteOn());
    assertThat(note.getGesture().getNoteOn().getPitch()).isEqualTo(67);
    assertThat(note.getGesture().getVelocity())
        .as("a MIDI velocity of 1, sent by Pd as the float 1, is soft: 1/127")
        .isEqualTo(1 / 127f);
    assertThat(
            only(fromPd, g -> g.getGesture().getPad().getRelease())
                .getGesture()
                .getPad()
                .getDegree())
        .as("the pad released")
        .isEqualTo(3);
    assertThat(only(fromPd, g -> g.getGesture().hasNoteOff()).getGesture().getNoteOff().getPitch())
        .as("the note ended")
        .isEqualTo(67);

    keyboard.send(
        ClientMessage.newBuilder()
            .setGesture(
                Gesture.newBuilder().setPad(Pad.newBuilder().setDegree(5)).setVelocity(0.5f)));
    long playedAround = server.clock().nowMicros();
    therapist.send(
        ClientMessage.newBuilder()
            .setCommand(
                FacilitatorCommand.newBuilder()
                    .setQuantize(Quantize.newBuilder().setBoundary(Quantize.Boundary.NEXT_BAR))
                    .setSection(SetSection.newBuilder().setName("B"))));
    keyboard.await(
        m ->
            m.hasRoster()
                && m.getRoster().getMembersList().stream()
                    .noneMatch(member -> member.getParticipantId().equals(pdMember)));
    awaitPdQuits();

    List<String> heard = heard();
    assertThat(heard)
        .as("Pd heard its join")
        .anyMatch(l -> l.matches("joined " + pdMember + " participant " + group.id() + " \\S+"));
    List<Integer> beats = new ArrayList<>();
    for (String l : heard) {
      Matcher beat = Pattern.compile("beat (\\d+) (\\d)").matcher(l);
      if (beat.matches()) {
        beats.add((Integer.parseInt(beat.group(1)) - 1) * 4 + Integer.parseInt(beat.group(2)));
      }
    }
    assertThat(beats.size()).as("beats heard: %s", heard).isGreaterThanOrEqualTo(3);
    for (int i = 1; i < beats.size(); i++) {
      assertThat(beats.get(i))
          .as("beats one after another: %s", beats)
          .isEqualTo(beats.get(i - 1) + 1);
    }
    String played =
        heard.stream()
            .filter(l -> l.startsWith("played "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("Pd heard no /attune/played: " + heard));
    Matcher p = Pattern.compile("played (\\S+) pad 67 0\\.5 (\\d+) (\\d+)").matcher(played);
    assertThat(p.matches()).as("the keyboard's pad, seconds and µs: %s", played).isTrue();
    long playedAt = Long.parseLong(p.group(2)) * 1_000_000 + Long.parseLong(p.group(3));
    assertThat(playedAt - playedAround)
        .as("played_at, server µs, to within Pd's float")
        .isBetween(-1_000_000L, 1_000_000L);
    int coming = heard.indexOf("next section B");
    int now = heard.indexOf("section B");
    assertThat(coming).as("the change announced: %s", heard).isNotNegative();
    assertThat(now).as("then in effect").isGreaterThan(coming);
    assertThat(heard).contains("left");
    assertThat(console).as("Pd's console").noneMatch(l -> TROUBLE.matcher(l).find());
  }

  @Test
  void pdOverTcpSendsNoFramesAndIsAnsweredWithWhyThenClosed() throws Exception {
    startPd(write("tcp.pd", toThisServer(resource("tcp.pd"))));
    awaitPdQuits();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (String line : console) {
      Matcher b = Pattern.compile("byte: (\\d+)").matcher(line);
      if (b.matches()) {
        bytes.write(Integer.parseInt(b.group(1)));
      }
    }
    assertThat(bytes.size()).as("bytes Pd received; console: %s", console).isPositive();
    OSCMessage error = (OSCMessage) new OscCodec().decode(ByteBuffer.wrap(bytes.toByteArray()));
    assertThat(error.getAddress()).isEqualTo("/attune/error");
    assertThat(error.getArguments())
        .as("one unframed packet, as the client sent its own: why, and to use UDP")
        .containsExactly("malformed", OscStreamHandler.UNFRAMED, "");
    assertThat(server.oscStats().malformed.sum()).isEqualTo(1);
    assertThat(group.executor().submit(() -> group.roster().getMembersCount()).get())
        .as("nobody joined")
        .isZero();
  }
}
