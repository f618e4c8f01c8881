import { useState, type FormEvent } from 'react';
import { DPR, messageOf } from '../api/client';
import { disp, listRows, val, type Row } from '../api/table';
import { Notice, type Outcome } from '../components/notice';
import { go } from '../route';
import type { Session } from '../session';
import { useLoad } from '../use-load';

/** `POST release` from a template: on a readiness target, or out of band on a date of a calendar. */
export function CreateRelease({ session }: { session: Session }) {
  const { api, me } = session;
  const [form, setForm] = useState({ name: '', templateId: '', productId: '', autoCreateVersionName: '', releaseTarget: '', releaseCalendar: '', releaseDate: '', description: '' });
  const [outOfBand, setOutOfBand] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const options = useLoad(async () => {
    const [templates, products, targets, calendars] = await Promise.all([
      listRows(api, 'sn_dpr_model_release_template', { query: 'active=true^ORDERBYname', fields: ['sys_id', 'name', 'process_type'] }),
      listRows(api, 'cmdb_model', { query: 'sys_class_nameINcmdb_application_product_model,cmdb_service_product_model^ORDERBYname', fields: ['sys_id', 'name'] }),
      listRows(api, 'sn_dpr_model_release_target', { query: 'out_of_band=false^ORDERBYdate', fields: ['sys_id', 'name', 'date', 'release_calendar'] }),
      listRows(api, 'sn_dpr_model_release_calendar', { query: 'ORDERBYname', fields: ['sys_id', 'name'] }),
    ]);
    return { templates, products, targets, calendars };
  }, [api]);
  const field = (key: keyof typeof form) => ({ value: form[key], onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value })) });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const { data, error, response } = await api.POST(`${DPR}/release`, {
      body: {
        name: form.name,
        templateId: form.templateId,
        productId: form.productId,
        autoCreateVersionName: form.autoCreateVersionName,
        releaseOwner: me.sysId,
        releaseDescription: form.description,
        ...(outOfBand ? { releaseCalendar: form.releaseCalendar, releaseDate: form.releaseDate } : { releaseTarget: form.releaseTarget }),
      },
    });
    if (error || !data) {
      setOutcome({ ok: false, message: messageOf(error, response.status) });
      return;
    }
    go(`/releases/${data.result.releaseId}`);
  };
  const choose = (key: keyof typeof form, label: string, rows: Row[], text: (r: Row) => string, required = true) => (
    <label>
      {label}
      <select {...field(key)} required={required}>
        <option value="">Choose…</option>
        {rows.map((r) => (
          <option key={val(r, 'sys_id')} value={val(r, 'sys_id')}>
            {text(r)}
          </option>
        ))}
      </select>
    </label>
  );
  const o = options.data;
  return (
    <section aria-labelledby="new-release-title">
      <h1 id="new-release-title">New release</h1>
      {options.error && <p role="alert" className="error">{options.error}</p>}
      <form onSubmit={submit} className="card form">
        <label>
          Name
          <input {...field('name')} required />
        </label>
        {o && choose('templateId', 'Template', o.templates, (r) => `${disp(r, 'name')} (${disp(r, 'process_type')})`)}
        {o && choose('productId', 'Product', o.products, (r) => disp(r, 'name'))}
        <label>
          New version name
          <input {...field('autoCreateVersionName')} placeholder="e.g. 2.4" />
        </label>
        <label className="check">
          <input type="checkbox" checked={outOfBand} onChange={(e) => setOutOfBand(e.target.checked)} /> Out-of-band date (where the calendar allows it)
        </label>
        {o && !outOfBand && choose('releaseTarget', 'Readiness target', o.targets, (r) => `${val(r, 'date')} · ${disp(r, 'name')} (${disp(r, 'release_calendar')})`)}
        {o && outOfBand && choose('releaseCalendar', 'Calendar', o.calendars, (r) => disp(r, 'name'))}
        {outOfBand && (
          <label>
            Release date
            <input type="date" {...field('releaseDate')} required />
          </label>
        )}
        <label>
          Description
          <input {...field('description')} />
        </label>
        <button type="submit">Create release</button>
        <Notice outcome={outcome} />
      </form>
    </section>
  );
}
