package org.attune.server.transport.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.attune.protocol.v1.ClientMessage;
import org.attune.protocol.v1.Join;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.ServerMessage;
import org.attune.server.AttuneServer;
import org.attune.server.ServerConfig;
import org.attune.server.group.Group;
import org.attune.server.transport.ws.WireFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server with TLS on, on 127.0.0.1, against independent TLS clients: OpenSSL's {@code s_client}
 * on the TCP port, the JDK's {@code HttpClient} for HTTPS and WSS, and a plaintext client that the
 * TLS port must refuse without harm to anyone else.
 */
class TlsOverSocketsTest {

  private static final long TIMEOUT_SECONDS = 20;

  @TempDir Path dir;

  private AttuneServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private Path startSelfSigned() throws Exception {
    server = AttuneServer.start(ServerConfig.onFreePorts().withTls(TlsConfig.selfSigned()));
    Path pem = dir.resolve("trust.pem");
    Files.writeString(pem, server.tls().orElseThrow().selfSignedPem().orElseThrow());
    return pem;
  }

  /** Runs {@code openssl s_client} to the TCP port with stdin closed; returns its output. */
  private static OpenSsl sClient(int port, Path trust) throws Exception {
    Process p =
        new ProcessBuilder(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-servername",
                "localhost",
                "-verify_hostname",
                "localhost",
                "-CAfile",
                trust.toString(),
                "-verify_return_error")
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("s_client ended").isTrue();
    return new OpenSsl(p.exitValue(), new String(p.getInputStream().readAllBytes()));
  }

  private record OpenSsl(int exit, String output) {}

  @Test
  void opensslCompletesAVerifiedHandshakeOnTheTcpPort() throws Exception {
    Path trust = startSelfSigned();

    OpenSsl run = sClient(server.tcpPort(), trust);

    assertThat(run.output()).contains("Verify return code: 0 (ok)");
    assertThat(run.output()).containsPattern("New, TLSv1\\.[23]");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(server.tcpTlsStats().completed.sum()).isEqualTo(1);
  }

  @Test
  void opensslRefusesTheCertificateWithoutTheTrustFile() throws Exception {
    startSelfSigned();
    Path other = dir.resolve("other.pem");
    Files.writeString(other, SelfSignedIdentity.generate(List.of()).certificatePem());

    OpenSsl run = sClient(server.tcpPort(), other);

    assertThat(run.exit()).as(run.output()).isNotZero();
    assertThat(run.output()).doesNotContain("Verify return code: 0 (ok)");
  }

  @Test
  void aPlaintextClientOnTheTlsPortIsClosedAndTheServerCarriesOn() throws Exception {
    Path trust = startSelfSigned();
    Group group = server.groups().create("tls");

    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress("127.0.0.1", server.tcpPort()));
      plain.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
      ClientMessage.newBuilder()
          .setRequestId(1)
          .setJoin(
              Join.newBuilder()
                  .setGroupCode(group.joinCode())
                  .setName("Plain")
                  .setRole(Role.PARTICIPANT))
          .build()
          .writeDelimitedTo(plain.getOutputStream());
      plain.getOutputStream().flush();
      InputStream in = plain.getInputStream();
      int read;
      try {
        read = in.read();
      } catch (IOException reset) {
        read = -1;
      }
      assertThat(read).as("the server closes the connection, sending nothing").isEqualTo(-1);
    }

    assertThat(group.roster().getMembersList()).isEmpty();
    await(() -> server.tcpTlsStats().failed.sum() == 1);
    assertThat(sClient(server.tcpPort(), trust).output()).contains("Verify return code: 0 (ok)");
    assertThat(server.tcpTlsStats().completed.sum()).isEqualTo(1);
  }

  @Test
  void httpsServesHealthAndAWssMemberJoinsAndIsWelcomed() throws Exception {
    Path trust = startSelfSigned();
    Group group = server.groups().create("wss");
    HttpClient http =
        HttpClient.newBuilder()
            .sslContext(trusting(trust))
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .build();
    String authority = "127.0.0.1:" + server.httpPort();

    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create("https://" + authority + "/healthz"))
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    HttpResponse<String> play =
        http.send(
            HttpRequest.newBuilder(URI.create("https://" + authority + "/play"))
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(play.statusCode()).isEqualTo(200);
    assertThat(play.body()).containsIgnoringCase("<html");
    HttpResponse<String> qr =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("https://" + authority + "/qr?code=" + group.joinCode()))
                .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(qr.headers().firstValue("X-Join-Link"))
        .hasValue("https://" + authority + "/play?code=" + group.joinCode());

    BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    WebSocket ws =
        http.newWebSocketBuilder()
            .subprotocols(WireFormat.JSON_SUBPROTOCOL)
            .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
            .buildAsync(URI.create("wss://" + authority + "/ws"), new TextCollector(texts))
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(ws.getSubprotocol()).isEqualTo(WireFormat.JSON_SUBPROTOCOL);
    ws.sendText(
            JsonFormat.printer()
                .print(
                    ClientMessage.newBuilder()
                        .setRequestId(1)
                        .setJoin(
                            Join.newBuilder()
                                .setGroupCode(group.joinCode())
                                .setName("Robin")
                                .setInstrument("marimba")
                                .setRole(Role.PARTICIPANT))
                        .build()),
            true)
        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

    ServerMessage welcome = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (welcome == null && System.nanoTime() < deadline) {
      String text = texts.poll(1, TimeUnit.SECONDS);
      if (text != null) {
        ServerMessage.Builder m = ServerMessage.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(text, m);
        if (m.hasWelcome()) {
          welcome = m.build();
        }
      }
    }
    assertThat(welcome).as("a Welcome over WSS").isNotNull();
    assertThat(welcome.getWelcome().getSnapshot().getRoster().getMembersList())
        .anySatisfy(member -> assertThat(member.getName()).isEqualTo("Robin"));
    assertThat(group.roster().getMembersList()).hasSize(1);
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(server.httpTlsStats().completed.sum()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void pemFilesMadeByOpensslAreServedOnTheTcpPort() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process req =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    String made = new String(req.getInputStream().readAllBytes());
    assertThat(req.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    assertThat(req.exitValue()).as(made).isZero();

    server = AttuneServer.start(ServerConfig.onFreePorts().withTls(TlsConfig.pem(cert, key)));

    assertThat(server.tls().orElseThrow().selfSignedPem()).isEmpty();
    assertThat(sClient(server.tcpPort(), cert).output()).contains("Verify return code: 0 (ok)");
  }

  @Test
  void aMissingOrWrongFileIsAClearErrorBeforeAnyPortOpens() throws Exception {
    Path missing = dir.resolve("missing.pem");
    Path notPem = dir.resolve("not.pem");
    Files.writeString(notPem, "not a certificate\n");
    SelfSignedIdentity one = SelfSignedIdentity.generate(List.of());
    Path cert = dir.resolve("cert.pem");
    Files.writeString(cert, one.certificatePem());

    assertThatThrownBy(() -> ServerTls.load(TlsConfig.pem(missing, missing), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the TLS certificate file " + missing + " does not exist");
    assertThatThrownBy(() -> ServerTls.load(TlsConfig.pem(notPem, notPem), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(notPem.toString());
    assertThatThrownBy(() -> ServerTls.load(TlsConfig.pem(cert, notPem), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the TLS key " + notPem);
  }

  @Test
  void theSelfSignedCertificateNamesTheLoopbackAddresses() throws Exception {
    SelfSignedIdentity identity = SelfSignedIdentity.generate(List.of("attune.example"));
    X509Certificate parsed =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        identity.certificatePem().getBytes(StandardCharsets.US_ASCII)));

    assertThat(parsed.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .contains("localhost", "127.0.0.1", "attune.example");
    assertThat(parsed.getBasicConstraints()).isEqualTo(-1);
  }

  private static SSLContext trusting(Path pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(pem)) {
      store.setCertificateEntry(
          "attune", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within the time limit").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /** Collects whole text messages. */
  private static final class TextCollector implements WebSocket.Listener {
    private final BlockingQueue<String> texts;
    private final StringBuilder partial = new StringBuilder();

    TextCollector(BlockingQueue<String> texts) {
      this.texts = texts;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        texts.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }
  }
}
