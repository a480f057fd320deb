// Single-switch auto-scanning: the focus steps through the pads on its own, one every interval,
// and the one switch (which sends Space or Enter, like most switch interfaces) plays the pad in
// focus. Pressing the switch restarts the interval, so the player can play the same pad again.

export class SwitchScan {
  constructor(targets) {
    this.targets = targets;
    this.timer = null;
    this.index = -1;
    this.interval = 1500;
    this.onKey = (event) => {
      if (event.key === ' ' || event.key === 'Enter') this.restart();
    };
  }

  get on() {
    return this.timer !== null;
  }

  toggle(interval) {
    if (this.on) this.stop();
    else this.start(interval);
  }

  start(interval) {
    this.stop();
    this.interval = interval;
    document.addEventListener('keydown', this.onKey);
    this.step();
    this.timer = setInterval(() => this.step(), this.interval);
  }

  restart() {
    clearInterval(this.timer);
    this.timer = setInterval(() => this.step(), this.interval);
  }

  stop() {
    clearInterval(this.timer);
    this.timer = null;
    document.removeEventListener('keydown', this.onKey);
    for (const t of this.targets()) t.classList.remove('scanned');
  }

  step() {
    const targets = this.targets();
    if (targets.length === 0) return;
    targets.forEach((t) => t.classList.remove('scanned'));
    this.index = (this.index + 1) % targets.length;
    const target = targets[this.index];
    target.classList.add('scanned');
    target.focus();
  }
}
