/** The outcome of an action: the API's message, announced to screen readers. */
export type Outcome = { ok: boolean; message: string } | undefined;

export function Notice({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return (
    <p role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'success' : 'error'}>
      {outcome.message}
    </p>
  );
}
