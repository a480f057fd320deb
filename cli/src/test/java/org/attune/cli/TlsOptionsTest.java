package org.attune.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.client.ClientOptions;
import org.attune.client.ClientTls;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Role;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.attune.server.transport.tls.TlsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The TLS options of {@code serve} and {@code play}, against real servers on 127.0.0.1. */
class TlsOptionsTest {

  @TempDir Path dir;

  @Test
  void serveWithASelfSignedCertificateWritesItsPemForClients() throws Exception {
    int exit =
        new CommandLine(new ServeCommand())
            .execute(
                "--host",
                "127.0.0.1",
                "--port",
                "0",
                "--http-port",
                "0",
                "--osc-port",
                "-1",
                "--tls-self-signed",
                "--no-sound",
                "--warm-up-ms",
                "0",
                "--duration",
                "0",
                "--data-dir",
                dir.toString());

    assertThat(exit).isZero();
    List<Path> pems;
    try (Stream<Path> files = Files.list(dir)) {
      pems = files.filter(f -> f.getFileName().toString().startsWith("tls-self-signed-")).toList();
    }
    assertThat(pems).hasSize(1);
    try (var in = Files.newInputStream(pems.get(0))) {
      assertThat(CertificateFactory.getInstance("X.509").generateCertificate(in)).isNotNull();
    }
  }

  @Test
  void serveRefusesACertificateWithoutItsKey() {
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(new ServeCommand());
    line.setErr(new PrintWriter(err, true));

    int exit =
        line.execute(
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--tls-cert",
            dir.resolve("c.pem").toString(),
            "--duration",
            "0",
            "--no-journal");

    assertThat(exit).isNotZero();
    assertThat(err.toString()).contains("TLS needs both --tls-cert and --tls-key");
  }

  @Test
  void playWithATrustFileJoinsATlsServerAndIsHeard() throws Exception {
    AttuneServer server =
        AttuneServer.start(ServerConfig.onFreePorts().withTls(TlsConfig.selfSigned()));
    Path trust = dir.resolve("server.pem");
    Files.writeString(trust, server.tls().orElseThrow().selfSignedPem().orElseThrow());
    Group group = server.groups().create("tls play");
    BlockingQueue<GestureEvent> heard = new LinkedBlockingQueue<>();
    try (AttuneClient ear =
        AttuneClient.connect(
            "127.0.0.1",
            server.tcpPort(),
            ClientOptions.defaults().withTls(ClientTls.trusting(trust)))) {
      ear.addListener(
          new ClientListener() {
            @Override
            public void onGesture(GestureEvent gesture) {
              heard.add(gesture);
            }
          });
      ear.join(group.joinCode(), "Ear", "", Role.LISTENER, null).get(10, TimeUnit.SECONDS);
      PlayCommand keys = new PlayCommand(() -> new ByteArrayInputStream("3x".getBytes()));
      CommandLine line = new CommandLine(keys);
      StringWriter err = new StringWriter();
      line.setErr(new PrintWriter(err, true));

      int exit =
          line.execute(
              "--port",
              Integer.toString(server.tcpPort()),
              "--code",
              group.joinCode(),
              "--name",
              "Keys",
              "--trust",
              trust.toString());

      assertThat(exit).as(err.toString()).isZero();
      GestureEvent event = heard.poll(10, TimeUnit.SECONDS);
      assertThat(event).as("the pad is heard within 10 s").isNotNull();
      assertThat(event.getGesture().getPad().getDegree()).isEqualTo(3);
    } finally {
      server.close();
    }
  }
}
