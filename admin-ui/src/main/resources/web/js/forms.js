// Forms that say which field is wrong. Ids follow one rule, so tests and people can find them:
// the form is #ENTITY-form, a field's input is #ENTITY-FIELD (FIELD as the API names it, e.g.
// #trunk-maxCalls), its message is #ENTITY-FIELD-error, the button is #ENTITY-save, and an error
// that names no field (or a field not on the form) shows in #ENTITY-form-error.

import { h } from './dom.js';
import * as api from './api.js';
import { describe, button, card, flash } from './ui.js';

/**
 * fields: [{name, label, type, required, help, placeholder, value, options, readonly,
 *           autocomplete, min, max, wide, addon}]
 *   type: text (default) | password | number | select | checkbox | checkboxes | textarea | date
 *   options (select, checkboxes): ["a", "b"] or [{value, label, hint}]
 * onSubmit(values) may throw an ApiError: 400/409 with a field land next to it.
 */
export function buildForm({ entity, fields, submitLabel = 'Save', onSubmit, cancelHref, readOnly = false,
  extraActions, intro, cls }) {
  const inputs = new Map();
  const errors = new Map();
  const formError = h('div', {
    id: `${entity}-form-error`, class: 'form-error', role: 'alert', 'data-test': 'form-error', hidden: true,
  });

  const rows = fields.map((f) => {
    const id = `${entity}-${f.name}`;
    const err = h('p', { id: `${id}-error`, class: 'field-error', 'data-test': 'field-error', hidden: true });
    errors.set(f.name, err);
    const disabled = readOnly || f.readonly;
    let control;
    if (f.type === 'checkbox') {
      const input = h('input', { id, name: f.name, type: 'checkbox', checked: !!f.value, disabled });
      inputs.set(f.name, input);
      control = h('label', { class: 'check', for: id }, input, h('span', null, f.checkLabel || f.label));
      return h('div', { class: ['field', f.wide ? 'wide' : null], 'data-field': f.name },
        f.checkLabel ? h('span', { class: 'field-label' }, f.label) : h('span', { class: 'field-label' }, '\u00a0'),
        control, f.help ? h('p', { class: 'help' }, f.help) : null, err);
    }
    if (f.type === 'checkboxes') {
      const chosen = new Set(f.value || []);
      const boxes = normalise(f.options).map((o) => {
        const cid = `${id}-${o.value}`;
        const input = h('input', { id: cid, type: 'checkbox', name: f.name, value: o.value, checked: chosen.has(o.value), disabled });
        return h('label', { class: 'check tile', for: cid }, input,
          h('span', null, h('span', { class: 'check-title' }, o.label), o.hint ? h('span', { class: 'check-hint' }, o.hint) : null));
      });
      const group = h('div', { class: 'check-group', id, role: 'group', 'aria-labelledby': `${id}-label` }, boxes);
      inputs.set(f.name, group);
      return h('div', { class: ['field', 'wide'], 'data-field': f.name },
        h('span', { class: 'field-label', id: `${id}-label` }, f.label, f.required ? req() : null),
        group, f.help ? h('p', { class: 'help' }, f.help) : null, err);
    }
    if (f.type === 'select') {
      control = h('select', { id, name: f.name, disabled },
        normalise(f.options).map((o) => h('option', { value: o.value, selected: String(f.value ?? '') === o.value }, o.label)));
    } else if (f.type === 'textarea') {
      control = h('textarea', { id, name: f.name, rows: f.rows || 6, placeholder: f.placeholder, disabled, spellcheck: 'false' });
      control.value = f.value ?? '';
    } else {
      control = h('input', {
        id, name: f.name, type: f.type || 'text', placeholder: f.placeholder, disabled,
        autocomplete: f.autocomplete || (f.type === 'password' ? 'off' : 'off'),
        min: f.min, max: f.max, step: f.step, inputmode: f.inputmode, spellcheck: 'false',
      });
      control.value = f.value ?? '';
    }
    inputs.set(f.name, control);
    if (f.describedBy !== false) control.setAttribute('aria-describedby', `${id}-error`);
    return h('div', { class: ['field', f.wide ? 'wide' : null, f.narrow ? 'narrow' : null], 'data-field': f.name },
      h('label', { class: 'field-label', for: id }, f.label, f.required && !disabled ? req() : null),
      f.addon ? h('div', { class: 'input-row' }, control, f.addon) : control,
      f.help ? h('p', { class: 'help' }, f.help) : null, err);
  });

  const save = readOnly ? null : h('button', { id: `${entity}-save`, class: 'btn primary', type: 'submit' }, submitLabel);
  const actions = readOnly && !extraActions ? null : h('div', { class: 'form-actions' },
    save,
    cancelHref && !readOnly ? h('a', { id: `${entity}-cancel`, class: 'btn', href: cancelHref }, 'Cancel') : null,
    extraActions ? h('div', { class: 'form-actions-right' }, extraActions) : null);

  const form = h('form', { id: `${entity}-form`, class: ['form', cls], novalidate: true, autocomplete: 'off' },
    intro || null, formError, h('div', { class: 'form-grid' }, rows), actions);

  function values() {
    const v = {};
    for (const f of fields) {
      const el = inputs.get(f.name);
      if (f.type === 'checkbox') v[f.name] = el.checked;
      else if (f.type === 'checkboxes') v[f.name] = [...el.querySelectorAll('input:checked')].map((i) => i.value);
      else if (f.type === 'number') v[f.name] = el.value.trim() === '' ? null : Number(el.value);
      else if (f.type === 'password') v[f.name] = el.value;
      else v[f.name] = el.value.trim();
    }
    return v;
  }

  function clearErrors() {
    formError.hidden = true;
    formError.textContent = '';
    for (const [name, el] of errors) {
      el.hidden = true;
      el.textContent = '';
      const input = inputs.get(name);
      input.removeAttribute('aria-invalid');
      input.closest('.field').classList.remove('invalid');
    }
  }

  function setError(name, message) {
    const el = errors.get(name);
    if (!el) {
      setFormError(message);
      return;
    }
    el.textContent = message;
    el.hidden = false;
    const input = inputs.get(name);
    input.setAttribute('aria-invalid', 'true');
    input.closest('.field').classList.add('invalid');
  }

  function setFormError(message) {
    formError.textContent = message;
    formError.hidden = false;
  }

  function focusFirstError() {
    const bad = form.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea');
    if (bad) bad.focus();
  }

  /** Puts an ApiError where it belongs: next to its field, else at the top of the form. */
  function showError(err) {
    if (err && (err.status === 400 || err.status === 409 || err.status === 422) && err.field && errors.has(err.field)) {
      setError(err.field, err.message);
      focusFirstError();
    } else {
      setFormError(err && err.status === 400 && err.body && err.body.error
        ? (err.field ? `${err.field}: ${err.body.error}` : err.body.error) : describe(err));
      formError.scrollIntoView({ block: 'nearest' });
    }
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (readOnly || !onSubmit) return;
    clearErrors();
    const v = values();
    let missing = false;
    for (const f of fields) {
      if (!f.required || f.readonly) continue;
      const x = v[f.name];
      if (x == null || x === '' || (Array.isArray(x) && !x.length)) {
        setError(f.name, `${f.label} is required`);
        missing = true;
      }
    }
    if (missing) {
      focusFirstError();
      return;
    }
    save.disabled = true;
    const label = save.textContent;
    save.textContent = 'Saving…';
    form.setAttribute('aria-busy', 'true');
    try {
      await onSubmit(v);
    } catch (err) {
      if (err && err.status === 401) return;
      showError(err);
    } finally {
      save.disabled = false;
      save.textContent = label;
      form.removeAttribute('aria-busy');
    }
  });

  return { el: form, values, clearErrors, setError, setFormError, showError, input: (n) => inputs.get(n) };
}

function req() {
  return h('span', { class: 'req', title: 'required', 'aria-hidden': 'true' }, ' *');
}

export function normalise(options) {
  return (options || []).map((o) => (typeof o === 'string' ? { value: o, label: o } : { ...o, value: String(o.value) }));
}

/** A strong random SIP password (no look-alike characters). */
export function generatePassword(length = 20) {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** Only the fields that differ from the original (for PUT); blank passwords are left out. */
export function changed(values, original, passwordFields = ['password']) {
  const out = {};
  for (const [k, v] of Object.entries(values)) {
    if (passwordFields.includes(k)) {
      if (v) out[k] = v;
      continue;
    }
    // An empty input and an absent value (null) are the same: neither is a change.
    const now = v === '' ? null : v;
    const before = original[k] == null || original[k] === '' ? (typeof v === 'boolean' ? false : null) : original[k];
    if (Array.isArray(now) ? JSON.stringify(now) !== JSON.stringify(before) : now !== before) out[k] = now;
  }
  return out;
}

/**
 * Saves an edit form with PUT path: only the fields that changed from original. Says "Nothing to
 * save" and returns false when none did; else flashes savedMessage and returns true.
 */
export async function putChanges(path, values, original, savedMessage) {
  const diff = changed(values, original);
  if (!Object.keys(diff).length) {
    flash('Nothing to save');
    return false;
  }
  await api.put(path, diff);
  flash(savedMessage);
  return true;
}

/**
 * An add form in a card (#ENTITY-add-card) that stays hidden until the page's "Add" button
 * (#ENTITY-add) opens it, for lists that add in place (DIDs, relay nodes). add(values) saves
 * and returns the message to flash; then the form is emptied and hidden and onAdded() runs.
 * Returns the card, for the page to place above its list.
 */
export function addFormCard(ctx, { entity, title, addLabel, fields, focus, add, onAdded }) {
  let formCard = null;
  const form = buildForm({
    entity,
    submitLabel: addLabel,
    fields,
    onSubmit: async (v) => {
      flash(await add(v));
      form.el.reset();
      formCard.hidden = true;
      onAdded();
    },
    extraActions: button('Cancel', { id: `${entity}-cancel`, onClick: () => { formCard.hidden = true; } }),
  });
  formCard = card(title, form.el, { id: `${entity}-add-card`, cls: 'narrow-card' });
  formCard.hidden = true;
  ctx.setActions(button(addLabel, {
    id: `${entity}-add`, kind: 'primary', iconName: 'plus',
    onClick: () => {
      formCard.hidden = false;
      form.input(focus).focus();
    },
  }));
  return formCard;
}

/**
 * Errors on a filter form a page builds itself (audit, chat): inputs and errors map each field
 * to its control and its message element. show(err) puts a 400 next to the field it names, else
 * in formError; clear() hides them all.
 */
export function filterErrors(names, inputs, errors, formError) {
  return {
    clear() {
      formError.hidden = true;
      for (const k of names) {
        errors[k].hidden = true;
        inputs[k].closest('.field').classList.remove('invalid');
      }
    },
    show(err) {
      if (err.status !== 400) return;
      if (errors[err.field]) {
        errors[err.field].textContent = err.message;
        errors[err.field].hidden = false;
        inputs[err.field].closest('.field').classList.add('invalid');
      } else {
        formError.textContent = err.message;
        formError.hidden = false;
      }
    },
  };
}
