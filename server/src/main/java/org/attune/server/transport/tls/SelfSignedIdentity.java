package org.attune.server.transport.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A key pair and a self-signed certificate for {@code localhost}, {@code 127.0.0.1}, {@code ::1}
 * and any further names given, made in memory at start: for trying TLS locally, never for a clinic
 * (no client trusts it unless told to, with the PEM this class writes).
 *
 * <p>The JDK has no public API that makes a certificate ({@code keytool}'s generator is in {@code
 * sun.security}, closed to applications since JDK 16), and Netty's {@code SelfSignedCertificate}
 * uses Bouncy Castle too, writes its files to the temporary directory and makes RSA keys; so this
 * uses Bouncy Castle's certificate builder directly, with an EC P-256 key (made in milliseconds,
 * spoken by every TLS 1.2 and 1.3 client). The JDK's own provider does the key generation and
 * signing; Bouncy Castle only encodes the certificate.
 *
 * <p>Immutable; thread-safe.
 */
public final class SelfSignedIdentity {

  /** How long the certificate is valid; a server runs for days at most with one. */
  static final Duration VALIDITY = Duration.ofDays(30);

  private final PrivateKey key;
  private final X509Certificate certificate;

  private SelfSignedIdentity(PrivateKey key, X509Certificate certificate) {
    this.key = key;
    this.certificate = certificate;
  }

  /** A new key and certificate for the loopback names plus {@code extraDnsNames}. */
  public static SelfSignedIdentity generate(List<String> extraDnsNames) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=localhost, O=Attune self-signed (testing only)");
      GeneralName[] names = new GeneralName[3 + extraDnsNames.size()];
      names[0] = new GeneralName(GeneralName.dNSName, "localhost");
      names[1] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
      names[2] = new GeneralName(GeneralName.iPAddress, "::1");
      for (int i = 0; i < extraDnsNames.size(); i++) {
        names[3 + i] = new GeneralName(GeneralName.dNSName, extraDnsNames.get(i));
      }
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  subject,
                  new BigInteger(127, new SecureRandom()),
                  Date.from(now.minus(Duration.ofMinutes(5))),
                  Date.from(now.plus(VALIDITY)),
                  subject,
                  pair.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
      ContentSigner signer =
          new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
      X509Certificate certificate =
          new JcaX509CertificateConverter().getCertificate(builder.build(signer));
      certificate.verify(pair.getPublic());
      return new SelfSignedIdentity(pair.getPrivate(), certificate);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot make a self-signed certificate: " + e, e);
    }
  }

  public PrivateKey key() {
    return key;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate as PEM, for a client's trust file ({@code attune play --trust FILE}). */
  public String certificatePem() {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(certificate);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }
}
