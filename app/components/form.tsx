import { Form, type FormProps } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { CsrfInput } from "./csrf-input";

export type FieldErrors = Record<string, string[] | undefined>;

/** A POST form with the CSRF token, the error summary on top, and focus moved to it on failure. */
export function PortalForm({
  errors,
  fieldLabels,
  children,
  ...props
}: FormProps & { errors?: FieldErrors; fieldLabels?: Record<string, string>; children: ReactNode }) {
  return (
    <Form method="post" noValidate {...props}>
      <CsrfInput />
      <ErrorSummary errors={errors} fieldLabels={fieldLabels} />
      {children}
    </Form>
  );
}

export function ErrorSummary({ errors, fieldLabels = {} }: { errors?: FieldErrors; fieldLabels?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(([, messages]) => messages && messages.length > 0);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
  }, [errors]); // eslint-disable-line react-hooks/exhaustive-deps
  if (entries.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="foutmelding-titel" className="mb-6 rounded border-2 border-red-700 bg-red-50 p-4">
      <h2 id="foutmelding-titel" className="text-lg font-semibold text-red-800">
        Er is een probleem
      </h2>
      <ul className="mt-2 list-disc pl-5">
        {entries.map(([field, messages]) =>
          messages!.map((message) => (
            <li key={`${field}-${message}`}>
              {field === "form" ? (
                <span className="text-red-800">{message}</span>
              ) : (
                <a href={`#${field}`} className="text-red-800">
                  {fieldLabels[field] ? `${fieldLabels[field]}: ` : ""}
                  {message}
                </a>
              )}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  errors?: FieldErrors;
  hint?: string;
}

function describedBy(name: string, hint?: string, error?: string[]) {
  return [hint ? `${name}-hint` : null, error?.length ? `${name}-fout` : null].filter(Boolean).join(" ") || undefined;
}

function FieldMessages({ name, hint, error }: { name: string; hint?: string; error?: string[] }) {
  return (
    <>
      {hint ? (
        <p id={`${name}-hint`} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {error?.length ? (
        <p id={`${name}-fout`} className="text-sm font-semibold text-red-700">
          <span className="sr-only">Fout: </span>
          {error.join(" ")}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  name,
  label,
  errors,
  hint,
  id,
  ...input
}: FieldProps & Omit<React.InputHTMLAttributes<HTMLInputElement>, "name">) {
  const error = errors?.[name];
  // several forms on one page may share a field name; `id` keeps labels unique
  const fieldId = id ?? name;
  return (
    <div className="mb-4 flex flex-col gap-1">
      <label htmlFor={fieldId} className="font-semibold">
        {label}
      </label>
      <FieldMessages name={fieldId} hint={hint} error={error} />
      <input
        id={fieldId}
        name={name}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        className={`w-full max-w-md rounded border-2 px-3 py-2 ${error?.length ? "border-red-700" : "border-slate-500"}`}
        {...input}
      />
    </div>
  );
}

export function SelectField({
  name,
  label,
  errors,
  hint,
  options,
  placeholder,
  id,
  ...select
}: FieldProps & {
  options: readonly { value: string; label: string }[];
  placeholder?: string;
} & Omit<React.SelectHTMLAttributes<HTMLSelectElement>, "name">) {
  const error = errors?.[name];
  const fieldId = id ?? name;
  return (
    <div className="mb-4 flex flex-col gap-1">
      <label htmlFor={fieldId} className="font-semibold">
        {label}
      </label>
      <FieldMessages name={fieldId} hint={hint} error={error} />
      <select
        id={fieldId}
        name={name}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        className={`w-full max-w-md rounded border-2 bg-white px-3 py-2 ${error?.length ? "border-red-700" : "border-slate-500"}`}
        {...select}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxGroup({
  name,
  legend,
  errors,
  hint,
  options,
  defaultChecked,
}: {
  name: string;
  legend: string;
  errors?: FieldErrors;
  hint?: string;
  options: readonly { value: string; label: string }[];
  defaultChecked: readonly string[];
}) {
  const error = errors?.[name];
  return (
    <fieldset className="mb-4" aria-describedby={describedBy(name, hint, error)} id={name} tabIndex={-1}>
      <legend className="font-semibold">{legend}</legend>
      <FieldMessages name={name} hint={hint} error={error} />
      <div className="mt-2 flex flex-col gap-2">
        {options.map((option) => (
          <label key={option.value} className="flex items-center gap-2">
            <input
              type="checkbox"
              name={name}
              value={option.value}
              defaultChecked={defaultChecked.includes(option.value)}
              className="h-5 w-5"
            />
            {option.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export function SubmitButton({ children, variant = "primary" }: { children: ReactNode; variant?: "primary" | "secondary" | "danger" }) {
  const styles = {
    primary: "bg-brand-700 text-white hover:bg-brand-900",
    secondary: "border-2 border-brand-700 bg-white text-brand-700 hover:bg-brand-50",
    danger: "bg-red-700 text-white hover:bg-red-900",
  }[variant];
  return (
    <button type="submit" className={`rounded px-4 py-2 font-semibold ${styles}`}>
      {children}
    </button>
  );
}

export function TextAreaField({
  name,
  label,
  errors,
  hint,
  ...textarea
}: FieldProps & Omit<React.TextareaHTMLAttributes<HTMLTextAreaElement>, "name">) {
  const error = errors?.[name];
  return (
    <div className="mb-4 flex flex-col gap-1">
      <label htmlFor={name} className="font-semibold">
        {label}
      </label>
      <FieldMessages name={name} hint={hint} error={error} />
      <textarea
        id={name}
        name={name}
        rows={4}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={describedBy(name, hint, error)}
        className={`w-full max-w-2xl rounded border-2 px-3 py-2 ${error?.length ? "border-red-700" : "border-slate-500"}`}
        {...textarea}
      />
    </div>
  );
}
