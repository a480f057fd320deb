package org.attune.server.transport.tls;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslHandler;
import org.attune.server.transport.ChannelMove;

/**
 * Puts TLS in front of a plaintext pipeline: the {@code SslHandler} (named {@link ChannelMove#TLS})
 * and {@link TlsFailures} first, then whatever {@code plaintext} (the transport's own initializer,
 * unchanged) builds behind them. Everything behind sees decrypted bytes, as it would without TLS;
 * the WebSocket handshake sees the {@code SslHandler} and so answers as {@code wss}.
 *
 * <p>Thread-safe ({@code @Sharable} as every {@link ChannelInitializer}): one for a port.
 */
public final class TlsInitializer extends ChannelInitializer<SocketChannel> {

  /** How long a client has to finish the handshake before it is closed. */
  static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

  private final ServerTls tls;
  private final TlsStats stats;
  private final ChannelInitializer<SocketChannel> plaintext;

  public TlsInitializer(
      ServerTls tls, TlsStats stats, ChannelInitializer<SocketChannel> plaintext) {
    this.tls = tls;
    this.stats = stats;
    this.plaintext = plaintext;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    SslHandler ssl = tls.context().newHandler(ch.alloc());
    ssl.setHandshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS);
    ChannelPipeline p = ch.pipeline();
    p.addLast(ChannelMove.TLS, ssl);
    p.addLast("tlsFailures", new TlsFailures(stats));
    p.addLast(plaintext);
  }
}
