import { Form, Link } from "@remix-run/react";
import { ErrorSummary } from "~/components/form";
import type { Dashboard, DashboardOption } from "~/domain/dashboards/dashboard-model";
import type { RuleProblem } from "~/domain/errors";

// The dashboard's filters: a GET form, so every selection is a URL to share or bookmark.

/** The URL parameter of each filter, with its label. */
export const filterFields = [
  { name: "jaar", label: "Jaar" },
  { name: "periode", label: "Periode" },
  { name: "gemeente", label: "Gemeente" },
  { name: "leerroute", label: "Leerroute" },
  { name: "doelgroep", label: "Doelgroep" },
  { name: "aanbieder", label: "Aanbieder" },
  { name: "contract", label: "Contract" },
] as const;
export type FilterParam = (typeof filterFields)[number]["name"];

const paramOfCodeName: Record<string, FilterParam> = {
  year: "jaar",
  periodLabel: "periode",
  municipalityId: "gemeente",
  learningRoute: "leerroute",
  targetGroup: "doelgroep",
  supplierOrganisationId: "aanbieder",
  contractId: "contract",
};

/** The filter problems as field errors keyed by the select they belong to ("form" when none). */
export function filterErrors(problems: readonly RuleProblem[]): Record<string, string[]> {
  const params = new Set<string>(filterFields.map((field) => field.name));
  const errors: Record<string, string[]> = {};
  for (const problem of problems) {
    const last = problem.field.split(".").at(-1) ?? "";
    const field = params.has(last) ? last : (paramOfCodeName[last] ?? "form");
    (errors[field] ??= []).push(problem.message);
  }
  return errors;
}

function FilterSelect({
  name,
  label,
  allLabel,
  options,
  value,
  errors,
}: {
  name: FilterParam;
  label: string;
  /** The empty choice ("Alle gemeenten"); none for the year, which always has a value. */
  allLabel?: string;
  options: readonly DashboardOption[];
  value: string;
  errors?: string[];
}) {
  const invalid = Boolean(errors?.length);
  return (
    <div className="flex min-w-40 flex-col gap-1">
      <label htmlFor={name} className="font-semibold">{label}</label>
      {invalid ? (
        <p id={`${name}-fout`} className="text-sm font-semibold text-red-700">
          <span className="sr-only">Fout: </span>
          {errors!.join(" ")}
        </p>
      ) : null}
      <select
        id={name}
        name={name}
        defaultValue={value}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${name}-fout` : undefined}
        className={`max-w-xs rounded border-2 bg-white px-3 py-2 ${invalid ? "border-red-700" : "border-slate-500"}`}
      >
        {allLabel !== undefined ? <option value="">{allLabel}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>{option.label}</option>
        ))}
        {value !== "" && !options.some((option) => option.value === value) ? <option value={value}>{value}</option> : null}
      </select>
    </div>
  );
}

export function DashboardFiltersForm({
  dashboard,
  input,
  problems,
}: {
  dashboard: Pick<Dashboard, "year" | "options" | "ownMunicipality">;
  /** What the URL asked for, to put back in the selects. */
  input: Record<string, string>;
  problems: readonly RuleProblem[];
}) {
  const errors = filterErrors(problems);
  const { options, ownMunicipality } = dashboard;
  const years = (options.years.includes(dashboard.year) ? options.years : [...options.years, dashboard.year].sort((a, b) => a - b)).map((year) => ({
    value: String(year),
    label: String(year),
  }));
  const valueOf = (name: FilterParam) => input[name] ?? "";
  const labels = Object.fromEntries(filterFields.map((field) => [field.name, field.label]));
  return (
    <>
      <ErrorSummary errors={errors} fieldLabels={labels} />
      <Form method="get" aria-label="Filters" className="mb-6 rounded border border-slate-300 bg-white p-4">
        {ownMunicipality ? (
          <p className="mb-3">
            <span className="font-semibold">Gemeente:</span> {ownMunicipality.name} (uw gemeente), naast de regionale totalen
          </p>
        ) : null}
        <div className="flex flex-wrap items-start gap-4">
          <FilterSelect name="jaar" label="Jaar" options={years} value={valueOf("jaar") || String(dashboard.year)} errors={errors.jaar} />
          <FilterSelect
            name="periode"
            label="Periode"
            allLabel="Hele jaar"
            options={options.periods.map((period) => ({ value: period, label: period }))}
            value={valueOf("periode")}
            errors={errors.periode}
          />
          {ownMunicipality ? null : (
            <FilterSelect name="gemeente" label="Gemeente" allLabel="Alle gemeenten" options={options.municipalities} value={valueOf("gemeente")} errors={errors.gemeente} />
          )}
          <FilterSelect name="leerroute" label="Leerroute" allLabel="Alle leerroutes" options={options.learningRoutes} value={valueOf("leerroute")} errors={errors.leerroute} />
          <FilterSelect name="doelgroep" label="Doelgroep" allLabel="Alle doelgroepen" options={options.targetGroups} value={valueOf("doelgroep")} errors={errors.doelgroep} />
          <FilterSelect name="aanbieder" label="Aanbieder" allLabel="Alle aanbieders" options={options.suppliers} value={valueOf("aanbieder")} errors={errors.aanbieder} />
          <FilterSelect name="contract" label="Contract" allLabel="Alle contracten" options={options.contracts} value={valueOf("contract")} errors={errors.contract} />
        </div>
        <div className="mt-4 flex flex-wrap items-center gap-4">
          <button type="submit" className="rounded bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-900">
            Filters toepassen
          </button>
          <Link to="/dashboard">Filters wissen</Link>
        </div>
      </Form>
    </>
  );
}
