package org.attune.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.attune.protocol.v1.Gesture;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Hit;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.Welcome;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.attune.server.transport.tls.TlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client library over TLS against a real server with a self-signed certificate on 127.0.0.1:
 * members join, play and hear each other (the connection moves onto its group's loop with TLS in
 * its pipeline), and a client refuses a server it was not told to trust.
 */
class AttuneClientTlsTest {

  private static final long TIMEOUT_SECONDS = 10;

  @TempDir Path dir;

  private AttuneServer server;
  private Group group;
  private Path trust;
  private final List<AttuneClient> clients = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts().withTls(TlsConfig.selfSigned()));
    group = server.groups().create("tls client tests");
    trust = dir.resolve("server.pem");
    Files.writeString(trust, server.tls().orElseThrow().selfSignedPem().orElseThrow());
  }

  @AfterEach
  void stopAll() {
    clients.forEach(AttuneClient::close);
    server.close();
  }

  private AttuneClient connect(String host, ClientTls tls) throws IOException {
    AttuneClient client =
        AttuneClient.connect(
            host, server.tcpPort(), server.udpPort(), ClientOptions.defaults().withTls(tls));
    clients.add(client);
    return client;
  }

  @Test
  void membersJoinPlayAndHearEachOtherOverTls() throws Exception {
    AttuneClient drummer = connect("localhost", ClientTls.trusting(trust));
    AttuneClient listener = connect("127.0.0.1", ClientTls.trusting(trust));
    BlockingQueue<GestureEvent> heard = new LinkedBlockingQueue<>();
    listener.addListener(
        new ClientListener() {
          @Override
          public void onGesture(GestureEvent gesture) {
            heard.add(gesture);
          }
        });

    Welcome welcome =
        drummer
            .join(group.joinCode(), "Robin", "djembe", Role.PARTICIPANT, null)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    listener
        .join(group.joinCode(), "Sam", "ears", Role.LISTENER, null)
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    drummer.sendGesture(
        Gesture.newBuilder().setHit(Hit.newBuilder().setInstrument(38)).setVelocity(0.8f).build());
    GestureEvent event = heard.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    assertThat(welcome.getParticipantId()).isNotEmpty();
    assertThat(event).as("the listener hears the hit within %d s", TIMEOUT_SECONDS).isNotNull();
    assertThat(event.getParticipantId()).isEqualTo(drummer.participantId());
    assertThat(event.getGesture().getHit().getInstrument()).isEqualTo(38);
    assertThat(drummer.awaitClockSync(3).get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isNotNull();
    assertThat(server.tcpTlsStats().completed.sum()).isEqualTo(2);
  }

  @Test
  void aServerOutsideTheSystemTrustStoreIsRefusedWithAClearError() {
    assertThatThrownBy(() -> connect("127.0.0.1", ClientTls.systemTrust()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("TLS handshake with 127.0.0.1:" + server.tcpPort() + " failed");
    assertThat(group.roster().getMembersList()).isEmpty();
  }

  @Test
  void aCertificateThatDoesNotNameTheHostIsRefused() throws Exception {
    Path cert = dir.resolve("other.pem");
    Path key = dir.resolve("other-key.pem");
    Process req =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=other.example",
                "-addext",
                "subjectAltName=DNS:other.example",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    String made = new String(req.getInputStream().readAllBytes());
    assertThat(req.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(req.exitValue()).as(made).isZero();
    server.close();
    server = AttuneServer.start(ServerConfig.onFreePorts().withTls(TlsConfig.pem(cert, key)));

    assertThatThrownBy(() -> connect("127.0.0.1", ClientTls.trusting(cert)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("TLS handshake with 127.0.0.1:" + server.tcpPort() + " failed");
  }

  @Test
  void aMissingTrustFileIsAClearError() {
    Path missing = dir.resolve("missing.pem");

    assertThatThrownBy(() -> connect("127.0.0.1", ClientTls.trusting(missing)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the trust file " + missing + " does not exist");
  }

  @Test
  void aPlaintextClientAgainstTheTlsPortFailsItsJoinAndTheServerCarriesOn() throws Exception {
    AttuneClient plain = connect("127.0.0.1", ClientTls.off());
    assertThatThrownBy(
            () ->
                plain
                    .join(group.joinCode(), "Plain", "pads", Role.PARTICIPANT, null)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        .isNotNull();

    AttuneClient good = connect("127.0.0.1", ClientTls.trusting(trust));
    good.join(group.joinCode(), "Robin", "pads", Role.PARTICIPANT, null)
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(group.roster().getMembersList()).hasSize(1);
  }
}
