// What a page tells the person in front of it: the connection's status line (#status) and the
// answer to the last thing they did (#message), each styled by its kind ("good", "bad", "done",
// "refused").

/** Sets the page's status line. */
export function setStatus(text, kind) {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = 'status ' + (kind || '');
}

/** Shows the answer to what the person just did. */
export function showMessage(text, kind) {
  const message = document.getElementById('message');
  message.textContent = text;
  message.className = 'message ' + (kind || '');
}
