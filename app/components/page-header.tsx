import type { ReactNode } from "react";

export function PageHeader({ title, intro, actions }: { title: string; intro?: ReactNode; actions?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-3xl font-bold">{title}</h1>
        {intro ? <p className="mt-2 max-w-prose text-slate-800">{intro}</p> : null}
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

export function Card({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section aria-labelledby={id} className="rounded border border-slate-300 bg-white p-5 shadow-sm">
      <h2 id={id} className="mb-3 text-xl font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="text-slate-700">{children}</p>;
}

export function ButtonLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <a href={to} className="inline-block rounded bg-brand-700 px-4 py-2 font-semibold text-white no-underline hover:bg-brand-900 hover:text-white">
      {children}
    </a>
  );
}
