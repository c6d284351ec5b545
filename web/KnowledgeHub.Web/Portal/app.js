// Sign-in and the wiring of the two panels. The portal holds no privilege of its own: it acts with the key it is given.
import { describe, getJson, onUnauthorized, session } from './api.js';
import { newConversation, refreshConversations, wireChat } from './chat.js';
import { closeDocument, wireChunks } from './chunks.js';
import { refreshDocuments, stopRefreshing, wireDocuments } from './documents.js';
import { $, announce } from './dom.js';
import { refreshSources, stopRefreshingSources, wireSources } from './sources.js';

function showSignIn(message = '') {
  stopRefreshing();
  stopRefreshingSources();
  closeDocument();
  $('#app').hidden = true;
  $('#session').hidden = true;
  $('#sign-in').hidden = false;
  $('#sign-in-message').textContent = message;
  $('#api-key').focus();
}

function showApp() {
  const key = session.key;
  $('#sign-in').hidden = true;
  $('#app').hidden = false;
  $('#session').hidden = false;
  // Enough of the key to tell two keys apart, never the whole secret on screen.
  $('#session-key').textContent = `Key …${key.slice(-4)}`;
  refreshDocuments();
  refreshConversations();
  refreshSources();
  $('#question').focus();
}

async function signIn(event) {
  event.preventDefault();
  const key = $('#api-key').value.trim();
  if (!key) return;
  $('#sign-in-button').disabled = true;
  session.key = key;
  try {
    await getJson('/api/documents');
    $('#api-key').value = '';
    announce('Signed in');
    showApp();
  } catch (error) {
    if (error.status === 403) {
      // A valid key whose role may not list documents (an ask-only key) can still ask.
      $('#api-key').value = '';
      showApp();
      $('#documents-message').textContent = describe(error);
    } else {
      session.key = null;
      showSignIn(describe(error));
    }
  } finally {
    $('#sign-in-button').disabled = false;
  }
}

function signOut() {
  session.key = null;
  newConversation();
  $('#uploads').replaceChildren();
  $('#documents tbody').replaceChildren();
  announce('Signed out');
  showSignIn();
}

onUnauthorized((error) => {
  session.key = null;
  showSignIn(describe(error));
});

$('#sign-in-form').addEventListener('submit', signIn);
$('#sign-out').addEventListener('click', signOut);
wireDocuments();
wireChat();
wireSources();
wireChunks();
if (session.key) showApp();
else showSignIn();
