// Small DOM helpers; every piece of server text goes in through textContent, never innerHTML.
export const $ = (selector) => document.querySelector(selector);

/** Creates an element; attributes with null/false values are left out, children may be strings, nodes or null. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'value' && 'value' in node) node.value = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Says something to screen readers through the polite live region. */
export function announce(text) {
  const region = $('#status');
  region.textContent = '';
  // A separate task, so that the same message twice is still read out.
  setTimeout(() => { region.textContent = text; }, 50);
}
