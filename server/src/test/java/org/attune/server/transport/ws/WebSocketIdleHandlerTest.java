package org.attune.server.transport.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The idle detector sits first in a member's pipeline, in front of the WebSocket frame encoder, as
 * in the server: its ping must still go out as a WebSocket ping frame on the wire (opcode 0x9), not
 * as an object the socket cannot write.
 */
class WebSocketIdleHandlerTest {

  @Test
  void aQuietConnectionIsSentAPingFrameThroughTheEncoder() throws Exception {
    EmbeddedChannel channel =
        new EmbeddedChannel(
            new WebSocketIdleHandler(10_000, 50, TimeUnit.MILLISECONDS),
            new WebSocket13FrameEncoder(false));
    Thread.sleep(120);
    channel.runScheduledPendingTasks();
    Object written = channel.readOutbound();
    assertThat(written).as("what reached the socket").isInstanceOf(ByteBuf.class);
    ByteBuf frame = (ByteBuf) written;
    assertThat(frame.getUnsignedByte(0)).as("FIN and the ping opcode").isEqualTo((short) 0x89);
    frame.release();
    channel.finishAndReleaseAll();
  }
}
