package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.PadLayer;
import org.attune.protocol.v1.Role;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlayCommandTest {

  private AttuneServer server;
  private Group group;
  private AttuneClient ear;
  private final BlockingQueue<GestureEvent> heard = new LinkedBlockingQueue<>();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void start() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts());
    group = server.groups().create("play tests");
    ear = AttuneClient.connect("127.0.0.1", server.tcpPort());
    ear.addListener(
        new ClientListener() {
          @Override
          public void onGesture(GestureEvent gesture) {
            heard.add(gesture);
          }
        });
    ear.join(group.joinCode(), "Ear", "", Role.LISTENER, null).get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    ear.close();
    server.close();
  }

  private int play(PlayCommand command, String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("--port", Integer.toString(server.tcpPort()), "--code", group.joinCode()));
    args.addAll(List.of(options));
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args.toArray(String[]::new));
  }

  private GestureEvent next() throws InterruptedException {
    GestureEvent event = heard.poll(10, TimeUnit.SECONDS);
    assertThat(event).as("a gesture within 10 s").isNotNull();
    return event;
  }

  @Test
  void keysPlayPadsChordTonesHitsAndTapsUntilX() throws Exception {
    PlayCommand keys =
        new PlayCommand(
            () -> new ByteArrayInputStream("13q t\n9x2".getBytes(StandardCharsets.US_ASCII)));
    int status = play(keys, "--name", "Keys");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Joined as Keys", Keypad.LEGEND);

    assertThat(next().getResolvedPitch()).as("pad 1 in C major").isEqualTo(60);
    assertThat(next().getResolvedPitch()).as("pad 3").isEqualTo(64);
    GestureEvent chordTone = next();
    assertThat(chordTone.getGesture().getPad().getLayer()).isEqualTo(PadLayer.CHORD);
    assertThat(next().getGesture().getHit().getInstrument()).isEqualTo(Keypad.SNARE);
    assertThat(next().getGesture().hasTap()).isTrue();
    assertThat(next().getGesture().getPad().getDegree()).isEqualTo(9);
    assertThat(heard.poll(200, TimeUnit.MILLISECONDS)).as("nothing after x").isNull();
  }

  @Test
  void theBotPlaysOnTheBeatsUntilItsTimeIsUp() throws Exception {
    int status = play(new PlayCommand(), "--bot", "--duration", "2");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).containsPattern("The bot played \\d+ beats");
    assertThat(heard).hasSizeGreaterThanOrEqualTo(2);
    for (GestureEvent event : heard) {
      assertThat(event.getGesture().hasPad()).isTrue();
      assertThat(event.getBeat())
          .as("on a beat")
          .isCloseTo(Math.rint(event.getBeat()), within(1e-3));
      assertThat(event.getGesture().getVelocity()).isEqualTo(Keypad.velocity(5));
    }
  }

  @Test
  void anUnknownCodeCannotJoin() {
    PlayCommand keys = new PlayCommand(() -> new ByteArrayInputStream(new byte[0]));
    int status =
        new CommandLine(keys)
            .setErr(new PrintWriter(err, true))
            .setOut(new PrintWriter(out, true))
            .execute("--port", Integer.toString(server.tcpPort()), "--code", "nope");
    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).startsWith("could not join: ");
  }

  @Test
  void theMidiDevicesAreListedWithoutJoining() {
    int status =
        new CommandLine(new PlayCommand())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute("--list-midi-devices");
    assertThat(status).as(err.toString()).isZero();
    // The JDK's own sequencer is a MIDI device on every machine.
    assertThat(out.toString()).contains("Real Time Sequencer").contains("[in]");
  }

  @Test
  void aMidiInputThatIsNotThereIsRefusedByName() {
    PlayCommand keys = new PlayCommand(() -> new ByteArrayInputStream(new byte[0]));
    int status = play(keys, "--midi-in", "no such keyboard");
    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .contains("MIDI: no MIDI input device is named like \"no such keyboard\"; there are: ");
  }

  @Test
  void theCodeIsRequired() {
    assertThat(new CommandLine(new PlayCommand()).setErr(new PrintWriter(err, true)).execute())
        .isEqualTo(2);
    assertThat(err.toString()).contains("--code");
  }
}
