package org.attune.deploy;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.attune.client.AttuneClient;
import org.attune.client.ClientListener;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.RecordingState;
import org.attune.protocol.v1.Role;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;

/**
 * A member on the protobuf TCP transport, through the Java client library, that keeps what it hears
 * (gestures, structure changes as they fire) for a test to wait on.
 */
final class TcpMember implements AutoCloseable {

  final AttuneClient client;
  private final BlockingQueue<GestureEvent> gestures = new LinkedBlockingQueue<>();
  private final BlockingQueue<StructureChange> fired = new LinkedBlockingQueue<>();
  private final BlockingQueue<RecordingState> recordings = new LinkedBlockingQueue<>();

  private TcpMember(AttuneClient client) {
    this.client = client;
    client.addListener(
        new ClientListener() {
          @Override
          public void onGesture(GestureEvent gesture) {
            gestures.add(gesture);
          }

          @Override
          public void onRecording(RecordingState state) {
            recordings.add(state);
          }

          @Override
          public void onStructureChangeFired(StructureChange change, long firedLocalNanos) {
            fired.add(change);
          }
        });
  }

  static TcpMember connect(ServerContainer server) throws Exception {
    return new TcpMember(AttuneClient.connect("127.0.0.1", server.port));
  }

  Welcome join(String code, String name, Role role, String key) throws Exception {
    return client.join(code, name, "container-test", role, key).get(10, TimeUnit.SECONDS);
  }

  Welcome resume(String token) throws Exception {
    return client.resume(token).get(10, TimeUnit.SECONDS);
  }

  /** The next gesture from someone else, within 10 s. */
  GestureEvent nextGesture() throws InterruptedException {
    GestureEvent g = gestures.poll(10, TimeUnit.SECONDS);
    if (g == null) {
      throw new AssertionError("no gesture relayed within 10 s");
    }
    return g;
  }

  /** The next structure change to fire here, within 15 s. */
  StructureChange nextFired() throws InterruptedException {
    StructureChange c = fired.poll(15, TimeUnit.SECONDS);
    if (c == null) {
      throw new AssertionError("no structure change fired within 15 s");
    }
    return c;
  }

  /** The next recording state that {@code recording} matches, within 15 s (facilitators only). */
  RecordingState nextRecording(boolean recording) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      RecordingState state = recordings.poll(100, TimeUnit.MILLISECONDS);
      if (state != null && state.getRecording() == recording) {
        return state;
      }
    }
    throw new AssertionError("no recording state with recording=" + recording + " within 15 s");
  }

  @Override
  public void close() {
    client.close();
  }
}
