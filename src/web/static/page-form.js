// What the encrypted booth and the officers' encrypted paper-vote desk both do in the page: build small
// elements, find which button was pressed, post a form of their own (so only the fields named are sent,
// never the rank boxes or a credential), and set up each form they are given once the page has loaded.

/** Random bytes for an encryption, from the browser's own generator. */
export const random = (n) => crypto.getRandomValues(new Uint8Array(n));

/** An element holding text (never markup). */
export function el(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

/** The `data-act` of the button a click landed in, if any. */
export function actOf(event) {
  return event.target.closest('button[data-act]')?.dataset.act;
}

/** Posts a hidden form of its own to `action`, holding these [name, value] fields and nothing else. */
export function postOnly(action, fields) {
  const post = document.createElement('form');
  post.method = 'post';
  post.action = action;
  post.hidden = true;
  for (const [name, value] of fields) {
    const field = document.createElement('input');
    field.type = 'hidden';
    field.name = name;
    field.value = value;
    post.append(field);
  }
  document.body.append(post);
  post.submit();
}

/** Sets up each element `selector` finds; in Node (a test importing the module) there is no page. */
export function setUpEach(selector, setUp) {
  if (typeof document === 'undefined') return;
  for (const node of document.querySelectorAll(selector)) setUp(node);
}
