import { PageHeading } from './PageHeading.js';

/** What a non-admin sees instead of an admin page: a sentence, never a blank page or a raw error. */
export function NeedAdmin({ what }: { what: string }) {
  return (
    <section aria-labelledby="need-admin">
      <PageHeading id="need-admin" title={what} />
      <p className="problem" role="alert" data-code="FORBIDDEN">
        You need the admin role to see {what.toLowerCase()}. Ask an administrator of this Paddock if you should have it.
      </p>
    </section>
  );
}
