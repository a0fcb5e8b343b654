import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

interface Request {
  message: string;
  confirm: string;
  resolve: (yes: boolean) => void;
  opener: Element | null;
}

/**
 * A modal question before an action that changes someone's access: the dialog element (focus held
 * inside, Esc cancels), Cancel first and focused so that a stray Enter does nothing, and focus back
 * on the control that asked.
 */
export function useConfirm(): { dialog: ReactNode; ask: (message: string, confirm: string) => Promise<boolean> } {
  const [request, setRequest] = useState<Request | null>(null);
  const ask = useCallback(
    async (message: string, confirm: string) =>
      new Promise<boolean>((resolve) => setRequest({ message, confirm, resolve, opener: document.activeElement })),
    [],
  );
  const answer = useCallback(
    (yes: boolean) => {
      if (request === null) return;
      setRequest(null);
      request.resolve(yes);
      if (request.opener instanceof HTMLElement) request.opener.focus();
    },
    [request],
  );
  return { dialog: request && <ConfirmDialog request={request} onAnswer={answer} />, ask };
}

function ConfirmDialog({ request, onAnswer }: { request: Request; onAnswer: (yes: boolean) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    if (!dialog.open) dialog.showModal();
    cancelRef.current?.focus();
    return () => dialog.close();
  }, []);
  // Closed before answering: while the modal is open, the page behind it cannot take focus back.
  const finish = (yes: boolean) => {
    ref.current?.close();
    onAnswer(yes);
  };
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-question"
      onCancel={(e) => {
        e.preventDefault();
        finish(false);
      }}
    >
      <p id="confirm-question">{request.message}</p>
      <div className="fields">
        <button type="button" ref={cancelRef} onClick={() => finish(false)}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => finish(true)}>
          {request.confirm}
        </button>
      </div>
    </dialog>
  );
}
