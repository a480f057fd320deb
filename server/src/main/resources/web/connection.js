// One member's WebSocket to the server, in the proto3 JSON subprotocol (attune.v1.json): send
// ClientMessages, hear ServerMessages by kind, await the answer to a request. Also the clock sync:
// NTP-style pings over the socket, offset from the lowest-RTT sample of a sliding window.
// The server, not this page, decides what this member may do: refusals arrive as Error.

/** Local monotonic time in microseconds (performance.now, not the wall clock). */
export function localMicros() {
  return Math.round(performance.now() * 1000);
}

/** int64 fields arrive as strings in proto3 JSON; absent fields are zero. */
export function num(value) {
  return value === undefined || value === null ? 0 : Number(value);
}

export class Connection {
  constructor(url = defaultUrl()) {
    this.url = url;
    this.listeners = new Map();
    this.pending = new Map();
    this.nextRequestId = 1;
    this.clock = new ClockSync(this);
    this.socket = null;
    this.sessionToken = null;
    this.retryMillis = 1000;
    this.on('welcome', (welcome) => {
      this.sessionToken = welcome.sessionToken || this.sessionToken;
      this.retryMillis = 1000;
    });
  }

  /** Opens the socket; resolves once it is open. */
  open() {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(this.url, 'attune.v1.json');
      this.socket = socket;
      socket.onopen = () => {
        this.clock.start();
        resolve();
      };
      socket.onerror = () => reject(new Error('Could not reach the server.'));
      socket.onclose = (event) => {
        if (this.socket !== socket) return;
        this.clock.stop();
        this.emit('closed', { code: event.code, reason: event.reason });
        for (const { reject: fail } of this.pending.values()) {
          fail(new Error('The connection closed.'));
        }
        this.pending.clear();
        if (this.sessionToken) this.scheduleResume();
      };
      socket.onmessage = (event) => this.receive(event.data);
    });
  }

  /**
   * After a dropped connection, a member that was welcomed comes back as itself: reconnect with
   * a growing pause (1 s, doubling up to 10 s) and Resume with the session token; 'resumed' is
   * emitted with the new Welcome (its snapshot holds everything missed).
   */
  scheduleResume() {
    const wait = this.retryMillis;
    this.retryMillis = Math.min(10000, this.retryMillis * 2);
    this.emit('resuming', { inMillis: wait });
    setTimeout(async () => {
      try {
        await this.open();
        const welcome = await new Promise((resolve, reject) => {
          this.pending.set('welcome', { resolve, reject });
          const id = this.send({ resume: { sessionToken: this.sessionToken } });
          this.pending.set(id, { resolve, reject });
        });
        this.emit('resumed', welcome);
      } catch (e) {
        if (e.code === 'UNKNOWN_SESSION') {
          this.sessionToken = null;
          this.emit('ended', { reason: e.message });
        }
        // Otherwise the socket's close schedules the next try.
      }
    }, wait);
  }

  get isOpen() {
    return this.socket !== null && this.socket.readyState === WebSocket.OPEN;
  }

  /** Listens for one kind of ServerMessage body ('welcome', 'gesture', 'error', ...). */
  on(kind, listener) {
    if (!this.listeners.has(kind)) {
      this.listeners.set(kind, []);
    }
    this.listeners.get(kind).push(listener);
  }

  emit(kind, body) {
    for (const listener of this.listeners.get(kind) || []) {
      listener(body);
    }
  }

  receive(text) {
    let message;
    try {
      message = JSON.parse(text);
    } catch (e) {
      return;
    }
    for (const [kind, body] of Object.entries(message)) {
      this.settle(kind, body);
      this.emit(kind, body);
    }
  }

  /** Resolves or rejects the request a message answers (Accepted, Error, Welcome). */
  settle(kind, body) {
    if (kind === 'accepted' || kind === 'error') {
      const id = num(body.requestId);
      const waiting = this.pending.get(id);
      if (waiting) {
        this.pending.delete(id);
        if (kind === 'accepted') {
          waiting.resolve(body);
        } else {
          waiting.reject(Object.assign(new Error(body.message || 'Refused.'), { code: body.code }));
        }
      }
    } else if (kind === 'welcome' && this.pending.has('welcome')) {
      this.pending.get('welcome').resolve(body);
      this.pending.delete('welcome');
    }
  }

  /** Sends one ClientMessage body, e.g. {gesture: {...}}; returns its request id. */
  send(body) {
    const requestId = this.nextRequestId++;
    if (this.isOpen) {
      this.socket.send(JSON.stringify(Object.assign({ requestId: String(requestId) }, body)));
    }
    return requestId;
  }

  /** Sends a request and resolves with its Accepted, or rejects with the server's Error. */
  request(body) {
    return new Promise((resolve, reject) => {
      const id = this.send(body);
      this.pending.set(id, { resolve, reject });
    });
  }

  /** Joins a group: resolves with the Welcome, rejects with the server's words. */
  join(join) {
    return new Promise((resolve, reject) => {
      this.pending.set('welcome', { resolve, reject });
      const id = this.send({ join });
      this.pending.set(id, {
        resolve,
        reject: (e) => {
          this.pending.delete('welcome');
          reject(e);
        },
      });
    });
  }
}

function defaultUrl() {
  return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
}

/**
 * Estimates serverMicros - localMicros from clock pings: each sample's offset is
 * ((t1 - t0) + (t2 - t3)) / 2 and its uncertainty the round trip; the estimate is the offset of
 * the lowest-RTT sample among the last WINDOW ones (NTP's clock filter, simplified).
 */
export class ClockSync {
  static WINDOW = 16;

  constructor(connection) {
    this.connection = connection;
    this.samples = [];
    this.offsetMicros = null;
    this.rttMicros = null;
    this.timer = null;
    this.sent = 0;
    this.lastRtt = 0;
    connection.on('clockPong', (pong) => this.onPong(pong));
  }

  start() {
    const tick = () => {
      this.ping();
      // Quickly at first, to be in sync within a second; then once a second.
      this.timer = setTimeout(tick, this.sent < 10 ? 100 : 1000);
    };
    tick();
  }

  stop() {
    clearTimeout(this.timer);
  }

  ping() {
    this.sent++;
    this.connection.send({
      clockPing: { clientSendMicros: String(localMicros()), lastRttMicros: this.lastRtt },
    });
  }

  onPong(pong) {
    const t3 = localMicros();
    const t0 = num(pong.clientSendMicros);
    const t1 = num(pong.serverReceiveMicros);
    const t2 = num(pong.serverSendMicros);
    const rtt = (t3 - t0) - (t2 - t1);
    this.lastRtt = Math.max(1, Math.round(rtt));
    this.samples.push({ offset: ((t1 - t0) + (t2 - t3)) / 2, rtt });
    if (this.samples.length > ClockSync.WINDOW) {
      this.samples.shift();
    }
    const best = this.samples.reduce((a, b) => (b.rtt < a.rtt ? b : a));
    this.offsetMicros = best.offset;
    this.rttMicros = best.rtt;
  }

  get synced() {
    return this.samples.length >= 3;
  }

  /** The server's time now, by this estimate. */
  serverNowMicros() {
    return localMicros() + (this.offsetMicros || 0);
  }

  /** performance.now() milliseconds at which the server's clock reads serverMicros. */
  localMillisAt(serverMicros) {
    return (serverMicros - (this.offsetMicros || 0)) / 1000;
  }
}
