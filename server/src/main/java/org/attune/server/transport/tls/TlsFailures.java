package org.attune.server.transport.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right behind the {@code SslHandler}: counts each handshake's outcome and closes a connection
 * whose handshake failed or whose bytes are not TLS (a plaintext client on the TLS port), without
 * passing the exception on, so that the member handler does not log a stack trace for what is a
 * client's mistake. The connection is closed; nothing else is touched.
 *
 * <p>Not sharable: one for each connection, on its loop.
 */
final class TlsFailures extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(TlsFailures.class);

  private final TlsStats stats;

  TlsFailures(TlsStats stats) {
    this.stats = stats;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof SslHandshakeCompletionEvent handshake) {
      if (handshake.isSuccess()) {
        stats.completed.increment();
      } else {
        stats.failed.increment();
        log.debug(
            "TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), handshake.cause());
        ctx.close();
      }
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (isTlsFailure(cause)) {
      log.debug("TLS error from {}: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
      return;
    }
    ctx.fireExceptionCaught(cause);
  }

  private static boolean isTlsFailure(Throwable cause) {
    Throwable t =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    return t instanceof NotSslRecordException || t instanceof SSLException;
  }
}
