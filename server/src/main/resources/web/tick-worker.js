// The look-ahead scheduler's timer ("A Tale of Two Clocks"): a worker's setInterval keeps
// ticking while the page's own timers are throttled (a background tab), and the page schedules
// audio ahead on every tick.
let timer = null;
onmessage = (event) => {
  clearInterval(timer);
  if (event.data && event.data.interval) {
    timer = setInterval(() => postMessage('tick'), event.data.interval);
  }
};
