/**
 * TLS for the member TCP port and the HTTP port (HTTPS pages, WSS members): the JDK's {@code
 * SSLEngine} through Netty's {@code SslHandler}, first in each pipeline, in front of the plaintext
 * pipeline that the transport's own initializer builds ({@link TlsInitializer}). The certificate
 * and key come from PEM files ({@link TlsConfig#pem}) or are made at start for local testing
 * ({@link SelfSignedIdentity}). A client that does not speak TLS, or fails the handshake, is closed
 * and counted ({@link TlsStats}); the server and every other connection carry on.
 */
package org.attune.server.transport.tls;
