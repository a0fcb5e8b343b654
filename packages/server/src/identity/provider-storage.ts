// oidc-provider's own request storage: not part of its documented interface, so pinned with its version.
import storage from 'oidc-provider/lib/helpers/als.js';

/** How many of oidc-provider's answers are under way, across every app in this process (the storage is one per process too). */
let answering = 0;

/**
 * Runs one of oidc-provider's answers, then turns its request storage off once none is under way.
 *
 * oidc-provider keeps the request it answers in an AsyncLocalStorage, and reads it while it mints
 * tokens (their lifetimes, the extra claims). On Node 20 a storage in use turns on promise hooks
 * for the whole process, and they stay on: every `await` of every later request, API calls
 * included, then goes through them. Measured under load against a build without this,
 * users/get_by_email spent 9% more CPU a request with them on (a 100-user page 4%). Off between
 * answers, they cost only while a login or a token request runs; oidc-provider turns the storage
 * on again at its next answer.
 */
export async function answerWithProviderStorage<T>(answer: () => Promise<T>): Promise<T> {
  answering++;
  try {
    return await answer();
  } finally {
    answering--;
    // Never while another answer runs: turning the storage off empties it for every context at once.
    if (answering === 0) storage.disable();
  }
}
