package org.attune.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.attune.protocol.v1.Error;
import org.attune.protocol.v1.GestureEvent;
import org.attune.protocol.v1.Meters;
import org.attune.protocol.v1.MixerState;
import org.attune.protocol.v1.Observations;
import org.attune.protocol.v1.Roster;
import org.attune.protocol.v1.Snapshot;
import org.attune.protocol.v1.StructureChange;
import org.attune.protocol.v1.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered listeners, called as one; a listener that throws is logged and the others still
 * hear the event.
 *
 * <p>Thread-safe: add and remove from any thread; the callbacks are made on whichever thread calls
 * them (the client calls them on its timeline thread only).
 */
final class ListenerSet implements ClientListener {

  private static final Logger log = LoggerFactory.getLogger(ListenerSet.class);

  private final List<ClientListener> listeners = new CopyOnWriteArrayList<>();

  void add(ClientListener listener) {
    listeners.add(listener);
  }

  void remove(ClientListener listener) {
    listeners.remove(listener);
  }

  private void each(Consumer<ClientListener> call) {
    for (ClientListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        log.warn("a client listener failed", e);
      }
    }
  }

  @Override
  public void onWelcome(Welcome welcome) {
    each(l -> l.onWelcome(welcome));
  }

  @Override
  public void onStructureChangeReceived(StructureChange change, long receivedLocalNanos) {
    each(l -> l.onStructureChangeReceived(change, receivedLocalNanos));
  }

  @Override
  public void onStructureChangeFired(StructureChange change, long firedLocalNanos) {
    each(l -> l.onStructureChangeFired(change, firedLocalNanos));
  }

  @Override
  public void onGesture(GestureEvent gesture) {
    each(l -> l.onGesture(gesture));
  }

  @Override
  public void onRoster(Roster roster) {
    each(l -> l.onRoster(roster));
  }

  @Override
  public void onMixerState(MixerState state) {
    each(l -> l.onMixerState(state));
  }

  @Override
  public void onMeters(Meters meters) {
    each(l -> l.onMeters(meters));
  }

  @Override
  public void onObservations(Observations observations) {
    each(l -> l.onObservations(observations));
  }

  @Override
  public void onRecording(org.attune.protocol.v1.RecordingState state) {
    each(l -> l.onRecording(state));
  }

  @Override
  public void onSessionEnded(org.attune.protocol.v1.SessionEnded ended) {
    each(l -> l.onSessionEnded(ended));
  }

  @Override
  public void onSnapshot(Snapshot snapshot) {
    each(l -> l.onSnapshot(snapshot));
  }

  @Override
  public void onError(Error error) {
    each(l -> l.onError(error));
  }

  @Override
  public void onDisconnected() {
    each(ClientListener::onDisconnected);
  }
}
