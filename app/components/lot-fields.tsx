import { lotServiceLabels } from "~/domain/tenders/tender-content";
import { SelectField, TextAreaField, TextField, type FieldErrors } from "./form";

export const lotFieldLabels = {
  title: "Naam van het perceel",
  service: "Dienst",
  ceilingAmountCents: "Plafondbedrag",
  routeSharePercent: "Aandeel van de instroom",
  description: "Omschrijving",
  performancePayment: "Prestatiebekostiging",
};

export function LotFields({ values, errors }: { values: Record<string, unknown>; errors?: FieldErrors }) {
  const text = (name: string) => String(values[name] ?? "");
  return (
    <>
      <TextField name="title" label={lotFieldLabels.title} defaultValue={text("title")} errors={errors} />
      <SelectField
        name="service"
        label={lotFieldLabels.service}
        placeholder="Kies…"
        options={Object.entries(lotServiceLabels).map(([value, label]) => ({ value, label }))}
        defaultValue={text("service")}
        errors={errors}
      />
      <TextField name="ceilingAmountCents" label={`${lotFieldLabels.ceilingAmountCents} (euro, excl. btw)`} inputMode="decimal" defaultValue={text("ceilingAmountCents")} errors={errors} />
      <TextField
        name="routeSharePercent"
        label={`${lotFieldLabels.routeSharePercent} (%)`}
        hint="Het deel van de inburgeraars dat naar verwachting deze dienst krijgt. Het beleidskader geeft geen verdeling; de demo gaat uit van 55 % B1-route, 30 % Z-route en 15 % onderwijsroute. Voor KNM, MAP, PVT en begeleiding meestal 100 %."
        inputMode="decimal"
        defaultValue={text("routeSharePercent")}
        errors={errors}
      />
      <TextAreaField name="description" label={lotFieldLabels.description} defaultValue={text("description")} errors={errors} />
      <label className="mb-4 flex items-center gap-2">
        <input type="checkbox" name="performancePayment" defaultChecked={values.performancePayment === true || values.performancePayment === "on"} className="h-5 w-5" />
        Prestatiebekostiging is van toepassing (10 % van het budget afhankelijk van resultaten)
      </label>
    </>
  );
}
