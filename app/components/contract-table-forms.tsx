import { DataTable } from "~/components/data-table";
import { priceUnitLabels, priceUnits } from "~/domain/tenders/tender-content";
import { formatEuroCents } from "~/utils/format";

type Values = Record<string, unknown> | undefined;

/** Cents as the form shows them again: "12.500,00", which the euro parser reads back. */
export function euroInput(cents: number): string {
  return new Intl.NumberFormat("nl-NL", { minimumFractionDigits: 2 }).format(cents / 100);
}

// after a refused post the typed value wins over the stored one, so nothing typed is lost
function typedOr(values: Values, name: string, fallback: string): string {
  const typed = values?.[name];
  return typeof typed === "string" ? typed : fallback;
}

const cell = "rounded border-2 border-slate-500 px-2 py-1";

/** The rates per price component as a read-only table, for everyone who may read the contract. */
export function RatesTable({ rates }: { rates: readonly { id: string; name: string; unit: keyof typeof priceUnitLabels; rateCents: number }[] }) {
  if (rates.length === 0) return <p className="mb-4">Er zijn nog geen tarieven vastgelegd.</p>;
  return (
    <DataTable
      caption="Tarieven per prijscomponent"
      captionHidden
      small
      className="mb-4"
      columns={[{ label: "Prijscomponent" }, { label: "Eenheid" }, { label: "Tarief", align: "right" }]}
    >
      {rates.map((rate) => (
        <tr key={rate.id} className="border-b border-slate-300">
          <th scope="row" className="p-2 font-normal">{rate.name}</th>
          <td className="p-2">{priceUnitLabels[rate.unit] ?? rate.unit}</td>
          <td className="p-2 text-right">{formatEuroCents(rate.rateCents)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/**
 * The rows of the rates form, named `rate[i].field` for readRows: the current rates plus two
 * spare rows. Emptying a row removes that rate.
 */
export function RateRows({ rates, values }: { rates: readonly { name: string; unit: string; rateCents: number }[]; values: Values }) {
  const rows = [...rates, null, null];
  return (
    // the error summary links a refused rate to #rates, so the focus target wraps the table
    <div className="mb-4" id="rates" tabIndex={-1}>
      <DataTable
        caption="Tarieven wijzigen"
        captionHidden
        small
        background={false}
        columns={[{ label: "Prijscomponent" }, { label: "Eenheid" }, { label: "Tarief (euro)" }]}
      >
        {rows.map((rate, index) => (
          <tr key={index} className="border-b border-slate-300">
            <td className="p-2">
              <label htmlFor={`rate-${index}-name`} className="sr-only">Naam van prijscomponent {index + 1}</label>
              <input id={`rate-${index}-name`} name={`rate[${index}].name`} defaultValue={typedOr(values, `rate[${index}].name`, rate?.name ?? "")} className={`w-64 ${cell}`} />
            </td>
            <td className="p-2">
              <label htmlFor={`rate-${index}-unit`} className="sr-only">Eenheid van prijscomponent {index + 1}</label>
              <select id={`rate-${index}-unit`} name={`rate[${index}].unit`} defaultValue={typedOr(values, `rate[${index}].unit`, rate?.unit ?? "")} className={`bg-white ${cell}`}>
                <option value="">Kies…</option>
                {priceUnits.map((unit) => (
                  <option key={unit} value={unit}>{priceUnitLabels[unit]}</option>
                ))}
              </select>
            </td>
            <td className="p-2">
              <label htmlFor={`rate-${index}-rateCents`} className="sr-only">Tarief van prijscomponent {index + 1} in euro</label>
              <input id={`rate-${index}-rateCents`} name={`rate[${index}].rateCents`} inputMode="decimal" defaultValue={typedOr(values, `rate[${index}].rateCents`, rate ? euroInput(rate.rateCents) : "")} className={`w-36 text-right ${cell}`} />
            </td>
          </tr>
        ))}
      </DataTable>
    </div>
  );
}

export const targetGroupLabels = { asylumMigrant: "Asielmigranten", familyMigrant: "Gezinsmigranten" } as const;

/**
 * The cells of one year's budget form: per municipality and target group the amount and the
 * volume, named `cell[i].field` for readRows, with the municipality and group as hidden fields.
 */
export function BudgetCellRows({
  year,
  municipalities,
  budgets,
  values,
}: {
  year: number;
  municipalities: readonly { id: string; name: string }[];
  budgets: readonly { municipalityId: string; targetGroup: string; volume: number; amountCents: number }[];
  values: Values;
}) {
  const rows = municipalities.flatMap((municipality) => (Object.keys(targetGroupLabels) as (keyof typeof targetGroupLabels)[]).map((targetGroup) => ({ municipality, targetGroup })));
  return (
    <DataTable
      caption={`Budget ${year} per gemeente en doelgroep`}
      captionHidden
      small
      background={false}
      className="mb-4"
      columns={[{ label: "Gemeente" }, { label: "Doelgroep" }, { label: "Bedrag (euro)" }, { label: "Aantal" }]}
    >
      {rows.map(({ municipality, targetGroup }, index) => {
        const stored = budgets.find((budget) => budget.municipalityId === municipality.id && budget.targetGroup === targetGroup);
        const id = `cell-${year}-${index}`;
        return (
          <tr key={`${municipality.id}-${targetGroup}`} className="border-b border-slate-300">
            <th scope="row" className="p-2 font-normal">
              <input type="hidden" name={`cell[${index}].municipalityId`} value={municipality.id} />
              <input type="hidden" name={`cell[${index}].targetGroup`} value={targetGroup} />
              {municipality.name}
            </th>
            <td className="p-2">{targetGroupLabels[targetGroup]}</td>
            <td className="p-2">
              <label htmlFor={`${id}-amount`} className="sr-only">Bedrag {year} {municipality.name}, {targetGroupLabels[targetGroup].toLowerCase()}</label>
              <input id={`${id}-amount`} name={`cell[${index}].amountCents`} inputMode="decimal" defaultValue={typedOr(values, `cell[${index}].amountCents`, stored ? euroInput(stored.amountCents) : "")} className={`w-36 text-right ${cell}`} />
            </td>
            <td className="p-2">
              <label htmlFor={`${id}-volume`} className="sr-only">Aantal {year} {municipality.name}, {targetGroupLabels[targetGroup].toLowerCase()}</label>
              <input id={`${id}-volume`} name={`cell[${index}].volume`} inputMode="numeric" defaultValue={typedOr(values, `cell[${index}].volume`, stored ? String(stored.volume) : "")} className={`w-24 text-right ${cell}`} />
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
