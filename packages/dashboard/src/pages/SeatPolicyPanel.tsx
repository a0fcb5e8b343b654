import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import type { SeatPolicy, SeatPolicyPreview } from '@paddock/sdk';
import { Outcome } from '../components/Outcome.js';
import { useDashboard } from '../context.js';
import { formatCount } from '../format.js';
import { useAction, useLoad } from '../hooks.js';

interface Form {
  enabled: boolean;
  days: string;
  warnDays: string;
  floating: boolean;
  contact: string;
}

const toForm = (p: SeatPolicy): Form => ({ enabled: p.enabled, days: String(p.days), warnDays: p.warnDays === null ? '' : String(p.warnDays), floating: p.floating, contact: p.contact ?? '' });
const emails = (list: readonly { email: string }[]) => (list.length === 0 ? 'no one' : list.map((u) => u.email).join(', '));

/** The idle-seat policy: off by default; saved for every Paddock process, with a preview of whom it would take now. */
export function SeatPolicyPanel() {
  const { client } = useDashboard();
  const stored = useLoad(async () => client.getSeatPolicy(), [client]);
  const [form, setForm] = useState<Form | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [preview, setPreview] = useState<SeatPolicyPreview | null>(null);
  const save = useAction();
  const look = useAction();
  useEffect(() => {
    if (stored.data) setForm(toForm(stored.data));
  }, [stored.data]);
  if (form === null) return <p aria-busy="true">Loading the policy…</p>;

  const change = (patch: Partial<Form>) => {
    setDone(null);
    setPreview(null);
    setForm({ ...form, ...patch });
  };
  const days = Number(form.days);
  const warnDays = form.warnDays.trim() === '' ? null : Number(form.warnDays);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    await save.run(async () => {
      const saved = await client.setSeatPolicy({ enabled: form.enabled, days, warnDays, floating: form.floating, contact: form.contact.trim() === '' ? null : form.contact.trim() });
      setForm(toForm(saved));
      setDone(saved.enabled ? `Saved: users idle for more than ${formatCount(saved.days)} days are deactivated automatically.` : 'Saved: the policy is off.');
    });
  };

  return (
    <form className="panel" aria-labelledby="policy-title" onSubmit={(e) => void submit(e)}>
      <h2 id="policy-title">Idle-seat policy</h2>
      <p className="hint">Off by default. When on, one Paddock process at a time deactivates idle users (never admins), at most once an hour, each with an audit event.</p>
      <div className="fields">
        <label className="check">
          <input type="checkbox" checked={form.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
          Deactivate idle users automatically
        </label>
        <label>
          Idle after (days)
          <input type="number" min={1} max={3650} required value={form.days} onChange={(e) => change({ days: e.target.value })} />
        </label>
        <label>
          Warning mail (days before; empty: none)
          <input type="number" min={1} max={3649} value={form.warnDays} onChange={(e) => change({ warnDays: e.target.value })} />
        </label>
        <label className="check">
          <input type="checkbox" checked={form.floating} onChange={(e) => change({ floating: e.target.checked })} />
          Floating seats: reactivate at sign-in when a seat is free
        </label>
        <label>
          Who to ask when the licence is full (empty: the admins)
          <input type="text" maxLength={200} value={form.contact} onChange={(e) => change({ contact: e.target.value })} />
        </label>
      </div>
      <div className="fields">
        <button type="submit" aria-disabled={save.busy}>
          {save.busy ? 'Saving…' : 'Save policy'}
        </button>
        <button type="button" aria-disabled={look.busy} onClick={() => void look.run(async () => setPreview(await client.previewSeatPolicy({ days, warnDays })))}>
          Preview
        </button>
      </div>
      <Outcome problem={save.problem ?? look.problem} done={done} />
      <p role="status" data-testid="policy-preview">
        {preview &&
          `If it ran now, it would deactivate ${emails(preview.deactivate)}` +
            (preview.policy.warnDays === null ? '.' : ` and warn ${emails(preview.warn)}.`)}
      </p>
    </form>
  );
}
